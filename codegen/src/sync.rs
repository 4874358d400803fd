//! Compares rendered output with the files on disk: which files to create, update or remove, and
//! the unified diff of each. `cargo xtask gen`, `--check` and the freshness test share this, so
//! they always agree on what is stale.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::emit::{GENERATED_DIRS, GENERATED_MARKER, OutputFile};

/// What must happen to one file so the generated crate matches the specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The file does not exist yet.
    Create { path: PathBuf, contents: String },
    /// The file exists with other bytes.
    Update { path: PathBuf, old: String, contents: String },
    /// A generated file that generation no longer produces.
    Remove { path: PathBuf, old: String },
}

impl Change {
    /// Returns the path of the file, relative to the generated crate's root.
    pub fn path(&self) -> &Path {
        match self {
            Change::Create { path, .. } | Change::Update { path, .. } | Change::Remove { path, .. } => path,
        }
    }

    /// Returns a unified diff from the file on disk to the file generation produces.
    pub fn diff(&self, crate_dir: &Path) -> String {
        let shown = crate_dir.join(self.path()).display().to_string();
        let (old, new) = match self {
            Change::Create { contents, .. } => ("", contents.as_str()),
            Change::Update { old, contents, .. } => (old.as_str(), contents.as_str()),
            Change::Remove { old, .. } => (old.as_str(), ""),
        };
        TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{shown}"), &format!("b/{shown}"))
            .to_string()
    }

    /// Returns a verb for the one-line report of the change.
    pub fn verb(&self) -> &'static str {
        match self {
            Change::Create { .. } => "created",
            Change::Update { .. } => "updated",
            Change::Remove { .. } => "removed",
        }
    }
}

/// Lists the changes that make `crate_dir` hold exactly `files`, in path order.
pub fn plan(crate_dir: &Path, files: &[OutputFile]) -> io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    for file in files {
        match fs::read(crate_dir.join(&file.path)) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(bytes) => changes.push(Change::Update {
                path: file.path.clone(),
                old: String::from_utf8_lossy(&bytes).into_owned(),
                contents: file.contents.clone(),
            }),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                changes.push(Change::Create { path: file.path.clone(), contents: file.contents.clone() });
            }
            Err(err) => return Err(err),
        }
    }
    for path in existing_generated(crate_dir)? {
        if !files.iter().any(|file| file.path == path) {
            let old = fs::read_to_string(crate_dir.join(&path))?;
            changes.push(Change::Remove { path, old });
        }
    }
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(changes)
}

/// Applies `changes` under `crate_dir`. Each file is written to a temporary name first and then
/// renamed, so an interrupted run never leaves a half-written file.
pub fn apply(crate_dir: &Path, changes: &[Change]) -> io::Result<()> {
    for change in changes {
        let target = crate_dir.join(change.path());
        match change {
            Change::Create { contents, .. } | Change::Update { contents, .. } => {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)?;
                }
                let temporary = target.with_extension("tmp-gen");
                fs::write(&temporary, contents)?;
                fs::rename(&temporary, &target)?;
            }
            Change::Remove { .. } => fs::remove_file(&target)?,
        }
    }
    Ok(())
}

/// Lists the files under the generated folders whose first line carries the generated marker.
fn existing_generated(crate_dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for dir in GENERATED_DIRS {
        collect_generated(crate_dir, Path::new(dir), &mut found)?;
    }
    found.sort();
    Ok(found)
}

fn collect_generated(crate_dir: &Path, dir: &Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    let entries = match fs::read_dir(crate_dir.join(dir)) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(err),
    };
    for entry in entries {
        let entry = entry?;
        let relative = dir.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            collect_generated(crate_dir, &relative, found)?;
        } else if first_line_is_generated(&entry.path())? {
            found.push(relative);
        }
    }
    Ok(())
}

fn first_line_is_generated(path: &Path) -> io::Result<bool> {
    let bytes = fs::read(path)?;
    let first_line = bytes.split(|byte| *byte == b'\n').next().unwrap_or_default();
    Ok(String::from_utf8_lossy(first_line).contains(GENERATED_MARKER))
}
