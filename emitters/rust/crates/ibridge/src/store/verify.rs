//! `verify` (spec chapter "Store", verify): checks every file of a store and reports every problem found,
//! without stopping at the first.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use super::files::{self, kind_of, read_regular};
use super::journal;
use super::layout::{self, Layout, MAX_BLOB_BYTES, MAX_HEADER_BYTES, MAX_HEAD_BYTES, MAX_JOURNAL_BYTES, MAX_RECORD_BYTES};
use super::parse_head;
use crate::error::Result;
use crate::key;
use crate::model::Record;
use crate::record;

/// One problem `verify` found: the file, relative to the store root, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

struct Report<'a> {
    root: &'a Path,
    problems: Vec<Problem>,
}

impl Report<'_> {
    fn add(&mut self, path: &Path, message: impl Into<String>) {
        let shown = path.strip_prefix(self.root).unwrap_or(path).display().to_string();
        self.problems.push(Problem { path: shown, message: message.into() });
    }

    /// The entries of a layout directory; a link, special file or regular file where the layout
    /// has a directory is a problem, and so answers nothing.
    fn dir(&mut self, path: &Path) -> Result<Vec<(String, std::path::PathBuf)>> {
        match fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => files::entries(path),
            Ok(meta) => {
                self.add(path, format!("is a {} where the layout has a directory", kind_of(&meta)));
                Ok(Vec::new())
            }
            Err(_) => Ok(Vec::new()),
        }
    }

    /// The directories `<xx>/` of a fan-out directory, each with its files whose name is 64 hex
    /// digits starting with `xx`; every other entry is a problem.
    fn fanned(&mut self, dir: &Path) -> Result<Vec<(String, std::path::PathBuf)>> {
        let mut out = Vec::new();
        for (fan, fan_path) in self.dir(dir)? {
            let fan_ok = fan.len() == 2 && fan.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !fan_ok {
                self.add(&fan_path, "is not an entry of the layout");
                continue;
            }
            for (name, path) in self.dir(&fan_path)? {
                if layout::is_hex64(&name) && name.starts_with(&fan) {
                    out.push((name, path));
                } else {
                    self.add(&path, "is not an entry of the layout");
                }
            }
        }
        Ok(out)
    }
}

pub(crate) fn verify(layout: &Layout) -> Result<Vec<Problem>> {
    let root = layout.root();
    let mut r = Report { root, problems: Vec::new() };
    for (name, path) in files::entries(root)? {
        if !layout::TOP_LEVEL.contains(&name.as_str()) {
            r.add(&path, "is not an entry of the layout");
        }
    }
    match read_regular(layout.root(), &layout.header(), MAX_HEADER_BYTES) {
        Ok(bytes) => {
            if let Err(e) = record::decode_store_header(&bytes) {
                r.add(&layout.header(), format!("does not decode: {e}"));
            }
        }
        Err(e) => r.add(&layout.header(), e.describe()),
    }
    if let Ok(meta) = fs::symlink_metadata(layout.lock()) {
        if !meta.file_type().is_file() {
            r.add(&layout.lock(), format!("is a {}, not a regular file", kind_of(&meta)));
        }
    }
    let blob_sizes = blobs(&mut r, layout)?;
    let intact = records(&mut r, layout, &blob_sizes)?;
    heads(&mut r, layout, &intact)?;
    journals(&mut r, layout)?;
    Ok(r.problems)
}

/// Checks every blob; answers the size of each intact one by hex digest.
fn blobs(r: &mut Report, layout: &Layout) -> Result<HashMap<String, u64>> {
    let mut sizes = HashMap::new();
    for (name, path) in r.dir(&layout.root().join(layout::BLOBS))? {
        if name != layout::SHA256_DIR {
            r.add(&path, "is not an entry of the layout");
        }
    }
    for (hex_name, path) in r.fanned(&layout.blobs())? {
        match read_regular(layout.root(), &path, MAX_BLOB_BYTES) {
            Ok(content) => {
                if hex::encode(key::blob_digest(&content).value) == hex_name {
                    sizes.insert(hex_name, content.len() as u64);
                } else {
                    r.add(&path, "does not hash to its name");
                }
            }
            Err(e) => r.add(&path, e.describe()),
        }
    }
    Ok(sizes)
}

/// Checks every record; answers the intact ones by (facet, hex key).
fn records(r: &mut Report, layout: &Layout, blob_sizes: &HashMap<String, u64>) -> Result<HashMap<(String, String), Record>> {
    let mut intact = HashMap::new();
    for (facet, facet_path) in r.dir(&layout.records_dir())? {
        if layout::check_facet(&facet).is_err() {
            r.add(&facet_path, "is not a valid facet name");
            continue;
        }
        for (key_hex, path) in r.fanned(&facet_path)? {
            let bytes = match read_regular(layout.root(), &path, MAX_RECORD_BYTES) {
                Ok(bytes) => bytes,
                Err(e) => {
                    r.add(&path, e.describe());
                    continue;
                }
            };
            let record = match record::decode_record(&bytes) {
                Ok(record) => record,
                Err(e) => {
                    r.add(&path, format!("does not decode: {e}"));
                    continue;
                }
            };
            let mut ok = true;
            if record.key_material.facet != facet {
                r.add(&path, format!("is a record of facet {} under records/{facet}/", record.key_material.facet));
                ok = false;
            }
            if hex::encode(&record.input_key.value) != key_hex {
                r.add(&path, format!("names input key {}, not the key of its path", record.input_key.to_text()));
                ok = false;
            }
            if key::input_key(&record.key_material).ok().as_ref() != Some(&record.input_key) {
                r.add(&path, "does not recompute to its input key");
                ok = false;
            }
            if key::output_fingerprint(&record.outputs).ok().as_ref() != Some(&record.output_fingerprint) {
                r.add(&path, "does not recompute to its output fingerprint");
                ok = false;
            }
            for output in &record.outputs {
                let blob_hex = hex::encode(&output.blob.digest.value);
                match blob_sizes.get(&blob_hex) {
                    Some(size) if *size == output.blob.size => {}
                    Some(size) => {
                        r.add(&path, format!("output {:?} states size {}, its blob is {size} bytes", output.name, output.blob.size));
                        ok = false;
                    }
                    None => {
                        r.add(&path, format!("output {:?} names blob {} which the store does not hold intact", output.name, output.blob.digest.to_text()));
                        ok = false;
                    }
                }
            }
            if ok {
                intact.insert((facet.clone(), key_hex), record);
            }
        }
    }
    Ok(intact)
}

fn heads(r: &mut Report, layout: &Layout, intact: &HashMap<(String, String), Record>) -> Result<()> {
    for (facet, facet_path) in r.dir(&layout.heads_dir())? {
        if layout::check_facet(&facet).is_err() {
            r.add(&facet_path, "is not a valid facet name");
            continue;
        }
        for (subject_hex, path) in r.fanned(&facet_path)? {
            let input_key = match read_regular(layout.root(), &path, MAX_HEAD_BYTES) {
                Ok(bytes) => match parse_head(&bytes) {
                    Some(key) => key,
                    None => {
                        r.add(&path, "does not parse as sha256:<64 hex digits> and a line feed");
                        continue;
                    }
                },
                Err(e) => {
                    r.add(&path, e.describe());
                    continue;
                }
            };
            match intact.get(&(facet.clone(), hex::encode(&input_key.value))) {
                Some(record) => {
                    let digest = key::subject_digest(&record.key_material.subject).map(|d| hex::encode(d.value));
                    if digest.ok().as_deref() != Some(subject_hex.as_str()) {
                        r.add(&path, format!("names {}, a record of another subject", input_key.to_text()));
                    }
                }
                None => r.add(&path, format!("names {}, which the store does not hold intact", input_key.to_text())),
            }
        }
    }
    Ok(())
}

fn journals(r: &mut Report, layout: &Layout) -> Result<()> {
    for (name, path) in r.dir(&layout.journal_dir())? {
        let Some(id) = name.strip_suffix(".avro").filter(|id| layout::is_session_id(id)) else {
            r.add(&path, "is not an entry of the layout");
            continue;
        };
        match read_regular(layout.root(), &path, MAX_JOURNAL_BYTES) {
            Ok(bytes) => {
                if let Err(e) = journal::read(&bytes, id) {
                    r.add(&path, format!("does not read as a journal: {e}"));
                }
            }
            Err(e) => r.add(&path, e.describe()),
        }
    }
    let tmp = layout.tmp();
    if let Ok(meta) = fs::symlink_metadata(&tmp) {
        if !meta.is_dir() {
            r.add(&tmp, format!("is a {} where the layout has a directory", kind_of(&meta)));
        }
    }
    Ok(())
}
