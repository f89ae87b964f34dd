//! `cargo ibridge` and the rustc wrapper it runs: cargo through an ibridge store, built on the
//! protocol library `ibridge` (crates/ibridge).

pub(crate) mod error;
pub mod front;
pub mod wrapper;
