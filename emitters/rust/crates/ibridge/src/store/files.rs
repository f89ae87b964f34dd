//! File-system primitives of the store: reading a regular file without following links, within a
//! size limit (REQ-STORE-081, REQ-STORE-082), and staging plus atomic publication (REQ-STORE-010).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Why a file at a layout path could not be read as a regular file of acceptable size.
#[derive(Debug)]
pub(crate) enum Unreadable {
    Missing,
    /// A symbolic link, directory, FIFO, socket or device.
    NotRegular(&'static str),
    TooLarge { size: u64, limit: u64 },
    /// A directory on the way from the store root is a link or not a directory.
    InLinkedDirectory(&'static str),
    Io(io::Error),
}

impl Unreadable {
    pub(crate) fn describe(&self) -> String {
        match self {
            Unreadable::Missing => "does not exist".to_string(),
            Unreadable::NotRegular(kind) => format!("is a {kind}, not a regular file"),
            Unreadable::TooLarge { size, limit } => format!("is {size} bytes, over the limit of {limit}"),
            Unreadable::InLinkedDirectory(kind) => format!("lies below a {kind} where the layout has a directory"),
            Unreadable::Io(e) => format!("cannot be read: {e}"),
        }
    }
}

/// What an `lstat` says about a path, without following a final symbolic link.
pub(crate) fn kind_of(meta: &fs::Metadata) -> &'static str {
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

static REAL: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// Makes [`real_directories`] remember, for the rest of this process, each directory it found
/// real, instead of checking it again for every file. Only for processes that live as long as
/// one request (the cargo wrapper): there it saves a hit four calls per file it reads, and only
/// widens by a millisecond the race between `lstat` and `open` that the check leaves anyway. A
/// long-lived process must not call it, since a directory may be replaced by a link later.
pub fn remember_real_directories() {
    REAL.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert_with(HashSet::new);
}

/// Checks with `lstat` that every directory between `root` and `path` is a real directory, so
/// that no link on the way is followed (REQ-STORE-081). A missing directory ends the check: a
/// read then finds nothing, and a write creates real directories.
pub(crate) fn real_directories(root: &Path, path: &Path) -> std::result::Result<(), Unreadable> {
    let rest = path.strip_prefix(root).map_err(|_| Unreadable::InLinkedDirectory("path outside the store"))?;
    let mut at = root.to_path_buf();
    let components: Vec<_> = rest.components().collect();
    let mut remembered = REAL.lock().unwrap_or_else(|p| p.into_inner());
    for component in components.iter().take(components.len().saturating_sub(1)) {
        at.push(component);
        if remembered.as_ref().is_some_and(|real| real.contains(&at)) {
            continue;
        }
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_dir() => {
                if let Some(real) = remembered.as_mut() {
                    real.insert(at.clone());
                }
            }
            Ok(meta) => return Err(Unreadable::InLinkedDirectory(kind_of(&meta))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Unreadable::Io(e)),
        }
    }
    Ok(())
}

/// The size of the regular file at `path` below `root`, checked with `lstat` so that links are
/// never followed.
pub(crate) fn regular_size(root: &Path, path: &Path) -> std::result::Result<u64, Unreadable> {
    real_directories(root, path)?;
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_file() => Ok(meta.len()),
        Ok(meta) => Err(Unreadable::NotRegular(kind_of(&meta))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Unreadable::Missing),
        Err(e) => Err(Unreadable::Io(e)),
    }
}

/// The metadata of the regular file at `path` below `root`, checked like [`regular_size`].
pub(crate) fn regular_meta(root: &Path, path: &Path) -> std::result::Result<fs::Metadata, Unreadable> {
    real_directories(root, path)?;
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_file() => Ok(meta),
        Ok(meta) => Err(Unreadable::NotRegular(kind_of(&meta))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Unreadable::Missing),
        Err(e) => Err(Unreadable::Io(e)),
    }
}

/// Reads the whole regular file at `path` below `root` if it is at most `limit` bytes: `lstat`
/// first, then an `open` with `O_NOFOLLOW | O_NONBLOCK` (a FIFO swapped in between cannot block),
/// then a bounded read.
pub(crate) fn read_regular(root: &Path, path: &Path, limit: u64) -> std::result::Result<Vec<u8>, Unreadable> {
    let size = regular_size(root, path)?;
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
pub(crate) struct Staged {
    file: tempfile::NamedTempFile,
}

/// Writes `content` to a fresh file in `tmp_dir` (whose name the OS picks) and, when `sync`,
/// flushes it to stable storage.
pub(crate) fn stage(tmp_dir: &Path, content: &[u8], sync: bool) -> Result<Staged> {
    fs::create_dir_all(tmp_dir)?;
    let meta = fs::symlink_metadata(tmp_dir)?;
    if !meta.is_dir() {
        return Err(Error::Unsafe(format!("{} is a {}, not the staging directory", tmp_dir.display(), kind_of(&meta))));
    }
    let mut file = tempfile::Builder::new().prefix("stage-").tempfile_in(tmp_dir)?;
    file.write_all(content)?;
    if sync {
        file.as_file().sync_all()?;
    }
    Ok(Staged { file })
}

impl Staged {
    /// Gives the staged file these permission bits.
    pub(crate) fn set_mode(&self, mode: u32) -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        self.file.as_file().set_permissions(fs::Permissions::from_mode(mode))?;
        Ok(())
    }

    /// Publishes with `rename(2)` at `target` below `root`, replacing whatever is there.
    pub(crate) fn replace(self, root: &Path, target: &Path) -> Result<()> {
        make_parent(root, target)?;
        self.file.persist(target).map_err(|e| Error::Io(e.error))?;
        Ok(())
    }

    /// Publishes with `link(2)` only if nothing exists at `target`; answers false when something does.
    /// The staging file is removed either way.
    pub(crate) fn create_new(self, root: &Path, target: &Path) -> Result<bool> {
        make_parent(root, target)?;
        match fs::hard_link(self.file.path(), target) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(Error::Io(e)),
        }
    }
}

fn make_parent(root: &Path, target: &Path) -> Result<()> {
    real_directories(root, target)
        .map_err(|e| Error::Unsafe(format!("{}: cannot publish, it {}", target.display(), e.describe())))?;
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    Ok(())
}

/// The entries of a directory, by name; an absent directory has none (REQ-STORE-001).
pub(crate) fn entries(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
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
pub(crate) fn open_lock(path: &Path) -> Result<File> {
    Ok(OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?)
}
