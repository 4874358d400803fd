//! Reads spec files from disk into JSON values, reporting syntax errors with line and column.
//!
//! A `.json` file is parsed by serde_json, which rejects what JSON forbids (trailing commas,
//! comments), and any other file as YAML. Three guards protect against hostile input. The file
//! size is checked before reading, nesting is limited to 128 levels (and serde_yaml 0.9 limits
//! alias expansion), and a map visitor rejects duplicate keys instead of keeping the last one.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::{Error, Location, Result};

/// One spec file, parsed but not yet interpreted.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// The path as shown in messages and file headers, relative to the workspace root.
    pub display_path: PathBuf,
    /// The document, with object keys in the order the file gives them.
    pub document: serde_json::Value,
}

/// File name endings that the loader reads; anything else in the spec folder is ignored.
const SPEC_EXTENSIONS: [&str; 3] = ["json", "yaml", "yml"];

/// Lists the spec files in `dir` (not recursing), sorted by name so output does not depend on the
/// order in which the file system lists them.
pub fn list_spec_files(root: &Path, dir: &Path) -> Result<Vec<PathBuf>> {
    let full = root.join(dir);
    let entries = fs::read_dir(&full).map_err(|err| {
        Error::file(dir, format!("cannot read the spec folder: {err}"))
            .hint("create the folder and put at least one AsyncAPI file (.json, .yaml or .yml) in it")
    })?;

    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| Error::file(dir, format!("cannot list the spec folder: {err}")))?;
        let path = entry.path();
        let is_spec = path.extension().and_then(|ext| ext.to_str()).is_some_and(|ext| SPEC_EXTENSIONS.contains(&ext));
        if is_spec && path.is_file() {
            files.push(dir.join(entry.file_name()));
        }
    }
    files.sort();

    if files.is_empty() {
        return Err(Error::file(dir, "the spec folder contains no .json, .yaml or .yml file")
            .hint("add the AsyncAPI document of at least one channel"));
    }
    Ok(files)
}

/// The largest spec file the loader reads. Qlik's published channel specs are well under 1 MiB,
/// so a larger file is almost certainly not a channel spec, and refusing it early keeps
/// generation fast.
pub const MAX_SPEC_BYTES: u64 = 8 * 1024 * 1024;

/// Reads and parses one spec file. `path` is relative to `root` and is what messages show.
pub fn load_file(root: &Path, path: &Path) -> Result<SpecFile> {
    let document = read_document(&root.join(path), path)?;
    Ok(SpecFile { display_path: path.to_path_buf(), document })
}

/// Reads and parses the file at `full`, checking its size first. `shown` is the path for messages.
pub fn read_document(full: &Path, shown: &Path) -> Result<Value> {
    let size = fs::metadata(full).map_err(|err| Error::file(shown, format!("cannot read the spec file: {err}")))?.len();
    if size > MAX_SPEC_BYTES {
        return Err(Error::file(
            shown,
            format!("the file is {size} bytes, more than the limit of {MAX_SPEC_BYTES} bytes for a spec file"),
        )
        .hint("split the spec into one file per channel, or move files that are not specs out of the spec folder"));
    }
    let text =
        fs::read_to_string(full).map_err(|err| Error::file(shown, format!("cannot read the spec file: {err}")))?;
    parse(shown, &text)
}

/// Parses the text of a spec file, as strict JSON when `path` ends in `.json` and as YAML otherwise.
///
/// A key that a map repeats is an error, because YAML and JSON parsers disagree on which
/// occurrence wins.
pub fn parse(path: &Path, text: &str) -> Result<Value> {
    if is_json_path(path) {
        // RFC 8259 lets a parser ignore a leading byte order mark, and serde_json does not.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        check_flow_depth(path, text)?;
        parse_json(path, text)
    } else {
        check_flow_depth(path, text)?;
        parse_yaml(path, text)
    }
}

fn is_json_path(path: &Path) -> bool {
    path.extension().and_then(|ext| ext.to_str()).is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
}

fn parse_yaml(path: &Path, text: &str) -> Result<Value> {
    match serde_yaml::from_str::<StrictValue>(text) {
        Ok(StrictValue(value)) => Ok(value),
        Err(err) => Err(yaml_syntax_error(path, &err)),
    }
}

fn parse_json(path: &Path, text: &str) -> Result<Value> {
    match serde_json::from_str::<StrictValue>(text) {
        Ok(StrictValue(value)) => Ok(value),
        Err(err) => Err(json_syntax_error(path, text, &err)),
    }
}

/// The deepest nesting of `[` and `{` that the loader accepts, the same as serde_yaml's limit.
const MAX_FLOW_DEPTH: usize = 128;

/// Rejects text that nests `[` and `{` more than [`MAX_FLOW_DEPTH`] levels deep before a parser
/// reads it, because libyaml needs over a second for 10,000 levels even in an optimized build
/// (measured with serde_yaml 0.9.34). serde_json stops at 128 levels by itself, so for JSON the
/// check only keeps the message the same as for YAML.
///
/// Brackets inside quoted strings and comments are skipped. A bracket inside a plain YAML scalar
/// still counts, so a false rejection needs more than 128 unclosed ones in plain text.
fn check_flow_depth(path: &Path, text: &str) -> Result<()> {
    let (mut depth, mut line, mut column) = (0_usize, 1_usize, 0_usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut in_comment = false;
    let mut previous = '\n';
    for ch in text.chars() {
        column += 1;
        if ch == '\n' {
            (line, column, in_comment) = (line + 1, 0, false);
        }
        match quote {
            _ if in_comment => {}
            Some('"') if escaped => escaped = false,
            Some('"') if ch == '\\' => escaped = true,
            Some(open) if ch == open => quote = None,
            Some(_) => {}
            None => match ch {
                '"' | '\'' if previous.is_whitespace() || "[{,:".contains(previous) => quote = Some(ch),
                '#' if previous.is_whitespace() => in_comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Err(Error {
                            file: path.to_path_buf(),
                            location: Location::LineColumn { line, column },
                            message: format!("the file nests `[` and `{{` more than {MAX_FLOW_DEPTH} levels deep"),
                            hint: Some("flatten the document or move schemas into components.schemas".to_owned()),
                        });
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        previous = ch;
    }
    Ok(())
}

/// A JSON value, read from YAML or JSON, that rejects maps with a repeated key.
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON-compatible value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("the number {value} has no JSON form")))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<StrictValue>()? {
            let key = match key.0 {
                Value::String(text) => text,
                // YAML allows numbers and booleans as keys; JSON object keys are their text.
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                other => return Err(de::Error::custom(format!("a map key must be a string, found {other}"))),
            };
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate key `{key}` in this map")));
            }
            let StrictValue(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

fn yaml_syntax_error(path: &Path, err: &serde_yaml::Error) -> Error {
    let location = match err.location() {
        Some(at) => Location::LineColumn { line: at.line(), column: at.column() },
        None => Location::File,
    };
    let message = err.to_string();
    let hint = shared_syntax_hint(&message)
        .unwrap_or("fix the syntax at that position; the file must be an AsyncAPI document");
    Error {
        file: path.to_path_buf(),
        location,
        message: format!("invalid YAML: {message}"),
        hint: Some(hint.to_owned()),
    }
}

fn json_syntax_error(path: &Path, text: &str, err: &serde_json::Error) -> Error {
    // serde_json ends every message with the position, which the location already gives.
    let message = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    let offset = json_problem_offset(text, err, message);
    let (line, column) = line_and_column(text, offset);

    let hint = if let Some(hint) = shared_syntax_hint(message) {
        hint
    } else if message.starts_with("trailing comma") {
        "remove the comma, because JSON allows none before a closing bracket"
    } else if text[offset..].starts_with(['/', '#']) {
        "remove the comment, because JSON has no comments (a `description` field can carry the text)"
    } else {
        "fix the JSON syntax at that position"
    };
    Error {
        file: path.to_path_buf(),
        location: Location::LineColumn { line, column },
        message: format!("invalid JSON: {message}"),
        hint: Some(hint.to_owned()),
    }
}

/// Returns the byte offset in `text` of the JSON problem that `err` and its `message` describe.
fn json_problem_offset(text: &str, err: &serde_json::Error, message: &str) -> usize {
    let offset = json_error_offset(text, err.line(), err.column());
    if message.starts_with("trailing comma") {
        // serde_json points at the closing bracket, but the error is the comma before it.
        let before = text[..offset].trim_end();
        if before.ends_with(',') {
            return before.len() - 1;
        }
    }
    if message.starts_with("duplicate key") && text[offset..].starts_with('"') {
        // serde_json points at the closing quote of the repeated key, so move to its opening quote.
        return opening_quote(&text[..offset]).unwrap_or(offset);
    }
    offset
}

/// Converts serde_json's error position to a byte offset into `text`. serde_json counts the
/// column in bytes from 1, and gives column 0 for the start of a line, such as the end of input.
fn json_error_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let mut offset = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Returns the byte offset of the last `"` in `before` that no backslash escapes.
fn opening_quote(before: &str) -> Option<usize> {
    let mut end = before.len();
    while let Some(quote) = before[..end].rfind('"') {
        let backslashes = before[..quote].bytes().rev().take_while(|&byte| byte == b'\\').count();
        if backslashes % 2 == 0 {
            return Some(quote);
        }
        end = quote;
    }
    None
}

/// Returns the line and column of a byte offset, both from 1, with the column counted in
/// characters as libyaml counts it.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Returns the hint for a limit or a duplicate key, which the YAML and JSON parsers report alike.
fn shared_syntax_hint(message: &str) -> Option<&'static str> {
    if message.contains("duplicate key") {
        Some("keep one entry for the key; YAML and JSON tools disagree on which duplicate wins")
    } else if message.contains("recursion limit") {
        Some("the file nests more than 128 levels deep; flatten it or move schemas into components.schemas")
    } else if message.contains("repetition limit") {
        Some("the file expands YAML aliases too often; write the repeated parts out or use $ref")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_column(err: &Error) -> (usize, usize) {
        match err.location {
            Location::LineColumn { line, column } => (line, column),
            ref other => panic!("expected a line and column, found {other:?}"),
        }
    }

    #[test]
    fn json_trailing_comma_rejected() {
        let text = "{\n  \"asyncapi\": \"3.0.0\",\n  \"x-limits\": {\"minLength\": 1,}\n}\n";
        let err = parse(Path::new("spec/limits.json"), text).unwrap_err();
        assert_eq!(line_column(&err), (3, 30), "{err}");
        assert_eq!(err.message, "invalid JSON: trailing comma");
        assert!(err.hint.as_deref().unwrap().starts_with("remove the comma"), "{err}");
    }

    #[test]
    fn json_trailing_comma_before_newline() {
        let text = "{\n  \"tags\": [\"a\",\n  ]\n}\n";
        let err = parse(Path::new("spec/tags.json"), text).unwrap_err();
        assert_eq!(line_column(&err), (2, 15), "{err}");
    }

    #[test]
    fn yaml_trailing_comma_accepted() {
        let text = "x-limits: {\"minLength\": 1,}\n";
        let value = parse(Path::new("spec/limits.yaml"), text).unwrap();
        assert_eq!(value, serde_json::json!({"x-limits": {"minLength": 1}}));
    }

    #[test]
    fn json_comment_rejected_at_line_1() {
        let text = "// Web integrations, as Qlik publishes them.\n{\n  \"asyncapi\": \"3.0.0\"\n}\n";
        let err = parse(Path::new("spec/web-integrations.json"), text).unwrap_err();
        assert_eq!(line_column(&err), (1, 1), "{err}");
        assert_eq!(err.message, "invalid JSON: expected value");
        assert!(err.hint.as_deref().unwrap().starts_with("remove the comment"), "{err}");
    }

    #[test]
    fn json_duplicate_key_rejected() {
        let text = "{\n  \"asyncapi\": \"3.0.0\",\n  \"info\": {\"title\": \"A\", \"title\": \"B\"}\n}\n";
        let err = parse(Path::new("spec/twice.json"), text).unwrap_err();
        assert_eq!(err.message, "invalid JSON: duplicate key `title` in this map");
        assert_eq!(line_column(&err), (3, 26), "{err}");
        assert!(err.hint.as_deref().unwrap().starts_with("keep one entry"), "{err}");
    }

    #[test]
    fn json_duplicate_key_with_escaped_quote() {
        let text = "{\"a\\\"b\": 1, \"a\\\"b\": 2}";
        let err = parse(Path::new("spec/twice.json"), text).unwrap_err();
        assert_eq!(err.message, "invalid JSON: duplicate key `a\"b` in this map");
        assert_eq!(line_column(&err), (1, 13), "{err}");
    }

    #[test]
    fn json_column_counts_characters() {
        let text = "{\"é\": 1,}";
        let err = parse(Path::new("spec/accent.json"), text).unwrap_err();
        assert_eq!(line_column(&err), (1, 8), "{err}");
    }

    #[test]
    fn json_empty_file_rejected() {
        let err = parse(Path::new("spec/empty.json"), "").unwrap_err();
        assert_eq!(line_column(&err), (1, 1), "{err}");
        assert_eq!(err.message, "invalid JSON: EOF while parsing a value");
    }

    #[test]
    fn json_byte_order_mark_skipped() {
        let value = parse(Path::new("spec/marked.json"), "\u{feff}{\"asyncapi\": \"3.0.0\"}").unwrap();
        assert_eq!(value, serde_json::json!({"asyncapi": "3.0.0"}));
    }

    #[test]
    fn json_deep_nesting_rejected() {
        let text = format!("{{\"x\": {}{}}}", "[".repeat(200), "]".repeat(200));
        let err = parse(Path::new("spec/deep.json"), &text).unwrap_err();
        assert!(err.message.contains("more than 128 levels deep"), "{err}");
    }

    /// The JSON parser must read Qlik's published specs to the same value as the YAML parser did.
    #[test]
    fn json_and_yaml_agree_on_specs() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut compared = 0;
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if !is_json_path(&path) {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let from_json = parse_json(&path, &text).unwrap();
            let from_yaml = parse_yaml(&path, &text).unwrap();
            assert_eq!(from_json, from_yaml, "{}", path.display());
            // Later stages read keys in order, so the order must match too.
            assert_eq!(serde_json::to_string(&from_json).unwrap(), serde_json::to_string(&from_yaml).unwrap());
            compared += 1;
        }
        assert!(compared >= 4, "only {compared} JSON specs in {}", dir.display());
    }
}
