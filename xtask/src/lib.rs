//! The tasks behind `cargo xtask`, as functions that take the workspace root and output streams,
//! so tests run exactly what the command runs.

use std::io::Write;
use std::path::Path;

use codegen::sync::{self, Change};

/// The folder of specs, relative to the workspace root.
pub const SPEC_DIR: &str = "spec";
/// The generated crate, relative to the workspace root.
pub const CRATE_DIR: &str = "generated";

/// Exit code for a finished run with nothing stale.
pub const EXIT_OK: u8 = 0;
/// Exit code for `--check` when generated files are stale.
pub const EXIT_STALE: u8 = 1;
/// Exit code for a spec that cannot be generated, or a file that cannot be read or written.
pub const EXIT_ERROR: u8 = 2;

/// Runs `gen` on the workspace at `root` and returns the exit code.
///
/// Everything is rendered in memory first, so a bad spec leaves every file as it was. With
/// `check`, nothing is written and each stale file's diff goes to `out`.
pub fn run_gen(root: &Path, check: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match try_gen(root, check, out, err) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            EXIT_ERROR
        }
    }
}

fn try_gen(root: &Path, check: bool, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, String> {
    let generation = codegen::generate_with_warnings(root, Path::new(SPEC_DIR)).map_err(|err| err.to_string())?;
    for warning in &generation.warnings {
        writeln!(err, "warning: {warning}").map_err(|err| format!("cannot write the report: {err}"))?;
    }
    let files = generation.files;
    let crate_dir = root.join(CRATE_DIR);
    let changes =
        sync::plan(&crate_dir, &files).map_err(|err| format!("cannot read {}: {err}", crate_dir.display()))?;
    let shown_dir = Path::new(CRATE_DIR);
    let write_error = |err: std::io::Error| format!("cannot write the report: {err}");

    if check {
        for change in &changes {
            write!(out, "{}", change.diff(shown_dir)).map_err(write_error)?;
        }
        if changes.is_empty() {
            writeln!(out, "{} generated files are up to date", files.len()).map_err(write_error)?;
            return Ok(EXIT_OK);
        }
        writeln!(out, "{} generated files are stale; run `cargo xtask gen` to update them", changes.len())
            .map_err(write_error)?;
        return Ok(EXIT_STALE);
    }

    sync::apply(&crate_dir, &changes).map_err(|err| format!("cannot write {}: {err}", crate_dir.display()))?;
    for change in &changes {
        writeln!(out, "{:>7} {}", change.verb(), shown_dir.join(change.path()).display()).map_err(write_error)?;
    }
    let removed = changes.iter().filter(|change| matches!(change, Change::Remove { .. })).count();
    let written = changes.len() - removed;
    writeln!(out, "{written} written, {removed} removed, {} unchanged", files.len() - written).map_err(write_error)?;
    Ok(EXIT_OK)
}
