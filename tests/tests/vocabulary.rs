//! The schema vocabulary on real values: the `vocabulary` fixture's example decodes into the
//! expected Rust shapes and encodes back to the same JSON, and each shape keeps its contract
//! (unknown enum values kept, `null` versus missing, tagged and untagged unions, boxed recursion).

use fixtures_compiled::vocabulary::vocabulary::{
    Node, ShapeChanged, ShapeChangedDataIdOrName, ShapeChangedDataShape, ShapeChangedDataStatus, VocabularyEvent,
};
use qlik_events_tests::read_spec;
use serde_json::{Value, json};

fn example() -> Value {
    let spec = read_spec("tests/fixtures/vocabulary/spec/vocabulary.yaml");
    spec["components"]["messages"]["vocabulary.shapeChanged"]["examples"][0]["payload"].clone()
}

fn decode(value: &Value) -> ShapeChanged {
    match serde_json::from_value::<VocabularyEvent>(value.clone()) {
        Ok(VocabularyEvent::ShapeChanged(event)) => event,
        other => panic!("decoded as {other:?}: {value}"),
    }
}

#[test]
fn example_round_trips() {
    let example = example();
    let event = decode(&example);
    assert_eq!(serde_json::to_value(&event).unwrap(), example);
}

#[test]
fn example_fields_have_rust_shapes() {
    let data = decode(&example()).data;
    assert_eq!(data.status, ShapeChangedDataStatus::FinishedWithWarnings);
    assert_eq!(data.level, Some(None), "null is kept apart from missing");
    assert_eq!(data.count, 2_i32);
    assert_eq!(data.total, Some(9_000_000_000_i64));
    assert_eq!(data.retries_or_default(), 3, "default applied by the getter");
    assert_eq!(data.nullable_name, None);
    assert_eq!(data.nickname, None, "missing");
    assert_eq!(data.label, Some(None));
    assert_eq!(data.id_or_name, Some(ShapeChangedDataIdOrName::Integer(7)));
    let Some(ShapeChangedDataShape::Circle(circle)) = data.shape else { panic!("shape is not a circle") };
    assert_eq!(circle.radius.as_f64(), Some(2.5));
    assert_eq!(data.counters.unwrap().additional_properties["extra"], 4);
    assert_eq!(data.labels.unwrap()["b"], "y");
    assert_eq!(data.address.unwrap().city.unwrap().name.as_deref(), Some("Springfield"));

    let tree: Node = data.tree.unwrap();
    assert_eq!(tree.parent.unwrap().value, 0);
    assert_eq!(tree.children.unwrap()[0].value, 2);
}

#[test]
fn unknown_enum_value_is_kept() {
    let mut example = example();
    example["data"]["status"] = json!("paused");
    let event = decode(&example);
    assert_eq!(event.data.status, ShapeChangedDataStatus::Other("paused".to_owned()));
    assert_eq!(event.data.status.as_str(), "paused");
    assert_eq!(serde_json::to_value(&event).unwrap(), example);
}

/// Returns the JSON Pointer and keyword of each error that `parse` reports for `event`.
fn parse_errors(event: &Value) -> Vec<(String, &'static str)> {
    match VocabularyEvent::parse(event.to_string().as_bytes()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().map(|error| (error.pointer, error.keyword)).collect(),
    }
}

#[test]
fn tagged_union_dispatches_on_tag() {
    let mut example = example();
    example["data"]["shape"] = json!({"kind": "square", "side": 1.0});
    assert!(matches!(decode(&example).data.shape, Some(ShapeChangedDataShape::Square(_))));

    // An unknown tag is kept whole, and only `parse` rejects it.
    let triangle = json!({"kind": "triangle", "side": 1.0});
    example["data"]["shape"] = triangle.clone();
    assert_eq!(decode(&example).data.shape, Some(ShapeChangedDataShape::Unmatched(triangle)));
    assert_eq!(serde_json::to_value(decode(&example)).unwrap(), example);
    assert_eq!(parse_errors(&example), [("/data/shape".to_owned(), "oneOf")]);
}

#[test]
fn untagged_union_tries_each_branch() {
    let mut example = example();
    example["data"]["idOrName"] = json!("seven");
    assert_eq!(decode(&example).data.id_or_name, Some(ShapeChangedDataIdOrName::String("seven".to_owned())));

    example["data"]["idOrName"] = json!(true);
    assert_eq!(decode(&example).data.id_or_name, Some(ShapeChangedDataIdOrName::Unmatched(json!(true))));
    assert_eq!(parse_errors(&example), [("/data/idOrName".to_owned(), "anyOf")]);
}

#[test]
fn optional_fields_reject_null() {
    for key in ["total", "enabled", "labels"] {
        let mut example = example();
        example["data"][key] = Value::Null;
        assert!(serde_json::from_value::<VocabularyEvent>(example).is_err(), "null accepted for {key}");
    }

    // A union keeps a value that fits no branch, `null` included, for `parse` to report.
    let mut example = example();
    example["data"]["shape"] = Value::Null;
    assert_eq!(decode(&example).data.shape, Some(ShapeChangedDataShape::Unmatched(Value::Null)));
    assert_eq!(parse_errors(&example), [("/data/shape".to_owned(), "oneOf")]);
}

#[test]
fn required_nullable_must_be_present() {
    let mut example = example();
    example["data"].as_object_mut().unwrap().remove("nullableName");
    let err = serde_json::from_value::<VocabularyEvent>(example).unwrap_err();
    assert!(err.to_string().contains("missing field `nullableName`"), "{err}");
}

#[test]
fn int32_rejects_wider_values() {
    let mut example = example();
    example["data"]["count"] = json!(1_u64 << 40);
    assert!(serde_json::from_value::<VocabularyEvent>(example).is_err());
}

#[test]
fn typed_array_enum_checked() {
    let mut event = example();
    event["data"]["corners"] = json!([4, 4]);
    assert!(VocabularyEvent::parse(event.to_string().as_bytes()).is_ok(), "a listed array is valid: {event}");

    event["data"]["corners"] = json!([4]);
    let errors = VocabularyEvent::parse(event.to_string().as_bytes()).expect_err("an unlisted array is invalid");
    let found: Vec<(String, &str)> = errors.into_iter().map(|error| (error.pointer, error.keyword)).collect();
    assert_eq!(found, [("/data/corners".to_owned(), "enum")]);
}
