use std::fmt;

/// Every failure the library reports. Bad input is always `Decode`, never a panic.
#[derive(Debug)]
pub enum Error {
    /// Input that does not decode, with the byte offset where decoding stopped.
    Decode { offset: u64, message: String },
    /// A store or request the protocol refuses (version, path safety, conflicts).
    Rejected(String),
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Decode { offset, message } => write!(f, "malformed input at byte {offset}: {message}"),
            Error::Rejected(message) => write!(f, "{message}"),
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
