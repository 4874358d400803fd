//! Bundles `$ref`s to other files into the referring spec. Each referenced schema is copied under
//! `components.schemas` and the reference is rewritten to point there. The key is the last token
//! of the target's pointer, or the file name when the reference names a whole file. After
//! bundling, every `$ref` of a spec is local, so later stages read one document.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::load::{self, SpecFile};
use crate::resolve::{self, RefError};

/// Rewrites every `$ref` to another file in `spec` into a local reference, copying the targets in.
///
/// Paths in references are relative to the file that contains the reference. Only files on disk
/// are read; a reference with a URL scheme is an error.
pub fn bundle_external_refs(root: &Path, spec: &mut SpecFile) -> Result<()> {
    let mut bundler = Bundler {
        root,
        main: spec.display_path.clone(),
        documents: BTreeMap::new(),
        bundled: BTreeMap::new(),
        added: Vec::new(),
        existing: spec
            .document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default(),
    };
    let main = spec.display_path.clone();
    bundler.rewrite(&mut spec.document, &main, "")?;
    if bundler.added.is_empty() {
        return Ok(());
    }

    let Value::Object(root_object) = &mut spec.document else { return Ok(()) };
    let components = root_object.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(components) = components else {
        return Err(Error::at(&main, "/components", "components must be an object"));
    };
    let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(schemas) = schemas else {
        return Err(Error::at(&main, "/components/schemas", "components.schemas must be an object"));
    };
    for (name, schema) in bundler.added {
        schemas.insert(name, schema);
    }
    Ok(())
}

struct Bundler<'a> {
    root: &'a Path,
    /// The spec file being bundled, relative to the root.
    main: PathBuf,
    /// Other files read so far, by path relative to the root.
    documents: BTreeMap<PathBuf, Value>,
    /// The `components.schemas` key given to each bundled (file, pointer) pair.
    bundled: BTreeMap<(PathBuf, String), String>,
    /// Schemas to add to the main document, in the order they were first referenced.
    added: Vec<(String, Value)>,
    /// Keys that the main document's `components.schemas` already has.
    existing: Vec<String>,
}

impl Bundler<'_> {
    /// Rewrites the references inside `value`, which sits at `pointer` in `file`.
    fn rewrite(&mut self, value: &mut Value, file: &Path, pointer: &str) -> Result<()> {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    let reference = reference.clone();
                    let at = resolve::push_pointer(pointer, "$ref");
                    if let Some(local) = self.localize(&reference, file, &at)? {
                        object.insert("$ref".to_owned(), Value::String(local));
                    }
                }
                for (key, item) in object.iter_mut() {
                    if key != "$ref" {
                        self.rewrite(item, file, &resolve::push_pointer(pointer, key))?;
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.rewrite(item, file, &format!("{pointer}/{index}"))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Returns the local reference that replaces `reference`, or `None` when it is already local to
    /// the main document.
    fn localize(&mut self, reference: &str, file: &Path, at: &str) -> Result<Option<String>> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if path.is_empty() && file == self.main {
            return Ok(None);
        }
        if path.contains("://") {
            return Err(Error::at(
                file,
                at,
                format!("$ref `{reference}` points at a URL, which the generator does not fetch"),
            )
            .hint("save the referenced file next to the spec and use a relative path"));
        }
        let target_file = if path.is_empty() {
            file.to_path_buf()
        } else {
            normalize(&file.parent().unwrap_or(Path::new("")).join(path))
        };
        let key = (target_file.clone(), fragment.to_owned());
        if let Some(name) = self.bundled.get(&key) {
            return Ok(Some(local_reference(name)));
        }

        if !self.documents.contains_key(&target_file) {
            let document = load::read_document(&self.root.join(&target_file), &target_file).map_err(|err| {
                Error::at(
                    file,
                    at,
                    format!(
                        "$ref `{reference}` points to {}, which cannot be loaded: {}",
                        target_file.display(),
                        err.message
                    ),
                )
                .hint("check the path, which is relative to the file that contains the $ref")
            })?;
            self.documents.insert(target_file.clone(), document);
        }
        let document = &self.documents[&target_file];
        let target = resolve::lookup(document, &format!("#{fragment}")).map_err(|err| {
            let reason = match err {
                RefError::NotFound | RefError::Loop => "names nothing in that file",
                RefError::NotLocal => "is not a JSON Pointer",
            };
            Error::at(file, at, format!("$ref `{reference}`: the part after `#` {reason}"))
                .hint("check the JSON Pointer after `#` (escape `/` as `~1` and `~` as `~0`)")
        })?;
        let mut copy = target.clone();

        let name = bundled_name(&target_file, fragment);
        let taken = self.existing.contains(&name) || self.bundled.values().any(|other| *other == name);
        if taken {
            return Err(Error::at(
                file,
                at,
                format!("$ref `{reference}` would be bundled as components.schemas.{name}, a name already in use"),
            )
            .hint("rename the schema in one of the files, so that each schema has its own name"));
        }
        // The name is taken before the copy is rewritten, so a reference back to it finds it.
        self.bundled.insert(key, name.clone());
        self.rewrite(&mut copy, &target_file, fragment)?;
        self.added.push((name.clone(), copy));
        Ok(Some(local_reference(&name)))
    }
}

fn local_reference(name: &str) -> String {
    format!("#/components/schemas/{}", resolve::escape_token(name))
}

/// Returns the `components.schemas` key for a bundled schema: the last token of its pointer, or
/// the file name without its extension for a whole file.
fn bundled_name(file: &Path, fragment: &str) -> String {
    let last = resolve::pointer_tokens(fragment).and_then(|tokens| tokens.last().cloned());
    last.filter(|token| !token.is_empty())
        .unwrap_or_else(|| file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default())
}

/// Removes `.` and `..` from a relative path without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
