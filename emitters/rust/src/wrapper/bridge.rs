//! TEMPORARY development bridge until rust-core/rust-store land; replaced by the real store.

use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use crate::model::*;

pub struct Bridge {
    root: PathBuf,
}

fn d(v: Vec<u8>) -> Digest {
    Digest { algorithm: DigestAlgorithm::Sha256, value: v }
}

pub fn blob_digest(bytes: &[u8]) -> Digest {
    crate::key::blob_digest(bytes)
}

pub fn output(name: &str, observable: bool, bytes: &[u8]) -> Output {
    Output { name: name.into(), blob: BlobRef { digest: blob_digest(bytes), size: bytes.len() as u64 }, observable }
}

/// The output fingerprint of an artifact node: the fingerprint of its one observable file.
pub fn file_fingerprint(name: &str, digest: &[u8], size: u64) -> crate::error::Result<Digest> {
    let out = Output { name: name.into(), blob: BlobRef { digest: d(digest.to_vec()), size }, observable: true };
    crate::key::output_fingerprint(&[out])
}

fn key(km: &KeyMaterial) -> Digest {
    crate::key::input_key(km).unwrap_or_else(|_| d(vec![0; 32]))
}

pub fn record(producer: Producer, km: KeyMaterial, outputs: Vec<Output>) -> crate::error::Result<Record> {
    let output_fingerprint = crate::key::output_fingerprint(&outputs)?;
    let input_key = crate::key::input_key(&km)?;
    Ok(Record { producer, input_key, key_material: km, outputs, output_fingerprint })
}

impl Bridge {
    pub fn open(root: &Path) -> crate::error::Result<Bridge> {
        std::fs::create_dir_all(root)?;
        Ok(Bridge { root: root.to_path_buf() })
    }

    pub fn blob_path(&self, digest: &Digest) -> PathBuf {
        let h = hex::encode(&digest.value);
        self.root.join("blobs/sha256").join(&h[..2]).join(h)
    }

    fn load(&self, facet: &str, key: &str, km: Option<&KeyMaterial>) -> crate::error::Result<Option<Record>> {
        let Ok(text) = std::fs::read_to_string(self.root.join("records").join(facet).join(key)) else { return Ok(None) };
        let mut lines = text.lines();
        let fp = hex::decode(lines.next().unwrap_or("")).unwrap_or_default();
        let mut outputs = Vec::new();
        let mut inputs = Vec::new();
        for l in lines {
            let f: Vec<&str> = l.split('\t').collect();
            match f[0] {
                "o" => outputs.push(Output { name: f[1].into(), observable: f[2] == "1", blob: BlobRef { digest: d(hex::decode(f[3]).unwrap_or_default()), size: f[4].parse().unwrap_or(0) } }),
                "f" => inputs.push(DirectInput::File { path: f[1].into(), digest: d(vec![]), size: 0 }),
                _ => inputs.push(DirectInput::Env { name: f[1].into(), value: None }),
            }
        }
        let mut key_material = km.cloned().unwrap_or(KeyMaterial { protocol_major: 1, subject: Subject { unit: Unit { package_id: String::new(), target_name: String::new(), target_kind: String::new(), target_triple: String::new() }, module_path: String::new() }, facet: facet.into(), toolchain: Toolchain { name: String::new(), version: String::new() }, config: vec![], inputs: vec![], reads: vec![] });
        if km.is_none() {
            key_material.inputs = inputs;
        }
        Ok(Some(Record { producer: Producer { activity: String::new(), tool: String::new(), tool_version: String::new() }, input_key: d(hex::decode(key).unwrap_or_default()), key_material, outputs, output_fingerprint: d(fp) }))
    }

    fn subject_file(&self, s: &Subject, facet: &str) -> PathBuf {
        self.root.join("heads").join(facet).join(hex::encode(Sha256::digest(format!("{s:?}").as_bytes())))
    }

    pub fn head(&self, s: &Subject, facet: &str) -> crate::error::Result<Option<Record>> {
        let Ok(k) = std::fs::read_to_string(self.subject_file(s, facet)) else { return Ok(None) };
        self.load(facet, k.trim(), None)
    }

    pub fn request(&self, km: &KeyMaterial) -> crate::error::Result<Option<Record>> {
        self.load(&km.facet, &hex::encode(key(km).value), Some(km))
    }

    pub fn emit(&self, r: &Record, blobs: &[&[u8]]) -> crate::error::Result<()> {
        for (o, b) in r.outputs.iter().zip(blobs) {
            let p = self.blob_path(&o.blob.digest);
            if !p.exists() {
                std::fs::create_dir_all(p.parent().unwrap_or(&self.root))?;
                let t = p.with_extension(format!("tmp{}", std::process::id()));
                std::fs::write(&t, b)?;
                std::fs::rename(t, p)?;
            }
        }
        let mut text = hex::encode(&r.output_fingerprint.value) + "\n";
        for o in &r.outputs {
            text += &format!("o\t{}\t{}\t{}\t{}\n", o.name, if o.observable { 1 } else { 0 }, hex::encode(&o.blob.digest.value), o.blob.size);
        }
        for i in &r.key_material.inputs {
            match i {
                DirectInput::File { path, .. } => text += &format!("f\t{path}\n"),
                DirectInput::Env { name, .. } => text += &format!("e\t{name}\n"),
            }
        }
        let k = hex::encode(&r.input_key.value);
        let dir = self.root.join("records").join(&r.key_material.facet);
        std::fs::create_dir_all(&dir)?;
        let t = dir.join(format!(".t{}", std::process::id()));
        std::fs::write(&t, text)?;
        std::fs::rename(t, dir.join(&k))?;
        let h = self.subject_file(&r.key_material.subject, &r.key_material.facet);
        std::fs::create_dir_all(h.parent().unwrap_or(&self.root))?;
        let t = h.with_extension(format!("t{}", std::process::id()));
        std::fs::write(&t, k)?;
        std::fs::rename(t, h)?;
        Ok(())
    }
}
