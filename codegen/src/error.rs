//! The error type for specs that cannot be generated, and where in them the problem is.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a spec file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A line and column, both counted from 1, with the column counted in characters.
    LineColumn { line: usize, column: usize },
    /// The JSON Pointer of the offending value, such as `/components/messages/foo/payload`.
    Pointer(String),
    /// The whole file, or a folder.
    File,
}

/// A spec that cannot be generated: what is wrong, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The spec file, as given to the generator (usually relative to the workspace root).
    pub file: PathBuf,
    pub location: Location,
    /// What is wrong, in lowercase and without a trailing period.
    pub message: String,
    /// What to do next, when the message alone does not make it plain.
    pub hint: Option<String>,
}

impl Error {
    /// Creates an error about the value at a JSON Pointer in `file`.
    pub fn at(file: &Path, pointer: &str, message: impl Into<String>) -> Self {
        Error {
            file: file.to_path_buf(),
            location: Location::Pointer(pointer.to_owned()),
            message: message.into(),
            hint: None,
        }
    }

    /// Creates an error about a whole file or folder.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Error { file: file.to_path_buf(), location: Location::File, message: message.into(), hint: None }
    }

    /// Adds a sentence with the next step for the user.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match &self.location {
            Location::LineColumn { line, column } => write!(f, "{file}:{line}:{column}: ")?,
            // The empty pointer is the whole document, so the file name alone says it.
            Location::Pointer(pointer) if pointer.is_empty() => write!(f, "{file}: ")?,
            Location::Pointer(pointer) => write!(f, "{file}#{pointer}: ")?,
            Location::File => write!(f, "{file}: ")?,
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The result type of every fallible step of the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;
