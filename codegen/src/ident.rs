//! Every Rust name the generator emits is decided here: case conversion, keyword escaping,
//! leading digits and collisions.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust edition 2024, strict and reserved, that are escaped as raw identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers, so they get a trailing underscore instead.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Type names that generated code relies on from the prelude, so a spec type may not shadow them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Self",
];

/// Turns arbitrary text into ASCII words that heck can case, keeping letters and digits only.
fn ascii_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if ch.is_alphanumeric() {
            // A non-ASCII letter becomes its code point, so distinct names stay distinct.
            out.push_str(&format!("_u{:x}_", ch as u32));
        } else {
            out.push('_');
        }
    }
    out
}

/// Returns the Rust type or variant name for a spec name, such as `WebIntegrationCreated`.
pub fn type_name(spec_name: &str) -> String {
    let mut name = ascii_words(spec_name).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".to_owned();
    }
    if name.starts_with(|ch: char| ch.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name.push_str("Type");
    }
    name
}

/// Returns the Rust field or module name for a spec name, such as `valid_origins` or `r#type`.
pub fn field_name(spec_name: &str) -> String {
    let mut name = ascii_words(spec_name).to_snake_case();
    if name.is_empty() {
        name = "empty".to_owned();
    }
    if name.starts_with(|ch: char| ch.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// Escapes `name` when it is a keyword: a raw identifier where Rust allows one, else a suffix.
pub fn escape_keyword(name: String) -> String {
    if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Makes the names in `names` distinct by appending `_2`, `_3` and so on to later duplicates,
/// keeping the first occurrence unchanged. Names listed in `taken` count as already used.
pub fn dedupe(names: &mut [String], taken: &[&str]) {
    let mut seen: BTreeMap<String, usize> = taken.iter().map(|name| ((*name).to_owned(), 1)).collect();
    for name in names.iter_mut() {
        let count = seen.entry(name.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            continue;
        }
        let base = name.trim_start_matches("r#").to_owned();
        let mut suffix = *count;
        loop {
            let candidate = format!("{base}_{suffix}");
            if !seen.contains_key(&candidate) {
                seen.insert(candidate.clone(), 1);
                *name = candidate;
                break;
            }
            suffix += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_escape_keywords() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("gen"), "r#gen");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("validOrigins"), "valid_origins");
        assert_eq!(field_name("2fa"), "_2fa");
        assert_eq!(field_name(""), "empty");
    }

    #[test]
    fn type_names_avoid_prelude_and_digits() {
        assert_eq!(type_name("web-integrations"), "WebIntegrations");
        assert_eq!(type_name("option"), "OptionType");
        assert_eq!(type_name("2.0.1"), "V201");
        assert_eq!(type_name("+1"), "V1");
    }

    #[test]
    fn dedupe_keeps_first_and_numbers_the_rest() {
        let mut names = vec!["m".to_owned(), "m".to_owned(), "foo_bar".to_owned(), "foo_bar".to_owned()];
        dedupe(&mut names, &[]);
        assert_eq!(names, ["m", "m_2", "foo_bar", "foo_bar_2"]);

        let mut names = vec!["additional_properties".to_owned()];
        dedupe(&mut names, &["additional_properties"]);
        assert_eq!(names, ["additional_properties_2"]);
    }
}
