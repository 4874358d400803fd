//! Emits the Rust enums of the model: string enums that keep values the spec does not list, with
//! a `string_enum!` declaration, and unions of `oneOf`/`anyOf` branches with hand-rolled serde impls.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Part;
use super::markdown::code_span;
use super::rust::{doc, ident, paragraphs};
use super::types::owned_value_type;
use crate::model::{
    Additional, Channel, EnumDef, EnumVariant, Ty, TypeId, TypeKind, UnionDef, UnionKeyword, UnionVariant,
};

/// Emits a string enum: one variant per value, and a variant that keeps any other string, so an
/// event with a value added after generation still decodes. Its impls come from the declaration
/// that [`string_enum_declaration`] writes.
pub fn string_enum(rust_name: &str, description: Option<&str>, def: &EnumDef) -> Part {
    let EnumDef { variants, other_variant } = def;
    let name = ident(rust_name);
    let other = ident(other_variant);
    let variant_names = variants.iter().map(|variant| ident(&variant.rust_name));
    let mut member_docs: Vec<String> =
        variants.iter().map(|variant| format!("JSON value: {}.", code_span(&variant.value))).collect();
    member_docs.push(
        "A value that the spec does not list, such as one Qlik added later, kept as received.\n\
         Decoding never puts a listed value here."
            .to_owned(),
    );
    Part::Documented {
        tokens: quote! {
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            pub enum #name {
                #( #variant_names, )*
                #other(String),
            }
        },
        docs: description.unwrap_or(rust_name).to_owned(),
        member_docs,
    }
}

/// Returns the `string_enum!` declaration of a string enum, from which the run-time support's
/// macro expands `VALUES`, `as_str`, `from_json_str`, the serde impls and the validator.
pub fn string_enum_declaration(rust_name: &str, def: &EnumDef) -> String {
    let EnumDef { variants, other_variant } = def;
    let mut text = format!("crate::support::string_enum! {{\n    {rust_name}, {other_variant};\n");
    for EnumVariant { value, rust_name } in variants {
        text.push_str(&format!("    {} => {rust_name},\n", proc_macro2::Literal::string(value)));
    }
    text.push_str("}\n");
    text
}

/// Emits a union of schemas as an enum with one variant per branch.
///
/// A tagged union reads its tag property and decodes that branch only. An untagged union decodes
/// the value with every branch and keeps the one that leaves the fewest properties unknown (the
/// first in spec order on a tie). Qlik's objects keep unknown properties, so a value often decodes
/// as more than one branch. A value that no branch decodes is kept whole in the `Unmatched`
/// variant, so decoding does not fail on it, and the validators report it.
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
    let unmatched = ident(&unmatched_variant(def));
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
        Some(tag) => tagged_body(channel, owner, tag, variants, &unmatched),
        None => untagged_body(channel, owner, variants, &unmatched),
    };

    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variant_defs )*
            /// A value that fits no branch, kept whole. `parse` reports it as a violation.
            #unmatched(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( #serialize_arms )*
                    Self::#unmatched(value) => serde::Serialize::serialize(value, serializer),
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

/// Returns the name of the variant that keeps a value that fits no branch: `Unmatched`, or with a
/// number after it when a branch already has that name.
pub fn unmatched_variant(def: &UnionDef) -> String {
    let is_branch_name = |name: &str| def.variants.iter().any(|variant| variant.rust_name == name);
    let mut name = "Unmatched".to_owned();
    let mut number = 1;
    while is_branch_name(&name) {
        number += 1;
        name = format!("Unmatched{number}");
    }
    name
}

fn tagged_body(
    channel: &Channel,
    owner: Option<TypeId>,
    tag: &str,
    variants: &[UnionVariant],
    unmatched: &Ident,
) -> TokenStream {
    let arms = variants.iter().map(|variant| {
        let variant_ident = ident(&variant.rust_name);
        let ty = owned_value_type(channel, owner, &variant.schema);
        let value = variant.tag_value.as_deref().unwrap_or_default();
        quote! {
            Some(#value) => <#ty as serde::Deserialize>::deserialize(&value).ok().map(Self::#variant_ident),
        }
    });
    quote! {
        let branch = match value.get(#tag).and_then(serde_json::Value::as_str) {
            #( #arms )*
            _ => None,
        };
        Ok(branch.unwrap_or(Self::#unmatched(value)))
    }
}

fn untagged_body(
    channel: &Channel,
    owner: Option<TypeId>,
    variants: &[UnionVariant],
    unmatched: &Ident,
) -> TokenStream {
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
    quote! {
        let mut best: Option<(usize, Self)> = None;
        #( #attempts )*
        Ok(best.map_or(Self::#unmatched(value), |(_, branch)| branch))
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
