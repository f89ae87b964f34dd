//! A remote store on the Bazel HTTP remote-cache protocol, as a second tier behind the local store
//! (spec chapter "Remote stores"): a local miss asks the remote, a remote hit is verified and
//! emitted into the local store before it is used, and a local emit is queued for an upload that
//! runs in one parallel batch at the end of the run (`flush`).
//!
//! Configuration, from the environment:
//! `IBRIDGE_REMOTE` (`http://host:port[/instance]`), `IBRIDGE_REMOTE_MODE` (`read`, the default, or
//! `write`), `IBRIDGE_REMOTE_TOKEN` or `IBRIDGE_REMOTE_TOKEN_FILE` (bearer), `IBRIDGE_REMOTE_USER`
//! with `IBRIDGE_REMOTE_PASSWORD` or `IBRIDGE_REMOTE_PASSWORD_FILE` (basic),
//! `IBRIDGE_REMOTE_CONNECT_TIMEOUT_MS` (default 1000) and `IBRIDGE_REMOTE_TIMEOUT_MS` (read, default 10000).

pub(crate) mod http;
mod notice;
mod tier;
mod upload;

use std::path::Path;
use std::time::Duration;

pub use http::{Auth, Client, Endpoint, Fault};
pub use notice::Notice;
pub use tier::{lead_digest, Remote};
pub use upload::{flush, flush_to, Flushed};

/// Whether the tier uploads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Read,
    Write,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub client: Client,
    pub mode: Mode,
}

/// Parallel transfers of one wrapper process or one flush.
pub(crate) const PARALLEL: usize = 4;

impl Config {
    /// The configuration named by `var` (the environment, in production): `Ok(None)` when no
    /// remote is configured, an error (one line, naming no secret) when it is configured wrongly.
    pub(crate) fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Option<Config>, String> {
        let var = |name: &str| var(name).filter(|v| !v.is_empty());
        let Some(url) = var("IBRIDGE_REMOTE") else { return Ok(None) };
        let endpoint = Endpoint::parse(&url)?;
        let mode = match var("IBRIDGE_REMOTE_MODE").as_deref() {
            None | Some("read") => Mode::Read,
            Some("write") => Mode::Write,
            Some(_) => return Err("IBRIDGE_REMOTE_MODE is neither read nor write".into()),
        };
        let secret = |value: &str, file: &str| -> Result<Option<String>, String> {
            if let Some(v) = var(value) {
                return Ok(Some(v));
            }
            match var(file) {
                None => Ok(None),
                Some(path) => std::fs::read_to_string(&path)
                    .map(|s| Some(s.trim_end_matches(['\n', '\r']).to_string()))
                    .map_err(|e| format!("cannot read the file {file} names: {}", e.kind())),
            }
        };
        let auth = match (secret("IBRIDGE_REMOTE_TOKEN", "IBRIDGE_REMOTE_TOKEN_FILE")?, var("IBRIDGE_REMOTE_USER")) {
            (Some(_), Some(_)) => return Err("both a token and a user are given for the remote; give one".into()),
            (Some(token), None) => Some(Auth::Bearer(token)),
            (None, Some(user)) => match secret("IBRIDGE_REMOTE_PASSWORD", "IBRIDGE_REMOTE_PASSWORD_FILE")? {
                Some(password) => Some(Auth::Basic { user, password }),
                None => return Err("IBRIDGE_REMOTE_USER is set without IBRIDGE_REMOTE_PASSWORD or IBRIDGE_REMOTE_PASSWORD_FILE".into()),
            },
            (None, None) => None,
        };
        let millis = |name: &str, default: u64| -> Result<Duration, String> {
            match var(name) {
                None => Ok(Duration::from_millis(default)),
                Some(v) => v.parse::<u64>().ok().filter(|n| *n > 0).map(Duration::from_millis).ok_or_else(|| format!("{name} is not a positive number")),
            }
        };
        let client = Client {
            endpoint,
            auth,
            connect_timeout: millis("IBRIDGE_REMOTE_CONNECT_TIMEOUT_MS", 1000)?,
            read_timeout: millis("IBRIDGE_REMOTE_TIMEOUT_MS", 10_000)?,
        };
        Ok(Some(Config { client, mode }))
    }
}

/// The remote tier for a store whose tool keeps its own files in `state` (the wrapper's
/// `<store>-wrapper/`), or None when none is configured, it is misconfigured (one warning per
/// run), or it was found down earlier in this run.
pub(crate) fn from_env(state: &Path) -> Option<Remote> {
    let notice = Notice::new(state);
    match Config::from_vars(|n| std::env::var(n).ok()) {
        Ok(Some(config)) if !notice.is_down() => Some(Remote::new(config, notice)),
        Ok(_) => None,
        Err(e) => {
            notice.warn(&format!("remote store not used: {e}"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Option<Config>, String> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_vars(|n| map.get(n).cloned())
    }

    #[test]
    fn no_remote_without_the_variable_and_read_only_by_default() {
        assert!(config(&[]).expect("ok").is_none());
        assert!(config(&[("IBRIDGE_REMOTE", "")]).expect("ok").is_none());
        let c = config(&[("IBRIDGE_REMOTE", "http://127.0.0.1:1/x")]).expect("ok").expect("some");
        assert_eq!(c.mode, Mode::Read);
        assert!(c.client.auth.is_none());
        assert_eq!(config(&[("IBRIDGE_REMOTE", "http://h"), ("IBRIDGE_REMOTE_MODE", "write")]).expect("ok").expect("some").mode, Mode::Write);
    }

    #[test]
    fn misconfiguration_is_one_line_that_names_no_secret() {
        let cases: &[&[(&str, &str)]] = &[
            &[("IBRIDGE_REMOTE", "http://h"), ("IBRIDGE_REMOTE_MODE", "s3cret")],
            &[("IBRIDGE_REMOTE", "http://h"), ("IBRIDGE_REMOTE_TOKEN", "s3cret"), ("IBRIDGE_REMOTE_USER", "u")],
            &[("IBRIDGE_REMOTE", "http://h"), ("IBRIDGE_REMOTE_USER", "s3cret")],
            &[("IBRIDGE_REMOTE", "http://h"), ("IBRIDGE_REMOTE_TOKEN_FILE", "/nonexistent/s3cret")],
            &[("IBRIDGE_REMOTE", "http://u:s3cret@h")],
            &[("IBRIDGE_REMOTE", "http://h"), ("IBRIDGE_REMOTE_TIMEOUT_MS", "s3cret")],
        ];
        for vars in cases {
            let err = config(vars).expect_err("misconfigured");
            assert!(!err.contains("s3cret") && !err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn credentials_come_from_variables_or_files() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("token");
        std::fs::write(&file, "from-file\n").expect("write");
        let c = config(&[("IBRIDGE_REMOTE", "http://h"), ("IBRIDGE_REMOTE_TOKEN_FILE", file.to_str().expect("utf8"))]).expect("ok").expect("some");
        assert!(matches!(c.client.auth, Some(Auth::Bearer(ref t)) if t == "from-file"));
        let c = config(&[("IBRIDGE_REMOTE", "http://h"), ("IBRIDGE_REMOTE_USER", "ci"), ("IBRIDGE_REMOTE_PASSWORD", "pw")]).expect("ok").expect("some");
        assert!(matches!(c.client.auth, Some(Auth::Basic { ref user, ref password }) if user == "ci" && password == "pw"));
    }
}
