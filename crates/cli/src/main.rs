//! `ballast`: the command line of the Ballast GitOps toolkit.
//!
//! Each subcommand lives in its own module under `commands/`; this file only
//! parses arguments and dispatches.

mod commands;

use clap::{Parser, Subcommand};

/// Ballast keeps a Kubernetes cluster equal to what a Git repository declares.
/// It speaks the Flux v2 APIs.
#[derive(Debug, Parser)]
#[command(name = "ballast", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the version of this binary and of the APIs it serves.
    Version,
    /// Render a kustomization like `kubectl kustomize`, without kustomize.
    Render(commands::render::RenderArgs),
    /// Local development: `ballast dev cluster` serves a Kubernetes API server.
    Dev(commands::dev::DevArgs),
    /// Print the status of Flux objects: sources, kustomizations, images, notifications.
    Get(commands::get::GetArgs),
    /// Reconcile an object now and wait for the outcome.
    Reconcile(commands::reconcile::ReconcileArgs),
    /// Stop reconciling objects (spec.suspend: true).
    Suspend(commands::suspend::SuspendArgs),
    /// Reconcile suspended objects again, and wait for them.
    Resume(commands::suspend::ResumeArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Version) => {
            println!("ballast {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some(Command::Render(args)) => commands::render::run(args),
        Some(Command::Dev(args)) => commands::dev::run(args),
        Some(Command::Get(args)) => cluster_command(commands::get::run(args)),
        Some(Command::Reconcile(args)) => cluster_command(commands::reconcile::run(args)),
        Some(Command::Suspend(args)) => cluster_command(commands::suspend::run_suspend(args)),
        Some(Command::Resume(args)) => cluster_command(commands::suspend::run_resume(args)),
        None => {
            // NB: no subcommand is not an error for `--version`/`--help`, which clap
            // handles before we get here; a bare `ballast` prints help like kubectl.
            use clap::CommandFactory;
            Cli::command().print_help()?;
            println!();
            Ok(())
        }
    }
}

/// Reports a cluster command's failure like `flux`: one `✗` line on stderr,
/// exit status 1.
fn cluster_command(result: anyhow::Result<()>) -> anyhow::Result<()> {
    if let Err(err) = result {
        eprintln!("✗ {}", one_line(&err));
        std::process::exit(1);
    }
    Ok(())
}

/// The error and its causes on one line, leaving out causes that the
/// message before already quotes (kube's errors include their source).
fn one_line(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let cause = cause.to_string();
        if text.contains(&cause) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause);
    }
    text
}
