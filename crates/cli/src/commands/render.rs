//! `ballast render DIR`: print what `kubectl kustomize DIR` prints, rendered
//! by `ballast-render` without the kustomize binary.

use std::io::Write;
use std::path::PathBuf;

use ballast_render::{LoadRestrictor, Options};

/// Output formats of `ballast render`.
#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub(crate) enum Format {
    /// Multi-document YAML, as `kubectl kustomize` prints it.
    #[default]
    Yaml,
    /// One JSON list of the objects.
    Json,
}

/// Arguments of `ballast render`.
#[derive(Debug, clap::Args)]
pub(crate) struct RenderArgs {
    /// Directory holding the kustomization (or plain YAML files).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Where files named by a kustomization may live:
    /// LoadRestrictionsRootOnly (default) or LoadRestrictionsNone.
    #[arg(long, default_value = "LoadRestrictionsRootOnly", value_parser = parse_restrictor)]
    load_restrictor: LoadRestrictor,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t)]
    output: Format,
}

fn parse_restrictor(s: &str) -> Result<LoadRestrictor, String> {
    s.parse()
}

/// Renders and prints; on error prints nothing on stdout.
pub(crate) fn run(args: RenderArgs) -> anyhow::Result<()> {
    let options = Options {
        load_restrictor: args.load_restrictor,
        ..Options::default()
    };
    let objects = match ballast_render::render_with_warnings(&args.dir, &options) {
        Ok((objects, warnings)) => {
            for w in warnings {
                eprintln!("warning: {w}");
            }
            objects
        }
        Err(e) => {
            // NB: one line on stderr and a non-zero exit, like kubectl; the
            // library's message already names the file and field at fault,
            // so no cause chain or backtrace is added.
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let text = match args.output {
        Format::Yaml => ballast_render::to_yaml(&objects),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&objects)?;
            s.push('\n');
            s
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}
