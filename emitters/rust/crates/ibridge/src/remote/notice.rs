//! What a run tells about its remote, shared by the run's many wrapper processes through small
//! files in the tool's state directory: at most one warning line per run, a remote found down
//! stays off for the rest of the run, and the bytes moved. A run ends with `flush`, which clears
//! the markers; without one, a marker older than `RUN_WINDOW` belongs to an earlier run.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub(crate) const RUN_WINDOW: Duration = Duration::from_secs(600);

#[derive(Clone, Debug)]
pub struct Notice {
    state: PathBuf,
}

impl Notice {
    pub fn new(state: &Path) -> Notice {
        Notice { state: state.to_path_buf() }
    }

    /// A file of the tier's in the state directory.
    pub(super) fn path(&self, name: &str) -> PathBuf {
        self.state.join(name)
    }

    fn marker(&self, name: &str) -> PathBuf {
        self.state.join(name)
    }

    fn fresh(path: &Path) -> bool {
        fs::metadata(path)
            .and_then(|m| m.modified())
            .is_ok_and(|t| SystemTime::now().duration_since(t).unwrap_or_default() < RUN_WINDOW)
    }

    /// Claims the run's one warning line, leaving `text` in the marker; true for exactly one
    /// caller per run.
    fn claim(&self, name: &str, text: &str) -> bool {
        let path = self.marker(name);
        let _ = fs::create_dir_all(&self.state);
        if let Ok(mut f) = OpenOptions::new().write(true).create_new(true).open(&path) {
            let _ = f.write_all(text.as_bytes());
            return true;
        }
        if Self::fresh(&path) {
            return false;
        }
        // A marker of an earlier run: the first to replace it speaks.
        let tmp = self.marker(&format!("{name}.{}", std::process::id()));
        fs::write(&tmp, text).is_ok() && fs::rename(&tmp, &path).is_ok()
    }

    /// Prints `ibridge: remote store: MESSAGE` unless this run already printed a remote warning.
    pub(crate) fn warn(&self, message: &str) {
        let line = format!("ibridge: remote store: {message}; continuing with the local store");
        if self.claim("remote-warned", &format!("{line}\n")) {
            eprintln!("{line}");
        }
    }

    /// Marks the remote down for the rest of the run, and warns.
    pub(crate) fn down(&self, message: &str) {
        let _ = fs::create_dir_all(&self.state);
        let _ = fs::write(self.marker("remote-down"), b"");
        self.warn(message);
    }

    pub fn is_down(&self) -> bool {
        Self::fresh(&self.marker("remote-down"))
    }

    /// Ends the run: the next run may warn again and tries the remote again.
    pub(crate) fn reset(&self) {
        let _ = fs::remove_file(self.marker("remote-down"));
        let _ = fs::remove_file(self.marker("remote-warned"));
    }

    /// Appends `DIRECTION BYTES ENTRIES` to `remote-bytes`, the run's network traffic.
    pub(crate) fn count(&self, direction: &str, bytes: u64, entries: u64) {
        if entries == 0 {
            return;
        }
        let _ = fs::create_dir_all(&self.state);
        if let Ok(mut f) = OpenOptions::new().create(true).append(true).open(self.marker("remote-bytes")) {
            let _ = f.write_all(format!("{direction} {bytes} {entries}\n").as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_caller_per_run_claims_the_warning_and_reset_starts_a_new_run() {
        let dir = tempfile::tempdir().expect("tmp");
        let n = Notice::new(&dir.path().join("state"));
        assert!(n.claim("remote-warned", ""));
        assert!(!n.claim("remote-warned", ""));
        assert!(!Notice::new(&dir.path().join("state")).claim("remote-warned", ""));
        n.reset();
        assert!(n.claim("remote-warned", ""));
    }

    #[test]
    fn a_marker_of_an_earlier_run_is_stale() {
        let dir = tempfile::tempdir().expect("tmp");
        let n = Notice::new(dir.path());
        n.down("x");
        assert!(n.is_down());
        let old = SystemTime::now() - RUN_WINDOW - Duration::from_secs(5);
        for name in ["remote-down", "remote-warned"] {
            fs::File::options().write(true).open(dir.path().join(name)).expect("open").set_modified(old).expect("touch");
        }
        assert!(!n.is_down());
        assert!(n.claim("remote-warned", ""));
    }
}
