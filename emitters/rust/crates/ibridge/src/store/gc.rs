//! gc for stores whose users are recorded outside the store: a mark and sweep under the exclusive
//! lock (spec chapter "Store", gc), with *runs* in the place of journal sessions. A run is one use
//! of the store (one `cargo ibridge` invocation): when it started and which records it hit or
//! emitted. The rules are the reference's: keep what the newest kept runs touched, every record
//! written since the oldest kept run started (runs still going, or that never logged), and the
//! blobs those records name; delete the other records, the heads that name no kept record, the
//! unnamed blobs and everything in `tmp/`. Damaged records are never kept.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::PathBuf;
use std::time::SystemTime;

use super::files::{self, read_regular};
use super::layout::{self, MAX_HEAD_BYTES, MAX_RECORD_BYTES};
use super::{lock, locked, parse_head, subject_hex, Store};
use crate::error::{Error, Result};
use crate::key;
use crate::record;

/// One use of the store, as gc sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub id: String,
    pub started: SystemTime,
    /// The records it hit or emitted, as `facet/<input key hex>`.
    pub touched: HashSet<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Keep what the newest N runs used.
    KeepRuns(usize),
    /// Keep what the largest number of newest runs used whose records and blobs fit in the
    /// budget; when not even one run fits, keep nothing.
    MaxBytes(u64),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The ids of the runs kept, oldest first; the others are the caller's to forget.
    pub runs_kept: Vec<String>,
    pub records_removed: u64,
    pub heads_removed: u64,
    pub blobs_removed: u64,
    pub staging_removed: u64,
    pub bytes_freed: u64,
    /// Records, heads and blobs left.
    pub bytes_remaining: u64,
}

struct RecordFile {
    path: PathBuf,
    size: u64,
    modified: SystemTime,
    /// None for a damaged record.
    intact: Option<Intact>,
}

struct Intact {
    blobs: Vec<String>,
    subject_hex: String,
}

struct Scan {
    records: HashMap<String, RecordFile>,
    blobs: HashMap<String, (PathBuf, u64)>,
    heads: Vec<(String, String, PathBuf, u64)>,
    staging: Vec<PathBuf>,
}

impl Store {
    /// Runs gc with `runs` (in any order) as the store's users. Fails without deleting anything
    /// when another process has the store open: gc must not delete what a reader is about to use
    /// (REQ-STORE-020). Afterwards the store is held shared again.
    pub fn gc(&self, runs: &[Run], policy: Policy) -> Result<Report> {
        if !lock::try_lock(&self._lock, lock::Kind::Exclusive)? {
            return Err(Error::Busy(format!(
                "{}: the store is in use by another process (a cargo or tool run); run gc when it is done",
                self.root().display()
            )));
        }
        let report = self.collect(runs, policy);
        locked(&self.checked_blobs).clear();
        lock::lock(&self._lock, lock::Kind::Shared)?;
        report
    }

    fn collect(&self, runs: &[Run], policy: Policy) -> Result<Report> {
        let mut runs: Vec<&Run> = runs.iter().collect();
        runs.sort_by(|a, b| (a.started, &a.id).cmp(&(b.started, &b.id)));
        let scan = self.scan()?;
        let keep = match policy {
            Policy::KeepRuns(n) => n.min(runs.len()),
            Policy::MaxBytes(budget) => {
                (0..=runs.len()).rev().find(|&n| live_bytes(&scan, &mark(&runs, &scan, n)) <= budget).unwrap_or(0)
            }
        };
        let live = mark(&runs, &scan, keep);
        let live_blobs: HashSet<&str> =
            live.iter().filter_map(|a| scan.records[*a].intact.as_ref()).flat_map(|i| i.blobs.iter().map(String::as_str)).collect();
        let mut report = Report { runs_kept: runs[runs.len() - keep..].iter().map(|r| r.id.clone()).collect(), ..Report::default() };
        for (address, file) in &scan.records {
            if !live.contains(address.as_str()) && remove(&file.path) {
                report.records_removed += 1;
                report.bytes_freed += file.size;
            }
        }
        for (facet, subject, path, size) in &scan.heads {
            let named = read_regular(self.layout.root(), path, MAX_HEAD_BYTES).ok().and_then(|b| parse_head(&b));
            let keeps = named.is_some_and(|key| {
                let address = format!("{facet}/{}", hex::encode(&key.value));
                live.contains(address.as_str())
                    && scan.records[&address].intact.as_ref().is_some_and(|i| &i.subject_hex == subject)
            });
            if !keeps && remove(path) {
                report.heads_removed += 1;
                report.bytes_freed += size;
            }
        }
        for (hex, (path, size)) in &scan.blobs {
            if !live_blobs.contains(hex.as_str()) && remove(path) {
                report.blobs_removed += 1;
                report.bytes_freed += size;
            }
        }
        for path in &scan.staging {
            if remove(path) {
                report.staging_removed += 1;
            }
        }
        report.bytes_remaining = self.scan().map(|s| {
            s.records.values().map(|r| r.size).sum::<u64>()
                + s.blobs.values().map(|b| b.1).sum::<u64>()
                + s.heads.iter().map(|h| h.3).sum::<u64>()
        })?;
        Ok(report)
    }

    fn scan(&self) -> Result<Scan> {
        let root = self.layout.root();
        let mut scan = Scan { records: HashMap::new(), blobs: HashMap::new(), heads: Vec::new(), staging: Vec::new() };
        for (facet, facet_dir) in files::entries(&self.layout.records_dir())? {
            if layout::check_facet(&facet).is_err() {
                continue;
            }
            for (hex, path) in fanned(&facet_dir)? {
                let Ok(meta) = fs::symlink_metadata(&path) else { continue };
                let intact = read_regular(root, &path, MAX_RECORD_BYTES).ok().and_then(|bytes| {
                    let r = record::decode_record(&bytes).ok()?;
                    let placed = r.key_material.facet == facet && hex::encode(&r.input_key.value) == hex;
                    let sound = key::input_key(&r.key_material).ok()? == r.input_key
                        && key::output_fingerprint(&r.outputs).ok()? == r.output_fingerprint;
                    (placed && sound).then(|| Intact {
                        blobs: r.outputs.iter().map(|o| hex::encode(&o.blob.digest.value)).collect(),
                        subject_hex: subject_hex(&r.key_material.subject).unwrap_or_default(),
                    })
                });
                let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                scan.records.insert(format!("{facet}/{hex}"), RecordFile { path, size: meta.len(), modified, intact });
            }
        }
        for (hex, path) in fanned(&self.layout.blobs())? {
            if let Ok(meta) = fs::symlink_metadata(&path) {
                scan.blobs.insert(hex, (path, meta.len()));
            }
        }
        for (facet, facet_dir) in files::entries(&self.layout.heads_dir())? {
            if layout::check_facet(&facet).is_err() {
                continue;
            }
            for (subject, path) in fanned(&facet_dir)? {
                let size = fs::symlink_metadata(&path).map(|m| m.len()).unwrap_or(0);
                scan.heads.push((facet.clone(), subject, path, size));
            }
        }
        scan.staging = files::entries(&self.layout.tmp())?.into_iter().map(|(_, p)| p).collect();
        Ok(scan)
    }
}

/// The files `<xx>/<64 hex digits starting with xx>` of a fan-out directory.
fn fanned(dir: &std::path::Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for (fan, fan_dir) in files::entries(dir)? {
        for (name, path) in files::entries(&fan_dir)? {
            if layout::is_hex64(&name) && name.starts_with(&fan) {
                out.push((name, path));
            }
        }
    }
    Ok(out)
}

/// The intact records kept when the newest `keep` of `runs` (oldest first) are kept.
fn mark<'a>(runs: &[&Run], scan: &'a Scan, keep: usize) -> HashSet<&'a str> {
    let kept = &runs[runs.len() - keep..];
    let everything = keep == runs.len();
    let cutoff = kept.first().map(|r| r.started);
    scan.records
        .iter()
        .filter(|(address, file)| {
            file.intact.is_some()
                && (everything
                    || kept.iter().any(|r| r.touched.contains(address.as_str()))
                    || cutoff.is_some_and(|c| file.modified >= c))
        })
        .map(|(address, _)| address.as_str())
        .collect()
}

fn live_bytes(scan: &Scan, live: &HashSet<&str>) -> u64 {
    let mut blobs = HashSet::new();
    let mut bytes = 0;
    for address in live {
        let file = &scan.records[*address];
        bytes += file.size;
        for blob in file.intact.iter().flat_map(|i| &i.blobs) {
            if blobs.insert(blob.as_str()) {
                bytes += scan.blobs.get(blob).map_or(0, |b| b.1);
            }
        }
    }
    bytes
}

/// Deletes one file; one that is gone already counts as not removed by this gc.
fn remove(path: &std::path::Path) -> bool {
    fs::remove_file(path).is_ok()
}
