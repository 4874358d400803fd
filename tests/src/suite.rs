//! Turns the JSON Schema Test Suite (draft 7) into AsyncAPI specs for the generator: one channel
//! per suite file, one event per schema group, with the group's schema as the event's `data`.
//!
//! The suite is read from `../shared/json-schema-test-suite/draft7` beside the workspace root.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// Schema groups that the generator cannot turn into a payload type, by file and description,
/// each with the reason. Every case of a listed group is skipped.
pub const SKIPPED_GROUPS: &[(&str, &str, &str)] = &[
    ("definitions.json", "validate definition against metaschema", REMOTE),
    ("ref.json", "remote ref, containing refs itself", REMOTE),
    ("ref.json", "$ref prevents a sibling $id from changing the base uri", BY_ID),
    ("ref.json", "Recursive references between schemas", BY_ID),
    ("ref.json", "Location-independent identifier", BY_ID),
    ("ref.json", "Reference an anchor with a non-relative URI", BY_ID),
    ("ref.json", "Location-independent identifier with base URI change in subschema", BY_ID),
    ("ref.json", "refs with relative uris and defs", BY_ID),
    ("ref.json", "relative refs with absolute uris and defs", BY_ID),
    ("ref.json", "$id must be resolved against nearest parent, not just immediate parent", BY_ID),
    ("ref.json", "simple URN base URI with $ref via the URN", BY_ID),
    ("ref.json", "URN base URI with URN and JSON pointer ref", BY_ID),
    ("ref.json", "URN base URI with URN and anchor ref", BY_ID),
    ("ref.json", "ref to if", BY_ID),
    ("ref.json", "ref to then", BY_ID),
    ("ref.json", "ref to else", BY_ID),
    ("ref.json", "ref with absolute-path-reference", BY_ID),
];

const REMOTE: &str = "refers to the draft-07 meta-schema by URL; the generator reads no schema from outside the spec";
const BY_ID: &str =
    "resolves $ref against an $id base URI; the generator follows only JSON Pointers within the document";

/// One schema group of a suite file.
pub struct Group {
    /// The file, relative to the draft 7 folder, such as `optional/format/date.json`.
    pub file: String,
    pub index: usize,
    pub description: String,
    pub schema: Value,
    pub tests: Vec<Case>,
    /// Why the group is skipped, when it is.
    pub skipped: Option<&'static str>,
}

/// One test of a group: a value and whether the schema accepts it.
pub struct Case {
    pub description: String,
    pub data: Value,
    pub valid: bool,
}

/// Returns the draft 7 folder of the suite.
pub fn suite_dir() -> PathBuf {
    crate::workspace_root()
        .parent()
        .expect("the workspace has a parent folder")
        .join("shared/json-schema-test-suite/draft7")
}

/// Reads every group of every suite file, sorted by file name.
pub fn read_groups() -> Vec<Group> {
    let mut files = Vec::new();
    collect_json(&suite_dir(), &mut files);
    files.sort();
    let mut groups = Vec::new();
    for path in files {
        let file = path.strip_prefix(suite_dir()).unwrap().to_string_lossy().replace('\\', "/");
        let text = fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
        let parsed: Value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{file} is not JSON: {err}"));
        for (index, group) in parsed.as_array().expect("a suite file is an array of groups").iter().enumerate() {
            let description = group["description"].as_str().unwrap().to_owned();
            let skipped = SKIPPED_GROUPS
                .iter()
                .find(|(skipped_file, skipped, _)| *skipped_file == file && *skipped == description)
                .map(|(_, _, reason)| *reason);
            let tests = group["tests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|test| Case {
                    description: test["description"].as_str().unwrap().to_owned(),
                    data: test["data"].clone(),
                    valid: test["valid"].as_bool().unwrap(),
                })
                .collect();
            groups.push(Group {
                file: file.clone(),
                index,
                description,
                schema: group["schema"].clone(),
                tests,
                skipped,
            });
        }
    }
    assert!(!groups.is_empty(), "no suite file found in {}", suite_dir().display());
    groups
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_json(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            out.push(path);
        }
    }
}

/// Returns the channel's short name for a suite file, such as `format-date-time-cases`. The
/// suffix keeps names such as `const` from becoming Rust keywords as module names.
pub fn channel_name(file: &str) -> String {
    format!("{}-cases", file.trim_end_matches(".json").trim_start_matches("optional/").replace('/', "-"))
}

/// Returns the CloudEvents type of a group's event.
pub fn event_type(group: &Group) -> String {
    format!("suite.{}.{}", channel_name(&group.file), group.index)
}

/// Builds one AsyncAPI document per suite file from the groups that are not skipped.
pub fn specs(groups: &[Group]) -> Vec<(String, Value)> {
    let mut files: Vec<&str> = groups.iter().map(|group| group.file.as_str()).collect();
    files.dedup();
    files
        .into_iter()
        .map(|file| {
            let included: Vec<&Group> =
                groups.iter().filter(|group| group.file == file && group.skipped.is_none()).collect();
            (file.to_owned(), spec_for(file, &included))
        })
        .collect()
}

fn spec_for(file: &str, groups: &[&Group]) -> Value {
    let name = channel_name(file);
    let mut messages = serde_json::Map::new();
    let mut channel_messages = serde_json::Map::new();
    let mut operation_messages = Vec::new();
    let mut schemas = serde_json::Map::new();
    for group in groups {
        let key = format!("g{}", group.index);
        let schema_key = format!("schema{}", group.index);
        let schema_ref = format!("#/components/schemas/{schema_key}");
        schemas.insert(schema_key, embed(&group.schema, &schema_ref));
        messages.insert(
            key.clone(),
            json!({
                "name": event_type(group),
                "title": group.description,
                "payload": {
                    "type": "object",
                    "required": ["type", "data"],
                    "properties": {
                        "type": {"type": "string", "default": event_type(group)},
                        "data": {"$ref": schema_ref}
                    }
                }
            }),
        );
        channel_messages.insert(key.clone(), json!({"$ref": format!("#/components/messages/{key}")}));
        operation_messages.push(json!({"$ref": format!("#/channels/suite/messages/{key}")}));
    }
    json!({
        "asyncapi": "3.0.0",
        "info": {"title": format!("JSON Schema Test Suite: {file}"), "version": "1.0.0"},
        "channels": {"suite": {"address": format!("suite.{name}"), "messages": channel_messages}},
        "operations": {"publish": {"action": "send", "channel": {"$ref": "#/channels/suite"}, "messages": operation_messages}},
        "components": {"messages": messages, "schemas": schemas}
    })
}

/// Returns `schema` with its local `$ref`s pointed at where it now sits, `base`. Values of `enum`,
/// `const` and `default` are data, not schemas, so they are left alone.
fn embed(schema: &Value, base: &str) -> Value {
    match schema {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(key, value)| {
                    let value = match (key.as_str(), value) {
                        ("$ref", Value::String(reference)) if reference.starts_with('#') => {
                            Value::String(format!("{base}{}", &reference[1..]))
                        }
                        ("enum" | "const" | "default" | "examples", _) => value.clone(),
                        _ => embed(value, base),
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|item| embed(item, base)).collect()),
        other => other.clone(),
    }
}

/// Generates the Rust modules for the suite specs, with paths relative to `tests/suite/`.
pub fn generate(groups: &[Group]) -> codegen::Result<Vec<codegen::OutputFile>> {
    let files: Vec<codegen::load::SpecFile> = specs(groups)
        .into_iter()
        .map(|(file, document)| codegen::load::SpecFile {
            display_path: Path::new("json-schema-test-suite/draft7").join(file),
            document,
        })
        .collect();
    let model = codegen::lower::lower(&files)?;
    let options = codegen::emit::EmitOptions::default();
    let mut output = codegen::emit::emit(&model, Path::new("json-schema-test-suite/draft7"), &options)?;
    // Only the Rust modules serve as an oracle; the Markdown pages of the suite schemas would be noise.
    output.retain(|file| file.path.extension().is_some_and(|extension| extension == "rs"));
    Ok(output)
}

/// Returns the folder of the checked-in suite modules.
pub fn output_dir() -> PathBuf {
    crate::workspace_root().join("tests/suite")
}
