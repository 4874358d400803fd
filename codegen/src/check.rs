//! Checks each spec example against its message's payload schema, using the model.
//!
//! Qlik's published examples do not always match their schemas. A mismatch is a warning, not an
//! error: generation goes on, and the caller decides how to show the warnings.

use std::fmt;
use std::path::PathBuf;

use serde_json::Value;

use crate::model::{
    Additional, Channel, Constraints, EnumDef, Model, ObjectDef, Schema, Ty, TypeKind, UnionDef, UnionKeyword,
};
use crate::resolve;

/// An example that does not match its payload schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleWarning {
    /// The spec file, relative to the workspace root.
    pub file: PathBuf,
    /// The JSON Pointer of the example in the spec, such as `/components/messages/x/examples/0`.
    pub pointer: String,
    /// The example's `name`, or its index when it has none.
    pub example: String,
    /// The CloudEvents type of the example's message.
    pub event_type: String,
    /// Every place in the example payload where it breaks the schema.
    pub failures: Vec<Failure>,
}

/// One place where a value breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The JSON Pointer into the example payload, such as `/data/id`.
    pub pointer: String,
    /// What is wrong there, in lowercase.
    pub reason: String,
}

impl fmt::Display for ExampleWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}#{}: example `{}` of `{}` does not match its payload schema",
            self.file.display(),
            self.pointer,
            self.example,
            self.event_type
        )?;
        for Failure { pointer, reason } in &self.failures {
            let shown = if pointer.is_empty() { "(the payload)" } else { pointer };
            write!(f, "\n  {shown}: {reason}")?;
        }
        Ok(())
    }
}

/// Returns the JSON Pointer of a message's example in its spec file.
fn example_pointer(message_key: &str, index: usize) -> String {
    format!("/components/messages/{}/examples/{index}", resolve::escape_token(message_key))
}

/// Stores each warning's failures on the example it is about, so emitters can state the verdict.
pub fn record_verdicts(model: &mut Model, warnings: &[ExampleWarning]) {
    for channel in &mut model.channels {
        for event in &mut channel.events {
            for (index, example) in event.examples.iter_mut().enumerate() {
                let pointer = example_pointer(&event.message_key, index);
                let warning = warnings
                    .iter()
                    .find(|warning| warning.event_type == event.event_type && warning.pointer == pointer);
                example.schema_failures = warning
                    .map(|warning| {
                        warning
                            .failures
                            .iter()
                            .map(|failure| format!("{}: {}", failure.pointer, failure.reason))
                            .collect()
                    })
                    .unwrap_or_default();
            }
        }
    }
}

/// Checks every example of every event in `model` and returns one warning per example that
/// breaks its payload schema, in channel and event order.
pub fn check_examples(model: &Model) -> Vec<ExampleWarning> {
    let mut warnings = Vec::new();
    for channel in &model.channels {
        for event in &channel.events {
            for (index, example) in event.examples.iter().enumerate() {
                let mut failures = Vec::new();
                let payload = Schema {
                    ty: Ty::Named(event.payload),
                    nullable: false,
                    constraints: Constraints::default(),
                    default: None,
                    description: None,
                    pointer: String::new(),
                };
                check_value(channel, &payload, &example.payload, "", &mut failures);
                if failures.is_empty() {
                    continue;
                }
                warnings.push(ExampleWarning {
                    file: channel.spec_file.clone(),
                    pointer: example_pointer(&event.message_key, index),
                    example: example.name.clone().unwrap_or_else(|| index.to_string()),
                    event_type: event.event_type.clone(),
                    failures,
                });
            }
        }
    }
    warnings
}

/// Returns the failures of `value` against `schema`; empty when the value matches.
pub fn check(channel: &Channel, schema: &Schema, value: &Value) -> Vec<Failure> {
    let mut failures = Vec::new();
    check_value(channel, schema, value, "", &mut failures);
    failures
}

fn fail(out: &mut Vec<Failure>, pointer: &str, reason: impl Into<String>) {
    out.push(Failure { pointer: pointer.to_owned(), reason: reason.into() });
}

fn check_value(channel: &Channel, schema: &Schema, value: &Value, pointer: &str, out: &mut Vec<Failure>) {
    if value.is_null() {
        if !schema.nullable && schema.ty != Ty::Any {
            fail(out, pointer, "null is not allowed here");
        }
        return;
    }
    check_constraints(&schema.constraints, value, pointer, out);
    match &schema.ty {
        Ty::Any => {}
        Ty::String if !value.is_string() => fail(out, pointer, format!("expected a string, found {value}")),
        Ty::Boolean if !value.is_boolean() => fail(out, pointer, format!("expected a boolean, found {value}")),
        Ty::Number if !value.is_number() => fail(out, pointer, format!("expected a number, found {value}")),
        Ty::Integer => check_integer(schema, value, pointer, out),
        Ty::String | Ty::Boolean | Ty::Number => {}
        Ty::Array(items) => match value.as_array() {
            Some(elements) => {
                for (index, element) in elements.iter().enumerate() {
                    check_value(channel, items, element, &format!("{pointer}/{index}"), out);
                }
            }
            None => fail(out, pointer, format!("expected an array, found {}", short(value))),
        },
        Ty::Map(values) => match value.as_object() {
            Some(entries) => {
                for (key, entry) in entries {
                    check_value(channel, values, entry, &resolve::push_pointer(pointer, key), out);
                }
            }
            None => fail(out, pointer, format!("expected an object, found {}", short(value))),
        },
        Ty::Named(id) => match &channel.type_def(*id).kind {
            TypeKind::Object(object) => check_object(channel, object, value, pointer, out),
            TypeKind::Enum(def) => check_enum(def, value, pointer, out),
            TypeKind::Union(union) => check_union(channel, union, value, pointer, out),
        },
    }
}

fn check_integer(schema: &Schema, value: &Value, pointer: &str, out: &mut Vec<Failure>) {
    let is_integer = value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|float| float.fract() == 0.0);
    if !is_integer {
        fail(out, pointer, format!("expected an integer, found {value}"));
        return;
    }
    let int32 = schema.constraints.format.as_deref() == Some("int32");
    if int32 && value.as_i64().and_then(|int| i32::try_from(int).ok()).is_none() {
        fail(out, pointer, format!("{value} does not fit in a 32-bit integer (`format: int32`)"));
    }
}

fn check_constraints(constraints: &Constraints, value: &Value, pointer: &str, out: &mut Vec<Failure>) {
    let Constraints {
        min_length,
        max_length,
        pattern: _,
        format: _,
        minimum,
        maximum,
        exclusive_minimum,
        exclusive_maximum,
        multiple_of,
        min_items,
        max_items,
        unique_items,
        allowed,
        constant,
        untyped: _,
    } = constraints;
    // NOTE: `pattern`, `format` and the JSON-checked keywords (`not`, `patternProperties` and the
    // like) are not checked here, because codegen has no regex engine and
    // most formats Qlik uses (`uid`, `url`) have no standard definition.
    if let Some(text) = value.as_str() {
        let length = text.chars().count() as u64;
        if min_length.is_some_and(|min| length < min) {
            fail(out, pointer, format!("the string is {length} characters long, shorter than minLength"));
        }
        if max_length.is_some_and(|max| length > max) {
            fail(out, pointer, format!("the string is {length} characters long, longer than maxLength"));
        }
    }
    if let Some(number) = value.as_f64() {
        let checks = [
            (minimum.is_some_and(|min| number < min), "below minimum"),
            (maximum.is_some_and(|max| number > max), "above maximum"),
            (exclusive_minimum.is_some_and(|min| number <= min), "not above exclusiveMinimum"),
            (exclusive_maximum.is_some_and(|max| number >= max), "not below exclusiveMaximum"),
            (multiple_of.is_some_and(|step| (number / step).fract() != 0.0), "not a multiple of multipleOf"),
        ];
        for (failed, reason) in checks {
            if failed {
                fail(out, pointer, format!("{value} is {reason}"));
            }
        }
    }
    if let Some(items) = value.as_array() {
        let count = items.len() as u64;
        if min_items.is_some_and(|min| count < min) {
            fail(out, pointer, format!("the array has {count} items, fewer than minItems"));
        }
        if max_items.is_some_and(|max| count > max) {
            fail(out, pointer, format!("the array has {count} items, more than maxItems"));
        }
        let repeated = items.iter().enumerate().any(|(index, item)| items[..index].contains(item));
        if *unique_items && repeated {
            fail(out, pointer, "the array repeats an item, but uniqueItems is set");
        }
    }
    if let Some(allowed) = allowed.as_ref().filter(|allowed| !allowed.contains(value)) {
        let listed: Vec<String> = allowed.iter().map(Value::to_string).collect();
        fail(out, pointer, format!("{} is not one of the enum values {}", short(value), listed.join(", ")));
    }
    if let Some(constant) = constant.as_ref().filter(|constant| *constant != value) {
        fail(out, pointer, format!("{} is not the const value {constant}", short(value)));
    }
}

fn check_object(channel: &Channel, object: &ObjectDef, value: &Value, pointer: &str, out: &mut Vec<Failure>) {
    let ObjectDef { fields, additional, additional_field: _, min_properties, max_properties } = object;
    let Some(entries) = value.as_object() else {
        fail(out, pointer, format!("expected an object, found {}", short(value)));
        return;
    };
    for field in fields {
        match entries.get(&field.wire_name) {
            Some(entry) => {
                check_value(channel, &field.schema, entry, &resolve::push_pointer(pointer, &field.wire_name), out)
            }
            None if field.required => {
                fail(out, pointer, format!("the required property `{}` is missing", field.wire_name));
            }
            None => {}
        }
    }
    for (key, entry) in entries {
        if fields.iter().any(|field| field.wire_name == *key) {
            continue;
        }
        match additional {
            Additional::Keep => {}
            Additional::Deny => fail(
                out,
                &resolve::push_pointer(pointer, key),
                "the property is not allowed (additionalProperties: false)",
            ),
            Additional::Typed(schema) => check_value(channel, schema, entry, &resolve::push_pointer(pointer, key), out),
        }
    }
    let count = entries.len() as u64;
    if min_properties.is_some_and(|min| count < min) {
        fail(out, pointer, format!("the object has {count} properties, fewer than minProperties"));
    }
    if max_properties.is_some_and(|max| count > max) {
        fail(out, pointer, format!("the object has {count} properties, more than maxProperties"));
    }
}

fn check_enum(def: &EnumDef, value: &Value, pointer: &str, out: &mut Vec<Failure>) {
    let EnumDef { variants, other_variant: _ } = def;
    match value.as_str() {
        Some(text) if variants.iter().any(|variant| variant.value == text) => {}
        Some(text) => {
            let listed: Vec<&str> = variants.iter().map(|variant| variant.value.as_str()).collect();
            fail(out, pointer, format!("{text:?} is not one of {}", listed.join(", ")));
        }
        None => fail(out, pointer, format!("expected a string, found {}", short(value))),
    }
}

fn check_union(channel: &Channel, union: &UnionDef, value: &Value, pointer: &str, out: &mut Vec<Failure>) {
    let UnionDef { keyword, variants, tag: _ } = union;
    let mut branch_failures = Vec::with_capacity(variants.len());
    for variant in variants {
        let mut failures = Vec::new();
        check_value(channel, &variant.schema, value, pointer, &mut failures);
        branch_failures.push((variant.rust_name.as_str(), failures));
    }
    let matching: Vec<&str> =
        branch_failures.iter().filter(|(_, failures)| failures.is_empty()).map(|(name, _)| *name).collect();
    match (keyword, matching.len()) {
        (UnionKeyword::OneOf, 1) | (UnionKeyword::AnyOf, 1..) => {}
        (UnionKeyword::OneOf, 2..) => {
            fail(out, pointer, format!("the value matches more than one oneOf branch: {}", matching.join(", ")));
        }
        (_, _) => {
            fail(out, pointer, "the value matches no branch of the union");
            for (name, failures) in branch_failures {
                for Failure { pointer, reason } in failures {
                    fail(out, &pointer, format!("{reason} (branch {name})"));
                }
            }
        }
    }
}

/// Shortens a JSON value for a message.
fn short(value: &Value) -> String {
    match value {
        Value::Object(_) => "an object".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        other => other.to_string(),
    }
}
