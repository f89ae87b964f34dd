//! The Incremental Bridge Protocol in Rust, written from the specification in `spec/`.

pub mod error;
pub mod generated;
pub mod model;
pub mod avro;
pub mod schemas;
pub mod avro_model;
pub mod validate;
pub mod key;
pub mod record;
pub mod store;
pub mod activity;
