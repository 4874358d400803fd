//! Hand-written run-time support for the generated modules. Nothing in this folder is generated,
//! so `cargo xtask gen` never rewrites or removes it.

pub mod de;
mod unknown;

pub use unknown::UnknownEvent;
