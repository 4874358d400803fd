//! Small helpers for emitting Rust tokens: identifiers, rustdoc and literal values.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::model::Deprecation;

use super::markdown::{Fence, Target, escape_block, normalize_line_endings};

/// Turns a name that [`crate::ident`] produced into an identifier token, raw where it starts with `r#`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Renders Markdown as `#[doc]` attributes, one per line.
///
/// Text is passed as string literals, so it can never become code, and prettyplease prints each
/// line as a `///` comment, where `*/` is harmless. Line endings are normalized because a bare
/// `\r` is an error in a doc comment. Code blocks that are not marked `text` or `rust` are marked
/// `text` so rustdoc does not run them as doctests, and an unclosed fence is closed. Text taken
/// from the spec goes through [`spec_markdown`] first.
pub fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text).into_iter().map(|line| format!(" {line}"));
    quote! { #( #[doc = #lines] )* }
}

fn doc_lines(text: &str) -> Vec<String> {
    let mut open: Option<Fence> = None;
    let mut lines = Vec::new();
    for line in normalize_line_endings(text).lines() {
        match open {
            Some(fence) => {
                if fence.is_closed_by(line) {
                    open = None;
                }
                lines.push(line.to_owned());
            }
            None => match Fence::parse(line) {
                Some((fence, info)) => {
                    open = Some(fence);
                    // Generated examples are `rust` on purpose; any other block is shown as text.
                    let info = if info.trim() == "rust" { "rust" } else { "text" };
                    lines.push(format!("{}{info}", fence.text()));
                }
                None => lines.push(line.to_owned()),
            },
        }
    }
    if let Some(fence) = open {
        lines.push(fence.text());
    }
    lines
}

/// Renders Markdown as outer `#[doc]` attributes like [`doc`], built as syn attributes, for the
/// docs that are attached to an item after its tokens are parsed (see `Part::Documented`).
pub fn doc_attributes(text: &str) -> Vec<syn::Attribute> {
    doc_lines(text).into_iter().map(|line| doc_attribute(&format!(" {line}"))).collect()
}

fn doc_attribute(line: &str) -> syn::Attribute {
    let value = syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(line, Span::call_site())),
    });
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: syn::Path::from(ident("doc")),
            eq_token: Default::default(),
            value,
        }),
    }
}

/// Escapes Markdown from the spec for rustdoc: code blocks become `text` blocks, raw HTML and
/// link brackets are escaped, and bare URLs are linked, so `cargo doc` with warnings denied
/// accepts any description.
pub fn spec_markdown(text: &str) -> String {
    escape_block(text, Target::Rustdoc)
}

/// Renders Markdown as inner `#![doc]` attributes, for module docs.
pub fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text).into_iter().map(|line| format!(" {line}"));
    quote! { #( #![doc = #lines] )* }
}

/// Emits `#[deprecated]`, with the spec's reason as the note when it gives one.
pub fn deprecated_attribute(deprecation: &Deprecation) -> TokenStream {
    match &deprecation.note {
        Some(note) => {
            let note = spec_markdown(note);
            quote! { #[deprecated(note = #note)] }
        }
        None => quote! { #[deprecated] },
    }
}

/// Joins paragraphs of docs with blank lines between them, skipping absent ones.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts.into_iter().flatten().filter(|part| !part.trim().is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// Renders a JSON scalar as a Rust expression of the field's type, or `None` for other values.
pub fn scalar_literal(value: &Value, ty: &crate::model::Ty) -> Option<TokenStream> {
    use crate::model::Ty;
    match (ty, value) {
        (Ty::String, Value::String(text)) => Some(quote! { String::from(#text) }),
        (Ty::Boolean, Value::Bool(flag)) => Some(quote! { #flag }),
        (Ty::Integer, Value::Number(number)) => number.as_i64().map(|int| quote! { #int }),
        (Ty::Number, Value::Number(number)) => number.as_f64().map(|float| quote! { #float }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_code_blocks_become_text() {
        let tokens = doc(&spec_markdown("```rust\nfn main() {}")).to_string();
        assert!(tokens.contains("\" ```text\""), "{tokens}");
        assert!(tokens.ends_with("\" ```\"]"), "an unclosed fence is closed: {tokens}");
    }
}
