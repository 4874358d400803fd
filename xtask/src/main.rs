//! Workspace tasks, run as `cargo xtask <task>`. Only argument parsing lives here; the tasks are
//! in this crate's library and the generator is the `codegen` library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Workspace tasks for the Qlik event code generator")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate the `generated` crate from the specs in `spec/`.
    Gen {
        /// Write nothing; print a unified diff for each stale file and exit with 1 if any is stale.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let code = match cli.task {
        Task::Gen { check } => xtask::run_gen(&root, check, &mut std::io::stdout(), &mut std::io::stderr()),
    };
    ExitCode::from(code)
}

/// Finds the workspace root from this crate's manifest, so the task works from any folder.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}
