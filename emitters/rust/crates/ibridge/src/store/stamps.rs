//! Remembered blob checks: the identity of a file (device, inode, size, modification and change
//! time) when its content was last hashed, with the digest it had. While a file keeps that
//! identity its content is the one hashed, unless the machine was restarted in between (a power
//! loss can leave a file with its identity and without its data), so the cache names the boot it
//! was written in and is ignored after a restart. Like git's index, it saves reading every blob
//! of a hit: one file read per process, and one write when something new was checked.
//!
//! The file is private to one tool (the cargo wrapper keeps it next to the store, never inside
//! it). Several processes may rewrite it at once: each merges what it finds before replacing it,
//! and an entry lost to a race only costs one more hash.

use std::collections::HashMap;
use std::fs::{self, Metadata};
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

const MAGIC: &str = "ibridge-stamps 1";
/// Beyond this many entries the cache starts again empty, so it stays small to read.
const MAX_ENTRIES: usize = 50_000;

/// What identifies a file's content without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    pub dev: u64,
    pub ino: u64,
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
}

impl Identity {
    pub fn of(meta: &Metadata) -> Identity {
        Identity {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.len(),
            mtime_ns: meta.mtime().saturating_mul(1_000_000_000).saturating_add(meta.mtime_nsec()),
            ctime_ns: meta.ctime().saturating_mul(1_000_000_000).saturating_add(meta.ctime_nsec()),
        }
    }
}

pub struct Stamps {
    path: PathBuf,
    /// None when the boot cannot be told: then nothing is trusted and nothing saved.
    boot: Option<String>,
    entries: HashMap<(u64, u64), (Identity, Vec<u8>)>,
    added: Vec<(Identity, Vec<u8>)>,
}

fn boot_id() -> Option<String> {
    let id = fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    let id = id.trim();
    (!id.is_empty()).then(|| id.to_string())
}

fn parse(text: &str, boot: &str) -> HashMap<(u64, u64), (Identity, Vec<u8>)> {
    let mut entries = HashMap::new();
    let mut lines = text.lines();
    if lines.next() != Some(&format!("{MAGIC} {boot}")) {
        return entries;
    }
    for line in lines {
        let f: Vec<&str> = line.split(' ').collect();
        let [dev, ino, size, mtime, ctime, digest] = f[..] else { continue };
        let (Ok(dev), Ok(ino), Ok(size), Ok(mtime_ns), Ok(ctime_ns), Ok(digest)) =
            (dev.parse(), ino.parse(), size.parse(), mtime.parse(), ctime.parse(), hex::decode(digest))
        else {
            continue;
        };
        entries.insert((dev, ino), (Identity { dev, ino, size, mtime_ns, ctime_ns }, digest));
    }
    entries
}

impl Stamps {
    /// Reads the cache at `path`; a missing, damaged or other boot's file is an empty cache.
    pub fn load(path: &Path) -> Stamps {
        let boot = boot_id();
        let entries = match (&boot, fs::read_to_string(path)) {
            (Some(boot), Ok(text)) => parse(&text, boot),
            _ => HashMap::new(),
        };
        Stamps { path: path.to_path_buf(), boot, entries, added: Vec::new() }
    }

    /// The digest the file with this identity had when it was hashed, if it still has it.
    pub fn digest(&self, id: &Identity) -> Option<&[u8]> {
        self.boot.as_ref()?;
        match self.entries.get(&(id.dev, id.ino)) {
            Some((known, digest)) if known == id => Some(digest),
            _ => None,
        }
    }

    /// Notes that the file with this identity was found to hash to `digest`.
    pub fn note(&mut self, id: Identity, digest: &[u8]) {
        if self.boot.is_none() || self.digest(&id) == Some(digest) {
            return;
        }
        self.entries.insert((id.dev, id.ino), (id, digest.to_vec()));
        self.added.push((id, digest.to_vec()));
    }

    /// Writes the cache if anything was noted: merged with the file as it is now, to a fresh
    /// name, then renamed over it. Not flushed: after a power loss the boot differs anyway.
    pub(crate) fn save(&mut self) -> std::io::Result<()> {
        let Some(boot) = self.boot.clone() else { return Ok(()) };
        if self.added.is_empty() {
            return Ok(());
        }
        let mut merged = fs::read_to_string(&self.path).map(|t| parse(&t, &boot)).unwrap_or_default();
        if merged.len() + self.added.len() > MAX_ENTRIES {
            merged.clear();
        }
        for (id, digest) in self.added.drain(..) {
            merged.insert((id.dev, id.ino), (id, digest));
        }
        let mut text = format!("{MAGIC} {boot}\n");
        for (id, digest) in merged.values() {
            text.push_str(&format!("{} {} {} {} {} {}\n", id.dev, id.ino, id.size, id.mtime_ns, id.ctime_ns, hex::encode(digest)));
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let mut tmp = tempfile::Builder::new().prefix(".stamps-").tempfile_in(dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        self.entries = merged;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_noted_digest_holds_until_the_file_changes_and_survives_a_save() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("f");
        fs::write(&file, b"one").expect("write");
        let cache = dir.path().join("stamps");
        let mut stamps = Stamps::load(&cache);
        let id = Identity::of(&fs::metadata(&file).expect("stat"));
        assert_eq!(stamps.digest(&id), None);
        stamps.note(id, &[1, 2]);
        assert_eq!(stamps.digest(&id), Some(&[1u8, 2][..]));
        stamps.save().expect("save");
        let again = Stamps::load(&cache);
        assert_eq!(again.digest(&id), Some(&[1u8, 2][..]));
        std::thread::sleep(std::time::Duration::from_millis(10));
        let mut f = fs::OpenOptions::new().write(true).open(&file).expect("open");
        f.write_all(b"two").expect("rewrite in place");
        drop(f);
        let changed = Identity::of(&fs::metadata(&file).expect("stat"));
        assert_eq!(changed.ino, id.ino);
        assert_eq!(again.digest(&changed), None, "same inode and size, new times: not trusted");
    }

    #[test]
    fn another_boot_or_a_damaged_file_is_an_empty_cache() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("stamps");
        fs::write(&cache, "ibridge-stamps 1 other-boot\n1 2 3 4 5 0102\n").expect("write");
        let id = Identity { dev: 1, ino: 2, size: 3, mtime_ns: 4, ctime_ns: 5 };
        assert_eq!(Stamps::load(&cache).digest(&id), None);
        fs::write(&cache, "garbage\n\0\n").expect("write");
        assert_eq!(Stamps::load(&cache).digest(&id), None);
    }
}
