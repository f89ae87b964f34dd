//! File-system primitives of the store: reading a regular file without following links, within a
//! size limit (REQ-STORE-081, REQ-STORE-082), and staging plus atomic publication (REQ-STORE-010).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Why a file at a layout path could not be read as a regular file of acceptable size.
#[derive(Debug)]
pub enum Unreadable {
    Missing,
    /// A symbolic link, directory, FIFO, socket or device.
    NotRegular(&'static str),
    TooLarge { size: u64, limit: u64 },
    Io(io::Error),
}

impl Unreadable {
    pub fn describe(&self) -> String {
        match self {
            Unreadable::Missing => "does not exist".to_string(),
            Unreadable::NotRegular(kind) => format!("is a {kind}, not a regular file"),
            Unreadable::TooLarge { size, limit } => format!("is {size} bytes, over the limit of {limit}"),
            Unreadable::Io(e) => format!("cannot be read: {e}"),
        }
    }
}

/// What an `lstat` says about a path, without following a final symbolic link.
pub fn kind_of(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_symlink() {
        "symbolic link"
    } else if t.is_dir() {
        "directory"
    } else if t.is_fifo() {
        "FIFO"
    } else if t.is_socket() {
        "socket"
    } else if t.is_block_device() || t.is_char_device() {
        "device"
    } else if t.is_file() {
        "regular file"
    } else {
        "special file"
    }
}

/// The size of the regular file at `path`, checked with `lstat` so that links are never followed.
pub fn regular_size(path: &Path) -> std::result::Result<u64, Unreadable> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_file() => Ok(meta.len()),
        Ok(meta) => Err(Unreadable::NotRegular(kind_of(&meta))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Unreadable::Missing),
        Err(e) => Err(Unreadable::Io(e)),
    }
}

/// Reads the whole regular file at `path` if it is at most `limit` bytes: `lstat` first, then an
/// `open` with `O_NOFOLLOW | O_NONBLOCK` (a FIFO swapped in between cannot block), then a bounded read.
pub fn read_regular(path: &Path, limit: u64) -> std::result::Result<Vec<u8>, Unreadable> {
    let size = regular_size(path)?;
    if size > limit {
        return Err(Unreadable::TooLarge { size, limit });
    }
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => Unreadable::Missing,
            _ => Unreadable::Io(e),
        })?;
    let meta = file.metadata().map_err(Unreadable::Io)?;
    if !meta.file_type().is_file() {
        return Err(Unreadable::NotRegular(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(Unreadable::TooLarge { size: meta.len(), limit });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(Unreadable::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Unreadable::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// A file written in full in `tmp/` and flushed, not yet visible at any layout path.
pub struct Staged {
    file: tempfile::NamedTempFile,
}

/// Writes `content` to a fresh file in `tmp_dir` (whose name the OS picks) and flushes it.
pub fn stage(tmp_dir: &Path, content: &[u8]) -> Result<Staged> {
    fs::create_dir_all(tmp_dir)?;
    let mut file = tempfile::Builder::new().prefix("stage-").tempfile_in(tmp_dir)?;
    file.write_all(content)?;
    file.as_file().sync_all()?;
    Ok(Staged { file })
}

impl Staged {
    /// Publishes with `rename(2)`, replacing whatever is at `target`.
    pub fn replace(self, target: &Path) -> Result<()> {
        make_parent(target)?;
        self.file.persist(target).map_err(|e| Error::Io(e.error))?;
        Ok(())
    }

    /// Publishes with `link(2)` only if nothing exists at `target`; answers false when something does.
    /// The staging file is removed either way.
    pub fn create_new(self, target: &Path) -> Result<bool> {
        make_parent(target)?;
        match fs::hard_link(self.file.path(), target) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(Error::Io(e)),
        }
    }
}

fn make_parent(target: &Path) -> Result<()> {
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    Ok(())
}

/// The entries of a directory, by name; an absent directory has none (REQ-STORE-001).
pub fn entries(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let iter = match fs::read_dir(dir) {
        Ok(iter) => iter,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::Io(e)),
    };
    let mut out = Vec::new();
    for entry in iter {
        let entry = entry?;
        out.push((entry.file_name().to_string_lossy().into_owned(), entry.path()));
    }
    out.sort();
    Ok(out)
}

/// Opens (creating) the store's lock file without following a link.
pub fn open_lock(path: &Path) -> Result<File> {
    Ok(OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?)
}
