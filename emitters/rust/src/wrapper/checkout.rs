//! Where an invocation runs: the checkout root (rustc's working directory: under cargo the
//! workspace root for a member, the package root for a registry crate) and the target dir, and
//! the rules that keep both out of the key and out of stored outputs (spec chapter "cargo
//! bridge", path independence).
//!
//! - A `CARGO_` variable is in the key with the root and the target dir written as `${root}` and
//!   `${target}`: rustc reads none of them itself, and a crate that reads one with `env!` has it
//!   among its direct inputs with its real value.
//! - The out dir appears in rustc's dep-info file (its rule targets) and in the artifact
//!   notifications on stderr; stored copies hold a mark instead, which a hit writes back as this
//!   invocation's out dir.
//! - Stored bytes that still hold the root or the target dir, and direct inputs named by an
//!   absolute path below either, bind the record to the checkout (see `run::key_material`).

use std::path::Path;

/// Stands for the out dir in stored dep-info and tool output. U+0001 never appears raw in rustc's
/// JSON output (JSON escapes control characters) nor in a path cargo chooses.
pub(crate) const OUT_DIR_MARK: &str = "\u{1}ibridge:out-dir\u{1}";

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Checkout {
    pub root: String,
    pub target: String,
    pub out_dir: String,
}

/// The target dir of an out dir in cargo's layout: `<target>[/<triple>]/<profile>/deps`. An out
/// dir of another shape is its own target dir.
fn target_of(out_dir: &Path, cross: bool) -> &Path {
    if out_dir.file_name().is_none_or(|n| n != "deps") {
        return out_dir;
    }
    let levels = if cross { 3 } else { 2 };
    let mut t = out_dir;
    for _ in 0..levels {
        match t.parent() {
            Some(p) if p.parent().is_some() => t = p,
            _ => return out_dir,
        }
    }
    t
}

fn replace_all(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() {
        return hay.to_vec();
    }
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// A path as rustc writes it in dep-info (spaces escaped).
fn depinfo_form(path: &str) -> String {
    path.replace(' ', "\\ ")
}

/// A path as it appears inside a JSON string.
fn json_form(path: &str) -> String {
    let quoted = serde_json::to_string(path).unwrap_or_default();
    quoted[1..quoted.len().saturating_sub(1).max(1)].to_string()
}

impl Checkout {
    /// None when a path is not UTF-8 (the invocation is then not modelled).
    pub(crate) fn new(root: &Path, out_dir: &Path, cross: bool) -> Option<Checkout> {
        Some(Checkout {
            root: root.to_str()?.trim_end_matches('/').to_string(),
            target: target_of(out_dir, cross).to_str()?.trim_end_matches('/').to_string(),
            out_dir: out_dir.to_str()?.to_string(),
        })
    }

    /// A variable's value as the key holds it.
    pub(crate) fn normalise_value(&self, value: &str) -> String {
        let mut v = value.to_string();
        if !self.target.is_empty() {
            v = v.replace(&self.target, "${target}");
        }
        if !self.root.is_empty() {
            v = v.replace(&self.root, "${root}");
        }
        v
    }

    /// The stored form of the dep-info file; None when it already holds the mark.
    pub(crate) fn store_depinfo(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        self.mark(bytes, &depinfo_form(&self.out_dir))
    }

    /// The stored form of a captured stream; None when it already holds the mark.
    pub(crate) fn store_stream(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        self.mark(bytes, &json_form(&self.out_dir))
    }

    fn mark(&self, bytes: &[u8], form: &str) -> Option<Vec<u8>> {
        if contains(bytes, OUT_DIR_MARK.as_bytes()) {
            return None;
        }
        Some(replace_all(bytes, form.as_bytes(), OUT_DIR_MARK.as_bytes()))
    }

    pub(crate) fn replay_depinfo(&self, stored: &[u8]) -> Vec<u8> {
        replace_all(stored, OUT_DIR_MARK.as_bytes(), depinfo_form(&self.out_dir).as_bytes())
    }

    pub(crate) fn replay_stream(&self, stored: &[u8]) -> Vec<u8> {
        replace_all(stored, OUT_DIR_MARK.as_bytes(), json_form(&self.out_dir).as_bytes())
    }

    /// Whether stored bytes still name this checkout's root or target dir.
    #[cfg(test)]
    pub(crate) fn names_checkout(&self, bytes: &[u8]) -> bool {
        self.names_root(bytes) || self.names_target(bytes)
    }

    pub(crate) fn names_root(&self, bytes: &[u8]) -> bool {
        contains(bytes, self.root.as_bytes())
    }

    pub(crate) fn names_target(&self, bytes: &[u8]) -> bool {
        contains(bytes, self.target.as_bytes())
    }

    pub(crate) fn names_root_path(&self, path: &str) -> bool {
        let p = Path::new(path);
        p.is_absolute() && p.starts_with(&self.root)
    }

    pub(crate) fn names_target_path(&self, path: &str) -> bool {
        let p = Path::new(path);
        p.is_absolute() && p.starts_with(&self.target)
    }

    /// Whether a direct input's path names this checkout: absolute and below the root or the
    /// target dir.
    #[cfg(test)]
    pub(crate) fn names_checkout_path(&self, path: &str) -> bool {
        self.names_root_path(path) || self.names_target_path(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(root: &str, out: &str) -> Checkout {
        Checkout::new(Path::new(root), Path::new(out), false).expect("utf-8")
    }

    #[test]
    fn the_target_dir_is_found_above_profile_and_triple() {
        assert_eq!(at("/w", "/w/target/debug/deps").target, "/w/target");
        let cross = Checkout::new(Path::new("/w"), Path::new("/t/x86_64-unknown-linux-gnu/release/deps"), true).expect("utf-8");
        assert_eq!(cross.target, "/t");
        assert_eq!(at("/w", "/w/out").target, "/w/out");
    }

    #[test]
    fn variables_name_root_and_target_by_placeholder() {
        let a = at("/a/ws", "/a/ws/target/debug/deps");
        let b = at("/elsewhere/ws2", "/tmp/t2/debug/deps");
        assert_eq!(a.normalise_value("/a/ws/crates/x"), "${root}/crates/x");
        assert_eq!(b.normalise_value("/elsewhere/ws2/crates/x"), "${root}/crates/x");
        assert_eq!(b.normalise_value("/tmp/t2/tmp"), "${target}/tmp");
        assert_eq!(a.normalise_value("0.1.0"), "0.1.0");
    }

    #[test]
    fn dep_info_and_streams_are_stored_without_the_out_dir_and_replayed_with_the_new_one() {
        let a = at("/a/my ws", "/a/my ws/target/debug/deps");
        let b = at("/b", "/b/target/debug/deps");
        let d = b"/a/my\\ ws/target/debug/deps/x-1.d: crates/x/src/lib.rs\n\ncrates/x/src/lib.rs:\n";
        let stored = a.store_depinfo(d).expect("no mark");
        assert!(!a.names_checkout(&stored), "{}", String::from_utf8_lossy(&stored));
        assert_eq!(b.replay_depinfo(&stored), b"/b/target/debug/deps/x-1.d: crates/x/src/lib.rs\n\ncrates/x/src/lib.rs:\n");
        let s = br#"{"$message_type":"artifact","artifact":"/a/my ws/target/debug/deps/libx-1.rmeta","emit":"metadata"}"#;
        let stored = a.store_stream(s).expect("no mark");
        assert!(!a.names_checkout(&stored));
        assert_eq!(b.replay_stream(&stored), br#"{"$message_type":"artifact","artifact":"/b/target/debug/deps/libx-1.rmeta","emit":"metadata"}"#);
        assert_eq!(a.store_stream(OUT_DIR_MARK.as_bytes()), None);
    }

    #[test]
    fn absolute_paths_below_root_or_target_name_the_checkout() {
        let a = at("/a/ws", "/a/tgt/debug/deps");
        assert!(a.names_checkout_path("/a/ws/src/gen.rs"));
        assert!(a.names_checkout_path("/a/tgt/debug/build/x/out/gen.rs"));
        assert!(!a.names_checkout_path("crates/x/src/lib.rs"));
        assert!(!a.names_checkout_path("/usr/share/cargo/registry/serde-1.0/src/lib.rs"));
        assert!(!a.names_checkout_path("/a/ws2/src/lib.rs"));
        assert!(a.names_checkout(b"x /a/ws y"));
    }
}
