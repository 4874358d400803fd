//! The generator behind `cargo xtask gen`: reads AsyncAPI specs of Qlik Cloud event channels and
//! renders the `generated` crate.
//!
//! The stages run in order, each in its own module: [`load`] parses files, [`resolve`] follows
//! `$ref`s, [`lower`] builds the [`model`], and [`emit`] renders output files from the model only.
//! Nothing here writes to disk or prints; the caller decides what to do with the files.

pub mod bundle;
pub mod check;
pub mod emit;
pub mod error;
pub mod ident;
pub mod load;
pub mod lower;
pub mod model;
mod parallel;
pub mod resolve;
pub mod sync;
pub mod synthetic;

use std::path::Path;

pub use check::ExampleWarning;
pub use emit::{EmitOptions, OutputFile};
pub use error::{Error, Location, Result};

/// What a successful generation produces: the output files and the warnings about the specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    /// Paths relative to the generated crate's root.
    pub files: Vec<OutputFile>,
    /// Spec examples that break their own payload schema; generation goes on regardless.
    pub warnings: Vec<ExampleWarning>,
}

/// Generates every output file from the specs in `spec_dir`, a folder relative to `root`.
///
/// Paths in the returned files are relative to the generated crate's root. On any error nothing
/// has been written, because nothing here writes.
pub fn generate(root: &Path, spec_dir: &Path) -> Result<Vec<OutputFile>> {
    generate_with_warnings(root, spec_dir).map(|generation| generation.files)
}

/// Generates every output file like [`generate`], and also returns the warnings about the specs.
pub fn generate_with_warnings(root: &Path, spec_dir: &Path) -> Result<Generation> {
    generate_with(root, spec_dir, &EmitOptions::default())
}

/// Generates like [`generate_with_warnings`], with `options` for output that lives somewhere other
/// than the `qlik-events` crate, such as the expected output of a test fixture.
pub fn generate_with(root: &Path, spec_dir: &Path, options: &EmitOptions) -> Result<Generation> {
    let paths = load::list_spec_files(root, spec_dir)?;
    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        let mut file = load::load_file(root, path)?;
        bundle::bundle_external_refs(root, &mut file)?;
        files.push(file);
    }
    generate_from_documents(&files, spec_dir, options)
}

/// Generates every output file from specs already loaded, with every `$ref` local. `spec_dir` is
/// only shown in file headers.
pub fn generate_from_documents(files: &[load::SpecFile], spec_dir: &Path, options: &EmitOptions) -> Result<Generation> {
    let mut model = lower::lower(files)?;
    let warnings = check::check_examples(&model);
    // The example doctests assert the verdict computed here, so fixing an example in the spec
    // shows up in the generated diff.
    check::record_verdicts(&mut model, &warnings);
    let files = emit::emit(&model, spec_dir, options)?;
    Ok(Generation { files, warnings })
}
