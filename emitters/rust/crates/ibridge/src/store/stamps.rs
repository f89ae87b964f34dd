//! Remembered blob checks: the identity of a file (device, inode, size, modification and change
//! time) when its content was last hashed, with the digest it had. While a file keeps that
//! identity its content is the one hashed, unless the machine was restarted in between (a power
//! loss can leave a file with its identity and without its data), so the cache names the boot it
//! was written in and is ignored after a restart. Like git's index, it saves reading every blob
//! of a hit.
//!
//! The file is private to one tool (the cargo wrapper keeps it next to the store, never inside
//! it): a header line naming the boot, then fixed-size binary entries, the last one for an inode
//! winning. A process reads it once and appends what it found new in one write, so a hit costs
//! one read and one small append. Processes append side by side (`O_APPEND`); when the file has
//! grown to about twice its live entries, or ends in a torn entry, a process rewrites it to a
//! fresh name and renames it over, and an entry another process appended meanwhile is lost, which
//! only costs one more hash.

use std::collections::HashMap;
use std::fs::{self, Metadata};
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

const MAGIC: &str = "ibridge-stamps 2";
/// Device, inode, size, modification and change time (8 bytes each, little-endian), digest.
const ENTRY: usize = 5 * 8 + 32;
/// Beyond this many live entries the oldest are dropped, so the cache stays small to read.
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
    /// The entries as read, oldest first, then those noted since; a lookup scans from the end,
    /// so the newest entry of an inode wins.
    entries: Vec<(Identity, [u8; 32])>,
    /// How many of `entries` the file holds, and how many of them were live when the file was
    /// last written whole; None when it must be rewritten (missing, another boot's, torn).
    in_file: Option<(usize, usize)>,
}

fn boot_id() -> Option<String> {
    let id = fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    let id = id.trim();
    (!id.is_empty()).then(|| id.to_string())
}

/// The first line: the format, the boot, and the number of live entries written with it.
fn header(boot: &str, live: usize) -> Vec<u8> {
    format!("{MAGIC} {boot} {live}\n").into_bytes()
}

fn word(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i * 8..i * 8 + 8]);
    u64::from_le_bytes(w)
}

fn encode(id: &Identity, digest: &[u8; 32], out: &mut Vec<u8>) {
    for w in [id.dev, id.ino, id.size, id.mtime_ns as u64, id.ctime_ns as u64] {
        out.extend_from_slice(&w.to_le_bytes());
    }
    out.extend_from_slice(digest);
}

type Parsed = (Vec<(Identity, [u8; 32])>, Option<(usize, usize)>);

/// The entries of a cache file of this boot; the counts are None when the file is another
/// boot's, damaged or ends in a torn entry (whose whole entries still count).
fn parse(bytes: &[u8], boot: &str) -> Parsed {
    let Some(end) = bytes.iter().position(|b| *b == b'\n') else { return (Vec::new(), None) };
    let Ok(line) = std::str::from_utf8(&bytes[..end]) else { return (Vec::new(), None) };
    let prefix = format!("{MAGIC} {boot} ");
    let Some(live) = line.strip_prefix(&prefix).and_then(|l| l.parse::<usize>().ok()) else { return (Vec::new(), None) };
    let chunks = bytes[end + 1..].chunks_exact(ENTRY);
    let torn = !chunks.remainder().is_empty();
    let entries: Vec<(Identity, [u8; 32])> = chunks
        .map(|e| {
            let id = Identity { dev: word(e, 0), ino: word(e, 1), size: word(e, 2), mtime_ns: word(e, 3) as i64, ctime_ns: word(e, 4) as i64 };
            let mut digest = [0u8; 32];
            digest.copy_from_slice(&e[40..]);
            (id, digest)
        })
        .collect();
    let counts = (!torn).then_some((entries.len(), live));
    (entries, counts)
}

impl Stamps {
    /// Reads the cache at `path`; a missing, damaged or other boot's file is an empty cache.
    pub fn load(path: &Path) -> Stamps {
        let boot = boot_id();
        let (entries, in_file) = match (&boot, fs::read(path)) {
            (Some(boot), Ok(bytes)) => parse(&bytes, boot),
            _ => (Vec::new(), None),
        };
        Stamps { path: path.to_path_buf(), boot, entries, in_file }
    }

    /// The digest the file with this identity had when it was hashed, if it still has it.
    pub fn digest(&self, id: &Identity) -> Option<&[u8]> {
        self.boot.as_ref()?;
        match self.entries.iter().rev().find(|(known, _)| known.dev == id.dev && known.ino == id.ino) {
            Some((known, digest)) if known == id => Some(digest),
            _ => None,
        }
    }

    /// Notes that the file with this identity was found to hash to `digest` (a SHA-256 digest;
    /// anything else is not remembered).
    pub fn note(&mut self, id: Identity, digest: &[u8]) {
        let Ok(digest) = <[u8; 32]>::try_from(digest) else { return };
        if self.boot.is_none() || self.digest(&id) == Some(&digest[..]) {
            return;
        }
        self.entries.push((id, digest));
    }

    /// Writes what was noted: appended in one write while the file is sound and at most about
    /// twice as long as its live entries, else the live entries to a fresh name, renamed over
    /// the file. Not flushed: after a power loss the boot differs anyway.
    pub(crate) fn save(&mut self) -> std::io::Result<()> {
        let Some(boot) = self.boot.clone() else { return Ok(()) };
        let (in_file, live) = self.in_file.unwrap_or((0, 0));
        if self.in_file.is_some() && self.entries.len() == in_file {
            return Ok(());
        }
        let mut bytes = Vec::new();
        if self.in_file.is_some() && self.entries.len() <= 2 * live + 256 {
            for (id, digest) in &self.entries[in_file..] {
                encode(id, digest, &mut bytes);
            }
            let mut file = fs::OpenOptions::new().append(true).open(&self.path)?;
            file.write_all(&bytes)?;
            self.in_file = Some((self.entries.len(), live));
            return Ok(());
        }
        let mut newest: HashMap<(u64, u64), usize> = HashMap::new();
        for (i, (id, _)) in self.entries.iter().enumerate() {
            newest.insert((id.dev, id.ino), i);
        }
        let mut kept: Vec<usize> = newest.into_values().collect();
        kept.sort_unstable();
        if kept.len() > MAX_ENTRIES {
            kept.drain(..kept.len() - MAX_ENTRIES);
        }
        self.entries = kept.into_iter().map(|i| self.entries[i]).collect();
        bytes.extend_from_slice(&header(&boot, self.entries.len()));
        for (id, digest) in &self.entries {
            encode(id, digest, &mut bytes);
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let mut tmp = tempfile::Builder::new().prefix(".stamps-").tempfile_in(dir)?;
        tmp.write_all(&bytes)?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        self.in_file = Some((self.entries.len(), self.entries.len()));
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
        stamps.note(id, &[1; 32]);
        assert_eq!(stamps.digest(&id), Some(&[1u8; 32][..]));
        stamps.save().expect("save");
        let again = Stamps::load(&cache);
        assert_eq!(again.digest(&id), Some(&[1u8; 32][..]));
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

    fn id(ino: u64, mtime_ns: i64) -> Identity {
        Identity { dev: 1, ino, size: 10, mtime_ns, ctime_ns: mtime_ns }
    }

    #[test]
    fn saves_append_one_entry_each_and_the_last_entry_of_an_inode_wins() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("stamps");
        let mut first = Stamps::load(&cache);
        first.note(id(7, 1), &[1; 32]);
        first.save().expect("save");
        let written = fs::metadata(&cache).expect("stat").len();
        let mut second = Stamps::load(&cache);
        second.note(id(7, 2), &[2; 32]);
        second.note(id(8, 1), &[3; 32]);
        second.save().expect("save");
        assert_eq!(fs::metadata(&cache).expect("stat").len(), written + 2 * ENTRY as u64, "two entries appended");
        let third = Stamps::load(&cache);
        assert_eq!(third.digest(&id(7, 1)), None, "superseded by a later entry of the same inode");
        assert_eq!(third.digest(&id(7, 2)), Some(&[2u8; 32][..]));
        assert_eq!(third.digest(&id(8, 1)), Some(&[3u8; 32][..]));
    }

    #[test]
    fn a_torn_last_entry_is_dropped_and_the_file_rewritten_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("stamps");
        let mut stamps = Stamps::load(&cache);
        stamps.note(id(7, 1), &[1; 32]);
        stamps.save().expect("save");
        let mut f = fs::OpenOptions::new().append(true).open(&cache).expect("open");
        f.write_all(&[9; ENTRY / 2]).expect("half an entry, as a crash mid-append leaves it");
        drop(f);
        let mut torn = Stamps::load(&cache);
        assert_eq!(torn.digest(&id(7, 1)), Some(&[1u8; 32][..]));
        torn.note(id(8, 1), &[2; 32]);
        torn.save().expect("save");
        let len = fs::metadata(&cache).expect("stat").len() as usize;
        assert_eq!((len - header(&boot_id().expect("boot id"), 1).len()) % ENTRY, 0, "rewritten without the torn bytes");
        let again = Stamps::load(&cache);
        assert_eq!(again.digest(&id(7, 1)), Some(&[1u8; 32][..]));
        assert_eq!(again.digest(&id(8, 1)), Some(&[2u8; 32][..]));
    }

    #[test]
    fn a_file_of_mostly_superseded_entries_is_compacted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("stamps");
        for round in 0..1000 {
            let mut stamps = Stamps::load(&cache);
            stamps.note(id(7, round), &[1; 32]);
            stamps.save().expect("save");
        }
        let len = fs::metadata(&cache).expect("stat").len() as usize;
        assert!(len < 300 * ENTRY, "one live entry, {len} bytes: the file was compacted");
        assert_eq!(Stamps::load(&cache).digest(&id(7, 999)), Some(&[1u8; 32][..]));
    }
}
