//! The wrapper's own options (`--help`, `--version`) and the few things it says about itself.
//! cargo calls the wrapper as `WRAPPER RUSTC ARGS...`, also to probe it (`WRAPPER rustc -vV`),
//! so only a first argument that is one of these options is the wrapper's.

use std::ffi::OsString;

use ibridge::error::Exit;

const HELP: &str = "\
ibridge-rustc-wrapper: serves cargo's rustc and clippy-driver invocations from an ibridge store

Usage: RUSTC_WRAPPER=ibridge-rustc-wrapper cargo check|clippy|build|test ...
       (or run `cargo ibridge CMD`, which sets it up and prints a summary)

cargo runs `ibridge-rustc-wrapper RUSTC ARGS...` for every compilation. The wrapper derives the
unit's key from its arguments, toolchain, sources and dependencies; a hit restores the outputs and
replays the diagnostics, a miss runs rustc and records the result. What it cannot model (build
scripts, proc-macros, rustdoc, ...) runs as plain rustc.

Environment:
  IBRIDGE_STORE    the store directory (default: $XDG_CACHE_HOME/ibridge/store, else
                   ~/.cache/ibridge/store, shared by every checkout of the user)
  IBRIDGE_RUN_LOG  set by `cargo ibridge`: the run's log (counts, reasons, keys for gc)
  IBRIDGE_JOURNAL  1 to write a journal session per invocation (off: it costs a file each)

Options (only as the first argument):
  -h, --help       this text
  -V, --version    the version and the protocol version

Exit status: rustc's; 101 when rustc cannot be started, 2 without arguments.
";

/// Answers `--help` and `--version`: Some(exit code) when `first` is one of them.
pub(crate) fn own_option(first: &OsString) -> Option<i32> {
    match first.to_str()? {
        "-h" | "--help" => print!("{HELP}"),
        "-V" | "--version" => println!("{}", version()),
        _ => return None,
    }
    Some(Exit::Success.code())
}

pub(crate) fn version() -> String {
    format!("ibridge-rustc-wrapper {} (ibridge protocol {}.{})", env!("CARGO_PKG_VERSION"), ibridge::store::PROTOCOL_MAJOR, ibridge::store::PROTOCOL_MINOR)
}

/// Without IBRIDGE_STORE and a home directory there is no store: the wrapper says so and runs
/// plain rustc, so a build never fails for it.
pub(crate) fn warn_no_store() {
    eprintln!("ibridge-rustc-wrapper: no store (IBRIDGE_STORE, XDG_CACHE_HOME and HOME are unset); running plain rustc");
}

/// The crate an invocation compiles, for the counts of one the wrapper does not model:
/// rustc's `--crate-name` (with the package for a build script), else cargo's package name, else `-`.
pub(crate) fn crate_name(argv: &[OsString]) -> String {
    let args: Vec<&str> = argv.iter().filter_map(|a| a.to_str()).collect();
    let given = args.windows(2).find(|w| w[0] == "--crate-name").map(|w| w[1].to_string());
    let package = std::env::var("CARGO_PKG_NAME").ok().filter(|n| !n.is_empty());
    match (given, package) {
        // Every build script is `build_script_build`: its package says which one it is.
        (Some(g), Some(p)) if g.starts_with("build_script_") => format!("{p}/{g}"),
        (Some(g), _) => g,
        (None, Some(p)) => p,
        (None, None) => "-".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_wrappers_own_options_are_answered() {
        assert_eq!(own_option(&OsString::from("rustc")), None);
        assert_eq!(own_option(&OsString::from("-vV")), None);
    }

    #[test]
    fn the_crate_name_comes_from_the_arguments() {
        let argv: Vec<OsString> = ["rustc", "--crate-name", "shapes", "src/lib.rs"].iter().map(OsString::from).collect();
        assert_eq!(crate_name(&argv), "shapes");
    }
}
