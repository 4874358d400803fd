//! Typed Qlik Cloud system events, generated from the AsyncAPI specs under `spec/`.
//!
//! Each channel has a module with one struct per event and an enum that dispatches on the
//! CloudEvents `type`. Everything under `events` is written by `cargo xtask gen`; `support` is
//! written by hand.
//!
//! # Example
//!
//! [`Event::parse`] reads an event of any channel, such as the body of a webhook request, and
//! checks it against the spec; `from_slice` on the same enums decodes without checking.
//!
//! ```
//! use qlik_events::Event;
//!
//! let body = r#"{"id":"A234-1234-1234","time":"2026-01-01T12:00:00Z",
//!     "type":"com.qlik.web-integration.deleted","source":"com.qlik/my-service",
//!     "specversion":"1.0","tenantid":"VZhiEfgW2bLd7HgR-jjzAh6VnicipweT","data":{"id":"id123"}}"#;
//! match Event::parse(body.as_bytes()) {
//!     Ok(Event::WebIntegrationDeleted(event)) => assert_eq!(event.data.unwrap().id, "id123"),
//!     Ok(other) => println!("a {} event", other.event_type()),
//!     Err(errors) => {
//!         for error in errors.errors() {
//!             eprintln!("{}: {} ({})", error.pointer, error.message, error.keyword);
//!         }
//!     }
//! }
//!
//! // An empty `id` breaks the spec's `minLength: 1`; the error names its JSON Pointer.
//! let errors = Event::parse(body.replace("A234-1234-1234", "").as_bytes()).unwrap_err();
//! assert_eq!(errors.errors()[0].pointer, "/id");
//! ```

#![deny(missing_docs)]

// Generated code is formatted by prettyplease, not rustfmt.
#[rustfmt::skip]
mod events;
pub mod support;

pub use events::*;
