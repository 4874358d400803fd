//! Emits the `object!` declaration of a struct: one line per property, from which the run-time
//! support's macro (`generated/src/support/object.rs`) expands the serde impls and both
//! validation paths at compile time.
//!
//! The declaration is laid out here, as text, because prettyplease prints a macro's body as a
//! run of tokens filled to the line width. Writing it as text also spares the generator the cost
//! of building, parsing and printing the impls, which took most of its time.

use heck::ToSnakeCase;
use proc_macro2::Literal;
use quote::quote;

use super::enums::string_enum_declaration;
use super::types::owned_value_type;
use super::validate::{Emitter, enum_lists};
use crate::model::{Additional, Event, Field, FieldRole, ObjectDef, Schema, Ty, TypeDef, TypeId, TypeKind};

/// The width that prettyplease fills, which the declarations keep to where they can.
const LINE_WIDTH: usize = 100;

/// Returns the declaration of the type `id`: `object!` for an object, `string_enum!` for a string
/// enum. A union has none, and neither has an object that uses what the macro does not cover: a
/// schema for `additionalProperties`, `minProperties` or `maxProperties`, or an optional
/// CloudEvents `type`. Such types get hand-rolled impls.
pub fn declaration(emitter: &mut Emitter, id: TypeId, def: &TypeDef, event: Option<&Event>) -> Option<String> {
    let TypeDef { rust_name, schema_name: _, description: _, pointer: _, kind } = def;
    let object = match kind {
        TypeKind::Object(object) => object,
        TypeKind::Enum(values) => return Some(string_enum_declaration(rust_name, values)),
        TypeKind::Union(_) => return None,
    };
    let ObjectDef { fields, additional, additional_field, min_properties, max_properties } = object;
    let event_type = fields.iter().position(|field| field.role == FieldRole::EventType);
    let covered = min_properties.is_none()
        && max_properties.is_none()
        && match additional {
            Additional::Keep => true,
            // `matches!` with no keys does not parse, so an object that denies every key keeps its impls.
            Additional::Deny => fields.iter().any(|field| field.role == FieldRole::Plain),
            Additional::Typed(_) => false,
        }
        && event_type.is_none_or(|index| fields[index].required);
    // NOTE: the impls of uncovered objects in `types.rs` repeat what the macro expands. The
    // grammar could grow a typed `additionalProperties` and property counts to remove them.
    if !covered {
        return None;
    }

    let expecting = match event {
        Some(event) => format!("a `{}` event as a JSON object", event.event_type),
        None => format!("a {rust_name} as a JSON object"),
    };
    let name = format!("{rust_name}, {},", string_literal(&expecting));
    let mut header = match additional {
        Additional::Keep => format!("keep {additional_field}"),
        Additional::Deny | Additional::Typed(_) => "deny".to_owned(),
    };
    if let Some(index) = event_type {
        let position = match index.checked_sub(1) {
            Some(previous) => format!("after {}", string_literal(&fields[previous].wire_name)),
            None => "first".to_owned(),
        };
        let name = format!("{}_type", rust_name.to_snake_case());
        let check = property_check(emitter, Some(id), &fields[index].schema, &name, false);
        header.push_str(&format!(", type {position} {check}"));
    }

    // A header longer than the line width continues on a second line, indented once more.
    let separator = if name.len() + header.len() + 6 > LINE_WIDTH { "\n        " } else { " " };
    let mut text = format!("crate::support::object! {{\n    {name}{separator}{header};\n");
    for field in fields.iter().filter(|field| field.role == FieldRole::Plain) {
        text.push_str(&entry(emitter, id, rust_name, field));
    }
    text.push_str("}\n");
    Some(text)
}

/// Returns the line of one property, such as `"id" => id: required string(STRING_MIN_LENGTH_1);`.
fn entry(emitter: &mut Emitter, owner: TypeId, owner_name: &str, field: &Field) -> String {
    let Field { wire_name, rust_name, description: _, required, role: _, schema, metadata: _, deprecated: _ } = field;
    let presence = if *required { "required" } else { "optional" };
    let name = format!("{}_{}", owner_name.to_snake_case(), rust_name.trim_start_matches("r#"));
    let check = property_check(emitter, Some(owner), schema, &name, true);
    format!("    {} => {rust_name}: {presence} {check};\n", string_literal(wire_name))
}

/// Returns the check of a value of `schema` in the macro's grammar. A shape that the grammar has
/// no word for becomes `custom`, with functions that the validator emitter writes, named after
/// `name`, the type and property. `typed` is false for the CloudEvents `type`, which is checked
/// only on the JSON path.
fn property_check(emitter: &mut Emitter, owner: Option<TypeId>, schema: &Schema, name: &str, typed: bool) -> String {
    if let Some(check) = simple_check(emitter, schema) {
        return check;
    }
    let typed_checks = if typed { emitter.typed(schema) } else { Default::default() };
    let json_checks = emitter.json(schema);
    let typed_name = if typed_checks.is_empty() {
        "_".to_owned()
    } else {
        let value = owned_value_type(emitter.channel(), owner, schema);
        emitter.helper_function(&format!("check_{name}_typed"), quote! { &#value }, typed_checks).to_string()
    };
    let json_name = emitter.helper_function(&format!("check_{name}_json"), quote! { &serde_json::Value }, json_checks);
    format!("custom({typed_name}, {json_name})")
}

/// Returns the check of `schema` when the grammar has a word for it: a string, number, boolean,
/// named type or array of those, with their keywords, possibly nullable.
fn simple_check(emitter: &mut Emitter, schema: &Schema) -> Option<String> {
    // A `serde_json::Value` can be `null` itself, so a nullable one is not wrapped in an `Option`.
    if schema.nullable && schema.ty != Ty::Any {
        let value = Schema { nullable: false, ..schema.clone() };
        return Some(format!("nullable({})", simple_check(emitter, &value)?));
    }
    let constraints = &schema.constraints;
    if !enum_lists(constraints).is_empty() && !emitter.enum_checked_by_type(schema) {
        return None;
    }
    let with_rules = |word: &str, rules: Option<proc_macro2::TokenStream>| match rules {
        Some(rules) => format!("{word}({rules})"),
        None => format!("{word}()"),
    };
    Some(match &schema.ty {
        Ty::String => with_rules("string", emitter.string_rules(constraints)),
        Ty::Integer => with_rules("integer", emitter.number_rules(constraints)),
        Ty::Number => with_rules("number", emitter.number_rules(constraints)),
        Ty::Boolean => "boolean()".to_owned(),
        Ty::Named(id) => format!("named({})", emitter.channel().type_def(*id).rust_name),
        Ty::Array(items) => {
            // Decoded `serde_json::Value` items compare with `==`, which distinguishes `1` from `1.0`.
            if constraints.unique_items && items.ty == Ty::Any {
                return None;
            }
            let item = simple_check(emitter, items)?;
            let count = |bound: Option<u64>| bound.map_or_else(|| "None".to_owned(), |bound| format!("Some({bound})"));
            format!(
                "array({}, {}, {}, {item})",
                count(constraints.min_items),
                count(constraints.max_items),
                constraints.unique_items
            )
        }
        Ty::Any if *constraints == Default::default() => "any()".to_owned(),
        Ty::Any | Ty::Map(_) => return None,
    })
}

/// Returns a Rust string literal of `text`, escaped as the tokens would print it.
fn string_literal(text: &str) -> String {
    Literal::string(text).to_string()
}
