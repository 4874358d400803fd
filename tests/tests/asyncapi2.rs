//! The web-integrations channel written as AsyncAPI 2.6 (messages under `subscribe`, the channel
//! keyed by its address, one message inline) generates the same Rust as its 3.0 form in `spec/`.

use std::path::Path;

use qlik_events_tests::workspace_root;

/// Returns the generated channel module without its first line, which names the spec file.
fn channel_module(spec_dir: &str) -> String {
    let files = codegen::generate(&workspace_root(), Path::new(spec_dir))
        .unwrap_or_else(|err| panic!("{spec_dir} does not generate:\n{err}"));
    let module = files
        .iter()
        .find(|file| file.path == Path::new("src/events/web_integrations.rs"))
        .unwrap_or_else(|| panic!("{spec_dir} has no web_integrations module"));
    let (header, body) = module.contents.split_once('\n').unwrap();
    assert!(header.contains("@generated"), "{header}");
    body.to_owned()
}

#[test]
fn asyncapi2_matches_asyncapi3() {
    let from_v2 = channel_module("tests/asyncapi2");
    let from_v3 = channel_module("spec");
    if from_v2 != from_v3 {
        let diff = similar::TextDiff::from_lines(&from_v3, &from_v2).unified_diff().header("3.0", "2.6").to_string();
        panic!("the 2.6 form generates different Rust:\n{diff}");
    }
}
