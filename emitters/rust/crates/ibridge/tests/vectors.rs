//! Every golden vector of `conformance-suite/vectors/v1` (see its README, "Checks to run"):
//! encodings byte for byte, decoding back to the value, and every derived digest.

use std::path::PathBuf;

use serde_json::Value;

use ibridge::avro_model::{self, AvroMessage};
use ibridge::key;
use ibridge::model::*;
use ibridge::record;
use ibridge::schemas;

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../conformance-suite/vectors/v1")
}

fn read_json(path: &PathBuf) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A byte string written as an array of hex lines.
fn wrapped_hex(v: &Value) -> Vec<u8> {
    let lines = v.as_array().expect("wrapped hex is an array");
    hex::decode(lines.iter().map(|l| l.as_str().expect("hex line")).collect::<String>()).expect("hex")
}

// ---- the vectors' JSON form (README, "The JSON form of values") ----

fn s(v: &Value, name: &str) -> String {
    v[name].as_str().unwrap_or_else(|| panic!("{name} is a string in {v}")).to_string()
}

fn u(v: &Value, name: &str) -> u64 {
    v[name].as_u64().unwrap_or_else(|| panic!("{name} is an unsigned integer in {v}"))
}

fn digest(v: &Value) -> Digest {
    Digest::parse(v.as_str().expect("digest text")).expect("digest form")
}

fn subject(v: &Value) -> Subject {
    let unit = &v["unit"];
    Subject {
        unit: Unit {
            package_id: s(unit, "packageId"),
            target_name: s(unit, "targetName"),
            target_kind: s(unit, "targetKind"),
            target_triple: s(unit, "targetTriple"),
        },
        module_path: s(v, "modulePath"),
    }
}

fn producer(v: &Value) -> Producer {
    Producer { activity: s(v, "activity"), tool: s(v, "tool"), tool_version: s(v, "toolVersion") }
}

fn key_material(v: &Value) -> KeyMaterial {
    let list = |name: &str| v[name].as_array().unwrap_or_else(|| panic!("{name} is an array")).clone();
    KeyMaterial {
        protocol_major: u(v, "protocolMajor") as u16,
        subject: subject(&v["subject"]),
        facet: s(v, "facet"),
        toolchain: Toolchain { name: s(&v["toolchain"], "name"), version: s(&v["toolchain"], "version") },
        config: list("config").iter().map(|c| ConfigEntry { name: s(c, "name"), value: s(c, "value") }).collect(),
        inputs: list("inputs")
            .iter()
            .map(|i| match (i.get("file"), i.get("env")) {
                (Some(f), None) => DirectInput::File { path: s(f, "path"), digest: digest(&f["digest"]), size: u(f, "size") },
                (None, Some(e)) => DirectInput::Env { name: s(e, "name"), value: e["value"].as_str().map(str::to_string) },
                _ => panic!("direct input {i}"),
            })
            .collect(),
        reads: list("reads")
            .iter()
            .map(|r| Read { subject: subject(&r["subject"]), facet: s(r, "facet"), output_fingerprint: digest(&r["outputFingerprint"]) })
            .collect(),
    }
}

fn output_manifest(v: &Value) -> OutputManifest {
    OutputManifest {
        protocol_major: u(v, "protocolMajor") as u16,
        outputs: v["outputs"]
            .as_array()
            .expect("outputs")
            .iter()
            .map(|o| ObservableOutput { name: s(o, "name"), digest: digest(&o["digest"]), size: u(o, "size") })
            .collect(),
    }
}

fn record_value(v: &Value) -> Record {
    Record {
        producer: producer(&v["producer"]),
        input_key: digest(&v["inputKey"]),
        key_material: key_material(&v["keyMaterial"]),
        outputs: v["outputs"]
            .as_array()
            .expect("outputs")
            .iter()
            .map(|o| Output {
                name: s(o, "name"),
                blob: BlobRef { digest: digest(&o["blob"]["digest"]), size: u(&o["blob"], "size") },
                observable: o["observable"].as_bool().expect("observable"),
            })
            .collect(),
        output_fingerprint: digest(&v["outputFingerprint"]),
    }
}

fn store_header(v: &Value) -> StoreHeader {
    assert_eq!(s(v, "digestAlgorithm"), "sha256");
    StoreHeader {
        protocol_major: u(v, "protocolMajor") as u16,
        protocol_minor: u(v, "protocolMinor") as u16,
        digest_algorithm: DigestAlgorithm::Sha256,
        created_by: s(v, "createdBy"),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Milliseconds since the epoch of an ISO-8601 UTC timestamp such as `+292278994-08-17T07:12:55.807Z`.
fn timestamp_millis(text: &str) -> i64 {
    let (date, time) = text.strip_suffix('Z').and_then(|t| t.split_once('T')).unwrap_or_else(|| panic!("timestamp {text}"));
    let (sign, date) = match date.as_bytes()[0] {
        b'+' => (1, &date[1..]),
        b'-' => (-1, &date[1..]),
        _ => (1, date),
    };
    let d: Vec<i64> = date.split('-').map(|p| p.parse().expect("date part")).collect();
    let (hms, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let t: Vec<i64> = hms.split(':').map(|p| p.parse().expect("time part")).collect();
    let millis: i64 = format!("{fraction:0<3}")[..3].parse().expect("milliseconds");
    let days = days_from_civil(sign * d[0], d[1], d[2]);
    ((days * 24 + t[0]) * 60 + t[1]) * 60_000 + t[2] * 1000 + millis
}

fn journal_event(v: &Value) -> JournalEvent {
    let (kind, e) = v["event"].as_object().and_then(|o| o.iter().next()).expect("event has one member");
    let event = match kind.as_str() {
        "sessionStarted" => JournalEntry::SessionStarted { session_id: s(e, "sessionId"), producer: producer(&e["producer"]) },
        "sessionEnded" => JournalEntry::SessionEnded { session_id: s(e, "sessionId"), hits: u(e, "hits"), misses: u(e, "misses"), emits: u(e, "emits") },
        "requested" => JournalEntry::Requested {
            subject: subject(&e["subject"]),
            facet: s(e, "facet"),
            input_key: digest(&e["inputKey"]),
            outcome: match e["outcome"].as_str() {
                Some("HIT") => RequestOutcome::Hit,
                Some("MISS") => RequestOutcome::Miss,
                other => panic!("outcome {other:?}"),
            },
            miss_reason: e["missReason"].as_str().map(str::to_string),
        },
        "emitted" => JournalEntry::Emitted {
            subject: subject(&e["subject"]),
            facet: s(e, "facet"),
            input_key: digest(&e["inputKey"]),
            output_fingerprint: digest(&e["outputFingerprint"]),
            outcome: match e["outcome"].as_str() {
                Some("CREATED") => EmitOutcome::Created,
                Some("ALREADY_PRESENT") => EmitOutcome::AlreadyPresent,
                Some("CONFLICT") => EmitOutcome::Conflict,
                other => panic!("outcome {other:?}"),
            },
            bytes_written: u(e, "bytesWritten"),
            bytes_deduplicated: u(e, "bytesDeduplicated"),
        },
        other => panic!("event {other}"),
    };
    JournalEvent { sequence: u(v, "sequence"), timestamp_millis: timestamp_millis(&s(v, "timestamp")), event }
}

// ---- checks ----

/// The three Avro encodings of an Avro vector: write them, read them back.
fn check_avro<T: AvroMessage + PartialEq + std::fmt::Debug>(name: &str, value: &T, vector: &Value) {
    let enc = &vector["encodings"];
    let binary = wrapped_hex(&enc["avroBinary"]);
    assert_eq!(avro_model::encode_binary(value).expect("encodes"), binary, "{name}: avroBinary");
    assert_eq!(avro_model::encode_single_object(value).expect("encodes"), wrapped_hex(&enc["avroSingleObject"]), "{name}: avroSingleObject");
    assert_eq!(&avro_model::decode_binary::<T>(&binary).expect("avroBinary decodes"), value, "{name}: decoded avroBinary");
    assert_eq!(&avro_model::decode_single_object::<T>(&wrapped_hex(&enc["avroSingleObject"])).expect("decodes"), value, "{name}: decoded avroSingleObject");
    let json = enc["avroJson"].as_str().expect("avroJson");
    assert_eq!(&avro_model::decode_json::<T>(json).expect("avroJson decodes"), value, "{name}: decoded avroJson");
    assert_eq!(avro_model::encode_json(value).expect("encodes as JSON"), json, "{name}: avroJson, character for character");
}

fn check_capnp<T: PartialEq + std::fmt::Debug>(
    name: &str,
    value: &T,
    vector: &Value,
    encode: fn(&T) -> ibridge::error::Result<Vec<u8>>,
    decode: fn(&[u8]) -> ibridge::error::Result<T>,
) {
    let bytes = wrapped_hex(&vector["encodings"]["capnp"]);
    assert_eq!(hex::encode(encode(value).expect("encodes")), hex::encode(&bytes), "{name}: capnp");
    assert_eq!(&decode(&bytes).expect("capnp decodes"), value, "{name}: decoded capnp");
}

fn check_subject_digest(name: &str, s: &Subject, vector: &Value) {
    assert_eq!(key::subject_digest(s).expect("subject").to_text(), s_of(&vector["derived"], "subjectDigest"), "{name}: subjectDigest");
}

fn s_of(v: &Value, name: &str) -> String {
    s(v, name)
}

fn check_vector(entry: &Value) {
    let path = vectors_dir().join(entry["path"].as_str().expect("path"));
    let vector = read_json(&path);
    let name = format!("{}/{}", s(&vector, "type"), s(&vector, "name"));
    let value = &vector["value"];
    let derived = &vector["derived"];
    match s(&vector, "type").as_str() {
        "Subject" => {
            let v = subject(value);
            check_avro(&name, &v, &vector);
            assert_eq!(key::subject_bytes(&v).expect("subject"), wrapped_hex(&vector["encodings"]["avroBinary"]), "{name}: pre-image");
            check_subject_digest(&name, &v, &vector);
        }
        "KeyMaterial" => {
            let v = key_material(value);
            check_avro(&name, &v, &vector);
            check_capnp(&name, &v, &vector, record::encode_key_material, record::decode_key_material);
            assert_eq!(key::canonical_bytes(&v).expect("canonical"), wrapped_hex(&vector["encodings"]["avroBinary"]), "{name}: canonical bytes");
            assert_eq!(key::input_key(&v).expect("key").to_text(), s(derived, "inputKey"), "{name}: inputKey");
            check_subject_digest(&name, &v.subject, &vector);
        }
        "OutputManifest" => {
            let v = output_manifest(value);
            check_avro(&name, &v, &vector);
            let bytes = key::manifest_bytes(&v).expect("manifest");
            assert_eq!(bytes, wrapped_hex(&vector["encodings"]["avroBinary"]), "{name}: canonical bytes");
            assert_eq!(Digest::sha256(&bytes).to_text(), s(derived, "outputFingerprint"), "{name}: outputFingerprint");
        }
        "JournalEvent" => check_avro(&name, &journal_event(value), &vector),
        "StoreHeader" => check_capnp(&name, &store_header(value), &vector, record::encode_store_header, record::decode_store_header),
        "Record" => {
            let v = record_value(value);
            check_capnp(&name, &v, &vector, record::encode_record, record::decode_record);
            assert_eq!(key::canonical_bytes(&v.key_material).expect("canonical"), wrapped_hex(&derived["keyMaterialCanonical"]), "{name}: keyMaterialCanonical");
            let input_key = key::input_key(&v.key_material).expect("key");
            assert_eq!(input_key.to_text(), s(derived, "inputKey"), "{name}: inputKey");
            assert_eq!(input_key, v.input_key, "{name}: the record's own inputKey");
            assert_eq!(key::output_manifest_bytes(&v.outputs).expect("manifest"), wrapped_hex(&derived["outputManifestCanonical"]), "{name}: outputManifestCanonical");
            let fingerprint = key::output_fingerprint(&v.outputs).expect("fingerprint");
            assert_eq!(fingerprint.to_text(), s(derived, "outputFingerprint"), "{name}: outputFingerprint");
            assert_eq!(fingerprint, v.output_fingerprint, "{name}: the record's own outputFingerprint");
            check_subject_digest(&name, &v.key_material.subject, &vector);
            for blob in vector["blobs"].as_array().map(Vec::as_slice).unwrap_or_default() {
                let content = wrapped_hex(&blob["content"]);
                assert_eq!(content.len() as u64, u(blob, "size"), "{name}: blob size");
                let d = key::blob_digest(&content);
                assert_eq!(d.to_text(), s(blob, "digest"), "{name}: blob digest");
                assert!(v.outputs.iter().any(|o| o.blob.digest == d && o.blob.size == content.len() as u64), "{name}: an output refers to the blob");
            }
        }
        other => panic!("{name}: unknown vector type {other}"),
    }
}

#[test]
fn every_golden_vector_passes() {
    let index = read_json(&vectors_dir().join("index.json"));
    assert_eq!(index["format"].as_str(), Some("ibridge-golden-vectors/1"));
    let entries = index["vectors"].as_array().expect("vectors");
    assert!(!entries.is_empty(), "index.json lists no vectors");
    for entry in entries {
        check_vector(entry);
    }
    println!("golden vectors passed: {} of {}", entries.len(), entries.len());
}

#[test]
fn record_vectors_without_observable_outputs_share_one_fingerprint() {
    let fingerprint = |name: &str| s(&read_json(&vectors_dir().join(format!("record/{name}.json")))["derived"], "outputFingerprint");
    assert_eq!(fingerprint("unobservable-only"), fingerprint("empty-outputs"));
}

#[test]
fn the_worked_example_of_the_key_derivation_chapter_recomputes() {
    let chapter = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../spec/key-derivation.adoc"))
        .expect("spec/key-derivation.adoc");
    let listing = |anchor: &str| -> String {
        let start = chapter.find(&format!("[[{anchor}]]")).unwrap_or_else(|| panic!("anchor {anchor}"));
        let body = &chapter[start..];
        let open = body.find("----\n").expect("listing opens") + 5;
        let close = body[open..].find("----").expect("listing closes") + open;
        body[open..close].to_string()
    };
    let bytes_of = |anchor: &str| -> Vec<u8> {
        let hex_text: String = listing(anchor)
            .lines()
            .map(|l| l.split('|').next().unwrap_or_default().split_whitespace().collect::<String>())
            .collect();
        hex::decode(hex_text).expect("hex listing")
    };
    let json_of = |anchor: &str| -> Value { serde_json::from_str(&listing(anchor)).expect("JSON listing") };

    let manifest = output_manifest(&json_of("fp-example-json"));
    assert_eq!(key::manifest_bytes(&manifest).expect("manifest"), bytes_of("fp-example-bytes"));
    assert_eq!(Digest::sha256(&bytes_of("fp-example-bytes")).to_text(), listing("fp-example-fingerprint").trim());

    // The chapter's JSON is the JSON form, `{"file": …}` and `{"env": …}`, as the vectors use.
    let km_json = json_of("key-example-json");
    let km = key_material(&km_json);
    assert_eq!(key::canonical_bytes(&km).expect("canonical"), bytes_of("key-example-bytes"));
    assert_eq!(key::input_key(&km).expect("key").to_text(), listing("key-example-key").trim());
    assert_eq!(key::subject_digest(&km.subject).expect("subject").to_text(), listing("subject-example-digest").trim());
    assert_eq!(schemas::key_material().encode_binary(&km.to_avro()).expect("schema-driven"), bytes_of("key-example-bytes"));
}
