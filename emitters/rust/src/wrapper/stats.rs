//! One line per wrapper invocation. Under `cargo ibridge` the line goes to the run's own log,
//! named by `IBRIDGE_RUN_LOG` (see [`crate::front::runlog`] for its format), so that runs of
//! different checkouts on one store never mix their counts; it carries the records the
//! invocation hit or emitted (for gc) and why a unit was recomputed (for explain). Without that
//! variable (the wrapper set as `RUSTC_WRAPPER` directly) it is appended to `wrapper-stats` in
//! the state directory: `OUTCOME FACET CRATE BYTES MICROS [REASON]`.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use ibridge::store::touched;

pub(crate) const FILE_NAME: &str = "wrapper-stats";
/// The variable `cargo ibridge` sets to the path of the run's log.
pub(crate) const RUN_LOG: &str = "IBRIDGE_RUN_LOG";

/// How one invocation was served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
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
    pub(crate) fn word(self) -> &'static str {
        match self {
            Outcome::Hit => "hit",
            Outcome::Computed => "computed",
            Outcome::Unrecorded => "unrecorded",
            Outcome::Passthrough => "passthrough",
        }
    }

    pub(crate) fn from_word(word: &str) -> Option<Outcome> {
        [Outcome::Hit, Outcome::Computed, Outcome::Unrecorded, Outcome::Passthrough].into_iter().find(|o| o.word() == word)
    }
}

/// Why this invocation recomputes its unit, set on the miss path before the tool runs.
static WHY: Mutex<String> = Mutex::new(String::new());

pub(crate) fn note_why(reason: String) {
    *WHY.lock().unwrap_or_else(|p| p.into_inner()) = reason;
}

/// Appends one line with a single `write` on an `O_APPEND` file, so lines of parallel
/// invocations never interleave. Failing to count never fails the build.
pub(crate) fn append(state_dir: &Path, outcome: Outcome, facet: &str, crate_name: &str, bytes: u64, micros: u128, reason: &str) {
    let (path, line) = match std::env::var_os(RUN_LOG).filter(|v| !v.is_empty()) {
        Some(log) => {
            let why = std::mem::take(&mut *WHY.lock().unwrap_or_else(|p| p.into_inner()));
            let reason = match (outcome, reason.is_empty(), why.is_empty()) {
                (Outcome::Hit, _, _) | (_, _, true) => reason.to_string(),
                (_, true, false) => why,
                (_, false, false) => format!("{reason}; recomputed because: {why}"),
            };
            let keys = touched::take();
            let keys = if keys.is_empty() { "-".to_string() } else { keys.join(",") };
            let fields = [outcome.word(), facet, crate_name, &bytes.to_string(), &micros.to_string(), &keys, &reason];
            let line: Vec<String> = fields.iter().map(|f| f.replace(['\t', '\n', '\r'], " ")).collect();
            (std::path::PathBuf::from(log), format!("{}\n", line.join("\t")))
        }
        None => {
            let _ = std::fs::create_dir_all(state_dir);
            let line = format!("{} {} {} {} {} {}\n", outcome.word(), facet, crate_name, bytes, micros, reason.replace(' ', "_"));
            (state_dir.join(FILE_NAME), line)
        }
    };
    let file = std::fs::OpenOptions::new().create(true).append(true).open(path);
    if let Ok(mut f) = file {
        let _ = f.write_all(line.as_bytes());
    }
}
