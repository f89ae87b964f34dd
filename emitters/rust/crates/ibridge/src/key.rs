//! The four digests of the protocol (spec chapter "Key derivation and output fingerprints"):
//! input keys, output fingerprints, subject digests and blob digests, each SHA-256 over an exact
//! pre-image. Pre-images are written directly here, field by field as REQ-KEY-002 lists them,
//! and this is their one encoder: `avro_model`'s binary and single-object forms of key material
//! and output manifests call it too. The vector and property tests check its bytes against the
//! golden vectors and against the schema.

#![deny(unsafe_code)]

use sha2::{Digest as _, Sha256};

use crate::avro::write_long;
use crate::error::{Error, Result};
use crate::model::{
    Digest, DigestAlgorithm, DirectInput, KeyMaterial, ObservableOutput, Output, OutputManifest, Subject,
};
use crate::validate;

/// The protocol major version this crate implements.
pub(crate) use crate::generated::protocol::PROTOCOL_MAJOR;

impl Digest {
    /// The SHA-256 digest of `bytes`.
    pub fn sha256(bytes: &[u8]) -> Digest {
        Digest { algorithm: DigestAlgorithm::Sha256, value: Sha256::digest(bytes).to_vec() }
    }

    /// The text form `sha256:<64 lower-case hex digits>` (REQ-KEY-001).
    pub fn to_text(&self) -> String {
        format!("{}:{}", self.algorithm.label(), hex::encode(&self.value))
    }

    /// Parses the text form; only lower-case hexadecimal of the algorithm's length is accepted.
    pub fn parse(text: &str) -> Result<Digest> {
        let rejected = || Error::Invalid(format!("not a digest in the form sha256:<64 lower-case hex digits>: {text:?}"));
        let hex_digits = text.strip_prefix("sha256:").ok_or_else(rejected)?;
        if hex_digits.len() != 64 || !hex_digits.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(rejected());
        }
        let value = hex::decode(hex_digits).map_err(|_| rejected())?;
        Ok(Digest { algorithm: DigestAlgorithm::Sha256, value })
    }
}

impl DigestAlgorithm {
    /// The algorithm's label in text forms and store paths.
    pub(crate) fn label(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha256 => "sha256",
        }
    }
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    write_long(out, s.len() as i64);
    out.extend_from_slice(s.as_bytes());
}

fn write_digest(out: &mut Vec<u8>, d: &Digest) {
    let index = match d.algorithm {
        DigestAlgorithm::Sha256 => 0,
    };
    write_long(out, index);
    write_long(out, d.value.len() as i64);
    out.extend_from_slice(&d.value);
}

fn write_subject(out: &mut Vec<u8>, s: &Subject) {
    write_str(out, &s.unit.package_id);
    write_str(out, &s.unit.target_name);
    write_str(out, &s.unit.target_kind);
    write_str(out, &s.unit.target_triple);
    write_str(out, &s.module_path);
}

/// Writes an array as one block (REQ-KEY-003): count, items, then `00`; empty is `00`.
fn write_array<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    if !items.is_empty() {
        write_long(out, items.len() as i64);
        for i in items {
            item(out, i);
        }
    }
    out.push(0);
}

/// Checks key material against every rule an emitter must follow (canonical order, limits,
/// syntax). Key material that fails is a caller bug: `Error::Invalid` naming the bad field.
pub(crate) fn check_key_material(km: &KeyMaterial) -> Result<()> {
    validate::key_material("keyMaterial", km).map_err(Error::Invalid)
}

/// The canonical encoding of key material (REQ-KEY-002 to REQ-KEY-006). Refuses key material
/// that is not canonical rather than sorting it (REQ-KEY-010).
pub fn canonical_bytes(km: &KeyMaterial) -> Result<Vec<u8>> {
    check_key_material(km)?;
    let mut out = Vec::with_capacity(256);
    write_long(&mut out, i64::from(km.protocol_major));
    write_subject(&mut out, &km.subject);
    write_str(&mut out, &km.facet);
    write_str(&mut out, &km.toolchain.name);
    write_str(&mut out, &km.toolchain.version);
    write_array(&mut out, &km.config, |out, c| {
        write_str(out, &c.name);
        write_str(out, &c.value);
    });
    write_array(&mut out, &km.inputs, |out, input| match input {
        DirectInput::File { path, digest, size } => {
            write_long(out, 0);
            write_str(out, path);
            write_digest(out, digest);
            write_long(out, *size as i64);
        }
        DirectInput::Env { name, value } => {
            write_long(out, 1);
            write_str(out, name);
            match value {
                None => write_long(out, 0),
                Some(v) => {
                    write_long(out, 1);
                    write_str(out, v);
                }
            }
        }
    });
    write_array(&mut out, &km.reads, |out, r| {
        write_subject(out, &r.subject);
        write_str(out, &r.facet);
        write_digest(out, &r.output_fingerprint);
    });
    Ok(out)
}

/// The input key: SHA-256 of the canonical bytes (REQ-KEY-001).
pub fn input_key(km: &KeyMaterial) -> Result<Digest> {
    Ok(Digest::sha256(&canonical_bytes(km)?))
}

/// The output manifest of a record's outputs: the observable ones only (REQ-FP-002), as
/// (name, digest, size), sorted by name in code point order (REQ-FP-003). Two outputs with one
/// name, or outputs that break the data model, are refused.
pub fn manifest(outputs: &[Output]) -> Result<OutputManifest> {
    let mut observable: Vec<ObservableOutput> = outputs
        .iter()
        .filter(|o| o.observable)
        .map(|o| ObservableOutput { name: o.name.clone(), digest: o.blob.digest.clone(), size: o.blob.size })
        .collect();
    observable.sort_by(|a, b| a.name.cmp(&b.name));
    let m = OutputManifest { protocol_major: PROTOCOL_MAJOR, outputs: observable };
    validate::output_manifest("outputManifest", &m).map_err(Error::Invalid)?;
    Ok(m)
}

/// The canonical encoding of an output manifest (REQ-FP-001).
pub fn manifest_bytes(m: &OutputManifest) -> Result<Vec<u8>> {
    validate::output_manifest("outputManifest", m).map_err(Error::Invalid)?;
    let mut out = Vec::with_capacity(16 + 64 * m.outputs.len());
    write_long(&mut out, i64::from(m.protocol_major));
    write_array(&mut out, &m.outputs, |out, o| {
        write_str(out, &o.name);
        write_digest(out, &o.digest);
        write_long(out, o.size as i64);
    });
    Ok(out)
}

/// The canonical bytes of the manifest of `outputs`.
pub fn output_manifest_bytes(outputs: &[Output]) -> Result<Vec<u8>> {
    manifest_bytes(&manifest(outputs)?)
}

/// The output fingerprint of a record's outputs (REQ-FP-001 to REQ-FP-003).
pub fn output_fingerprint(outputs: &[Output]) -> Result<Digest> {
    Ok(Digest::sha256(&output_manifest_bytes(outputs)?))
}

/// The digest of a blob: SHA-256 of its content (REQ-FP-005).
pub fn blob_digest(content: &[u8]) -> Digest {
    Digest::sha256(content)
}

/// The canonical encoding of a subject.
pub fn subject_bytes(s: &Subject) -> Result<Vec<u8>> {
    validate::subject("subject", s).map_err(Error::Invalid)?;
    let mut out = Vec::new();
    write_subject(&mut out, s);
    Ok(out)
}

/// The subject digest: SHA-256 of the subject's canonical encoding (REQ-FP-004).
pub fn subject_digest(s: &Subject) -> Result<Digest> {
    Ok(Digest::sha256(&subject_bytes(s)?))
}
