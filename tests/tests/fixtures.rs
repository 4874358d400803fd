//! Fixture snapshot tests: each folder under `tests/fixtures/` holds a small spec folder (`spec/`)
//! and the output generation must give for it (`expected/`), or, for a spec that must be rejected,
//! the error message in `expected_error.txt`. Set `UPDATE_FIXTURES=1` to rewrite the expected
//! output from the current generator; the expected Rust is compiled by the `fixtures-compiled`
//! crate in that folder.

use std::fs;
use std::path::PathBuf;

use codegen::sync;
use qlik_events_tests::workspace_root;

/// The file that holds the error message of a fixture whose spec must be rejected.
const EXPECTED_ERROR: &str = "expected_error.txt";

fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(workspace_root().join("tests/fixtures"))
        .expect("tests/fixtures is readable")
        .map(|entry| entry.expect("fixture entry is readable").path())
        .filter(|path| path.join("spec").is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn fixtures_match_expected_output() {
    let root = workspace_root();
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    let mut failures = String::new();

    for dir in fixture_dirs() {
        let relative = dir.strip_prefix(&root).expect("fixture sits in the workspace");
        let error_file = dir.join(EXPECTED_ERROR);
        if error_file.exists() {
            let err = codegen::generate(&root, &relative.join("spec"))
                .expect_err(&format!("fixture {} must be rejected", relative.display()))
                .to_string();
            if update {
                fs::write(&error_file, format!("{err}\n")).expect("expected error is writable");
            } else if fs::read_to_string(&error_file).expect("expected error is readable") != format!("{err}\n") {
                failures.push_str(&format!("{}: the error is now:\n{err}\n", error_file.display()));
            }
            continue;
        }
        let name = dir.file_name().and_then(|name| name.to_str()).expect("fixture name is UTF-8");
        // The `fixtures-compiled` crate mounts each fixture's expected modules under its name, and
        // the doctests in them must name that path.
        let options = codegen::EmitOptions { crate_path: format!("fixtures_compiled::{name}") };
        let files = codegen::generate_with(&root, &relative.join("spec"), &options)
            .map(|generation| generation.files)
            .unwrap_or_else(|err| panic!("fixture {} does not generate:\n{err}", relative.display()));
        let expected_dir = dir.join("expected");
        let changes = sync::plan(&expected_dir, &files).expect("expected output is readable");
        if update {
            sync::apply(&expected_dir, &changes).expect("expected output is writable");
            continue;
        }
        for change in &changes {
            failures.push_str(&change.diff(&relative.join("expected")));
        }
    }

    assert!(
        failures.is_empty(),
        "fixture output differs from the expected files; if the change is intended, run \
         `UPDATE_FIXTURES=1 cargo test -p qlik-events-tests --test fixtures` and review the diff:\n{failures}"
    );
}

#[test]
fn every_fixture_is_compiled() {
    let library =
        fs::read_to_string(workspace_root().join("tests/fixtures/lib.rs")).expect("tests/fixtures/lib.rs is readable");
    for dir in fixture_dirs().into_iter().filter(|dir| !dir.join(EXPECTED_ERROR).exists()) {
        let name = dir.file_name().and_then(|name| name.to_str()).expect("fixture name is UTF-8");
        let path = format!("\"{name}/expected/src/events/mod.rs\"");
        assert!(
            library.contains(&path),
            "add `#[path = {path}] pub mod {name};` to tests/fixtures/lib.rs so its expected Rust is compiled"
        );
    }
}

#[test]
fn fixture_folder_is_not_empty() {
    assert!(!fixture_dirs().is_empty(), "no fixture found under tests/fixtures");
}
