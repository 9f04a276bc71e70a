//! Development tasks for the Ballast workspace, run as `cargo xtask <task>`.
//!
//! `crdgen` writes one CustomResourceDefinition YAML file per kind into
//! `crds/` from the Rust types in `ballast-api`; `crdgen --check` fails,
//! naming each file, when `crds/` is not what the types generate.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Write crds/*.yaml from the API types.
    Crdgen {
        /// Compare instead of writing; exit non-zero naming every stale file.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::Crdgen { check: false } => {
            let dir = crds_dir();
            write_crds(&dir)?;
            println!(
                "wrote {} CRDs to {}",
                generated_crds()?.len(),
                dir.display()
            );
            Ok(())
        }
        Task::Crdgen { check: true } => {
            let problems = stale_crds(&crds_dir())?;
            if problems.is_empty() {
                println!("crds/ is up to date");
                Ok(())
            } else {
                bail!(
                    "crds/ is stale; run `make crds`:\n  {}",
                    problems.join("\n  ")
                )
            }
        }
    }
}

/// The repository's `crds/` directory.
fn crds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("crds")
}

/// Every CRD as (file name, YAML text), in the order the API crate lists them.
fn generated_crds() -> Result<Vec<(String, String)>> {
    ballast_api::all_crds()
        .iter()
        .map(|crd| {
            let name = ballast_api::crd_file_name(crd);
            let value = serde_json::to_value(crd)
                .with_context(|| format!("serializing the CRD for {name}"))?;
            let yaml = serde_saphyr::to_string(&value)
                .with_context(|| format!("writing the CRD for {name} as YAML"))?;
            Ok((name, format!("---\n{yaml}")))
        })
        .collect()
}

/// Writes every generated CRD and removes YAML files no type generates any more.
fn write_crds(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let generated = generated_crds()?;
    let wanted: BTreeSet<&str> = generated.iter().map(|(name, _)| name.as_str()).collect();
    for existing in yaml_files(dir)? {
        if !wanted.contains(existing.as_str()) {
            let path = dir.join(&existing);
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    for (name, yaml) in &generated {
        let path = dir.join(name);
        std::fs::write(&path, yaml).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// One line per file in `dir` that differs from, lacks, or is not among the generated CRDs.
fn stale_crds(dir: &Path) -> Result<Vec<String>> {
    let generated = generated_crds()?;
    let mut problems = Vec::new();
    for (name, yaml) in &generated {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(on_disk) if on_disk == *yaml => {}
            Ok(on_disk) => problems.push(format!(
                "{}: differs from the generated CRD (first difference at line {})",
                path.display(),
                first_differing_line(&on_disk, yaml)
            )),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                problems.push(format!("{}: missing", path.display()))
            }
            Err(err) => problems.push(format!("{}: unreadable: {err}", path.display())),
        }
    }
    let wanted: BTreeSet<&str> = generated.iter().map(|(name, _)| name.as_str()).collect();
    for existing in yaml_files(dir)? {
        if !wanted.contains(existing.as_str()) {
            problems.push(format!(
                "{}: no API type generates this file",
                dir.join(existing).display()
            ));
        }
    }
    Ok(problems)
}

fn first_differing_line(a: &str, b: &str) -> usize {
    let mut a_lines = a.lines();
    let mut b_lines = b.lines();
    let mut line = 1;
    while let (Some(x), Some(y)) = (a_lines.next(), b_lines.next()) {
        if x != y {
            break;
        }
        line += 1;
    }
    line
}

/// Names of the `*.yaml` files directly in `dir` (none if it does not exist), sorted.
fn yaml_files(dir: &Path) -> Result<Vec<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err).with_context(|| format!("reading {}", dir.display())),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".yaml") {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_crds_match_the_api_types() {
        let problems = stale_crds(&crds_dir()).unwrap();
        assert!(
            problems.is_empty(),
            "crds/ is stale; run `make crds`:\n  {}",
            problems.join("\n  ")
        );
    }

    #[test]
    fn staleness_check_names_a_hand_edited_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write_crds(dir).unwrap();
        let (first, _) = &generated_crds().unwrap()[0];
        let path = dir.join(first);
        let edited =
            std::fs::read_to_string(&path)
                .unwrap()
                .replacen("spec:", "spec: # edited\n ", 1);
        std::fs::write(&path, edited).unwrap();
        std::fs::write(dir.join("stray.yaml"), "kind: Nothing\n").unwrap();

        let problems = stale_crds(dir).unwrap();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains(first.as_str()) && problems[0].contains("differs"));
        assert!(problems[1].contains("stray.yaml"));
    }

    #[test]
    fn crdgen_writes_one_file_per_kind() {
        let tmp = tempfile::tempdir().unwrap();
        write_crds(tmp.path()).unwrap();
        assert_eq!(yaml_files(tmp.path()).unwrap().len(), 8);
        assert!(stale_crds(tmp.path()).unwrap().is_empty());
    }
}
