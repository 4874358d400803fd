//! Emits the Rust enums of the model: string enums that keep values the spec does not list, and
//! unions of `oneOf`/`anyOf` branches with hand-written serde impls.

use proc_macro2::TokenStream;
use quote::quote;

use super::markdown::code_span;
use super::rust::{doc, ident, paragraphs};
use super::types::owned_value_type;
use crate::model::{
    Additional, Channel, EnumDef, EnumVariant, Ty, TypeId, TypeKind, UnionDef, UnionKeyword, UnionVariant,
};

/// Emits a string enum: one variant per value, renamed to its exact string, and a variant that
/// keeps any other string, so an event with a value added after generation still decodes.
pub fn string_enum(rust_name: &str, description: Option<&str>, def: &EnumDef) -> TokenStream {
    let EnumDef { variants, other_variant } = def;
    let name = ident(rust_name);
    let other = ident(other_variant);
    let docs = doc(description.unwrap_or(rust_name));
    let variant_defs = variants.iter().map(|EnumVariant { value, rust_name }| {
        let variant = ident(rust_name);
        let text = doc(&format!("JSON value: {}.", code_span(value)));
        quote! {
            #text
            #variant,
        }
    });
    let as_str_arms = variants.iter().map(|EnumVariant { value, rust_name }| {
        let variant = ident(rust_name);
        quote! { Self::#variant => #value, }
    });
    let parse_arms = variants.iter().map(|EnumVariant { value, rust_name }| {
        let variant = ident(rust_name);
        quote! { #value => Self::#variant, }
    });
    let values = variants.iter().map(|variant| &variant.value);

    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #variant_defs )*
            /// A value that the spec does not list, such as one Qlik added later, kept as received.
            /// Decoding never puts a listed value here.
            #other(String),
        }

        impl #name {
            /// The values that the spec lists, in spec order.
            pub const VALUES: &'static [&'static str] = &[#( #values ),*];

            /// Returns the value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #as_str_arms )*
                    Self::#other(value) => value,
                }
            }

            /// Returns the variant for a JSON value, keeping an unlisted value in the catch-all variant.
            pub fn from_json_str(value: &str) -> Self {
                match value {
                    #( #parse_arms )*
                    _ => Self::#other(value.to_owned()),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value: de::Key<'de> = serde::Deserialize::deserialize(deserializer)?;
                Ok(Self::from_json_str(value.as_str()))
            }
        }
    }
}

/// Emits a union of schemas as an enum with one variant per branch.
///
/// A tagged union reads its tag property and decodes that branch only. An untagged union decodes
/// the value with every branch and keeps the one that leaves the fewest properties unknown (the
/// first in spec order on a tie). Qlik's objects keep unknown properties, so a value often decodes
/// as more than one branch.
pub fn union(
    channel: &Channel,
    owner: Option<TypeId>,
    rust_name: &str,
    description: Option<&str>,
    def: &UnionDef,
) -> TokenStream {
    let UnionDef { keyword, variants, tag } = def;
    let name = ident(rust_name);
    let rule = match (keyword, tag) {
        (_, Some(tag)) => format!("The {} property picks the branch.", code_span(tag)),
        (UnionKeyword::OneOf, None) => {
            "`oneOf`: decoding keeps the branch that leaves the fewest properties unknown.".to_owned()
        }
        (UnionKeyword::AnyOf, None) => {
            "`anyOf`: decoding keeps the branch that leaves the fewest properties unknown.".to_owned()
        }
    };
    let docs = doc(&paragraphs([description, Some(rule.as_str())]));
    let variant_defs = variants.iter().map(|variant| {
        let UnionVariant { rust_name, schema, tag_value } = variant;
        let variant_ident = ident(rust_name);
        let ty = owned_value_type(channel, owner, schema);
        let text = match tag_value {
            Some(value) => format!("The branch whose tag is {}.", code_span(value)),
            None => format!("A value of the {} branch.", code_span(rust_name)),
        };
        let text = doc(&text);
        quote! {
            #text
            #variant_ident(#ty),
        }
    });
    let serialize_arms = variants.iter().map(|variant| {
        let variant_ident = ident(&variant.rust_name);
        quote! { Self::#variant_ident(value) => serde::Serialize::serialize(value, serializer), }
    });
    let body = match tag {
        Some(tag) => tagged_body(channel, owner, rust_name, tag, variants),
        None => untagged_body(channel, owner, rust_name, variants),
    };

    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variant_defs )*
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( #serialize_arms )*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value: serde_json::Value = serde::Deserialize::deserialize(deserializer)?;
                #body
            }
        }
    }
}

fn tagged_body(
    channel: &Channel,
    owner: Option<TypeId>,
    rust_name: &str,
    tag: &str,
    variants: &[UnionVariant],
) -> TokenStream {
    let arms = variants.iter().map(|variant| {
        let variant_ident = ident(&variant.rust_name);
        let ty = owned_value_type(channel, owner, &variant.schema);
        let value = variant.tag_value.as_deref().unwrap_or_default();
        quote! {
            Some(#value) => <#ty as serde::Deserialize>::deserialize(&value)
                .map(Self::#variant_ident)
                .map_err(serde::de::Error::custom),
        }
    });
    let expected: Vec<&str> = variants.iter().filter_map(|variant| variant.tag_value.as_deref()).collect();
    let unknown = format!("the `{tag}` value of a {rust_name} is not one of {}", expected.join(", "));
    quote! {
        match value.get(#tag).and_then(serde_json::Value::as_str) {
            #( #arms )*
            Some(_) => Err(serde::de::Error::custom(#unknown)),
            None => Err(serde::de::Error::missing_field(#tag)),
        }
    }
}

fn untagged_body(channel: &Channel, owner: Option<TypeId>, rust_name: &str, variants: &[UnionVariant]) -> TokenStream {
    let attempts = variants.iter().map(|variant| {
        let variant_ident = ident(&variant.rust_name);
        let ty = owned_value_type(channel, owner, &variant.schema);
        let unknown = unknown_count(channel, variant);
        quote! {
            if let Ok(branch) = <#ty as serde::Deserialize>::deserialize(&value) {
                let unknown = #unknown;
                if best.as_ref().is_none_or(|(fewest, _)| unknown < *fewest) {
                    best = Some((unknown, Self::#variant_ident(branch)));
                }
            }
        }
    });
    let names: Vec<&str> = variants.iter().map(|variant| variant.rust_name.as_str()).collect();
    let none = format!("the value matches no branch of {rust_name} ({})", names.join(", "));
    quote! {
        let mut best: Option<(usize, Self)> = None;
        #( #attempts )*
        match best {
            Some((_, branch)) => Ok(branch),
            None => Err(serde::de::Error::custom(#none)),
        }
    }
}

/// Returns an expression for the number of properties that a decoded branch keeps as unknown.
fn unknown_count(channel: &Channel, variant: &UnionVariant) -> TokenStream {
    let Ty::Named(id) = &variant.schema.ty else { return quote! { 0usize } };
    let TypeKind::Object(object) = &channel.type_def(*id).kind else { return quote! { 0usize } };
    let field = ident(&object.additional_field);
    let access = if variant.schema.nullable {
        quote! { branch.as_ref().map_or(0, |branch| branch.#field.len()) }
    } else {
        quote! { branch.#field.len() }
    };
    match object.additional {
        Additional::Keep | Additional::Typed(_) => access,
        Additional::Deny => quote! { 0usize },
    }
}
