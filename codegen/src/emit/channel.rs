//! Emits a channel's module (its types and the enum over its events) and the root module that
//! declares every channel.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::EmitOptions;
use super::markdown::code_span;
use super::rust::{deprecated_attribute, doc, ident, inner_doc, paragraphs, spec_markdown};
use super::{Part, object, types, validate};
use crate::model::{Channel, Event, Model, TypeKind};

/// Emits `src/events/<module>.rs` for one channel.
pub fn channel_module(channel: &Channel, options: &EmitOptions) -> Vec<Part> {
    let module_docs = inner_doc(&paragraphs([
        Some(channel_summary(channel).as_str()),
        channel.description.as_deref().map(spec_markdown).as_deref(),
    ]));
    let mut validators = validate::Emitter::new(channel);
    let mut types = Vec::new();
    let mut declared = Vec::new();
    for id in channel.reachable_types() {
        let def = channel.type_def(id);
        let event = channel.events.iter().find(|event| event.payload == id);
        let declaration = object::declaration(&mut validators, id, def, event);
        types.extend(types::type_def(channel, def, event, options, declaration.is_some()));
        if let Some(declaration) = declaration {
            types.push(Part::Text(declaration));
            declared.push(id);
        }
    }
    let channel_enum = channel_enum(channel);
    let validators = validators.finish(&declared);
    // Deprecated items are marked so that users of the crate get a warning. The module's own impls
    // and the channel enum must still name them, and those uses are not what the warning is for.
    let allow_deprecated = has_deprecated(channel).then(|| quote! { #![allow(deprecated)] });
    // Objects without a declaration decode through the short `de::` path.
    let decodes_through_de = channel
        .reachable_types()
        .into_iter()
        .any(|id| matches!(channel.type_def(id).kind, TypeKind::Object(_)) && !declared.contains(&id));
    let use_de = decodes_through_de.then(|| quote! { use crate::support::de; });

    // Event structs differ in size, and boxing every variant would cost an allocation per event
    // for no gain, since an event is moved a few times at most.
    // Validators nest one check per schema layer (optional, then nullable, then the value), and
    // merging layers would tie each template to its neighbours, so clippy's collapsing lint is off.
    let head = quote! {
        #module_docs
        #![allow(clippy::large_enum_variant, clippy::collapsible_match)]
        #allow_deprecated

        #use_de

        #channel_enum
    };
    let mut parts = vec![Part::Tokens(head)];
    parts.extend(types);
    parts.push(Part::Tokens(validators));
    parts
}

/// Returns the first line of the channel's docs, such as "Events of the `a.b` channel: Title.".
fn channel_summary(channel: &Channel) -> String {
    format!("Events of the {} channel: {}.", code_span(&channel.address), spec_markdown(&channel.title))
}

/// Tells whether any event or field of the channel is deprecated.
fn has_deprecated(channel: &Channel) -> bool {
    let event_deprecated = channel.events.iter().any(|event| event.deprecated.is_some());
    let field_deprecated = channel.types.iter().any(|def| match &def.kind {
        TypeKind::Object(object) => object.fields.iter().any(|field| field.deprecated.is_some()),
        TypeKind::Enum(_) | TypeKind::Union(_) => false,
    });
    event_deprecated || field_deprecated
}

fn channel_enum(channel: &Channel) -> TokenStream {
    let address = &channel.address;
    let variants = channel
        .events
        .iter()
        .map(|event| {
            let variant = ident(&event.rust_name);
            let title = event.title.as_deref().map(spec_markdown).unwrap_or_else(|| event.rust_name.clone());
            EnumEvent {
                docs: format!("{}: {title}", code_span(&event.event_type)),
                deprecated: event.deprecated.as_ref().map(deprecated_attribute),
                path: quote! { #variant },
                variant,
            }
        })
        .collect();
    event_enum(&EventEnum {
        name: ident(&channel.enum_name),
        docs: format!(
            "An event of the `{address}` channel, picked by its CloudEvents `type`.\n\n\
             Deserializing reads `type` first and then the rest of the event straight into the struct of that \
             type. An event of a type that this crate does not know becomes [`{}::Unknown`], kept whole.",
            channel.enum_name
        ),
        event_types_docs: "The CloudEvents types of the events that the spec defines for this channel.",
        from_slice_docs: "Parses an event from JSON bytes, such as the body of a webhook request, without\n\
                          checking it against the spec.",
        expecting: format!("a CloudEvents event of the `{address}` channel as a JSON object"),
        variants,
    })
}

/// An enum over events that dispatches on the CloudEvents `type`: a channel's enum or the crate's.
struct EventEnum {
    name: Ident,
    docs: String,
    event_types_docs: &'static str,
    /// The first paragraph of the docs of `from_slice`.
    from_slice_docs: &'static str,
    /// The description of the expected input, for the message when the input is not an object.
    expecting: String,
    variants: Vec<EnumEvent>,
}

/// One variant of an [`EventEnum`].
struct EnumEvent {
    variant: Ident,
    /// The path of the event's struct from the enum's module.
    path: TokenStream,
    docs: String,
    deprecated: Option<TokenStream>,
}

/// Emits an enum over events with its `Unknown` variant, `EVENT_TYPES`, `event_type`,
/// `from_slice`, and its `Serialize` and `Deserialize` impls.
fn event_enum(spec: &EventEnum) -> TokenStream {
    let EventEnum { name, docs, event_types_docs, from_slice_docs, expecting, variants } = spec;
    let enum_docs = doc(docs);
    let variant_defs = variants.iter().map(|EnumEvent { variant, path, docs, deprecated }| {
        let text = doc(docs);
        quote! {
            #text
            #deprecated
            #variant(#path),
        }
    });
    let type_arms = variants.iter().map(|EnumEvent { variant, path, .. }| quote! { Self::#variant(_) => #path::TYPE, });
    let serialize_arms = variants
        .iter()
        .map(|EnumEvent { variant, .. }| quote! { Self::#variant(event) => event.serialize(serializer), });
    let dispatch_arms = variants.iter().map(|EnumEvent { variant, path, .. }| {
        quote! { #path::TYPE => #path::from_map(map).map(Self::#variant), }
    });
    let event_types = variants.iter().map(|EnumEvent { path, .. }| quote! { #path::TYPE });
    let event_types_docs = doc(event_types_docs);
    let from_slice_docs = doc(&format!(
        "{from_slice_docs}\n\nA scan of the bytes finds `type`, and the event is decoded straight into the struct of\n\
         that type. When the scan cannot tell, this decodes as `Deserialize` does."
    ));
    let from_slice_body =
        scan_dispatch(variants.iter().map(|EnumEvent { variant, path, .. }| (path.clone(), quote! { Self::#variant })));

    quote! {
        #enum_docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variant_defs )*
            /// An event of a type that this crate does not know, kept whole.
            Unknown(crate::support::UnknownEvent),
        }

        impl #name {
            #event_types_docs
            pub const EVENT_TYPES: &'static [&'static str] = &[#( #event_types ),*];

            /// Returns the CloudEvents `type` of the event.
            pub fn event_type(&self) -> &str {
                match self {
                    #( #type_arms )*
                    Self::Unknown(event) => event.event_type(),
                }
            }

            #from_slice_docs
            pub fn from_slice(bytes: &[u8]) -> Result<Self, serde_json::Error> {
                #from_slice_body
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( #serialize_arms )*
                    Self::Unknown(event) => event.serialize(serializer),
                }
            }
        }

        impl<'de> crate::support::de::FromMap<'de> for #name {
            const EXPECTING: &'static str = #expecting;

            fn from_map<A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                let map = crate::support::de::read_event_type(map)?;
                let event_type = map.event_type().clone();
                match event_type.as_str() {
                    #( #dispatch_arms )*
                    _ => crate::support::UnknownEvent::from_map(map).map(Self::Unknown),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::support::de::deserialize_map(deserializer)
            }
        }
    }
}

/// Emits the body of a `from_slice` that decodes straight into the struct whose `TYPE` the scan of
/// the bytes finds. Each item of `events` is the struct's path and the variant that wraps it. An
/// unknown or undecided type goes through `Deserialize`, which buffers the attributes before `type`.
fn scan_dispatch(events: impl Iterator<Item = (TokenStream, TokenStream)>) -> TokenStream {
    let arms: Vec<TokenStream> = events
        .map(|(path, variant)| quote! { Some(#path::TYPE) => crate::support::de::from_bytes(bytes).map(#variant), })
        .collect();
    if arms.is_empty() {
        return quote! { crate::support::de::from_bytes(bytes) };
    }
    quote! {
        match crate::support::scan::event_type(bytes) {
            #( #arms )*
            _ => crate::support::de::from_bytes(bytes),
        }
    }
}

/// Emits `src/events/mod.rs`, which declares each channel's module and the crate-level `Event`
/// enum over the events of every channel.
pub fn root_module(model: &Model) -> TokenStream {
    // Each module's file opens with its own summary, which rustdoc would repeat after an outer doc.
    let modules = model.channels.iter().map(|channel| {
        let module = ident(&channel.module);
        quote! { pub mod #module; }
    });
    let crate_enum = crate_enum(model);
    // The crate enum names deprecated events too; see the note in `channel_module`.
    let allow_deprecated = model.channels.iter().any(has_deprecated).then(|| quote! { #![allow(deprecated)] });
    // Event structs differ in size; see the note in `channel_module`.
    quote! {
        #![allow(clippy::large_enum_variant)]
        #allow_deprecated

        #( #modules )*
        #crate_enum
    }
}

/// Returns the variant name of each event in the crate-level enum, in channel order. An event
/// whose name another channel's event also has gets its channel's name as a prefix.
fn crate_variant_names(model: &Model) -> Vec<String> {
    let events: Vec<(&Channel, &str)> = model
        .channels
        .iter()
        .flat_map(|channel| channel.events.iter().map(move |event| (channel, event.rust_name.as_str())))
        .collect();
    let mut names: Vec<String> = events
        .iter()
        .map(|(channel, name)| {
            let shared = events.iter().filter(|(_, other)| other == name).count() > 1;
            if shared { format!("{}{name}", crate::ident::type_name(&channel.short_name)) } else { (*name).to_owned() }
        })
        .collect();
    crate::ident::dedupe_camel(&mut names, &["Unknown"]);
    names
}

fn crate_enum(model: &Model) -> TokenStream {
    let names = crate_variant_names(model);
    let events: Vec<(&Channel, &Event)> =
        model.channels.iter().flat_map(|channel| channel.events.iter().map(move |event| (channel, event))).collect();
    let variants: Vec<EnumEvent> = events
        .iter()
        .zip(&names)
        .map(|((channel, event), name)| {
            let module = ident(&channel.module);
            let struct_name = ident(&event.rust_name);
            let title = spec_markdown(event.title.as_deref().unwrap_or(&event.rust_name));
            EnumEvent {
                variant: ident(name),
                path: quote! { #module::#struct_name },
                docs: format!("`{}` of the `{}` channel: {title}", event.event_type, channel.address),
                deprecated: None,
            }
        })
        .collect();
    let typed_arms: Vec<TokenStream> = variants
        .iter()
        .map(|EnumEvent { variant, .. }| {
            quote! { Self::#variant(event) => crate::support::Validate::validate_at(event, path, errors), }
        })
        .collect();
    let json_arms: Vec<TokenStream> = variants
        .iter()
        .map(|EnumEvent { path, .. }| {
            quote! { #path::TYPE => <#path as crate::support::Validate>::validate_json_at(value, path, errors), }
        })
        .collect();
    let event_enum = event_enum(&EventEnum {
        name: ident("Event"),
        docs: "An event of any channel that the specs describe, picked by its CloudEvents `type`.\n\n\
               Deserializing reads `type` first and then the rest of the event straight into the struct of\n\
               that type. An event of a type that this crate does not know becomes [`Event::Unknown`], kept\n\
               whole."
            .to_owned(),
        event_types_docs: "The CloudEvents types of every event that the specs define.",
        from_slice_docs: "Parses an event from JSON bytes, such as the body of a webhook request, without\n\
                          checking it against the spec; [`Event::parse`] checks as well.",
        expecting: "a CloudEvents event as a JSON object".to_owned(),
        variants,
    });

    quote! {
        #event_enum

        impl Event {
            /// Parses an event of any channel from JSON bytes and checks it against the spec.
            ///
            /// Returns the typed event when it is valid, or every problem found, each with its JSON
            /// Pointer, the schema keyword and a message. An event of a type that this crate does not
            /// know is not checked and becomes [`Event::Unknown`].
            pub fn parse(bytes: &[u8]) -> Result<Self, crate::support::ValidationErrors> {
                crate::support::validate::parse_with(bytes, Self::from_slice)
            }
        }

        impl crate::support::Validate for Event {
            fn validate_at(
                &self,
                path: &crate::support::validate::Path<'_>,
                errors: &mut crate::support::validate::ValidationErrors,
            ) {
                match self {
                    #( #typed_arms )*
                    Self::Unknown(_) => {}
                }
            }

            // With one event type in all specs, the `match` has one arm besides `_`.
            #[allow(clippy::single_match)]
            fn validate_json_at(
                value: &serde_json::Value,
                path: &crate::support::validate::Path<'_>,
                errors: &mut crate::support::validate::ValidationErrors,
            ) {
                let Some(object) = value.as_object() else {
                    crate::support::validate::check_type(value, &[crate::support::validate::JsonType::Object], path, errors);
                    return;
                };
                match object.get("type") {
                    None => crate::support::validate::report_missing("type", path, errors),
                    Some(serde_json::Value::String(event_type)) => match event_type.as_str() {
                        #( #json_arms )*
                        _ => {}
                    },
                    Some(other) => {
                        let path = &path.key("type");
                        crate::support::validate::check_type(other, &[crate::support::validate::JsonType::String], path, errors);
                    }
                }
            }
        }
    }
}
