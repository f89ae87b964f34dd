//! `cargo ibridge`: cargo through the bridge, for people. `cargo ibridge CMD ARGS...` runs cargo
//! with the rustc wrapper and the store and prints what hit; `explain CRATE` says why a crate was
//! recomputed in the last run; `gc` trims the store to what recent runs used.

pub(crate) mod runlog;
pub(crate) mod size;
pub(crate) mod summary;
pub(crate) mod target;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use ibridge::error::Exit;
use ibridge::store::gc::Policy;
use ibridge::store::Store;
use crate::error::{exit_code, Error, Program, Result};
use crate::wrapper::{location, run::state_dir, stats};

const HELP: &str = "\
cargo-ibridge: cargo through the ibridge store

Usage: cargo ibridge [-v] CMD [ARGS]...     run `cargo CMD ARGS` through the bridge
       cargo ibridge explain CRATE           why CRATE was recomputed in the last run
       cargo ibridge gc [--keep-runs N] [--max-bytes SIZE]
                                             trim the store to what recent runs used

`cargo ibridge check` (or clippy, build, test, doc, ...) runs cargo with RUSTC_WRAPPER set to
ibridge-rustc-wrapper, then prints on stderr the units hit, computed and passed through, the
sizes restored and stored, and the crates computed. With -v (before CMD; after CMD it is cargo's)
it lists every unit with its facet, outcome and reason. Exit status: cargo's.

explain reads the last run's log in the target directory (found as cargo does) and prints, for
each unit of CRATE, whether it hit and why it was recomputed: the source file, dependency,
argument, variable or toolchain that changed since its previous record, or \"no earlier record\".

gc keeps the records the newest N runs hit or emitted (default 10), or with --max-bytes the most
recent runs whose records and blobs fit in SIZE (like 10G or 500M), plus every record written
since the oldest kept run started, and removes other records, their heads and unused blobs. It
needs the store to itself: it fails, removing nothing, while a cargo run uses it.

Environment:
  IBRIDGE_STORE          the store (default: $XDG_CACHE_HOME/ibridge/store, else
                         ~/.cache/ibridge/store, shared by every checkout of the user)
  IBRIDGE_RUSTC_WRAPPER  the wrapper binary (default: ibridge-rustc-wrapper next to this
                         binary, else on PATH)
  IBRIDGE_PORTABLE_DEBUGINFO=1
                         debug builds and tests name workspace sources relative to the
                         workspace root in their debuginfo (as cargo's trim-paths does), so
                         checkouts at different paths share them too
  CARGO                  the cargo to run (default: cargo)

Examples:
  cargo ibridge check
  cd crates/shapes && cargo ibridge clippy
  cargo ibridge -v build --release
  cargo ibridge explain geometry
  cargo ibridge gc --max-bytes 5G

Exit codes: cargo's for a cargo command; 0 done, 1 explain found no such crate in the last run
or gc found the store busy, 2 usage error or missing wrapper.
";

/// Commands after which cargo has compiled something worth a summary.
const COMPILING: &[&str] = &[
    "build", "b", "check", "c", "clippy", "test", "t", "bench", "run", "r", "doc", "d", "rustc", "rustdoc", "fix", "install",
];

/// The variable under which this binary, started by cargo as `RUSTDOC`, finds the real rustdoc.
const REAL_RUSTDOC: &str = "IBRIDGE_REAL_RUSTDOC";

pub fn main(argv: Vec<OsString>) -> i32 {
    exit_code(command(argv), Program::Front)
}

fn command(argv: Vec<OsString>) -> Result<Exit> {
    if let Some(real) = std::env::var_os(REAL_RUSTDOC).filter(|v| !v.is_empty()) {
        return rustdoc(&real, &argv);
    }
    let mut args: Vec<String> = argv
        .into_iter()
        .map(OsString::into_string)
        .collect::<std::result::Result<_, _>>()
        .map_err(|bad| Error::Usage(format!("an argument is not UTF-8: {}", bad.to_string_lossy())))?;
    // cargo runs a subcommand as `cargo-ibridge ibridge ARGS...`.
    if args.first().is_some_and(|a| a == "ibridge") {
        args.remove(0);
    }
    let mut verbose = false;
    while let Some(first) = args.first() {
        match first.as_str() {
            "-v" | "--verbose" => verbose = true,
            "-h" | "--help" | "help" if args.len() == 1 || first != "help" => {
                print!("{HELP}");
                return Ok(Exit::Success);
            }
            "-V" | "--version" => {
                println!("cargo-ibridge {} (ibridge protocol {}.{})", env!("CARGO_PKG_VERSION"), ibridge::store::PROTOCOL_MAJOR, ibridge::store::PROTOCOL_MINOR);
                return Ok(Exit::Success);
            }
            _ => break,
        }
        args.remove(0);
    }
    match args.first().map(String::as_str) {
        None => {
            eprint!("{HELP}");
            Ok(Exit::Usage)
        }
        Some("explain") => explain(&args[1..]),
        Some("gc") => gc(&args[1..]),
        Some(_) => run(&args, verbose),
    }
}

fn store_and_state() -> Result<(PathBuf, PathBuf)> {
    let store = location::store().ok_or_else(|| Error::Usage("no store: set IBRIDGE_STORE, or HOME for the per-user default".into()))?;
    let state = state_dir(&store);
    Ok((store, state))
}

/// The wrapper: IBRIDGE_RUSTC_WRAPPER, else next to this executable, else on PATH.
fn wrapper() -> Result<PathBuf> {
    const NAME: &str = "ibridge-rustc-wrapper";
    if let Some(given) = std::env::var_os("IBRIDGE_RUSTC_WRAPPER").filter(|v| !v.is_empty()) {
        let given = location::absolute(PathBuf::from(given));
        return if given.is_file() { Ok(given) } else { Err(Error::Usage(format!("IBRIDGE_RUSTC_WRAPPER names {}, which does not exist", given.display()))) };
    }
    let beside = std::env::current_exe().ok().and_then(|e| e.parent().map(|d| d.join(NAME)));
    if let Some(beside) = beside.filter(|p| p.is_file()) {
        return Ok(beside);
    }
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join(NAME)).find(|p| p.is_file()))
        .ok_or_else(|| Error::Usage(format!("no {NAME} next to this binary or on PATH; install both with `cargo install --path emitters/rust`")))
}

fn run(args: &[String], verbose: bool) -> Result<Exit> {
    let wrapper = wrapper()?;
    let (store, state) = store_and_state()?;
    let cargo = std::env::var_os("CARGO").filter(|v| !v.is_empty()).unwrap_or_else(|| OsString::from("cargo"));
    let started = SystemTime::now();
    let id = runlog::new_id(started);
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let log = runlog::runs_dir(&state).join(format!("{id}.log"));
    let logged = std::fs::create_dir_all(runlog::runs_dir(&state))
        .and_then(|_| std::fs::write(&log, runlog::header(&id, started, &cwd, args)))
        .is_ok();
    if !logged {
        eprintln!("cargo-ibridge: cannot write the run log in {}; no summary", runlog::runs_dir(&state).display());
    }
    let mut command = Command::new(&cargo);
    command.args(args).env("RUSTC_WRAPPER", &wrapper).env("IBRIDGE_STORE", &store);
    if logged {
        command.env(stats::RUN_LOG, &log);
    }
    if let Ok(me) = std::env::current_exe() {
        let real = std::env::var_os("RUSTDOC").filter(|v| !v.is_empty()).unwrap_or_else(|| OsString::from("rustdoc"));
        command.env("RUSTDOC", me).env(REAL_RUSTDOC, real);
    }
    let exit = match command.status() {
        Ok(status) => Exit::of_command(status),
        Err(error) => {
            let _ = std::fs::remove_file(&log);
            return Err(Error::ToolDidNotStart { tool: cargo, error });
        }
    };
    if ibridge::remote::configured() {
        // Uploads wait until cargo is done, so they never sit on the build's critical path.
        ibridge::remote::flush(&store, &state);
    }
    if logged {
        finish(&log, args, &cwd, &state, verbose);
    }
    Ok(exit)
}

/// After cargo: the summary, the last-run copy in the target directory, and old logs pruned. A
/// run that compiled nothing leaves no log, so it neither hides the last real run from explain
/// nor takes a place among the runs gc keeps.
fn finish(log: &Path, args: &[String], cwd: &Path, state: &Path, verbose: bool) {
    let Ok(run) = runlog::read(log) else { return };
    let wants_help = args.iter().take_while(|a| *a != "--").any(|a| matches!(a.as_str(), "-h" | "--help" | "-V" | "--version"));
    if run.units.is_empty() {
        let _ = std::fs::remove_file(log);
        if COMPILING.contains(&args[0].as_str()) && !wants_help {
            eprintln!("cargo ibridge: nothing compiled (cargo found every unit fresh)");
        }
        return;
    }
    eprint!("{}", summary::render(&run, verbose));
    let target = target::find(args, cwd, &|n| std::env::var(n).ok());
    if target.is_dir() {
        let _ = std::fs::copy(log, target.join(runlog::LAST_RUN));
    }
    prune(state);
}

/// The newest run logs kept without a gc; gc's `--keep-runs` can keep at most these.
const KEPT_LOGS: usize = 100;

fn prune(state: &Path) {
    let Ok(entries) = std::fs::read_dir(runlog::runs_dir(state)) else { return };
    let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "log")).collect();
    if names.len() <= KEPT_LOGS + KEPT_LOGS / 5 {
        return;
    }
    names.sort();
    for old in &names[..names.len() - KEPT_LOGS] {
        let _ = std::fs::remove_file(old);
    }
}

/// As cargo's `RUSTDOC`: runs the real rustdoc and counts the unit as passed through, since the
/// bridge does not model documentation (the `doc` facet) yet.
fn rustdoc(real: &OsString, argv: &[OsString]) -> Result<Exit> {
    let started = std::time::Instant::now();
    let ran = Command::new(real)
        .args(argv)
        .status()
        .map(Exit::of_command)
        .map_err(|error| Error::ToolDidNotStart { tool: real.clone(), error });
    let probe = argv.iter().any(|a| a == "-vV" || a == "--version" || a == "-V");
    if !probe && std::env::var_os(stats::RUN_LOG).is_some() {
        let crate_name = crate::wrapper::usage::crate_name(&[OsString::from("rustdoc")].into_iter().chain(argv.iter().cloned()).collect::<Vec<_>>());
        let reason = if argv.iter().any(|a| a == "--test") { "rustdoc doctests" } else { "rustdoc" };
        stats::append(Path::new("."), stats::Outcome::Passthrough, "-", &crate_name, 0, started.elapsed().as_micros(), reason);
    }
    ran
}

fn explain(args: &[String]) -> Result<Exit> {
    let crate_name = match args {
        [name] if !name.starts_with('-') => name.replace('-', "_"),
        _ => return Err(Error::Usage("explain takes one crate name: cargo ibridge explain CRATE".into())),
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut target = target::find(&[], &cwd, &|n| std::env::var(n).ok());
    if !target.join(runlog::LAST_RUN).is_file() {
        if let Some(found) = metadata_target_dir() {
            target = found;
        }
    }
    let path = target.join(runlog::LAST_RUN);
    if !path.is_file() {
        return Err(Error::NoRunRecorded { target });
    }
    let run = runlog::read(&path).map_err(Error::RunLog)?;
    let units: Vec<&runlog::Unit> = run.units.iter().filter(|u| u.crate_name == crate_name).collect();
    if units.is_empty() {
        println!("{crate_name}: not compiled through the bridge in the last run (`{}`): cargo found it fresh, or it is not a crate of this build", run.command);
        return Ok(Exit::Failure);
    }
    for u in units {
        let facet = if u.facet == "-" { "not modelled".to_string() } else { u.facet.clone() };
        let line = match u.outcome {
            stats::Outcome::Hit => "hit: restored from the store, not recomputed".to_string(),
            stats::Outcome::Computed => format!("recomputed: {}", or_unknown(&u.reason)),
            stats::Outcome::Unrecorded => format!("recomputed, not recorded: {}", or_unknown(&u.reason)),
            stats::Outcome::Passthrough => format!("passed through to plain rustc: {}", or_unknown(&u.reason)),
        };
        println!("{crate_name} ({facet}): {line}");
    }
    Ok(Exit::Success)
}

fn or_unknown(reason: &str) -> &str {
    if reason.is_empty() {
        "(no reason recorded)"
    } else {
        reason
    }
}

/// `target_directory` from `cargo metadata --no-deps`, for explain only (it costs tens of ms).
fn metadata_target_dir() -> Option<PathBuf> {
    let cargo = std::env::var_os("CARGO").filter(|v| !v.is_empty()).unwrap_or_else(|| OsString::from("cargo"));
    let out = Command::new(cargo).args(["metadata", "--no-deps", "--format-version", "1"]).stderr(std::process::Stdio::null()).output().ok()?;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    json.get("target_directory")?.as_str().map(PathBuf::from)
}

fn gc(args: &[String]) -> Result<Exit> {
    let mut policy = Policy::KeepRuns(10);
    let mut i = 0;
    while i < args.len() {
        let (name, inline) = match args[i].split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (args[i].clone(), None),
        };
        let value = match inline.or_else(|| args.get(i + 1).cloned().inspect(|_| i += 1)) {
            Some(v) => v,
            None => return Err(Error::Usage(format!("gc: {name} needs a value"))),
        };
        policy = match name.as_str() {
            "--keep-runs" => match value.parse::<usize>() {
                Ok(n) if n <= KEPT_LOGS => Policy::KeepRuns(n),
                _ => return Err(Error::Usage(format!("gc: --keep-runs takes a number from 0 to {KEPT_LOGS}, not {value:?}"))),
            },
            "--max-bytes" => match size::parse(&value) {
                Ok(b) => Policy::MaxBytes(b),
                Err(e) => return Err(Error::Usage(format!("gc: --max-bytes: {e}"))),
            },
            other => return Err(Error::Usage(format!("gc: unknown option {other}"))),
        };
        i += 1;
    }
    let (store_dir, state) = store_and_state()?;
    if !store_dir.join(ibridge::store::layout::STORE_FILE).is_file() {
        println!("cargo ibridge gc: no store at {}; nothing to do", store_dir.display());
        return Ok(Exit::Success);
    }
    let store = Store::open(&store_dir, "cargo-ibridge").map_err(Error::Store)?;
    let logs = runlog::all(&state);
    let runs: Vec<_> = logs.iter().map(|(_, l)| l.as_run()).collect();
    let report = store.gc(&runs, policy).map_err(Error::Gc)?;
    let mut forgotten = 0;
    for (path, log) in &logs {
        if !report.runs_kept.contains(&log.id) && std::fs::remove_file(path).is_ok() {
            forgotten += 1;
        }
    }
    println!(
        "cargo ibridge gc: kept what {} of {} runs used; removed {} records, {} heads, {} blobs, {} staging files and {} run logs; freed {}, {} left in {}",
        report.runs_kept.len(),
        runs.len(),
        report.records_removed,
        report.heads_removed,
        report.blobs_removed,
        report.staging_removed,
        forgotten,
        size::human(report.bytes_freed),
        size::human(report.bytes_remaining),
        store_dir.display()
    );
    Ok(Exit::Success)
}
