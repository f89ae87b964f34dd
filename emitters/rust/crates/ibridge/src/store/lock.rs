//! The store's lock (spec, REQ-STORE-020): a POSIX record lock over the whole `lock` file. It is
//! taken as an open-file-description lock (`F_OFD_SETLK`), which conflicts with the classic `fcntl`
//! locks other tools take (Java's `FileChannel.lock` among them) but, unlike those, belongs to this
//! open file, so opening the store twice in one process cannot release it by accident.

use std::fs::File;
use std::io;
use std::os::unix::io::AsRawFd;

#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Shared,
    Exclusive,
}

/// Takes the lock without waiting. `Ok(false)` when another holder is in the way.
pub(crate) fn try_lock(file: &File, kind: Kind) -> io::Result<bool> {
    match set(file, kind, libc::F_OFD_SETLK) {
        Ok(()) => Ok(true),
        Err(e) if matches!(e.raw_os_error(), Some(libc::EAGAIN) | Some(libc::EACCES)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Takes the lock, waiting for other holders.
pub(crate) fn lock(file: &File, kind: Kind) -> io::Result<()> {
    loop {
        match set(file, kind, libc::F_OFD_SETLKW) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

#[allow(unsafe_code)]
fn set(file: &File, kind: Kind, command: libc::c_int) -> io::Result<()> {
    // SAFETY: `flock` is a plain C struct for which all zeroes is a valid value; fcntl reads it
    // only for the duration of the call, on a descriptor `file` keeps open.
    let mut request: libc::flock = unsafe { std::mem::zeroed() };
    request.l_type = match kind {
        Kind::Shared => libc::F_RDLCK,
        Kind::Exclusive => libc::F_WRLCK,
    } as libc::c_short;
    request.l_whence = libc::SEEK_SET as libc::c_short;
    request.l_start = 0;
    request.l_len = 0;
    request.l_pid = 0;
    // SAFETY: see above; the pointer is to a live, initialised `flock`.
    let status = unsafe { libc::fcntl(file.as_raw_fd(), command, &request as *const libc::flock) };
    if status == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}
