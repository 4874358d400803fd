//! Hand-written run-time support for the generated modules. Nothing in this folder is generated,
//! so `cargo xtask gen` never rewrites or removes it.

pub mod de;
pub mod format;
pub mod object;
pub mod scan;
mod unknown;
pub mod validate;

#[doc(inline)]
pub use crate::__support_object as object;
#[doc(inline)]
pub use crate::__support_string_enum as string_enum;
pub use unknown::UnknownEvent;
pub use validate::{Validate, ValidationError, ValidationErrors};
