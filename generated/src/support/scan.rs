//! A short scan of raw JSON bytes for the CloudEvents `type` of an event.
//!
//! The channel enums use it in `from_slice` and `parse` to decode an event straight into the
//! struct of its type. Without it, `Deserialize` must read every attribute that precedes `type`
//! into a `serde_json::Value` and replay it to the struct (see [`super::de::read_event_type`]).
//!
//! The scan only picks which struct to try. The struct's own decoding reads the whole input again
//! and rejects malformed JSON, and it checks that every `type` key has the value of that struct.

/// Returns the value of the first top-level `"type"` key of a JSON object, as the map-based
/// dispatch would read it.
///
/// Returns `None` whenever the scan cannot decide cheaply and surely: the input is not an object,
/// has no top-level `type`, is malformed before `type`, a key before `type` or the `type` value
/// itself contains a backslash escape (`"\u0074ype"` is also `type`), or the value is not a string.
/// Callers then fall back to the map-based dispatch. Either way the decoded event is the same, and
/// only the text of a decode error (its position, for one) can differ.
pub fn event_type(bytes: &[u8]) -> Option<&str> {
    let mut position = skip_whitespace(bytes, 0);
    if bytes.get(position) != Some(&b'{') {
        return None;
    }
    position += 1;
    loop {
        position = skip_whitespace(bytes, position);
        let key = plain_string(bytes, position)?;
        position = skip_whitespace(bytes, key.end + 1);
        if bytes.get(position) != Some(&b':') {
            return None;
        }
        position = skip_whitespace(bytes, position + 1);
        if &bytes[key.start..key.end] == b"type" {
            let value = plain_string(bytes, position)?;
            return std::str::from_utf8(&bytes[value.start..value.end]).ok();
        }
        position = skip_value(bytes, position)?;
        position = skip_whitespace(bytes, position);
        match bytes.get(position) {
            Some(b',') => position += 1,
            _ => return None,
        }
    }
}

/// The content of a JSON string: `start` is the byte after the opening quote and `end` is the
/// closing quote.
struct StringSpan {
    start: usize,
    end: usize,
}

/// Reads the string that starts at `position`, or `None` when there is no string there or it
/// contains an escape.
fn plain_string(bytes: &[u8], position: usize) -> Option<StringSpan> {
    if bytes.get(position) != Some(&b'"') {
        return None;
    }
    let start = position + 1;
    let end = start + memchr::memchr2(b'"', b'\\', &bytes[start..])?;
    (bytes[end] == b'"').then_some(StringSpan { start, end })
}

/// Returns the position after the string that starts at `position` with its opening quote,
/// skipping escaped characters.
fn skip_string(bytes: &[u8], position: usize) -> Option<usize> {
    let mut index = position + 1;
    loop {
        index += memchr::memchr2(b'"', b'\\', bytes.get(index..)?)?;
        if bytes[index] == b'"' {
            return Some(index + 1);
        }
        // A backslash and the character after it; a `\uXXXX` escape has only hex digits after
        // that, which cannot be a quote or a backslash.
        index += 2;
    }
}

/// Returns the position after the value that starts at `position`. Objects and arrays are skipped
/// by counting brackets outside strings, and scalars by reading up to the next delimiter, so the
/// value is not checked, only delimited.
fn skip_value(bytes: &[u8], position: usize) -> Option<usize> {
    match bytes.get(position)? {
        b'"' => skip_string(bytes, position),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut index = position;
            loop {
                match bytes.get(index)? {
                    b'"' => {
                        index = skip_string(bytes, index)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(index + 1);
                        }
                    }
                    _ => {}
                }
                index += 1;
            }
        }
        _ => {
            let length = bytes[position..]
                .iter()
                .position(|byte| matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(bytes.len() - position);
            (length > 0).then_some(position + length)
        }
    }
}

fn skip_whitespace(bytes: &[u8], position: usize) -> usize {
    let skipped = bytes.get(position..).unwrap_or_default();
    position + skipped.iter().take_while(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r')).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_type_after_nested_values() {
        let json = br#" { "id" : "a\"}" , "data": {"type": "inner", "list": [1, {"x": "]"}]}, "n": -1.5e3,
            "type" : "com.example.created", "type": "second" }"#;
        assert_eq!(event_type(json), Some("com.example.created"));
    }

    #[test]
    fn first_key_type() {
        assert_eq!(event_type(br#"{"type":"t"}"#), Some("t"));
        assert_eq!(event_type(br#"{"type":""}"#), Some(""));
    }

    #[test]
    fn undecided_cases() {
        let cases: &[&[u8]] = &[
            b"",
            b"[]",
            br#""type""#,
            b"{}",
            br#"{"id":"a"}"#,
            br#"{"\u0074ype":"t"}"#,
            br#"{"a\"b":1,"type":"t"}"#,
            br#"{"type":"t\u0065"}"#,
            br#"{"type":1}"#,
            br#"{"type":null}"#,
            br#"{"id" "a","type":"t"}"#,
            br#"{"id":"a" "type":"t"}"#,
            br#"{"id":,"type":"t"}"#,
            br#"{"type":"unterminated"#,
            br#"{"data":{"a":"b"#,
            br#"{"id":"a\"#,
        ];
        for case in cases {
            assert_eq!(event_type(case), None, "{}", String::from_utf8_lossy(case));
        }
    }

    #[test]
    fn escaped_strings_before_type_are_skipped() {
        assert_eq!(event_type(br#"{"id":"a\\","type":"t"}"#), Some("t"));
        assert_eq!(event_type(br#"{"id":"\u0022\"","type":"t"}"#), Some("t"));
        assert_eq!(event_type(br#"{"data":["\\\"]", "}"],"type":"t"}"#), Some("t"));
    }
}
