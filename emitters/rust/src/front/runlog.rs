//! A run's log: what one `cargo ibridge` run compiled through the wrapper. `cargo ibridge` writes
//! the header line, passes the path to the wrapper in `IBRIDGE_RUN_LOG`, and every wrapper
//! invocation appends one line (a single `O_APPEND` write). Fields are separated by tabs:
//!
//! ```text
//! #ibridge-run  1  RUN-ID  STARTED-MILLIS  WORKING-DIR  COMMAND
//! OUTCOME  FACET  CRATE  BYTES  MICROS  KEYS  REASON
//! ```
//!
//! KEYS are the records the invocation hit or emitted (`facet/<input key hex>`, comma-separated,
//! `-` for none), which gc keeps; REASON says why a unit was recomputed or passed through. The
//! logs live in `runs/` of the wrapper's state directory next to the store; the last run of a
//! checkout is also copied into its target directory, where `cargo ibridge explain` reads it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ibridge::store::gc::Run;
use crate::wrapper::stats::Outcome;

const MAGIC: &str = "#ibridge-run";
const VERSION: &str = "1";
/// The file name of the last run's log in a target directory.
pub(crate) const LAST_RUN: &str = "ibridge-last-run.log";

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unit {
    pub outcome: Outcome,
    pub facet: String,
    pub crate_name: String,
    pub bytes: u64,
    pub micros: u64,
    pub keys: Vec<String>,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RunLog {
    pub id: String,
    pub started: SystemTime,
    pub dir: String,
    pub command: String,
    pub units: Vec<Unit>,
    /// Lines that are not unit lines (a foreign or damaged log); they are counted, not fatal.
    pub unreadable: usize,
}

/// `runs/` in the state directory.
pub(crate) fn runs_dir(state: &Path) -> PathBuf {
    state.join("runs")
}

/// A fresh run id, `r-<13 digits of milliseconds>-<16 hex digits>`, which sorts by start time.
pub(crate) fn new_id(started: SystemTime) -> String {
    let millis = started.duration_since(UNIX_EPOCH).unwrap_or_default().as_millis();
    let nanos = started.duration_since(UNIX_EPOCH).unwrap_or_default().subsec_nanos();
    let seed = format!("{millis} {nanos} {} {:?}", std::process::id(), std::thread::current().id());
    let digest = ibridge::key::blob_digest(seed.as_bytes());
    format!("r-{millis:013}-{}", &hex::encode(&digest.value)[..16])
}

pub(crate) fn header(id: &str, started: SystemTime, dir: &Path, command: &[String]) -> String {
    let millis = started.duration_since(UNIX_EPOCH).unwrap_or_default().as_millis();
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    format!("{MAGIC}\t{VERSION}\t{id}\t{millis}\t{}\t{}\n", clean(&dir.to_string_lossy()), clean(&command.join(" ")))
}

/// Parses a log; an error (one line) when the header is missing or of another version.
pub(crate) fn parse(text: &str) -> Result<RunLog, String> {
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    if head.len() != 6 || head[0] != MAGIC {
        return Err("not an ibridge run log (no header line)".to_string());
    }
    if head[1] != VERSION {
        return Err(format!("a run log of version {}, this tool reads version {VERSION}", head[1]));
    }
    let millis: u64 = head[3].parse().map_err(|_| "the run log's start time is not a number".to_string())?;
    let mut log = RunLog {
        id: head[2].to_string(),
        started: UNIX_EPOCH + Duration::from_millis(millis),
        dir: head[4].to_string(),
        command: head[5].to_string(),
        units: Vec::new(),
        unreadable: 0,
    };
    for line in lines.filter(|l| !l.is_empty()) {
        match unit(line) {
            Some(u) => log.units.push(u),
            None => log.unreadable += 1,
        }
    }
    Ok(log)
}

fn unit(line: &str) -> Option<Unit> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() != 7 {
        return None;
    }
    let keys = if f[5] == "-" { Vec::new() } else { f[5].split(',').map(str::to_string).collect() };
    Some(Unit {
        outcome: Outcome::from_word(f[0])?,
        facet: f[1].to_string(),
        crate_name: f[2].to_string(),
        bytes: f[3].parse().ok()?,
        micros: f[4].parse().ok()?,
        keys,
        reason: f[6].to_string(),
    })
}

pub(crate) fn read(path: &Path) -> Result<RunLog, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every readable run log in `runs/`, oldest first, with its file; unreadable ones are skipped.
pub(crate) fn all(state: &Path) -> Vec<(PathBuf, RunLog)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(runs_dir(state)) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "log") {
            if let Ok(log) = read(&path) {
                out.push((path, log));
            }
        }
    }
    out.sort_by(|a, b| (a.1.started, &a.1.id).cmp(&(b.1.started, &b.1.id)));
    out
}

impl RunLog {
    /// The run as gc sees it.
    pub(crate) fn as_run(&self) -> Run {
        let touched: HashSet<String> = self.units.iter().flat_map(|u| u.keys.iter().cloned()).collect();
        Run { id: self.id.clone(), started: self.started, touched }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_reads_back_with_its_units_and_keys() {
        let started = UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        let id = new_id(started);
        assert!(id.starts_with("r-1700000000123-") && id.len() == 2 + 13 + 1 + 16, "{id}");
        let mut text = header(&id, started, Path::new("/w/a\tb"), &["check".into(), "-p".into(), "shapes".into()]);
        text.push_str("hit\tmetadata\tshapes\t2048\t900\tmetadata/ab,metadata/cd\t\n");
        text.push_str("computed\tmetadata\tgeometry\t10\t40000\t-\tsource file src/lib.rs changed\n");
        text.push_str("garbage\n");
        let log = parse(&text).expect("parses");
        assert_eq!((log.id.as_str(), log.started, log.dir.as_str(), log.command.as_str()), (id.as_str(), started, "/w/a b", "check -p shapes"));
        assert_eq!(log.units.len(), 2);
        assert_eq!(log.units[0].keys, vec!["metadata/ab".to_string(), "metadata/cd".to_string()]);
        assert_eq!(log.units[1].reason, "source file src/lib.rs changed");
        assert_eq!(log.unreadable, 1);
        assert_eq!(log.as_run().touched.len(), 2);
    }

    #[test]
    fn a_file_without_the_header_is_no_run_log() {
        assert!(parse("hit\tmetadata\tshapes\t1\t1\t-\t\n").is_err());
        assert!(parse("").is_err());
        assert!(parse("#ibridge-run\t2\tr\t1\t/\tcheck\n").unwrap_err().contains("version 2"));
    }
}
