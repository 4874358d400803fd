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
}
