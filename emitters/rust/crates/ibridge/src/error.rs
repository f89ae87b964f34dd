//! The library's one error type, by what went wrong, and `Exit`: the exit codes of the programs
//! built on it (the testee, the rustc wrapper, `cargo ibridge`, the bench), written down here once.

use std::fmt;
use std::process::ExitStatus;

/// Every failure the library reports. Bad input is always `Decode`, never a panic.
#[derive(Debug)]
pub enum Error {
    /// Input that does not decode, with the byte offset where decoding stopped.
    Decode { offset: u64, message: String },
    /// A value the caller gave that breaks a rule of the data model or does not fit its schema
    /// (a bug of the caller); the message names the field.
    Invalid(String),
    /// A directory this tool cannot use as a store: not a store, a damaged header, another
    /// protocol major or digest algorithm, or a new store's directory that holds other files.
    NotUsable(String),
    /// An emit the store refuses: key material, input key, output fingerprint and blobs that do
    /// not agree with each other, or other outputs already stored for the key.
    Refused(String),
    /// A store path or file the store does not follow: outside the store, not a regular file or
    /// directory, or content that does not hash to its name.
    Unsafe(String),
    /// The store is in use by another process, and the operation needs it alone.
    Busy(String),
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Decode { offset, message } => write!(f, "malformed input at byte {offset}: {message}"),
            Error::Invalid(message)
            | Error::NotUsable(message)
            | Error::Refused(message)
            | Error::Unsafe(message)
            | Error::Busy(message) => write!(f, "{message}"),
            Error::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// How a program of this workspace ends; `code` is the one mapping to exit codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Success,
    /// 1: the command ran and did not get what was asked (gc could not trim the store, explain
    /// knows no such crate, a bench run failed).
    Failure,
    /// 2: the command could not start: a bad argument, no store, a store it cannot open.
    Usage,
    /// 70 (`EX_SOFTWARE` of sysexits.h): the testee's harness connection failed.
    Software,
    /// 101, cargo's code for a failed build: the tool run in our place did not start, or a
    /// signal ended it (for the rustc wrapper).
    ToolDidNotRun,
    /// The exit code of the tool run in our place (cargo, rustc, rustdoc).
    Tool(i32),
}

impl Exit {
    pub fn code(self) -> i32 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::Software => 70,
            Exit::ToolDidNotRun => 101,
            Exit::Tool(code) => code,
        }
    }

    /// The rustc wrapper's exit for a tool that ended: its code, or `ToolDidNotRun` when a
    /// signal ended it.
    pub fn of_tool(status: ExitStatus) -> Exit {
        status.code().map_or(Exit::ToolDidNotRun, Exit::Tool)
    }

    /// `cargo ibridge`'s exit for cargo or rustdoc: its code, or 128 plus the signal that ended
    /// it, as a shell reports it.
    pub fn of_command(status: ExitStatus) -> Exit {
        use std::os::unix::process::ExitStatusExt;
        Exit::Tool(status.code().unwrap_or_else(|| 128 + status.signal().unwrap_or(0)))
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit.code() as u8)
    }
}
