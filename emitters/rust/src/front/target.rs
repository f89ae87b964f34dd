//! cargo's target directory, found without running cargo (`cargo metadata` costs 10 to 30 ms,
//! a third of a no-op `cargo check`): the `--target-dir` option, else `CARGO_TARGET_DIR` or
//! `CARGO_BUILD_TARGET_DIR`, else `build.target-dir` of the nearest `.cargo/config.toml` (or
//! `.cargo/config`) from the working directory up, then of `$CARGO_HOME/config.toml`, else
//! `target` in the workspace root: the nearest directory above the manifest (`--manifest-path`,
//! else the working directory) whose `Cargo.toml` has a `[workspace]` table, else the
//! manifest's own directory. `cargo ibridge explain` falls back to `cargo metadata` when
//! nothing is found there.

use std::path::{Path, PathBuf};

/// The target directory for a cargo run with `args` (cargo's arguments) started in `cwd`.
pub(crate) fn find(args: &[String], cwd: &Path, env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    if let Some(dir) = option(args, "--target-dir") {
        return cwd.join(dir);
    }
    for var in ["CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR"] {
        if let Some(dir) = env(var).filter(|v| !v.is_empty()) {
            return cwd.join(dir);
        }
    }
    let mut configs: Vec<(PathBuf, PathBuf)> = Vec::new();
    for dir in cwd.ancestors() {
        for name in ["config.toml", "config"] {
            configs.push((dir.join(".cargo").join(name), dir.to_path_buf()));
        }
    }
    let cargo_home = env("CARGO_HOME").map(PathBuf::from).or_else(|| env("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(home) = cargo_home {
        let base = home.parent().map(Path::to_path_buf).unwrap_or_else(|| home.clone());
        configs.push((home.join("config.toml"), base));
    }
    for (file, base) in configs {
        if let Some(dir) = std::fs::read_to_string(&file).ok().and_then(|t| build_target_dir(&t)) {
            return base.join(dir);
        }
    }
    let start = option(args, "--manifest-path")
        .map(|m| cwd.join(m).parent().map(Path::to_path_buf).unwrap_or_else(|| cwd.to_path_buf()))
        .unwrap_or_else(|| cwd.to_path_buf());
    workspace_root(&start).unwrap_or(start).join("target")
}

/// The value of `--name VALUE` or `--name=VALUE` among cargo's arguments (before a `--`).
fn option(args: &[String], name: &str) -> Option<String> {
    let args: Vec<&String> = args.iter().take_while(|a| *a != "--").collect();
    for (i, a) in args.iter().enumerate() {
        if *a == name {
            return args.get(i + 1).map(|v| v.to_string());
        }
        if let Some(v) = a.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            return Some(v.to_string());
        }
    }
    None
}

/// The nearest ancestor with a workspace manifest, else the nearest with any manifest.
fn workspace_root(start: &Path) -> Option<PathBuf> {
    let mut nearest = None;
    for dir in start.ancestors() {
        let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) else { continue };
        if text.lines().any(|l| l.trim() == "[workspace]") {
            return Some(dir.to_path_buf());
        }
        nearest.get_or_insert_with(|| dir.to_path_buf());
    }
    nearest
}

/// `target-dir` in a `[build]` table, or `build.target-dir` at the top, of a cargo config file:
/// the plain string forms cargo's documentation shows, which is what config files hold.
pub(crate) fn build_target_dir(toml: &str) -> Option<String> {
    let mut table = String::new();
    for line in toml.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') {
            table = line.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let key = key.trim().trim_matches('"');
        let is_it = (table == "build" && key == "target-dir") || (table.is_empty() && key == "build.target-dir");
        if is_it {
            let value = value.trim();
            let unquoted = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))?;
            return Some(unquoted.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn the_option_then_the_variables_win() {
        let cwd = Path::new("/w");
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(find(&args(&["check", "--target-dir", "out"]), cwd, &no_env), PathBuf::from("/w/out"));
        assert_eq!(find(&args(&["check", "--target-dir=/abs"]), cwd, &no_env), PathBuf::from("/abs"));
        let env = |n: &str| (n == "CARGO_TARGET_DIR").then(|| "t2".to_string());
        assert_eq!(find(&args(&["check", "--", "--target-dir", "x"]), cwd, &env), PathBuf::from("/w/t2"));
    }

    #[test]
    fn a_member_directory_finds_the_workspace_target() {
        let root = tempfile::tempdir().expect("tempdir");
        let member = root.path().join("crates/shapes");
        std::fs::create_dir_all(member.join("src")).expect("mkdir");
        std::fs::write(root.path().join("Cargo.toml"), "[workspace]\nmembers = [\"crates/shapes\"]\n").expect("write");
        std::fs::write(member.join("Cargo.toml"), "[package]\nname = \"shapes\"\n").expect("write");
        let home = root.path().join("no-home");
        let env = |n: &str| (n == "CARGO_HOME").then(|| home.to_string_lossy().into_owned());
        assert_eq!(find(&[], &member.join("src"), &env), root.path().join("target"));
        let manifest = vec!["check".to_string(), "--manifest-path".into(), member.join("Cargo.toml").to_string_lossy().into_owned()];
        assert_eq!(find(&manifest, Path::new("/"), &env), root.path().join("target"));
        std::fs::create_dir_all(root.path().join(".cargo")).expect("mkdir");
        std::fs::write(root.path().join(".cargo/config.toml"), "[build]\ntarget-dir = \"build-out\" # here\n").expect("write");
        assert_eq!(find(&[], &member, &env), root.path().join("build-out"));
    }

    #[test]
    fn config_files_name_the_target_dir_in_either_form() {
        assert_eq!(build_target_dir("[build]\njobs = 2\ntarget-dir = \"/t\"\n"), Some("/t".into()));
        assert_eq!(build_target_dir("build.target-dir = 'x'\n"), Some("x".into()));
        assert_eq!(build_target_dir("[profile.dev]\ntarget-dir = \"no\"\n"), None);
        assert_eq!(build_target_dir("[build]\n# target-dir = \"commented\"\n"), None);
    }
}
