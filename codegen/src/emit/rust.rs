//! Small helpers for emitting Rust tokens: identifiers, rustdoc and literal values.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

/// Turns a name that [`crate::ident`] produced into an identifier token, raw where it starts with `r#`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Renders text from the spec as `#[doc]` attributes, one per line.
///
/// Spec text is data: it is passed as string literals, so it can never become code. Code fences
/// are marked `text` so rustdoc does not run them as doctests.
pub fn doc(text: &str) -> TokenStream {
    let mut in_fence = false;
    let text = text.replace('\r', "");
    let lines = text.lines().map(|line| {
        let trimmed = line.trim_start();
        let line = if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            let opening = !in_fence;
            in_fence = !in_fence;
            if opening { format!("{fence}text") } else { fence.to_owned() }
        } else {
            line.to_owned()
        };
        format!(" {line}")
    });
    let mut lines: Vec<String> = lines.collect();
    if in_fence {
        // An unclosed fence would swallow the rest of the item's docs.
        lines.push(" ```".to_owned());
    }
    quote! { #( #[doc = #lines] )* }
}

/// Makes text from the spec safe to put into rustdoc.
///
/// Outside code fences, square and angle brackets are escaped, so `[link]` is no broken intra-doc
/// link and `<b>` no HTML tag. Bare URLs become autolinks and carriage returns are dropped. Leading
/// whitespace is removed, because an indented line would be a code block that rustdoc runs as a
/// doctest.
pub fn escape_spec_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut in_fence = false;
    for line in text.replace('\r', "").split('\n') {
        if !out.is_empty() {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            out.push_str(trimmed);
        } else if in_fence {
            out.push_str(line);
        } else {
            escape_line(trimmed, &mut out);
        }
    }
    out
}

fn escape_line(line: &str, out: &mut String) {
    for (index, word) in line.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        let is_url =
            (word.starts_with("http://") || word.starts_with("https://")) && !word.contains(['<', '>', '[', ']', '`']);
        if is_url {
            let url = word.trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '"', '\'']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            out.push_str(&word[url.len()..]);
            continue;
        }
        for ch in word.chars() {
            if matches!(ch, '[' | ']' | '<' | '>' | '\\') {
                out.push('\\');
            }
            out.push(ch);
        }
    }
}

/// Renders text from the spec as inner `#![doc]` attributes, for module docs.
pub fn inner_doc(text: &str) -> TokenStream {
    let text = text.replace('\r', "");
    let lines = text.lines().map(|line| format!(" {line}"));
    quote! { #( #![doc = #lines] )* }
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
    fn spec_text_escapes_markdown_outside_fences() {
        let escaped =
            escape_spec_text("a [link] <b>x</b>\r\n    indented\n```\n[kept] <kept>\n```\nsee https://example.com.");
        assert_eq!(
            escaped,
            "a \\[link\\] \\<b\\>x\\</b\\>\nindented\n```\n[kept] <kept>\n```\nsee <https://example.com>."
        );
    }

    #[test]
    fn doc_marks_fences_as_text() {
        let tokens = doc("```rust\nfn main() {}").to_string();
        assert!(tokens.contains("\" ```text\""), "{tokens}");
        assert!(tokens.ends_with("\" ```\"]"), "an unclosed fence is closed: {tokens}");
    }
}
