//! A `RUSTC_WRAPPER` that serves rustc (and clippy-driver) invocations from an ibridge store:
//! cargo runs `ibridge-rustc-wrapper RUSTC ARGS...` for every compilation; a hit restores the
//! outputs and replays the diagnostics, a miss runs the tool and emits its record.

pub mod args;
pub mod artifacts;
pub mod bridge;
pub mod checkout;
pub mod depinfo;
pub mod explain;
pub mod location;
pub mod run;
pub mod stats;
pub mod toolchain;
pub mod usage;
