//! One line per wrapper invocation, appended to `wrapper-stats` in the store directory, for the
//! summary of `ibridge cargo`: `OUTCOME FACET CRATE BYTES MICROS [REASON]`.

use std::io::Write;
use std::path::Path;

pub const FILE_NAME: &str = "wrapper-stats";

/// How one invocation was served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Restored from a record: rustc did not run.
    Hit,
    /// rustc ran and its record was emitted.
    Computed,
    /// rustc ran and failed, or its outputs could not be recorded: nothing emitted.
    Unrecorded,
    /// Not modelled: rustc ran unchanged.
    Passthrough,
}

impl Outcome {
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Hit => "hit",
            Outcome::Computed => "computed",
            Outcome::Unrecorded => "unrecorded",
            Outcome::Passthrough => "passthrough",
        }
    }
}

/// Appends one line with a single `write` on an `O_APPEND` file, so lines of parallel
/// invocations never interleave. Failing to count never fails the build.
pub fn append(store_dir: &Path, outcome: Outcome, facet: &str, crate_name: &str, bytes: u64, micros: u128, reason: &str) {
    let line = format!("{} {} {} {} {} {}\n", outcome.word(), facet, crate_name, bytes, micros, reason.replace(' ', "_"));
    let file = std::fs::OpenOptions::new().create(true).append(true).open(store_dir.join(FILE_NAME));
    if let Ok(mut f) = file {
        let _ = f.write_all(line.as_bytes());
    }
}
