//! The fixtures for inputs that schema-to-Rust generators often get wrong, on real values: each
//! fixture's expected Rust compiles (in `fixtures-compiled`), and here it decodes and encodes the
//! JSON its spec describes, keeping every wire name exactly.

use std::fs;

use fixtures_compiled::{
    case_collisions, closed_objects, enum_digits, enum_empty, enum_symbols, integer_enum, keyword_names,
    nullable_optional, oneof_null, prelude_names, type_by_default, union_overlap,
};
use proc_macro2::{TokenStream, TokenTree};
use qlik_events_tests::workspace_root;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Wraps `data` into an event of the fixture's one message type.
fn event(event_type: &str, data: Value) -> Value {
    json!({"id": "1", "type": event_type, "data": data})
}

/// Decodes `value` as `T`, encodes it again and asserts that the JSON is unchanged.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).unwrap_or_else(|err| panic!("{err}: {value}"));
    assert_eq!(&serde_json::to_value(&decoded).unwrap(), value);
    decoded
}

#[test]
fn colliding_names_stay_distinct() {
    let value = event("com.example.case-collisions.changed", json!({"M": true, "m": false, "fooBar": 1, "foo_bar": 2}));
    let decoded: case_collisions::case_collisions::Changed = round_trip(&value);
    let data = decoded.data.unwrap();
    assert!(data.m);
    assert!(!data.m_2);
    assert_eq!(data.foo_bar, 1);
    assert_eq!(data.foo_bar_2, 2);
}

#[test]
fn symbol_enum_values_get_words() {
    use enum_symbols::enum_symbols::ChangedDataVote as Vote;
    assert_eq!(Vote::from_json_str("+1"), Vote::Plus1);
    assert_eq!(Vote::from_json_str("-1"), Vote::Minus1);
    assert_eq!(Vote::Minus1.as_str(), "-1");
    let value = event("com.example.enum-symbols.changed", json!({"vote": "-1"}));
    let decoded: enum_symbols::enum_symbols::Changed = round_trip(&value);
    assert_eq!(decoded.data.unwrap().vote, Vote::Minus1);
}

#[test]
fn digit_enum_values_stay_apart() {
    use enum_digits::enum_digits::ChangedDataVersion as Version;
    for (value, variant) in [
        ("2.0.1", Version::V2_0_1),
        ("2.0.0", Version::V2_0_0),
        ("1.9.0-beta", Version::V1_9_0Beta),
        ("20.1", Version::V20_1),
        ("2.01", Version::V2_01),
    ] {
        assert_eq!(Version::from_json_str(value), variant);
        assert_eq!(variant.as_str(), value);
    }
}

#[test]
fn empty_enum_value_is_readable() {
    use enum_empty::enum_empty::ChangedDataState as State;
    assert_eq!(State::from_json_str(""), State::Empty);
    assert_eq!(State::from_json_str("Empty"), State::Empty2);
    assert_eq!(serde_json::to_value(State::Empty).unwrap(), json!(""));
}

#[test]
fn integer_enum_stays_numeric() {
    let value = event("com.example.integer-enum.changed", json!({"priority": 2}));
    let decoded: integer_enum::integer_enum::Changed = round_trip(&value);
    assert_eq!(decoded.data.unwrap().priority, 2);
}

#[test]
fn nullable_differs_from_optional() {
    type Changed = nullable_optional::nullable_optional::Changed;
    let full = event("com.example.nullable-optional.changed", json!({"a": "x", "b": null, "c": "y", "d": null}));
    let data = round_trip::<Changed>(&full).data.unwrap();
    assert_eq!(data.b, None);
    assert_eq!(data.c.as_deref(), Some("y"));
    assert_eq!(data.d, Some(None));

    let sparse = event("com.example.nullable-optional.changed", json!({"a": "x", "b": "z"}));
    let data = round_trip::<Changed>(&sparse).data.unwrap();
    assert_eq!(data.b.as_deref(), Some("z"));
    assert_eq!(data.d, None);

    let missing_b = event("com.example.nullable-optional.changed", json!({"a": "x"}));
    assert!(serde_json::from_value::<Changed>(missing_b).is_err(), "b must be present");
    let null_c = event("com.example.nullable-optional.changed", json!({"a": "x", "b": null, "c": null}));
    assert!(serde_json::from_value::<Changed>(null_c).is_err(), "c must not be null");
}

#[test]
fn null_branch_folds_into_option() {
    let value = event("com.example.oneof-null.changed", json!({"label": null}));
    let data = round_trip::<oneof_null::oneof_null::Changed>(&value).data.unwrap();
    let label: Option<Option<String>> = data.label;
    assert_eq!(label, Some(None));
}

/// Returns each error that `parse` reports for an event of the `union_overlap` fixture, as its
/// JSON Pointer and keyword; empty when the event is valid.
fn union_overlap_errors(data: Value) -> Vec<String> {
    let bytes = event("com.example.union-overlap.changed", data).to_string();
    match union_overlap::union_overlap::UnionOverlapEvent::parse(bytes.as_bytes()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().map(|error| format!("{} {}", error.pointer, error.keyword)).collect(),
    }
}

#[test]
fn one_of_rejects_two_matching_branches() {
    assert!(union_overlap_errors(json!({"pick": {"a": "x"}})).is_empty());
    assert!(union_overlap_errors(json!({"pick": {"b": 1}})).is_empty());
    assert_eq!(union_overlap_errors(json!({"pick": {"a": "x", "b": 1}})), ["/data/pick oneOf"]);
    assert_eq!(union_overlap_errors(json!({"pick": {"b": "x"}})), ["/data/pick oneOf"]);
}

#[test]
fn failed_union_names_branch_errors() {
    let bytes = event("com.example.union-overlap.changed", json!({"pick": {"b": "x"}})).to_string();
    let errors = union_overlap::union_overlap::UnionOverlapEvent::parse(bytes.as_bytes()).unwrap_err();
    let message = &errors.errors()[0].message;
    assert!(message.contains("; schema 1: /data/pick: "), "{message}");
    assert!(message.contains("; schema 2: /data/pick/b: "), "{message}");
    assert!(message.contains("(type)"), "{message}");
}

#[test]
fn any_of_accepts_any_matching_branch() {
    assert!(union_overlap_errors(json!({"size": "ab"})).is_empty());
    assert!(union_overlap_errors(json!({"size": "long enough"})).is_empty());
    assert_eq!(union_overlap_errors(json!({"size": "abc"})), ["/data/size anyOf"]);
}

#[test]
fn one_of_with_disjoint_types() {
    assert!(union_overlap_errors(json!({"either": "x"})).is_empty());
    assert!(union_overlap_errors(json!({"either": 3})).is_empty());
    assert_eq!(union_overlap_errors(json!({"either": ""})), ["/data/either oneOf"]);
}

#[test]
fn prelude_named_schemas_compile() {
    let value = event("com.example.prelude-names.changed", json!({"choice": {"value": "a"}, "maybe": null}));
    let data = round_trip::<prelude_names::prelude_names::Changed>(&value).data.unwrap();
    let choice: prelude_names::prelude_names::OptionType = data.choice.unwrap();
    assert_eq!(choice.value.as_deref(), Some("a"));
}

#[test]
fn keyword_properties_keep_wire_names() {
    let data = json!({
        "async": true, "type": "t", "gen": "g", "self": "s", "Self": "S", "crate": "c", "super": "p",
        "_": "u", "fn": "f", "match": "m", "try": "y", "additional_properties": "a", "unlisted": 1
    });
    let value = event("com.example.keyword-names.changed", data);
    let data = round_trip::<keyword_names::keyword_names::Changed>(&value).data.unwrap();
    assert_eq!(data.r#async, Some(true));
    assert_eq!(data.r#gen.as_deref(), Some("g"));
    assert_eq!(data.self_.as_deref(), Some("s"));
    assert_eq!(data.self_2.as_deref(), Some("S"));
    assert_eq!(data.additional_properties.as_deref(), Some("a"));
    assert_eq!(data.additional_properties_2["unlisted"], 1);
}

#[test]
fn type_default_picks_the_event() {
    use type_by_default::items::{ItemDeleted, ItemUpdated, ItemsEvent};
    let updated = event("com.example.item.updated", json!({"id": "i"}));
    assert!(matches!(round_trip::<ItemsEvent>(&updated), ItemsEvent::ItemUpdated(_)));
    assert!(serde_json::from_value::<ItemDeleted>(updated.clone()).is_err(), "updated decoded as deleted");
    assert!(serde_json::from_value::<ItemUpdated>(updated).is_ok());
}

/// Collects every identifier in `tokens`, looking inside groups.
fn identifiers(tokens: TokenStream, out: &mut Vec<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => out.push(ident.to_string()),
            TokenTree::Group(group) => identifiers(group.stream(), out),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}

#[test]
fn injected_names_stay_data() {
    let dir = workspace_root().join("tests/fixtures/injection/expected/src/events");
    for file in ["injection.rs", "mod.rs"] {
        let code = fs::read_to_string(dir.join(file)).unwrap();
        // Doc comments and strings lex as literals, so an identifier here is code.
        let tokens: TokenStream = code.parse().unwrap_or_else(|err| panic!("{file} does not lex: {err:?}"));
        let mut found = Vec::new();
        identifiers(tokens, &mut found);
        for marker in ["PWNED_CODE", "PWNED_ATTR"] {
            assert!(!found.iter().any(|ident| ident == marker), "{marker} became code in {file}");
        }
        assert!(code.contains("PWNED_CODE"), "the injected text is missing from {file}, so the test proves nothing");
    }
}

/// Returns each error that `parse` reports for an event of the `closed_objects` fixture, as its
/// JSON Pointer and keyword. The list is empty when the event is valid.
fn closed_objects_errors(value: &Value) -> Vec<String> {
    match closed_objects::closed_objects::ClosedObjectsEvent::parse(value.to_string().as_bytes()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().map(|error| format!("{} {}", error.pointer, error.keyword)).collect(),
    }
}

#[test]
fn closed_object_rejects_unknown_keys() {
    use closed_objects::closed_objects::Sealed;
    let valid = json!({"type": "com.example.closed-objects.sealed", "id": "1", "data": {"name": "n", "count": 2}});
    assert!(closed_objects_errors(&valid).is_empty());
    // The CloudEvents `type` is the first property of this payload, and encodes first.
    let sealed: Sealed = serde_json::from_value(valid.clone()).unwrap();
    assert_eq!(serde_json::to_string(&sealed).unwrap(), valid.to_string());

    let mut extension = valid.clone();
    extension["traceparent"] = json!("00-1");
    assert_eq!(closed_objects_errors(&extension), ["/traceparent additionalProperties"]);
    let err = serde_json::from_value::<Sealed>(extension).unwrap_err().to_string();
    assert!(err.contains("unknown field `traceparent`"), "{err}");
    let mut inner = valid.clone();
    inner["data"]["other"] = json!(1);
    assert_eq!(closed_objects_errors(&inner), ["/data/other additionalProperties"]);

    let broken = json!({"type": "com.example.closed-objects.sealed", "id": "", "data": {"count": -1}});
    assert_eq!(closed_objects_errors(&broken), ["/id minLength", "/data required", "/data/count minimum"]);
    let untyped = json!({"id": "1"});
    let err = serde_json::from_value::<Sealed>(untyped).unwrap_err().to_string();
    assert!(err.contains("missing field `type`"), "{err}");
}

#[test]
fn counted_object_checks_counts_and_values() {
    let counted = |data: Value| json!({"id": "1", "type": "com.example.closed-objects.counted", "data": data});
    assert!(closed_objects_errors(&counted(json!({"label": "a", "n": 1}))).is_empty());
    assert_eq!(closed_objects_errors(&counted(json!({}))), ["/data minProperties"]);
    assert_eq!(closed_objects_errors(&counted(json!({"label": "a", "n": 1, "m": 2}))), ["/data maxProperties"]);
    assert_eq!(closed_objects_errors(&counted(json!({"n": "x"}))), ["/data/n type"]);
}
