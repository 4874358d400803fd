//! The jsonschema crate as an oracle: mutated web-integrations events built from the spec's
//! examples are judged by the generated `parse` and by jsonschema (draft 7, formats on) against
//! the JSON Schema of the same payload. The verdicts, and the sets of failing JSON Pointers, must
//! agree on every event.

use std::collections::BTreeSet;

use qlik_events::web_integrations::WebIntegrationsEvent;
use qlik_events_tests::read_spec;
use serde_json::{Value, json};

/// One spec example with the validator for its message's payload.
struct Oracle {
    example: Value,
    validator: jsonschema::Validator,
}

fn oracles() -> Vec<Oracle> {
    let spec = read_spec("spec/web-integrations.json");
    let messages = spec["components"]["messages"].as_object().expect("components.messages");
    messages
        .keys()
        .map(|key| {
            let pointer = format!("#/components/messages/{}/payload", key.replace('~', "~0").replace('/', "~1"));
            // `$ref` siblings are ignored in draft 7, so the reference sits inside `allOf`.
            let schema = json!({"allOf": [{"$ref": pointer}], "components": spec["components"]});
            let validator = jsonschema::draft7::options()
                .should_validate_formats(true)
                .build(&schema)
                .unwrap_or_else(|err| panic!("the payload schema of {key} does not build: {err}"));
            let example = messages[key]["examples"][0]["payload"].clone();
            Oracle { example, validator }
        })
        .collect()
}

/// Returns the failing pointers according to jsonschema.
fn expected_pointers(validator: &jsonschema::Validator, event: &Value) -> BTreeSet<String> {
    validator.iter_errors(event).map(|error| error.instance_path().as_str().to_owned()).collect()
}

/// Returns the failing pointers according to the generated validators.
fn actual_pointers(event: &Value) -> BTreeSet<String> {
    match WebIntegrationsEvent::parse(event.to_string().as_bytes()) {
        Ok(_) => BTreeSet::new(),
        Err(errors) => errors.errors().iter().map(|error| error.pointer.clone()).collect(),
    }
}

const DATES: &[&str] = &[
    "2026-02-30T00:00:00Z",
    "2026-01-01T24:00:00Z",
    "2024-02-29T12:00:00Z",
    "2026-02-29T12:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-12-31T23:59:60Z",
    "2026-12-31T22:59:60Z",
    "2026-01-01t12:00:00z",
    "2026-01-01T12:00:00.123456+05:30",
    "2026-01-01T12:00:00+24:00",
    "2026-01-01T12:00:00",
    "2026-01-01 12:00:00Z",
    "2026-01-01",
    "2026-13-01T00:00:00Z",
    "26-01-01T00:00:00Z",
];

const URI_REFERENCES: &[&str] = &[
    "/relative/path",
    "relative",
    "https://example.com/a?b=c#d",
    "//example.com/path",
    "urn:isbn:0451450523",
    "#fragment",
    "?query",
    "http://[::1",
    "http://exa mple.com",
    "\\\\server\\share",
    "/%zz",
    "http://example.com/ü",
    "1:b",
    "./a:b",
    "mailto:someone@example.com",
];

/// Replacement values of other JSON types, and edge values of the right one.
fn odd_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!(12),
        json!(-1.5),
        json!(true),
        json!(""),
        json!("ünïcødé ✓ 字"),
        json!("x".repeat(5000)),
        json!([]),
        json!(["a", 1]),
        json!({}),
        json!({"nested": {"deeper": [1, 2, 3]}}),
    ]
}

/// Returns the JSON Pointer of every value inside `value`, parents before children.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let child_at = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(child_at.clone());
                pointers(child, child_at, out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let child_at = format!("{at}/{index}");
                out.push(child_at.clone());
                pointers(child, child_at, out);
            }
        }
        _ => {}
    }
}

fn parent_and_key(pointer: &str) -> (&str, &str) {
    pointer.rsplit_once('/').expect("a pointer below the root")
}

fn remove(event: &mut Value, pointer: &str) {
    let (parent, key) = parent_and_key(pointer);
    match event.pointer_mut(parent) {
        Some(Value::Object(object)) => {
            object.shift_remove(key);
        }
        Some(Value::Array(items)) => {
            items.remove(key.parse::<usize>().expect("an array index"));
        }
        _ => {}
    }
}

fn deep_nesting(depth: usize) -> Value {
    (0..depth)
        .fold(json!("bottom"), |inner, level| if level % 2 == 0 { json!({"level": inner}) } else { json!([inner]) })
}

/// A small deterministic generator (xorshift64), so every run tests the same events.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

/// Returns the single mutations of `example`: each a name and the mutated event.
fn single_mutations(example: &Value) -> Vec<(String, Value)> {
    let mut paths = Vec::new();
    pointers(example, String::new(), &mut paths);
    let mut mutations = Vec::new();
    for path in &paths {
        // Another string in `type` makes an event of another or unknown type, which `parse`
        // rightly treats as that type, so only its JSON type is changed.
        let is_type = path == "/type";
        let mut dropped = example.clone();
        remove(&mut dropped, path);
        mutations.push((format!("drop {path}"), dropped));
        for (index, value) in odd_values().into_iter().enumerate() {
            if is_type && value.is_string() {
                continue;
            }
            let mut changed = example.clone();
            *changed.pointer_mut(path).unwrap() = value;
            mutations.push((format!("set {path} to odd value {index}"), changed));
        }
    }

    for date in DATES {
        let mut changed = example.clone();
        changed["time"] = json!(date);
        mutations.push((format!("time {date}"), changed));
    }
    for reference in URI_REFERENCES {
        let mut changed = example.clone();
        changed["source"] = json!(reference);
        mutations.push((format!("source {reference}"), changed));
    }

    for (at, key) in [("", "traceparent"), ("/data", "addedLater"), ("/data/updates/0", "unit")] {
        let mut changed = example.clone();
        if let Some(Value::Object(object)) = changed.pointer_mut(at) {
            object.insert(key.to_owned(), json!({"extra": [1, "two", null]}));
            mutations.push((format!("extra property {at}/{key}"), changed));
        }
    }

    let mut nested = example.clone();
    nested["data"]["deep"] = deep_nesting(100);
    mutations.push(("deep nesting in data".to_owned(), nested));
    let mut nested = example.clone();
    nested["data"] = deep_nesting(100);
    mutations.push(("data replaced by deep nesting".to_owned(), nested));
    mutations
}

/// Applies two random changes at once, away from `type`, so that several errors meet in one event.
fn double_mutations(example: &Value, random: &mut Random, count: usize) -> Vec<(String, Value)> {
    let mut paths = Vec::new();
    pointers(example, String::new(), &mut paths);
    paths.retain(|path| path != "/type");
    let values = odd_values();
    let mut mutations = Vec::new();
    while mutations.len() < count {
        let mut changed = example.clone();
        let mut names = Vec::new();
        for _ in 0..2 {
            let path = &paths[random.below(paths.len())];
            let Some(target) = changed.pointer_mut(path) else { continue };
            let index = random.below(values.len() + DATES.len());
            *target = match values.get(index) {
                Some(value) => value.clone(),
                None => json!(DATES[index - values.len()]),
            };
            names.push(format!("{path}={index}"));
        }
        mutations.push((format!("double {}", names.join(" ")), changed));
    }
    mutations
}

#[test]
fn verdicts_agree_with_jsonschema() {
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let mut checked = 0;
    let mut invalid = 0;
    let mut disagreements = Vec::new();
    for oracle in oracles() {
        let mut mutations = single_mutations(&oracle.example);
        mutations.extend(double_mutations(&oracle.example, &mut random, 200));
        mutations.push(("unchanged example".to_owned(), oracle.example.clone()));
        for (name, event) in mutations {
            let expected = expected_pointers(&oracle.validator, &event);
            let actual = actual_pointers(&event);
            checked += 1;
            invalid += usize::from(!expected.is_empty());
            if expected != actual {
                disagreements.push(format!("{}: {name}: jsonschema {expected:?}, generated {actual:?}", event["type"]));
            }
        }
    }
    eprintln!("differential: {checked} events, {invalid} invalid, {} disagreements", disagreements.len());
    assert!(checked >= 1000, "only {checked} events were checked");
    assert!(invalid * 2 >= checked, "most mutated events should be invalid, got {invalid} of {checked}");
    assert!(disagreements.is_empty(), "{} disagreements:\n{}", disagreements.len(), disagreements.join("\n"));
}

#[test]
fn bad_date_and_uri_agree() {
    for oracle in oracles() {
        let mut event = oracle.example.clone();
        event["time"] = json!("2026-02-30T00:00:00Z");
        event["source"] = json!("http://[::1");
        let expected: BTreeSet<String> = ["/source", "/time"].map(str::to_owned).into();
        assert_eq!(expected_pointers(&oracle.validator, &event), expected);
        assert_eq!(actual_pointers(&event), expected);
    }
}
