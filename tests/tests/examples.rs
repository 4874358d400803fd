//! Every example in `spec/` goes through the crate-level `Event` enum. An example that generation
//! found to match its schema decodes as its own event type and encodes back without losing
//! anything. An example that generation warned about fails to decode for the reported reason.

use std::collections::BTreeMap;
use std::path::Path;

use qlik_events::Event;
use qlik_events::users::UserUpdatedData;
use qlik_events_tests::{read_spec, workspace_root};
use serde_json::Value;

/// One spec example: its spec file, its message's CloudEvents type and its payload.
struct SpecExample {
    file: String,
    pointer: String,
    event_type: String,
    payload: Value,
}

fn spec_examples() -> Vec<SpecExample> {
    let mut examples = Vec::new();
    let mut files: Vec<_> =
        std::fs::read_dir(workspace_root().join("spec")).unwrap().map(|entry| entry.unwrap().path()).collect();
    files.sort();
    for path in files {
        let file = format!("spec/{}", path.file_name().unwrap().to_str().unwrap());
        let spec = read_spec(&file);
        for (key, message) in spec["components"]["messages"].as_object().unwrap() {
            for (index, example) in message["examples"].as_array().into_iter().flatten().enumerate() {
                examples.push(SpecExample {
                    file: file.clone(),
                    pointer: format!("/components/messages/{key}/examples/{index}"),
                    event_type: message["name"].as_str().unwrap().to_owned(),
                    payload: example["payload"].clone(),
                });
            }
        }
    }
    examples
}

/// Returns the generation warnings by spec file and example pointer.
fn warnings() -> BTreeMap<(String, String), codegen::ExampleWarning> {
    let generation = codegen::generate_with_warnings(&workspace_root(), Path::new("spec")).unwrap();
    generation
        .warnings
        .into_iter()
        .map(|warning| ((warning.file.display().to_string(), warning.pointer.clone()), warning))
        .collect()
}

#[test]
fn spec_has_examples_of_four_channels() {
    let examples = spec_examples();
    let files: std::collections::BTreeSet<&str> = examples.iter().map(|example| example.file.as_str()).collect();
    assert_eq!(files.len(), 4, "{files:?}");
    assert_eq!(examples.len(), 9);
}

#[test]
fn matching_examples_round_trip() {
    let warnings = warnings();
    for example in spec_examples() {
        if warnings.contains_key(&(example.file.clone(), example.pointer.clone())) {
            continue;
        }
        let at = format!("{}#{}", example.file, example.pointer);
        let event: Event = serde_json::from_value(example.payload.clone()).unwrap_or_else(|err| panic!("{at}: {err}"));
        assert!(!matches!(event, Event::Unknown(_)), "{at} decoded as unknown");
        assert_eq!(event.event_type(), example.event_type, "{at}");

        let output = serde_json::to_value(&event).unwrap();
        assert_eq!(output, example.payload, "{at} changed on the way back out");

        let bytes = serde_json::to_vec(&example.payload).unwrap();
        let parsed = Event::parse(&bytes).unwrap_or_else(|errors| panic!("{at} does not validate: {errors}"));
        assert_eq!(parsed, event, "{at} parses differently with validation");
    }
}

#[test]
fn warned_examples_fail_as_reported() {
    let warnings = warnings();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let key = ("spec/users.json".to_owned(), "/components/messages/users.userUpdated/examples/0".to_owned());
    let warning = &warnings[&key];
    assert_eq!(warning.event_type, "com.qlik.core.user.updated");
    assert_eq!(warning.failures[0].pointer, "/data");
    assert!(warning.failures[0].reason.contains("matches no branch"), "{warning}");
    for property in ["id", "name", "subject", "tenantId"] {
        let reason = format!("the required property `{property}` is missing (branch User)");
        assert!(warning.failures.iter().any(|failure| failure.reason == reason), "{reason} not in {warning}");
    }

    let example = spec_examples().into_iter().find(|example| example.pointer == key.1).unwrap();
    let bytes = serde_json::to_vec(&example.payload).unwrap();
    // Decoding keeps the payload that fits no branch whole, so such an event is not lost.
    let event = serde_json::from_value::<Event>(example.payload.clone()).unwrap();
    let Event::UserUpdated(updated) = &event else { panic!("decoded as {event:?}") };
    assert_eq!(updated.data, Some(UserUpdatedData::Unmatched(example.payload["data"].clone())));
    assert_eq!(serde_json::to_value(&event).unwrap(), example.payload);

    // The validating entry point rejects the example at the pointer that generation reported.
    let errors = Event::parse(&bytes).unwrap_err();
    let pointers: Vec<&str> = errors.errors().iter().map(|error| error.pointer.as_str()).collect();
    assert_eq!(pointers, [warning.failures[0].pointer.as_str()], "{errors}");
}

#[test]
fn unknown_type_stays_whole_in_crate_enum() {
    let mut example = spec_examples().remove(0).payload;
    example["type"] = Value::String("com.qlik.v1.something.new".to_owned());
    let event: Event = serde_json::from_value(example.clone()).unwrap();
    assert!(matches!(event, Event::Unknown(_)));
    assert_eq!(event.event_type(), "com.qlik.v1.something.new");
    assert_eq!(serde_json::to_value(&event).unwrap(), example);
}
