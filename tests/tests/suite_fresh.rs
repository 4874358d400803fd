//! Keeps `tests/suite/`, the Rust that the generator makes from the JSON Schema Test Suite, in
//! step with the generator. Set `UPDATE_FIXTURES=1` to rewrite it.

use std::path::Path;

use codegen::sync;
use qlik_events_tests::suite;

#[test]
fn suite_modules_are_fresh() {
    let groups = suite::read_groups();
    let files = suite::generate(&groups).unwrap_or_else(|err| panic!("the suite schemas do not generate:\n{err}"));
    let dir = suite::output_dir();
    let changes = sync::plan(&dir, &files).expect("tests/suite is readable");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        sync::apply(&dir, &changes).expect("tests/suite is writable");
        return;
    }
    let diff: String = changes.iter().map(|change| change.diff(Path::new("tests/suite"))).collect();
    assert!(
        changes.is_empty(),
        "tests/suite is stale; run `UPDATE_FIXTURES=1 cargo test -p qlik-events-tests --test suite_fresh`:\n{diff}"
    );
}
