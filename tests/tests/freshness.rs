//! Fails when the checked-in `generated/` crate differs from what the generator produces from
//! `spec/` now, and shows the diff.

use std::path::Path;

use codegen::sync;
use qlik_events_tests::workspace_root;

#[test]
fn generated_crate_is_fresh() {
    let root = workspace_root();
    let files = codegen::generate(&root, Path::new(xtask::SPEC_DIR))
        .unwrap_or_else(|err| panic!("spec/ does not generate:\n{err}"));
    let changes = sync::plan(&root.join(xtask::CRATE_DIR), &files).expect("generated/ is readable");
    let diff: String = changes.iter().map(|change| change.diff(Path::new(xtask::CRATE_DIR))).collect();
    assert!(changes.is_empty(), "generated/ is stale; run `cargo xtask gen` and commit the result:\n{diff}");
}
