//! The Incremental Bridge Protocol in Rust, written from the specification in `spec/`.

pub mod error;
pub(crate) mod generated;
pub mod model;
pub mod avro;
pub mod schemas;
pub mod avro_model;
pub mod validate;
pub mod key;
pub mod record;
pub mod store;
pub mod activity;
pub mod remote;

/// The protocol version and the limits, generated from `schemas/v1/protocol.json`.
pub use generated::protocol;
