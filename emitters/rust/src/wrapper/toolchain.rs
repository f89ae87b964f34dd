//! The toolchain identity of an invocation: the tool's verbose version (`rustc -vV`, and for
//! clippy also `clippy-driver --version`), cached per binary path, size and modification time so
//! that a hit does not start the compiler.

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::Command;

use sha2::{Digest as _, Sha256};

/// The verbose version of `binary`, from the cache in `cache_dir` when the binary is unchanged.
pub(crate) fn version(cache_dir: &Path, binary: &Path, flag: &str) -> std::io::Result<String> {
    let meta = std::fs::metadata(binary)?;
    let stamp = format!("{} {} {} {}\n", meta.len(), meta.mtime(), meta.mtime_nsec(), meta.ino());
    let name = hex::encode(Sha256::digest(format!("{}\0{flag}", binary.display()).as_bytes()));
    let cache = cache_dir.join(format!("toolchain-{}", &name[..32]));
    if let Ok(text) = std::fs::read_to_string(&cache) {
        if let Some(rest) = text.strip_prefix(&stamp) {
            return Ok(rest.to_string());
        }
    }
    let out = Command::new(binary).arg(flag).output()?;
    if !out.status.success() {
        return Err(std::io::Error::new(std::io::ErrorKind::Other, format!("{} {flag} failed", binary.display())));
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    std::fs::create_dir_all(cache_dir)?;
    let tmp = cache_dir.join(format!(".toolchain-{}.{}", &name[..32], std::process::id()));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(stamp.as_bytes())?;
    f.write_all(text.as_bytes())?;
    drop(f);
    std::fs::rename(&tmp, &cache)?;
    Ok(text)
}

/// The `host:` line of `rustc -vV`.
pub(crate) fn host(verbose_version: &str) -> Option<&str> {
    verbose_version.lines().find_map(|l| l.strip_prefix("host: "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_is_read_from_the_verbose_version() {
        let v = "rustc 1.95.0 (59807616e 2026-04-14)\nbinary: rustc\nhost: x86_64-unknown-linux-gnu\nrelease: 1.95.0\n";
        assert_eq!(host(v), Some("x86_64-unknown-linux-gnu"));
        assert_eq!(host("rustc 1.0\n"), None);
    }

    #[test]
    fn the_cache_is_used_until_the_binary_changes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bin = dir.path().join("fake-rustc");
        std::fs::write(&bin, "#!/bin/sh\necho \"fake $$\"\n").expect("write");
        std::process::Command::new("chmod").arg("+x").arg(&bin).status().expect("chmod");
        let first = version(dir.path(), &bin, "-vV").expect("first");
        assert_eq!(version(dir.path(), &bin, "-vV").expect("cached"), first);
        std::fs::write(&bin, "#!/bin/sh\necho \"changed fake\"\n").expect("rewrite");
        assert_eq!(version(dir.path(), &bin, "-vV").expect("fresh"), "changed fake\n");
    }
}
