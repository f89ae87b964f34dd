//! Why `cargo ibridge` or the rustc wrapper stops short, and the one mapping from that to the
//! line it prints on stderr and its exit code (the codes themselves are `ibridge::error::Exit`'s).
//! A command that ran to its end returns an `Exit` instead, its own or the tool's.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use ibridge::error::Exit;

/// The program that reports an error; its line starts with the program's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Program {
    /// `cargo-ibridge`, whose usage errors point to `cargo ibridge --help`.
    Front,
    /// `ibridge-rustc-wrapper`.
    Wrapper,
}

impl Program {
    fn name(self) -> &'static str {
        match self {
            Program::Front => "cargo-ibridge",
            Program::Wrapper => "ibridge-rustc-wrapper",
        }
    }
}

/// Every way the two programs stop before their command is done.
#[derive(Debug)]
pub(crate) enum Error {
    /// An argument or environment the program cannot use: a bad option, no store, no wrapper.
    Usage(String),
    /// `explain` found no run through the bridge recorded in this target directory.
    NoRunRecorded { target: PathBuf },
    /// The last run's log does not read (the message names the file).
    RunLog(String),
    /// The store does not open.
    Store(ibridge::error::Error),
    /// gc could not trim the store, such as while a cargo run uses it.
    Gc(ibridge::error::Error),
    /// The tool to run in our place (cargo, rustdoc, rustc) did not start.
    ToolDidNotStart { tool: OsString, error: std::io::Error },
}

impl Error {
    /// The one mapping from an error to how the program exits.
    pub(crate) fn exit(&self) -> Exit {
        match self {
            Error::Usage(_) | Error::NoRunRecorded { .. } | Error::RunLog(_) | Error::Store(_) => Exit::Usage,
            Error::Gc(_) => Exit::Failure,
            Error::ToolDidNotStart { .. } => Exit::ToolDidNotRun,
        }
    }

    /// The line `program` prints on stderr for this error.
    pub(crate) fn line(&self, program: Program) -> String {
        match (self, program) {
            (Error::Usage(_), Program::Front) => format!("{}: {self} (cargo ibridge --help says more)", program.name()),
            _ => format!("{}: {self}", program.name()),
        }
    }

    /// Prints the error's line on stderr and returns the exit code.
    pub(crate) fn report(&self, program: Program) -> i32 {
        eprintln!("{}", self.line(program));
        self.exit().code()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) | Error::RunLog(message) => write!(f, "{message}"),
            Error::NoRunRecorded { target } => write!(
                f,
                "no run through the bridge recorded in {} yet; run `cargo ibridge check` first",
                target.display()
            ),
            Error::Store(e) => write!(f, "{e}"),
            Error::Gc(e) => write!(f, "gc: {e}"),
            Error::ToolDidNotStart { tool, error } => write!(f, "cannot run {}: {error}", tool.to_string_lossy()),
        }
    }
}

impl std::error::Error for Error {}

/// What a command returns: how it ended, or why it stopped short.
pub(crate) type Result<T> = std::result::Result<T, Error>;

/// The exit code of a command's result: its own `Exit`, or the error's line printed and its code.
pub(crate) fn exit_code(result: Result<Exit>, program: Program) -> i32 {
    match result {
        Ok(exit) => exit.code(),
        Err(e) => e.report(program),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_its_exit_code() {
        let io = || std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory (os error 2)");
        assert_eq!(Error::Usage("x".into()).exit().code(), 2);
        assert_eq!(Error::NoRunRecorded { target: PathBuf::from("target") }.exit().code(), 2);
        assert_eq!(Error::RunLog("x".into()).exit().code(), 2);
        assert_eq!(Error::Store(ibridge::error::Error::NotUsable("x".into())).exit().code(), 2);
        assert_eq!(Error::Gc(ibridge::error::Error::Busy("x".into())).exit().code(), 1);
        assert_eq!(Error::ToolDidNotStart { tool: "cargo".into(), error: io() }.exit().code(), 101);
    }

    #[test]
    fn only_the_fronts_usage_errors_point_to_its_help() {
        let usage = Error::Usage("gc: unknown option --x".into());
        assert_eq!(usage.line(Program::Front), "cargo-ibridge: gc: unknown option --x (cargo ibridge --help says more)");
        assert_eq!(usage.line(Program::Wrapper), "ibridge-rustc-wrapper: gc: unknown option --x");
        let gc = Error::Gc(ibridge::error::Error::Busy("the store is in use".into()));
        assert_eq!(gc.line(Program::Front), "cargo-ibridge: gc: the store is in use");
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        let tool = Error::ToolDidNotStart { tool: "rustc".into(), error: io };
        assert_eq!(tool.line(Program::Wrapper), "ibridge-rustc-wrapper: cannot run rustc: gone");
    }
}
