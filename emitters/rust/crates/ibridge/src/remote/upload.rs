//! The upload batch at the end of a run: every queued local emit goes up, `PARALLEL` at a time,
//! blobs before the record that names them and the record before its lead. A blob the remote
//! already has (`HEAD` answers) is not sent again.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use super::http::{Client, Fault};
use super::tier::{ac_path, cas_path, lead_digest, notice_queue};
use super::{Config, Mode, Notice, PARALLEL};
use crate::model::{Digest, DigestAlgorithm};
use crate::store::Store;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flushed {
    /// Queue entries uploaded (or found gone from the local store, so dropped).
    pub uploaded: u64,
    /// Body bytes sent.
    pub bytes: u64,
    /// Queue entries left for a later flush after a fault.
    pub left: u64,
}

/// Uploads the queue of the store at `root` whose tool state is in `state`, with the remote the
/// environment configures, and ends the run's warnings. Faults are warned about (once) and leave
/// their entries queued; they never fail the caller.
pub fn flush(root: &Path, state: &Path) -> Flushed {
    match Config::from_environment() {
        Ok(Some(config)) => flush_to(root, state, &config),
        Ok(None) => {
            Notice::new(state).reset();
            Flushed::default()
        }
        Err(e) => {
            let notice = Notice::new(state);
            notice.warn(&format!("remote store not used: {e}"));
            notice.reset();
            Flushed::default()
        }
    }
}

/// `flush` with the remote given.
pub fn flush_to(root: &Path, state: &Path, config: &Config) -> Flushed {
    let notice = Notice::new(state);
    let result = if config.mode == Mode::Write { upload(root, &notice, &config.client) } else { Flushed::default() };
    notice.reset();
    result
}

fn upload(root: &Path, notice: &Notice, client: &Client) -> Flushed {
    let queue = notice_queue(notice);
    let Ok(dir) = std::fs::read_dir(&queue) else { return Flushed::default() };
    let keys: Vec<String> = dir
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.len() == 64 && n.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    if keys.is_empty() {
        return Flushed::default();
    }
    let store = match Store::open(root, "ibridge-remote-flush") {
        Ok(s) => s,
        Err(e) => {
            notice.warn(&format!("cannot open the local store to upload: {e}"));
            return Flushed { left: keys.len() as u64, ..Flushed::default() };
        }
    };
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (uploaded, bytes, puts) = (AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0));
    let shown = client.endpoint.shown();
    let fault = |f: Fault, what: &str| {
        if f.is_down() {
            stop.store(true, Ordering::Relaxed);
        }
        notice.warn(&format!("{shown} {f} on uploading {what}; it stays queued"));
    };
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= keys.len() || stop.load(Ordering::Relaxed) {
            return;
        }
        let name = &keys[i];
        let Ok(value) = hex::decode(name) else { continue };
        let key = Digest { algorithm: DigestAlgorithm::Sha256, value };
        let Ok(Some((record, encoded))) = store.record(&key) else {
            let _ = std::fs::remove_file(queue.join(name));
            uploaded.fetch_add(1, Ordering::Relaxed);
            continue;
        };
        let entry = || -> Result<(), (Fault, String)> {
            let mut sent: Vec<&Digest> = Vec::new();
            for out in &record.outputs {
                let digest = &out.blob.digest;
                if sent.contains(&digest) {
                    continue;
                }
                sent.push(digest);
                let path = cas_path(digest);
                if client.head(&path).map_err(|f| (f, path.clone()))? {
                    continue;
                }
                let Ok(Some(content)) = store.read_blob(digest) else { return Ok(()) };
                client.put(&path, &content).map_err(|f| (f, path.clone()))?;
                bytes.fetch_add(content.len() as u64, Ordering::Relaxed);
                puts.fetch_add(1, Ordering::Relaxed);
            }
            let lead = lead_digest(&record.key_material.subject, &record.key_material.facet).map_err(|e| (Fault::Malformed(e.to_string()), name.clone()))?;
            for path in [ac_path(&key), ac_path(&lead)] {
                client.put(&path, &encoded).map_err(|f| (f, path.clone()))?;
                bytes.fetch_add(encoded.len() as u64, Ordering::Relaxed);
                puts.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        };
        match entry() {
            Ok(()) => {
                let _ = std::fs::remove_file(queue.join(name));
                uploaded.fetch_add(1, Ordering::Relaxed);
            }
            Err((f, what)) => fault(f, &what),
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(keys.len()) {
            scope.spawn(work);
        }
    });
    notice.count("up", bytes.load(Ordering::Relaxed), puts.load(Ordering::Relaxed));
    let uploaded = uploaded.load(Ordering::Relaxed);
    Flushed { uploaded, bytes: bytes.load(Ordering::Relaxed), left: keys.len() as u64 - uploaded }
}
