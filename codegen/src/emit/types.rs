//! Emits one Rust type per [`TypeDef`]: the struct with rustdoc, its inherent impls, and, for an
//! object that no `object!` declaration covers, hand-rolled serde impls that keep unknown
//! properties and, for event payloads, tie the struct to its CloudEvents type.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::enums;
use super::examples::event_examples;
use super::markdown::code_span;
use super::rust::{deprecated_attribute, doc, ident, paragraphs, scalar_literal, spec_markdown};
use super::{EmitOptions, Part};
use crate::model::{Additional, Channel, Event, Field, FieldRole, ObjectDef, Schema, Ty, TypeDef, TypeId, TypeKind};

/// How a field is stored in its struct.
enum Storage {
    /// Required: a missing key is an error.
    Required,
    /// Optional, with a spec default that the `<field>_or_default()` getter fills in. The field
    /// stays `None` when the key is missing, so an event encodes back to exactly what arrived.
    Defaulted(TokenStream),
    /// Optional without a usable default: `None` when the key is missing, and left out on output.
    Optional,
}

fn storage(field: &Field) -> Storage {
    if field.required {
        return Storage::Required;
    }
    // Only scalar defaults are applied; others stay documented annotations.
    let literal = field
        .schema
        .default
        .as_ref()
        .filter(|_| !field.schema.nullable)
        .and_then(|value| default_literal(value, &field.schema));
    match literal {
        Some(literal) => Storage::Defaulted(literal),
        None => Storage::Optional,
    }
}

/// Renders a scalar default as a Rust expression of the field's type, or `None` when the default
/// does not fit the type (an object default, or a float for an integer).
fn default_literal(value: &serde_json::Value, schema: &Schema) -> Option<TokenStream> {
    use serde_json::Value;
    match (&schema.ty, value) {
        (Ty::String, Value::String(_)) | (Ty::Boolean, Value::Bool(_)) => scalar_literal(value, &schema.ty),
        (Ty::Integer, Value::Number(number)) => {
            let int = number.as_i64()?;
            if integer_is_32_bit(schema) && i32::try_from(int).is_err() {
                return None;
            }
            let literal = Literal::i64_unsuffixed(int);
            Some(quote! { #literal })
        }
        (Ty::Number, Value::Number(number)) => match number.as_i64() {
            Some(int) => Some(quote! { serde_json::Number::from(#int) }),
            None => {
                let float = Literal::f64_unsuffixed(number.as_f64()?);
                Some(quote! { serde_json::Number::from_f64(#float).expect("a JSON number is finite") })
            }
        },
        _ => None,
    }
}

/// Returns whether an integer schema has `format: int32`. Every other integer is an `i64`.
fn integer_is_32_bit(schema: &Schema) -> bool {
    schema.constraints.format.as_deref() == Some("int32")
}

/// Returns the Rust type of a value of `schema`, with `Option` for a nullable value.
pub fn value_type(channel: &Channel, schema: &Schema) -> TokenStream {
    owned_value_type(channel, None, schema)
}

/// Returns the Rust type of a value of `schema` held by the type `owner`, boxing a named type that
/// leads back to the owner, because a recursive type needs the indirection to have a size.
pub fn owned_value_type(channel: &Channel, owner: Option<TypeId>, schema: &Schema) -> TokenStream {
    let base = match &schema.ty {
        Ty::String => quote! { String },
        Ty::Integer if integer_is_32_bit(schema) => quote! { i32 },
        Ty::Integer => quote! { i64 },
        // A JSON number, not `f64`, so `42` re-encodes as `42` and not `42.0`.
        Ty::Number => quote! { serde_json::Number },
        Ty::Boolean => quote! { bool },
        Ty::Any => return quote! { serde_json::Value },
        Ty::Array(items) => {
            let item = value_type(channel, items);
            quote! { Vec<#item> }
        }
        Ty::Map(values) => {
            let value = value_type(channel, values);
            quote! { std::collections::BTreeMap<String, #value> }
        }
        Ty::Named(id) => {
            let name = ident(&channel.type_def(*id).rust_name);
            if owner.is_some_and(|owner| channel.needs_box(owner, *id)) {
                quote! { Box<#name> }
            } else {
                quote! { #name }
            }
        }
    };
    if schema.nullable {
        quote! { Option<#base> }
    } else {
        base
    }
}

/// Returns the index of `def` in the channel's types.
fn type_id(channel: &Channel, def: &TypeDef) -> Option<TypeId> {
    channel.types.iter().position(|candidate| std::ptr::eq(candidate, def)).map(TypeId)
}

/// Emits the type definition and its impls. `options` names the crate in the event's doctest.
/// With `declared`, an `object!` declaration implements serde for the struct, so only the struct
/// and its inherent impls are emitted here.
pub fn type_def(
    channel: &Channel,
    def: &TypeDef,
    event: Option<&Event>,
    options: &EmitOptions,
    declared: bool,
) -> Vec<Part> {
    let TypeDef { rust_name, schema_name: _, description, pointer: _, kind } = def;
    let owner = type_id(channel, def);
    let escaped = description.as_deref().map(spec_markdown);
    match kind {
        TypeKind::Object(object) => {
            let context = ObjectContext { owner, event, options, declared };
            object_type(channel, rust_name, description.as_deref(), object, &context)
        }
        TypeKind::Enum(values) => vec![enums::string_enum(rust_name, escaped.as_deref(), values)],
        TypeKind::Union(union) => {
            vec![Part::Tokens(enums::union(channel, owner, rust_name, escaped.as_deref(), union))]
        }
    }
}

/// What an object type's emission depends on besides its definition.
struct ObjectContext<'a> {
    owner: Option<TypeId>,
    event: Option<&'a Event>,
    options: &'a EmitOptions,
    /// An `object!` declaration implements serde for the struct.
    declared: bool,
}

fn object_type(
    channel: &Channel,
    rust_name: &str,
    description: Option<&str>,
    object: &ObjectDef,
    context: &ObjectContext,
) -> Vec<Part> {
    let ObjectContext { owner, event, options, declared } = *context;
    let ObjectDef { fields, additional, additional_field, min_properties: _, max_properties: _ } = object;
    let name = ident(rust_name);
    let stored: Vec<&Field> = fields.iter().filter(|field| field.role == FieldRole::Plain).collect();

    let docs = match event {
        Some(event) => event_docs(channel, event, options),
        None => description.map(spec_markdown).unwrap_or_else(|| rust_name.to_owned()),
    };
    let deprecated = event.and_then(|event| event.deprecated.as_ref()).map(deprecated_attribute);
    let (field_defs, mut member_docs): (Vec<TokenStream>, Vec<String>) =
        stored.iter().map(|field| field_definition(channel, owner, field)).unzip();
    let keep_unknown = !matches!(additional, Additional::Deny);
    let additional_ident = ident(additional_field);
    let additional_def = match additional {
        Additional::Keep => {
            member_docs.push(
                if event.is_some() {
                    "Attributes that the spec does not define, such as CloudEvents extensions, kept in the order received."
                } else {
                    "Properties that the spec does not define, kept in the order received."
                }
                .to_owned(),
            );
            Some(quote! { pub #additional_ident: serde_json::Map<String, serde_json::Value>, })
        }
        Additional::Typed(values) => {
            let value = owned_value_type(channel, owner, values);
            member_docs.push(
                "Properties that the spec does not name, each checked against `additionalProperties`, sorted by key."
                    .to_owned(),
            );
            Some(quote! { pub #additional_ident: std::collections::BTreeMap<String, #value>, })
        }
        Additional::Deny => None,
    };
    let getters = default_getters(channel, owner, rust_name, fields);
    let type_const = event.map(|event| {
        let event_type = &event.event_type;
        let text = doc(&format!("The CloudEvents `type` of this event: `{event_type}`."));
        quote! {
            impl #name {
                #text
                pub const TYPE: &'static str = #event_type;
            }
        }
    });
    let definition = Part::Documented {
        tokens: quote! {
            #deprecated
            #[derive(Debug, Clone, PartialEq)]
            pub struct #name {
                #( #field_defs )*
                #additional_def
            }
        },
        docs,
        member_docs,
    };
    if declared {
        return vec![definition, Part::Tokens(quote! { #type_const #getters })];
    }
    let serialize = serialize_impl(rust_name, fields, keep_unknown.then_some(additional_field.as_str()));
    let additional_init = match additional {
        Additional::Keep => quote! { serde_json::Map::new() },
        Additional::Typed(_) => quote! { std::collections::BTreeMap::new() },
        Additional::Deny => TokenStream::new(),
    };
    let deserialize = deserialize_impl(
        channel,
        owner,
        rust_name,
        fields,
        keep_unknown.then_some((additional_field.as_str(), additional_init)),
        event,
    );

    vec![definition, Part::Tokens(quote! { #type_const #getters #serialize #deserialize })]
}

fn event_docs(channel: &Channel, event: &Event, options: &EmitOptions) -> String {
    let Event { event_type, title, description, visibility, stability, action, .. } = event;
    let mut facts =
        vec![format!("- CloudEvents type: {}", code_span(event_type)), format!("- Action: {}", code_span(action))];
    if let Some(visibility) = visibility {
        facts.push(format!("- Visibility: {}", code_span(visibility)));
    }
    if let Some(stability) = stability {
        facts.push(format!("- Stability: {}", code_span(stability)));
    }
    let title = title.as_deref().map(spec_markdown);
    let description = description.as_deref().map(spec_markdown);
    let examples = event_examples(channel, event, options);
    paragraphs([title.as_deref(), description.as_deref(), Some(&facts.join("\n")), examples.as_deref()])
}

/// Returns the definition of a struct field and its docs.
fn field_definition(channel: &Channel, owner: Option<TypeId>, field: &Field) -> (TokenStream, String) {
    let Field { wire_name, rust_name, description, required: _, role: _, schema, metadata, deprecated } = field;
    let name = ident(rust_name);
    let value = owned_value_type(channel, owner, schema);
    let ty = match storage(field) {
        Storage::Required => value,
        Storage::Defaulted(_) | Storage::Optional => quote! { Option<#value> },
    };
    let description = description.as_deref().map(spec_markdown);
    let wire = format!("JSON key: {}.", code_span(wire_name));
    let default_note = match (&schema.default, storage(field)) {
        (Some(default), Storage::Defaulted(_)) => Some(format!(
            "Defaults to {} when the key is missing, which `{}_or_default()` applies.",
            code_span(&default.to_string()),
            rust_name.trim_start_matches("r#")
        )),
        _ => None,
    };
    let null_note = match (schema.nullable, storage(field)) {
        (true, Storage::Optional) => Some("`None` when the key is missing, `Some(None)` when the value is `null`."),
        (true, _) => Some("`None` when the value is `null`; the key itself is required."),
        (false, _) => None,
    };
    let format_note = schema
        .constraints
        .format
        .as_deref()
        .filter(|format| !super::validate::KNOWN_FORMATS.contains(format))
        .map(|format| format!("The format {} is an annotation: validation does not check it.", code_span(format)));
    // The same keywords that the reference page lists for the property, such as `minLength = 1`.
    let metadata_note = (!metadata.is_empty()).then(|| {
        let entries: Vec<String> = metadata.iter().map(|(key, value)| code_span(&format!("{key} = {value}"))).collect();
        format!("Metadata: {}.", entries.join(", "))
    });
    let docs = paragraphs([
        description.as_deref(),
        Some(wire.as_str()),
        metadata_note.as_deref(),
        default_note.as_deref(),
        null_note,
        format_note.as_deref(),
    ]);
    let deprecated = deprecated.as_ref().map(deprecated_attribute);
    let definition = quote! {
        #deprecated
        pub #name: #ty,
    };
    (definition, docs)
}

/// Emits a `<field>_or_default()` getter for each optional field with a scalar spec default.
fn default_getters(channel: &Channel, owner: Option<TypeId>, rust_name: &str, fields: &[Field]) -> TokenStream {
    let getters: Vec<TokenStream> = fields
        .iter()
        .filter(|field| field.role == FieldRole::Plain)
        .filter_map(|field| {
            let Storage::Defaulted(default) = storage(field) else { return None };
            let member = ident(&field.rust_name);
            let getter = ident(&format!("{}_or_default", field.rust_name.trim_start_matches("r#")));
            let text = doc(&format!(
                "Returns {}, or the spec's default {} when the key was missing.",
                code_span(&field.wire_name),
                code_span(&field.schema.default.as_ref().map(ToString::to_string).unwrap_or_default())
            ));
            let value = owned_value_type(channel, owner, &field.schema);
            Some(match &field.schema.ty {
                Ty::String => {
                    let text_default =
                        field.schema.default.as_ref().and_then(|value| value.as_str()).unwrap_or_default();
                    quote! {
                        #text
                        pub fn #getter(&self) -> &str {
                            self.#member.as_deref().unwrap_or(#text_default)
                        }
                    }
                }
                Ty::Number => quote! {
                    #text
                    pub fn #getter(&self) -> #value {
                        self.#member.clone().unwrap_or_else(|| #default)
                    }
                },
                _ => quote! {
                    #text
                    pub fn #getter(&self) -> #value {
                        self.#member.unwrap_or(#default)
                    }
                },
            })
        })
        .collect();
    if getters.is_empty() {
        return TokenStream::new();
    }
    let name = ident(rust_name);
    quote! {
        impl #name {
            #( #getters )*
        }
    }
}

fn serialize_impl(rust_name: &str, fields: &[Field], additional_field: Option<&str>) -> TokenStream {
    let name = ident(rust_name);
    let entries = fields.iter().map(|field| {
        let key = &field.wire_name;
        let member = ident(&field.rust_name);
        match (field.role, storage(field)) {
            (FieldRole::EventType, _) => quote! { map.serialize_entry(#key, Self::TYPE)?; },
            (FieldRole::Plain, Storage::Optional | Storage::Defaulted(_)) => quote! {
                if let Some(value) = &self.#member {
                    map.serialize_entry(#key, value)?;
                }
            },
            (FieldRole::Plain, Storage::Required) => quote! { map.serialize_entry(#key, &self.#member)?; },
        }
    });
    let additional = additional_field.map(|field| {
        let member = ident(field);
        quote! {
            for (key, value) in &self.#member {
                map.serialize_entry(key, value)?;
            }
        }
    });
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                #( #entries )*
                #additional
                map.end()
            }
        }
    }
}

fn deserialize_impl(
    channel: &Channel,
    owner: Option<TypeId>,
    rust_name: &str,
    fields: &[Field],
    additional: Option<(&str, TokenStream)>,
    event: Option<&Event>,
) -> TokenStream {
    let additional_field = additional.as_ref().map(|(field, _)| *field);
    let name = ident(rust_name);
    let expecting = match event {
        Some(event) => format!("a `{}` event as a JSON object", event.event_type),
        None => format!("a {rust_name} as a JSON object"),
    };
    let stored: Vec<&Field> = fields.iter().filter(|field| field.role == FieldRole::Plain).collect();
    let slots = stored.iter().map(|field| {
        let slot = ident(&format!("slot_{}", field.rust_name.trim_start_matches("r#")));
        let value = owned_value_type(channel, owner, &field.schema);
        quote! { let mut #slot: Option<#value> = None; }
    });

    let arms = fields.iter().map(|field| {
        let key = &field.wire_name;
        if field.role == FieldRole::EventType {
            return quote! {
                #key => {
                    let value: de::Key<'de> = map.next_value()?;
                    if value.as_str() != Self::TYPE {
                        return Err(serde::de::Error::invalid_value(serde::de::Unexpected::Str(value.as_str()), &Self::TYPE));
                    }
                    type_seen = true;
                }
            };
        }
        let slot = ident(&format!("slot_{}", field.rust_name.trim_start_matches("r#")));
        quote! { #key => de::set_once(&mut #slot, map.next_value()?, #key)?, }
    });
    let unknown_arm = match additional_field {
        Some(field) => {
            let member = ident(field);
            quote! {
                _ => {
                    let value = map.next_value()?;
                    #member.insert(key.into_owned(), value);
                }
            }
        }
        None => {
            let known: Vec<&str> = fields.iter().map(|field| field.wire_name.as_str()).collect();
            quote! {
                _ => return Err(serde::de::Error::unknown_field(key.as_str(), &[#( #known ),*])),
            }
        }
    };
    let additional_init = additional.as_ref().map(|(field, init)| {
        let member = ident(field);
        quote! { let mut #member = #init; }
    });
    let additional_member = additional_field.map(|field| {
        let member = ident(field);
        quote! { #member, }
    });
    let type_check = event.map(|_| {
        quote! {
            if !type_seen {
                return Err(serde::de::Error::missing_field("type"));
            }
        }
    });
    let type_init = event.map(|_| quote! { let mut type_seen = false; });

    let members = stored.iter().map(|field| {
        let member = ident(&field.rust_name);
        let slot = ident(&format!("slot_{}", field.rust_name.trim_start_matches("r#")));
        let key = &field.wire_name;
        match storage(field) {
            Storage::Required => quote! { #member: de::required(#slot, #key)?, },
            Storage::Defaulted(_) | Storage::Optional => quote! { #member: #slot, },
        }
    });

    quote! {
        impl<'de> de::FromMap<'de> for #name {
            const EXPECTING: &'static str = #expecting;

            fn from_map<A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #( #slots )*
                #additional_init
                #type_init
                while let Some(key) = map.next_key::<de::Key<'de>>()? {
                    match key.as_str() {
                        #( #arms )*
                        #unknown_arm
                    }
                }
                #type_check
                Ok(#name {
                    #( #members )*
                    #additional_member
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                de::deserialize_map(deserializer)
            }
        }
    }
}
