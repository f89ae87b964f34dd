//! `cargo-ibridge` end to end with a stand-in cargo (the `CARGO` it runs): the run log it hands
//! the wrapper, the summary, cargo's exit status, explain, and when it prints nothing.

use std::path::Path;
use std::process::{Command, Output};

const FRONT: &str = env!("CARGO_BIN_EXE_cargo-ibridge");
const WRAPPER: &str = env!("CARGO_BIN_EXE_ibridge-rustc-wrapper");

/// A cargo that appends `lines` to the run log, as wrapper invocations would, and exits with `code`.
fn fake_cargo(dir: &Path, lines: &str, code: i32) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("cargo");
    let script = format!("#!/bin/sh\nprintf '{lines}' >> \"$IBRIDGE_RUN_LOG\"\necho \"wrapper=$RUSTC_WRAPPER store=$IBRIDGE_STORE\" >&2\nexit {code}\n");
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn front(dir: &Path, cargo: &Path, args: &[&str]) -> Output {
    Command::new(FRONT)
        .args(args)
        .current_dir(dir)
        .env("CARGO", cargo)
        .env("IBRIDGE_STORE", dir.join("store"))
        .env("IBRIDGE_RUSTC_WRAPPER", WRAPPER)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_run_prints_the_summary_keeps_cargos_status_and_explain_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("target")).unwrap();
    let lines = "hit\\tmetadata\\tshapes\\t2048\\t900\\tmetadata/ab\\t\\ncomputed\\tmetadata\\tgeometry\\t1536\\t40000\\t-\\tsource file src/lib.rs changed\\n";
    let cargo = fake_cargo(dir.path(), lines, 3);
    let out = front(dir.path(), &cargo, &["ibridge", "check"]);
    assert_eq!(out.status.code(), Some(3), "cargo's exit status");
    let err = text(&out.stderr);
    assert!(err.contains(&format!("wrapper={WRAPPER} store={}", dir.path().join("store").display())), "{err}");
    assert!(err.contains("cargo ibridge: 1 units hit, 1 computed, 0 passed through; 2.0 KiB restored, 1.5 KiB stored\n  computed: geometry (metadata)\n"), "{err}");
    assert!(text(&out.stdout).is_empty(), "stdout stays cargo's");
    assert!(dir.path().join("target/ibridge-last-run.log").is_file());
    let runs: Vec<_> = std::fs::read_dir(dir.path().join("store-wrapper/runs")).unwrap().collect();
    assert_eq!(runs.len(), 1);

    let explain = front(dir.path(), &cargo, &["ibridge", "explain", "geometry"]);
    assert_eq!(explain.status.code(), Some(0));
    assert_eq!(text(&explain.stdout), "geometry (metadata): recomputed: source file src/lib.rs changed\n");
    let hit = front(dir.path(), &cargo, &["ibridge", "explain", "shapes"]);
    assert!(text(&hit.stdout).contains("hit"), "{hit:?}");
    let absent = front(dir.path(), &cargo, &["ibridge", "explain", "nope"]);
    assert_eq!(absent.status.code(), Some(1));

    let verbose = front(dir.path(), &cargo, &["ibridge", "-v", "check"]);
    assert!(text(&verbose.stderr).contains("  geometry  metadata                    computed        source file src/lib.rs changed\n"), "{verbose:?}");
}

#[test]
fn no_summary_when_cargo_compiled_nothing_or_did_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let cargo = fake_cargo(dir.path(), "", 0);
    let help = front(dir.path(), &cargo, &["ibridge", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).starts_with("cargo-ibridge: cargo through the ibridge store"));
    assert!(!text(&help.stderr).contains("cargo ibridge:"));
    let bare = front(dir.path(), &cargo, &["ibridge"]);
    assert_eq!(bare.status.code(), Some(2));
    assert!(!text(&bare.stderr).contains("wrapper="), "cargo must not run");
    let cargo_help = front(dir.path(), &cargo, &["ibridge", "check", "--help"]);
    assert!(!text(&cargo_help.stderr).contains("cargo ibridge:"), "{cargo_help:?}");
    let fresh = front(dir.path(), &cargo, &["ibridge", "check"]);
    assert!(text(&fresh.stderr).contains("cargo ibridge: nothing compiled"), "{fresh:?}");
    assert_eq!(std::fs::read_dir(dir.path().join("store-wrapper/runs")).unwrap().count(), 0, "an empty run leaves no log");
}

#[test]
fn a_missing_wrapper_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let cargo = fake_cargo(dir.path(), "", 0);
    let out = Command::new(FRONT).args(["ibridge", "check"]).env("CARGO", &cargo).env("IBRIDGE_RUSTC_WRAPPER", dir.path().join("none")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr).lines().count(), 1, "{out:?}");
}

#[test]
fn gc_parses_sizes_and_refuses_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let cargo = fake_cargo(dir.path(), "", 0);
    let bad = front(dir.path(), &cargo, &["ibridge", "gc", "--max-bytes", "lots"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("not a size"));
    ibridge::store::Store::open(dir.path().join("store"), "tests").unwrap();
    let ok = front(dir.path(), &cargo, &["ibridge", "gc", "--max-bytes=500M"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    assert!(text(&ok.stdout).starts_with("cargo ibridge gc: kept what 0 of 0 runs used"), "{ok:?}");
}

#[test]
fn the_wrapper_answers_help_and_version_and_still_passes_cargos_probe() {
    let help = Command::new(WRAPPER).arg("--help").output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("IBRIDGE_STORE"));
    let version = Command::new(WRAPPER).arg("--version").output().unwrap();
    assert!(text(&version.stdout).starts_with("ibridge-rustc-wrapper "));
    let probe = Command::new(WRAPPER).args(["rustc", "-vV"]).output().unwrap();
    assert_eq!(probe.status.code(), Some(0), "{probe:?}");
    assert!(text(&probe.stdout).contains("host: "));
}
