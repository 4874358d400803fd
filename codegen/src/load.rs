//! Reads spec files from disk into JSON values, reporting syntax errors with line and column.

use std::fs;
use std::path::{Path, PathBuf};

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

/// Reads and parses one spec file. `path` is relative to `root` and is what messages show.
pub fn load_file(root: &Path, path: &Path) -> Result<SpecFile> {
    let text = fs::read_to_string(root.join(path))
        .map_err(|err| Error::file(path, format!("cannot read the spec file: {err}")))?;
    let document = parse(path, &text)?;
    Ok(SpecFile { display_path: path.to_path_buf(), document })
}

/// Parses YAML or JSON text (JSON is read as YAML, so a file as Qlik publishes it loads unchanged).
pub fn parse(path: &Path, text: &str) -> Result<serde_json::Value> {
    serde_yaml::from_str(text).map_err(|err| syntax_error(path, &err))
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
        hint: Some("fix the syntax at that position; the file must be an AsyncAPI document".to_owned()),
    }
}
