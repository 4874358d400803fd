//! Reads spec files from disk into JSON values, reporting syntax errors with line and column.
//!
//! Files are parsed as YAML, of which JSON is a subset. Three guards protect against hostile input.
//! The file size is checked before reading, serde_yaml 0.9 limits nesting to 128 levels and limits
//! alias expansion, and a map visitor rejects duplicate keys instead of keeping the last one.

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

/// Parses YAML or JSON text (JSON is read as YAML, so a file as Qlik publishes it loads unchanged).
///
/// A key that a map repeats is an error, because YAML and JSON parsers disagree on which
/// occurrence wins.
pub fn parse(path: &Path, text: &str) -> Result<Value> {
    check_flow_depth(path, text)?;
    match serde_yaml::from_str::<StrictValue>(text) {
        Ok(StrictValue(value)) => Ok(value),
        Err(err) => Err(syntax_error(path, &err)),
    }
}

/// The deepest nesting of `[` and `{` that the loader accepts, the same as serde_yaml's limit.
const MAX_FLOW_DEPTH: usize = 128;

/// Rejects text that nests `[` and `{` more than [`MAX_FLOW_DEPTH`] levels deep before the YAML
/// parser reads it, because libyaml needs over a second for 10,000 levels even in an optimized
/// build (measured with serde_yaml 0.9.34).
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

/// A JSON value read from YAML that rejects maps with a repeated key.
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
        f.write_str("a JSON-compatible YAML value")
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

fn syntax_error(path: &Path, err: &serde_yaml::Error) -> Error {
    let location = match err.location() {
        Some(at) => Location::LineColumn { line: at.line(), column: at.column() },
        None => Location::File,
    };
    Error {
        file: path.to_path_buf(),
        location,
        message: format!("invalid YAML or JSON: {err}"),
        hint: Some(syntax_hint(err).to_owned()),
    }
}

fn syntax_hint(err: &serde_yaml::Error) -> &'static str {
    let message = err.to_string();
    if message.contains("duplicate key") {
        "keep one entry for the key; YAML and JSON tools disagree on which duplicate wins"
    } else if message.contains("recursion limit") {
        "the file nests more than 128 levels deep; flatten it or move schemas into components.schemas"
    } else if message.contains("repetition limit") {
        "the file expands YAML aliases too often; write the repeated parts out or use $ref"
    } else {
        "fix the syntax at that position; the file must be an AsyncAPI document"
    }
}
