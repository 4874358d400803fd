//! Resolves local `$ref`s: JSON Pointers into the same document, with `~0` and `~1` escapes.

use serde_json::Value;

/// The longest chain of `$ref`s that point at further `$ref`s before the chain counts as a loop.
const MAX_REF_CHAIN: usize = 64;

/// Splits a JSON Pointer (without the leading `#`) into its unescaped reference tokens.
///
/// Returns `None` when the pointer is not empty and does not start with `/`.
pub fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    // `~1` is unescaped before `~0`, as RFC 6901 requires, so `~01` becomes `~1` and not `/`.
    Some(rest.split('/').map(|token| token.replace("~1", "/").replace("~0", "~")).collect())
}

/// Escapes one reference token for use in a JSON Pointer.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends one token to a JSON Pointer.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

/// Why a `$ref` could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// The reference is not of the form `#/...` (a reference to another file, or no `#`).
    NotLocal,
    /// The pointer is malformed or names nothing in the document.
    NotFound,
    /// The reference leads back to itself through other references.
    Loop,
}

/// Looks up a local reference such as `#/components/schemas/user` in `document`.
pub fn lookup<'a>(document: &'a Value, reference: &str) -> Result<&'a Value, RefError> {
    let fragment = reference.strip_prefix('#').ok_or(RefError::NotLocal)?;
    // A `$ref` is a URI reference, so its fragment is percent-encoded (RFC 6901, section 6).
    let pointer = percent_decode(fragment).ok_or(RefError::NotFound)?;
    let tokens = pointer_tokens(&pointer).ok_or(RefError::NotFound)?;

    let mut current = document;
    for token in &tokens {
        current = match current {
            Value::Object(map) => map.get(token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|index| items.get(index)),
            _ => None,
        }
        .ok_or(RefError::NotFound)?;
    }
    Ok(current)
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

/// Follows `value` through `$ref`s until it reaches a value that is not a lone reference.
///
/// Returns the target and the JSON Pointer where it sits (`pointer` itself when `value` is no
/// reference).
pub fn follow<'a>(
    document: &'a Value,
    value: &'a Value,
    pointer: &str,
) -> Result<(&'a Value, String), (RefError, String)> {
    let mut current = value;
    let mut at = pointer.to_owned();
    for _ in 0..MAX_REF_CHAIN {
        let Some(reference) = ref_of(current) else {
            return Ok((current, at));
        };
        current = lookup(document, reference).map_err(|err| (err, at.clone()))?;
        at = reference.trim_start_matches('#').to_owned();
    }
    Err((RefError::Loop, at))
}

/// Suggests an existing local reference for `reference`, which names nothing in `document`.
///
/// The first token of the pointer that names nothing is compared with the keys of the object
/// that should contain it. The closest key by edit distance (inserted, deleted or replaced
/// characters) is offered when it is at most 2 edits away. A token shorter than 6 characters
/// allows one edit per 3 characters, so a short token gets no far-fetched match. Ties go to the
/// key that comes first in the document. The suggestion is offered only when the reference with
/// that key resolves.
pub fn suggest_reference(document: &Value, reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    let mut tokens = pointer_tokens(&percent_decode(fragment)?)?;

    let mut current = document;
    let mut missing = None;
    for (index, token) in tokens.iter().enumerate() {
        let next = match current {
            Value::Object(map) => map.get(token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|position| items.get(position)),
            _ => None,
        };
        match next {
            Some(next) => current = next,
            None => {
                missing = Some(index);
                break;
            }
        }
    }
    let index = missing?;
    let Value::Object(map) = current else { return None };
    tokens[index] = closest_key(map.keys().map(String::as_str), &tokens[index])?.to_owned();

    // `lookup` percent-decodes the pointer, so escaping `%` keeps the key intact.
    let pointer: String = tokens.iter().map(|token| format!("/{}", escape_token(token).replace('%', "%25"))).collect();
    let suggestion = format!("#{pointer}");
    lookup(document, &suggestion).is_ok().then_some(suggestion)
}

/// Returns the key closest to `token` by edit distance, within the limit that
/// [`suggest_reference`] describes.
fn closest_key<'k>(keys: impl Iterator<Item = &'k str>, token: &str) -> Option<&'k str> {
    let max_distance = (token.chars().count() / 3).min(2);
    let mut best: Option<(usize, &str)> = None;
    for key in keys {
        let distance = edit_distance(key, token);
        let closer = best.is_none_or(|(best_distance, _)| distance < best_distance);
        if distance <= max_distance && closer {
            best = Some((distance, key));
        }
    }
    best.map(|(_, key)| key)
}

/// Counts the characters to insert, delete or replace to turn `a` into `b` (the Levenshtein
/// distance).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // `previous[j]` is the distance between the first `i` characters of `a` and the first `j` of `b`.
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, a_char) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, b_char) in b.iter().enumerate() {
            let replace = previous[j] + usize::from(a_char != *b_char);
            current[j + 1] = replace.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Returns the target of a `$ref` when `value` is an object with one.
pub fn ref_of(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tokens_unescape_in_order() {
        assert_eq!(pointer_tokens("/a~1b/c~0d/~01").unwrap(), ["a/b", "c~d", "~1"]);
        assert_eq!(pointer_tokens("").unwrap(), Vec::<String>::new());
        assert_eq!(pointer_tokens("no-slash"), None);
    }

    #[test]
    fn lookup_follows_escaped_keys_and_indexes() {
        let doc = json!({"a/b": {"c~d": [1, {"e": 2}]}});
        assert_eq!(lookup(&doc, "#/a~1b/c~0d/1/e"), Ok(&json!(2)));
        assert_eq!(lookup(&doc, "#"), Ok(&doc));
        assert_eq!(lookup(&doc, "#/a~1b/missing"), Err(RefError::NotFound));
        assert_eq!(lookup(&doc, "other.json#/a"), Err(RefError::NotLocal));
        assert_eq!(lookup(&json!({"a%b\"c": 1}), "#/a%25b%22c"), Ok(&json!(1)));
    }

    #[test]
    fn follow_detects_loops() {
        let doc = json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}});
        let err = follow(&doc, &doc["a"], "/a").unwrap_err();
        assert_eq!(err.0, RefError::Loop);
    }

    #[test]
    fn follow_chains_to_target() {
        let doc = json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"type": "string"}});
        let (target, at) = follow(&doc, &doc["a"], "/a").unwrap();
        assert_eq!(target, &json!({"type": "string"}));
        assert_eq!(at, "/c");
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("héllo", "hello"), 1);
    }

    #[test]
    fn suggestion_for_misspelled_key() {
        let doc = json!({"components": {"schemas": {
            "cloudEventsQlikExtensionsAttributes": {"type": "object"},
            "user": {"type": "string"}
        }}});
        let suggestion = suggest_reference(&doc, "#/components/schemas/cloudEventsQlikExtensionAttributes");
        assert_eq!(suggestion.as_deref(), Some("#/components/schemas/cloudEventsQlikExtensionsAttributes"));
    }

    #[test]
    fn suggestion_for_misspelled_middle_token() {
        let doc = json!({"components": {"schemas": {"user": {"type": "string"}}}});
        let suggestion = suggest_reference(&doc, "#/components/schema/user");
        assert_eq!(suggestion.as_deref(), Some("#/components/schemas/user"));
    }

    #[test]
    fn suggestion_prefers_closest_key() {
        let doc = json!({"schemas": {"userCreatedd": {}, "userCreated": {}}});
        assert_eq!(suggest_reference(&doc, "#/schemas/userCreate").as_deref(), Some("#/schemas/userCreated"));
    }

    #[test]
    fn suggestion_escapes_key() {
        let doc = json!({"schemas": {"a/b%c~d": {}}});
        let suggestion = suggest_reference(&doc, "#/schemas/a~1b%25c~0e").unwrap();
        assert_eq!(suggestion, "#/schemas/a~1b%25c~0d");
        assert_eq!(lookup(&doc, &suggestion), Ok(&json!({})));
    }

    #[test]
    fn no_suggestion_for_far_key() {
        let doc = json!({"components": {"schemas": {"placeholder": {"type": "string"}}}});
        assert_eq!(suggest_reference(&doc, "#/components/schemas/missing"), None);
    }

    #[test]
    fn no_suggestion_for_short_token() {
        // Two edits would turn `id` into any other two-letter key.
        let doc = json!({"schemas": {"ab": {}, "ids": {}}});
        assert_eq!(suggest_reference(&doc, "#/schemas/id"), None);
    }

    #[test]
    fn no_suggestion_when_rest_missing() {
        let doc = json!({"components": {"schemas": {"user": {}}}});
        assert_eq!(suggest_reference(&doc, "#/components/schema/user/properties"), None);
    }

    #[test]
    fn no_suggestion_for_existing_or_remote() {
        let doc = json!({"schemas": {"user": {}}});
        assert_eq!(suggest_reference(&doc, "#/schemas/user"), None);
        assert_eq!(suggest_reference(&doc, "other.json#/schemas/usr"), None);
    }
}
