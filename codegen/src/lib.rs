//! The generator behind `cargo xtask gen`: reads AsyncAPI specs of Qlik Cloud event channels and
//! renders the `generated` crate.
//!
//! The stages run in order, each in its own module: [`load`] parses files, [`resolve`] follows
//! `$ref`s, [`lower`] builds the [`model`], and [`emit`] renders output files from the model only.
//! Nothing here writes to disk or prints; the caller decides what to do with the files.

pub mod emit;
pub mod error;
pub mod ident;
pub mod load;
pub mod lower;
pub mod model;
pub mod resolve;
pub mod sync;
pub mod synthetic;

use std::path::Path;

pub use emit::{EmitOptions, OutputFile};
pub use error::{Error, Location, Result};

/// Generates every output file from the specs in `spec_dir`, a folder relative to `root`.
///
/// Paths in the returned files are relative to the generated crate's root. On any error nothing
/// has been written, because nothing here writes.
pub fn generate(root: &Path, spec_dir: &Path) -> Result<Vec<OutputFile>> {
    generate_with(root, spec_dir, &EmitOptions::default())
}

/// Generates every output file like [`generate`], with `options` for output that lives somewhere
/// other than the `qlik-events` crate, such as the expected output of a test fixture.
pub fn generate_with(root: &Path, spec_dir: &Path, options: &EmitOptions) -> Result<Vec<OutputFile>> {
    let paths = load::list_spec_files(root, spec_dir)?;
    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        files.push(load::load_file(root, path)?);
    }
    let model = lower::lower(&files)?;
    emit::emit(&model, spec_dir, options)
}
