//! The fast entry points against the map-based ones: `from_slice` scans the bytes for `type` and
//! decodes straight into that struct, `parse` reports decoded events from the typed validators.
//! Both must give what `Deserialize` and the JSON validators give, on valid, invalid and oddly
//! written events.

use proptest::prelude::*;
use qlik_events::Event;
use qlik_events::support::Validate;
use qlik_events::support::scan;
use qlik_events::support::validate::{Path, ValidationErrors};
use qlik_events::web_integrations::WebIntegrationsEvent;
use qlik_events_tests::sample_events;
use serde_json::{Map, Value, json};

/// Returns the batch events, then rewritten copies of some of them that the scan must skip over,
/// give up on, or read as another type.
fn events() -> Vec<Vec<u8>> {
    let batch: Vec<Vec<u8>> = sample_events::batch(2_000, 11).into_iter().map(|event| event.json).collect();
    let mut events = batch.clone();
    for bytes in batch.iter().take(200) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let value: Value = serde_json::from_slice(bytes).unwrap();
        events.push(serde_json::to_vec_pretty(&value).unwrap());
        events.push(text.replacen("\"type\"", "\"\\u0074ype\"", 1).into_bytes());
        events.push(text.replacen("\"id\"", "\"i\\u0064\"", 1).into_bytes());
        events.push(text.replacen("\"type\":\"com", "\"type\":\"\\u0063om", 1).into_bytes());
        events.push(text.replacen("\"type\":\"com.qlik.web-integration", "\"type\":\"com.qlik.other", 1).into_bytes());
        events.push(text.replacen("{", "{\"type\":\"com.qlik.web-integration.deleted\",", 1).into_bytes());
        events.push(text.replacen("\"type\":", "\"type\":7,\"type2\":", 1).into_bytes());
        events.push(
            text.replacen("\"time\":", "\"nested\":{\"type\":\"x\",\"a\":[\"]}\\\"\",{}]},\"time\":", 1).into_bytes(),
        );
        events.push(bytes[..bytes.len() / 2].to_vec());
        events.push(format!("{text} x").into_bytes());
        events.push(moved_to_end(&value, "type"));
    }
    events
}

/// Returns `value` as JSON with the attribute `key` moved to the end.
fn moved_to_end(value: &Value, key: &str) -> Vec<u8> {
    let mut object: Map<String, Value> = value.as_object().unwrap().clone();
    if let Some(moved) = object.shift_remove(key) {
        object.insert(key.to_owned(), moved);
    }
    serde_json::to_vec(&object).unwrap()
}

#[test]
fn channel_from_slice_matches_deserialize() {
    for bytes in events() {
        let fast = WebIntegrationsEvent::from_slice(&bytes);
        let mapped = serde_json::from_slice::<WebIntegrationsEvent>(&bytes);
        let text = String::from_utf8_lossy(&bytes);
        match (fast, mapped) {
            (Ok(fast), Ok(mapped)) => assert_eq!(fast, mapped, "{text}"),
            (Err(_), Err(_)) => {}
            (fast, mapped) => panic!("from_slice returned {fast:?} but Deserialize returned {mapped:?}: {text}"),
        }
    }
}

#[test]
fn crate_from_slice_matches_deserialize() {
    for bytes in events() {
        let fast = Event::from_slice(&bytes);
        let mapped = serde_json::from_slice::<Event>(&bytes);
        let text = String::from_utf8_lossy(&bytes);
        match (fast, mapped) {
            (Ok(fast), Ok(mapped)) => assert_eq!(fast, mapped, "{text}"),
            (Err(_), Err(_)) => {}
            (fast, mapped) => panic!("from_slice returned {fast:?} but Deserialize returned {mapped:?}: {text}"),
        }
    }
}

/// `parse` reports an event that decodes from the typed validators. The JSON validators must find
/// the same violations, in the same order, with the same messages.
#[test]
fn typed_report_matches_json_report() {
    let mut invalid = 0;
    for bytes in events() {
        let Ok(value) = serde_json::from_slice::<Value>(&bytes) else { continue };
        let mut json_errors = ValidationErrors::new();
        WebIntegrationsEvent::validate_json_at(&value, &Path::ROOT, &mut json_errors);
        let text = String::from_utf8_lossy(&bytes);
        match WebIntegrationsEvent::parse(&bytes) {
            Ok(_) => assert!(json_errors.is_empty(), "parse accepted an event with {json_errors}: {text}"),
            // A `Value` keeps the last of a repeated key, so only `parse` detects the repetition.
            Err(errors) if errors.errors()[0].message.contains("repeats a key") => {
                assert_eq!(errors.len(), 1, "{errors}: {text}");
                assert!(json_errors.is_empty(), "{json_errors}: {text}");
            }
            Err(errors) => {
                invalid += 1;
                assert_eq!(errors.errors(), json_errors.errors(), "{text}");
            }
        }
    }
    assert!(invalid > 100, "only {invalid} events were invalid");
}

#[test]
fn parse_reports_syntax_error_pointer() {
    let errors = WebIntegrationsEvent::parse(br#"{"id":"a","data":{"updates":[{"property":"#).unwrap_err();
    assert_eq!(errors.errors().len(), 1);
    assert_eq!(errors.errors()[0].keyword, "syntax");
    assert_eq!(errors.errors()[0].pointer, "/data/updates/0/property");
}

/// Any JSON value whose keys include `type` and keys that need escapes.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("type".to_owned()),
        Just("id".to_owned()),
        Just("ty\"pe".to_owned()),
        Just("\\type".to_owned()),
        "[a-z]{0,6}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |float| float.is_finite()).prop_map(Value::from),
        "[a-z\"\\\\\\]\\[{}:, \u{e9}\u{1}]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

proptest! {
    /// The scan either gives up or finds the value that a JSON parser finds under `type`. It gives
    /// up only for a reason that its documentation lists.
    #[test]
    fn scan_finds_the_parsed_type(value in json_value(), pretty in any::<bool>()) {
        let bytes = if pretty { serde_json::to_vec_pretty(&value).unwrap() } else { serde_json::to_vec(&value).unwrap() };
        let found = scan::event_type(&bytes);
        let parsed = value.get("type");
        if let Some(found) = found {
            prop_assert_eq!(parsed, Some(&json!(found)));
        }
        if let (Some(Value::String(parsed)), Value::Object(object)) = (parsed, &value) {
            let escaped = |text: &str| serde_json::to_string(text).unwrap().len() != text.len() + 2;
            let before_type = object.keys().take_while(|key| *key != "type");
            let undecidable = escaped(parsed) || before_type.clone().any(|key| escaped(key));
            if !undecidable {
                prop_assert_eq!(found, Some(parsed.as_str()));
            }
        }
    }
}
