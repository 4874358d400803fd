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

/// Converts text to UpperCamelCase, keeping an underscore between two runs of digits so that
/// `2.0.1` and `20.1` stay apart as `2_0_1` and `20_1`. The `non_camel_case_types` lint accepts an
/// underscore between digits.
fn upper_camel(text: &str) -> String {
    let mut out = String::new();
    for word in ascii_words(text).split('_').filter(|word| !word.is_empty()) {
        let cased = word.to_upper_camel_case();
        let joins_digits =
            out.ends_with(|ch: char| ch.is_ascii_digit()) && cased.starts_with(|ch: char| ch.is_ascii_digit());
        if joins_digits {
            out.push('_');
        }
        out.push_str(&cased);
    }
    out
}

/// Returns the Rust type name for a spec name, such as `WebIntegrationCreated`.
///
/// Names of prelude types that generated code uses (`Option`, `String` and so on) get a `Type`
/// suffix, so a spec schema never shadows them.
pub fn type_name(spec_name: &str) -> String {
    let mut name = upper_camel(spec_name);
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

/// Returns the Rust variant name for an enum value, such as `ExceededLimit` for `EXCEEDED_LIMIT`.
///
/// A leading sign before a digit becomes a word (`+1` is `Plus1`, `-1` is `Minus1`), the empty
/// string is `Empty`, and a leading digit gets a `V` prefix (`2.0.1` is `V2_0_1`). Variants live in
/// their enum's namespace, so prelude names are allowed, except `Self`.
pub fn variant_name(value: &str) -> String {
    let starts_with_digit_after =
        |prefix: char| value.strip_prefix(prefix).is_some_and(|rest| rest.starts_with(|ch: char| ch.is_ascii_digit()));
    let sign = if starts_with_digit_after('+') {
        "Plus"
    } else if starts_with_digit_after('-') {
        "Minus"
    } else {
        ""
    };
    let mut name = format!("{sign}{}", upper_camel(value));
    if name.is_empty() {
        name = "Empty".to_owned();
    }
    if name.starts_with(|ch: char| ch.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

/// Returns the Rust module name for a channel's short name, such as `web_integrations`.
///
/// Names that generated code uses as crate paths (`serde`, `std` and so on) get a `_events` suffix,
/// so a channel module never shadows them in the root module.
pub fn module_name(spec_name: &str) -> String {
    let name = field_name(spec_name);
    let name = name.trim_start_matches("r#").trim_end_matches('_');
    if RESERVED_MODULE_NAMES.contains(&name) || NON_RAW_KEYWORDS.contains(&name) || RAW_KEYWORDS.contains(&name) {
        format!("{name}_events")
    } else {
        name.to_owned()
    }
}

/// Crate and module names that generated code refers to by path.
const RESERVED_MODULE_NAMES: &[&str] = &["serde", "serde_json", "std", "core", "alloc", "support", "events"];

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
        // A trailing underscore (from an escaped keyword) is dropped, so `self_` becomes `self_2`.
        let base = name.trim_start_matches("r#").trim_end_matches('_').to_owned();
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

/// Makes UpperCamelCase names in `names` distinct by appending `2`, `3` and so on to later
/// duplicates (`_2` after a trailing digit), keeping the first occurrence unchanged. Names listed in
/// `taken` count as already used.
pub fn dedupe_camel(names: &mut [String], taken: &[&str]) {
    let mut seen: BTreeMap<String, usize> = taken.iter().map(|name| ((*name).to_owned(), 1)).collect();
    for name in names.iter_mut() {
        let count = seen.entry(name.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            continue;
        }
        let separator = if name.ends_with(|ch: char| ch.is_ascii_digit()) { "_" } else { "" };
        let mut suffix = *count;
        loop {
            let candidate = format!("{name}{separator}{suffix}");
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
        assert_eq!(type_name("2.0.1"), "V2_0_1");
        assert_eq!(type_name("20.1"), "V20_1");
        assert_eq!(type_name("+1"), "V1");
        assert_eq!(type_name("ünïcode"), "UfcNUefCode");
    }

    #[test]
    fn variant_names_keep_signs_and_digits_apart() {
        assert_eq!(variant_name("+1"), "Plus1");
        assert_eq!(variant_name("-1"), "Minus1");
        assert_eq!(variant_name("vote"), "Vote");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("1.9.0-beta"), "V1_9_0Beta");
        assert_eq!(variant_name("EXCEEDED_LIMIT"), "ExceededLimit");
        assert_eq!(variant_name("finished with warnings"), "FinishedWithWarnings");
        assert_eq!(variant_name("Self"), "SelfValue");
    }

    #[test]
    fn module_names_avoid_crate_paths() {
        assert_eq!(module_name("web-integrations"), "web_integrations");
        assert_eq!(module_name("serde"), "serde_events");
        assert_eq!(module_name("self"), "self_events");
        assert_eq!(module_name("type"), "type_events");
    }

    #[test]
    fn dedupe_camel_stays_camel_case() {
        let mut names = vec!["Active".to_owned(), "Active".to_owned(), "V1".to_owned(), "V1".to_owned()];
        dedupe_camel(&mut names, &["Other"]);
        assert_eq!(names, ["Active", "Active2", "V1", "V1_2"]);
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
