//! A remote store on the Bazel HTTP remote-cache protocol, as a second tier behind the local store
//! (spec chapter "Remote stores"): a local miss asks the remote, a remote hit is verified and
//! emitted into the local store before it is used, and a local emit is queued for an upload that
//! runs in one parallel batch at the end of the run (`flush`).
//!
//! Configuration, from the environment (REQ-REMOTE-010):
//! `IBRIDGE_REMOTE` (`http://host:port[/instance]`), `IBRIDGE_REMOTE_MODE` (`read`, the default, or
//! `write`), `IBRIDGE_REMOTE_TOKEN` or `IBRIDGE_REMOTE_TOKEN_FILE` (bearer), `IBRIDGE_REMOTE_USER`
//! with `IBRIDGE_REMOTE_PASSWORD` or `IBRIDGE_REMOTE_PASSWORD_FILE` (basic),
//! `IBRIDGE_REMOTE_CONNECT_TIMEOUT_MS` (default 1000) and `IBRIDGE_REMOTE_TIMEOUT_MS` (read, default 10000).
//!
//! The cargo tools also read a configuration file, `IBRIDGE_REMOTE_CONFIG` if set, else
//! `$XDG_CONFIG_HOME/ibridge/remote.conf` (`~/.config/ibridge/remote.conf`): `key = value` lines,
//! `#` comments, keys `url`, `mode`, `token_file`, `user`, `password_file`, `connect_timeout_ms`
//! and `timeout_ms`. A variable that is set wins over the file. Secrets go in files the
//! configuration names, never in the configuration itself, which is often shared.

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
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Option<Config>, String> {
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

/// The keys of the configuration file and the variables they stand for.
const FILE_KEYS: [(&str, &str); 7] = [
    ("url", "IBRIDGE_REMOTE"),
    ("mode", "IBRIDGE_REMOTE_MODE"),
    ("token_file", "IBRIDGE_REMOTE_TOKEN_FILE"),
    ("user", "IBRIDGE_REMOTE_USER"),
    ("password_file", "IBRIDGE_REMOTE_PASSWORD_FILE"),
    ("connect_timeout_ms", "IBRIDGE_REMOTE_CONNECT_TIMEOUT_MS"),
    ("timeout_ms", "IBRIDGE_REMOTE_TIMEOUT_MS"),
];

/// The settings of a configuration file, as the variables they stand for. Errors name the line
/// and the key, never a value.
pub fn parse_file(text: &str) -> Result<Vec<(&'static str, String)>, String> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!("line {} of the remote configuration is not key = value", i + 1));
        };
        let key = key.trim();
        let value = value.trim().trim_matches('"');
        let Some((_, var)) = FILE_KEYS.iter().find(|(k, _)| *k == key) else {
            let hint = if key == "token" || key == "password" { "; put the secret in a file and name it with token_file or password_file" } else { "" };
            return Err(format!("line {} of the remote configuration has an unknown key{hint}", i + 1));
        };
        if out.iter().any(|(v, _)| v == var) {
            return Err(format!("line {} of the remote configuration repeats {key}", i + 1));
        }
        out.push((var, value.to_string()));
    }
    Ok(out)
}

/// The configuration file named by `var`, if any: `IBRIDGE_REMOTE_CONFIG` (which must exist),
/// else `$XDG_CONFIG_HOME/ibridge/remote.conf` or `$HOME/.config/ibridge/remote.conf` when present.
fn config_file(var: &impl Fn(&str) -> Option<String>) -> Result<Option<String>, String> {
    let var = |name: &str| var(name).filter(|v| !v.is_empty());
    if let Some(named) = var("IBRIDGE_REMOTE_CONFIG") {
        return std::fs::read_to_string(&named).map(Some).map_err(|e| format!("cannot read the file IBRIDGE_REMOTE_CONFIG names: {}", e.kind()));
    }
    let dir = var("XDG_CONFIG_HOME").map(std::path::PathBuf::from).or_else(|| var("HOME").map(|h| Path::new(&h).join(".config")));
    let Some(path) = dir.map(|d| d.join("ibridge/remote.conf")) else { return Ok(None) };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {}", path.display(), e.kind())),
    }
}

impl Config {
    /// The configuration of the variables named by `var` over the configuration file's settings.
    pub fn from_vars_and_file(var: impl Fn(&str) -> Option<String>) -> Result<Option<Config>, String> {
        let settings = match config_file(&var)? {
            Some(text) => parse_file(&text)?,
            None => Vec::new(),
        };
        Config::from_vars(|name| {
            var(name).filter(|v| !v.is_empty()).or_else(|| settings.iter().find(|(v, _)| *v == name).map(|(_, value)| value.clone()))
        })
    }

    /// The configuration of the process's environment and configuration file.
    pub fn from_environment() -> Result<Option<Config>, String> {
        Config::from_vars_and_file(|n| std::env::var(n).ok())
    }
}

/// Whether the environment or the configuration file names a remote (or names one wrongly, which
/// a flush then reports).
pub fn configured() -> bool {
    !matches!(Config::from_environment(), Ok(None))
}

/// The remote tier for a store whose tool keeps its own files in `state` (the wrapper's
/// `<store>-wrapper/`), or None when none is configured, it is misconfigured (one warning per
/// run), or it was found down earlier in this run.
pub fn from_env(state: &Path) -> Option<Remote> {
    let notice = Notice::new(state);
    match Config::from_environment() {
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

    fn with_file(dir: &Path, text: &str, vars: &[(&str, &str)]) -> Result<Option<Config>, String> {
        let file = dir.join("remote.conf");
        std::fs::write(&file, text).expect("write");
        let mut map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        map.insert("IBRIDGE_REMOTE_CONFIG".into(), file.to_str().expect("utf8").into());
        Config::from_vars_and_file(|n| map.get(n).cloned())
    }

    #[test]
    fn a_configuration_file_gives_what_the_environment_does_not() {
        let dir = tempfile::tempdir().expect("tmp");
        let token = dir.path().join("token");
        std::fs::write(&token, "file-token\n").expect("write");
        let text = format!("# the team cache\nurl = http://cache.example:9090/team\nmode = write\ntoken_file = \"{}\"\ntimeout_ms = 2500\n", token.display());
        let c = with_file(dir.path(), &text, &[]).expect("ok").expect("some");
        assert_eq!((c.mode, c.client.endpoint.shown(), c.client.read_timeout), (Mode::Write, "http://cache.example:9090/team".to_string(), Duration::from_millis(2500)));
        assert!(matches!(c.client.auth, Some(Auth::Bearer(ref t)) if t == "file-token"));
        // Pull requests run with the same file and IBRIDGE_REMOTE_MODE=read: the variable wins.
        let c = with_file(dir.path(), &text, &[("IBRIDGE_REMOTE_MODE", "read")]).expect("ok").expect("some");
        assert_eq!(c.mode, Mode::Read);
        assert!(with_file(dir.path(), "# nothing\n", &[]).expect("ok").is_none());
    }

    #[test]
    fn the_default_file_is_under_xdg_config_home_and_may_be_absent() {
        let dir = tempfile::tempdir().expect("tmp");
        let map: HashMap<String, String> = [("XDG_CONFIG_HOME".to_string(), dir.path().to_str().expect("utf8").to_string())].into();
        assert!(Config::from_vars_and_file(|n| map.get(n).cloned()).expect("ok").is_none());
        std::fs::create_dir_all(dir.path().join("ibridge")).expect("mkdir");
        std::fs::write(dir.path().join("ibridge/remote.conf"), "url = http://127.0.0.1:8080\n").expect("write");
        assert!(Config::from_vars_and_file(|n| map.get(n).cloned()).expect("ok").is_some());
    }

    #[test]
    fn a_bad_configuration_file_is_one_line_that_names_no_value() {
        let dir = tempfile::tempdir().expect("tmp");
        for text in ["url = http://h\ntoken = s3cret\n", "s3cret\n", "url = http://h\nmode = s3cret\n", "url = http://u:s3cret@h\n", "url = http://h\nurl = http://s3cret\n"] {
            let err = with_file(dir.path(), text, &[("IBRIDGE_REMOTE_TOKEN", "s3cret-env")]).expect_err(text);
            assert!(!err.contains("s3cret") && !err.contains('\n'), "{err}");
        }
        let missing: HashMap<String, String> = [("IBRIDGE_REMOTE_CONFIG".to_string(), "/nonexistent/s3cret.conf".to_string())].into();
        let err = Config::from_vars_and_file(|n| missing.get(n).cloned()).expect_err("missing");
        assert!(!err.contains("s3cret"), "{err}");
    }
}
