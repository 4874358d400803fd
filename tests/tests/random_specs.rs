//! Random specs never make the generator panic. 10,000 documents go through lowering, the
//! example check and emission, which must return `Ok` or `Err`. Half are built from AsyncAPI and
//! JSON Schema keywords at random, half are a valid spec edited at random places.

use std::path::{Path, PathBuf};

use codegen::load::SpecFile;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use qlik_events_tests::read_spec;
use serde_json::{Map, Value};

/// Object keys that the generator reads, so random documents reach deep into lowering.
const KEYS: &[&str] = &[
    "asyncapi",
    "info",
    "title",
    "channels",
    "address",
    "messages",
    "operations",
    "action",
    "components",
    "schemas",
    "name",
    "payload",
    "examples",
    "type",
    "properties",
    "required",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "const",
    "$ref",
    "additionalProperties",
    "nullable",
    "format",
    "default",
    "description",
    "minimum",
    "maxLength",
    "multipleOf",
    "subscribe",
    "publish",
    "message",
    "messageId",
    "x-qlik-deprecated",
    "data",
    "id",
    "a",
    "b",
];

/// String values that mean something to the generator.
const WORDS: &[&str] = &[
    "object",
    "string",
    "integer",
    "number",
    "boolean",
    "array",
    "null",
    "int32",
    "int64",
    "uid",
    "send",
    "3.0.0",
    "2.6.0",
    "#/components/schemas/a",
    "#/components/schemas/b",
    "#/components/messages/m",
    "#",
    "#/",
    "other.yaml#/a",
    "https://example.com/x",
    "com.example.a",
    "",
    "type",
    "~1",
    "self",
    "2.0.1",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e3..1.0e3_f64).prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(|word| Value::String(word.to_owned())),
        "[a-z#/.~{}\\[\\]\"]{0,8}".prop_map(Value::String),
    ]
}

fn document() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|entries| {
                Value::Object(entries.into_iter().map(|(key, value)| (key.to_owned(), value)).collect::<Map<_, _>>())
            }),
        ]
    })
}

/// Replaces the value at a random place in `base`, chosen by following `path` (each number picks
/// a child, modulo the number of children), with `replacement`, or removes it when `remove`.
fn edit(base: &mut Value, path: &[usize], replacement: Value, remove: bool) {
    let Some((choice, rest)) = path.split_first() else {
        *base = replacement;
        return;
    };
    match base {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(choice % map.len()).unwrap().clone();
            if rest.is_empty() && remove {
                map.remove(&key);
            } else {
                edit(map.get_mut(&key).unwrap(), rest, replacement, remove);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let index = choice % items.len();
            edit(&mut items[index], rest, replacement, remove);
        }
        other => *other = replacement,
    }
}

fn edited_spec() -> impl Strategy<Value = Value> {
    let base = read_spec("tests/fixtures/vocabulary/spec/vocabulary.yaml");
    prop::collection::vec((prop::collection::vec(any::<usize>(), 1..10), document(), any::<bool>()), 1..4).prop_map(
        move |edits| {
            let mut spec = base.clone();
            for (path, replacement, remove) in edits {
                edit(&mut spec, &path, replacement, remove);
            }
            spec
        },
    )
}

fn generate(document: Value) {
    let file = SpecFile { display_path: PathBuf::from("spec/random.json"), document };
    let _ = codegen::generate_from_documents(&[file], Path::new("spec"), &codegen::EmitOptions::default());
}

proptest! {
    #![proptest_config(Config { cases: 5_000, failure_persistence: Some(Box::new(FileFailurePersistence::Off)), ..Config::default() })]

    #[test]
    fn random_documents_never_panic(document in document()) {
        generate(document);
    }

    #[test]
    fn edited_specs_never_panic(document in edited_spec()) {
        generate(document);
    }

    #[test]
    fn random_text_never_panics(text in "[a-z:\\-\\[\\]{}\"'#&*!|> \n]{0,200}") {
        let _ = codegen::load::parse(Path::new("spec/random.yaml"), &text);
    }
}
