//! Workspace tests and runtime benchmarks for the generator and the generated crate. The tests are
//! under `tests/tests/`, the benchmarks under `tests/benches/`, and this library contains what they
//! share.

use std::path::{Path, PathBuf};

/// Returns the workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the tests crate sits in the workspace").to_path_buf()
}

/// Reads a spec file of the workspace as JSON, whatever its syntax.
pub fn read_spec(relative: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(workspace_root().join(relative)).expect("spec file is readable");
    codegen::load::parse(Path::new(relative), &text).expect("spec file parses")
}

pub mod sample_events;
pub mod suite;
