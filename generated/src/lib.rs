//! Typed Qlik Cloud system events, generated from the AsyncAPI specs under `spec/`.
//!
//! Each channel has a module with one struct per event and an enum that dispatches on the
//! CloudEvents `type`. Everything under `events` is written by `cargo xtask gen`; `support` is
//! written by hand.

#![deny(missing_docs)]

// Generated code is formatted by prettyplease, not rustfmt.
#[rustfmt::skip]
mod events;
pub mod support;

pub use events::*;
