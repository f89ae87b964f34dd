//! A `RUSTC_WRAPPER` that serves rustc (and clippy-driver) invocations from an ibridge store:
//! cargo runs `ibridge-rustc-wrapper RUSTC ARGS...` for every compilation; a hit restores the
//! outputs and replays the diagnostics, a miss runs the tool and emits its record.

pub(crate) mod args;
pub(crate) mod artifacts;
pub(crate) mod bridge;
pub(crate) mod checkout;
pub(crate) mod depinfo;
pub(crate) mod explain;
pub(crate) mod location;
pub mod run;
pub(crate) mod stats;
pub(crate) mod toolchain;
pub(crate) mod usage;
