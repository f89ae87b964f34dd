//! The Incremental Bridge Protocol in Rust, written from the specification in `spec/`.

pub mod error;
pub mod model;
pub mod wrapper;
