//! Hand-written run-time support for the generated modules. Nothing in this folder is generated,
//! so `cargo xtask gen` never rewrites or removes it.

pub mod de;
pub mod format;
pub mod scan;
mod unknown;
pub mod validate;

pub use unknown::UnknownEvent;
pub use validate::{Validate, ValidationError, ValidationErrors};
