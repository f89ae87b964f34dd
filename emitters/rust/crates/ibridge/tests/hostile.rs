//! Hostile input: every decoder either returns a valid value or `Error::Decode`, never a panic,
//! a hang or a huge allocation (REQ-SEC-001 to REQ-SEC-010, REQ-AVRO-004, REQ-CAPNP-004..010).

use std::path::PathBuf;

mod common;

use serde_json::Value;

use common::SplitMix64;
use ibridge::avro::Schema;
use ibridge::avro_model::{self, AvroMessage};
use ibridge::error::Error;
use ibridge::model::*;
use ibridge::record;
use ibridge::schemas;

fn is_decode_error<T: std::fmt::Debug>(result: ibridge::error::Result<T>) -> String {
    match result {
        Err(Error::Decode { message, .. }) => message,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn subject_bytes() -> Vec<u8> {
    let s = Subject {
        unit: Unit { package_id: "p".into(), target_name: "t".into(), target_kind: "lib".into(), target_triple: "x".into() },
        module_path: String::new(),
    };
    avro_model::encode_binary(&s).expect("subject encodes")
}

fn sample_key_material() -> KeyMaterial {
    let subject = Subject {
        unit: Unit { package_id: "p".into(), target_name: "t".into(), target_kind: "lib".into(), target_triple: "x".into() },
        module_path: String::new(),
    };
    KeyMaterial {
        protocol_major: 1,
        subject: subject.clone(),
        facet: "analysis".into(),
        toolchain: Toolchain { name: "rustc".into(), version: "1".into() },
        config: vec![ConfigEntry { name: "a".into(), value: "1".into() }, ConfigEntry { name: "b".into(), value: "2".into() }],
        inputs: vec![
            DirectInput::File { path: "src/lib.rs".into(), digest: Digest::sha256(b"x"), size: 0x7fff_ffff_ffff_fff0 },
            DirectInput::Env { name: "E".into(), value: None },
        ],
        reads: vec![Read { subject, facet: "metadata".into(), output_fingerprint: Digest::sha256(b"y") }],
    }
}

/// The Avro binary of key material up to (not including) its config array.
fn key_material_prefix() -> Vec<u8> {
    let mut km = sample_key_material();
    km.config.clear();
    km.inputs.clear();
    km.reads.clear();
    let bytes = avro_model::encode_binary(&km).expect("encodes");
    bytes[..bytes.len() - 3].to_vec()
}

#[test]
fn avro_negative_and_oversized_lengths_are_decode_errors() {
    let schema = schemas::subject();
    is_decode_error(schema.decode_binary(&[0x01]));
    is_decode_error(schema.decode_binary(&[0x7e, b'a']));
    let mut huge = vec![0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    huge.push(b'a');
    is_decode_error(schema.decode_binary(&huge));
}

#[test]
fn avro_array_counts_beyond_the_input_fail_before_allocating() {
    let schema = schemas::key_material();
    for count in [&[0xfe, 0xff, 0xff, 0xff, 0x0f][..], &[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]] {
        let mut bytes = key_material_prefix();
        bytes.extend_from_slice(count);
        let message = is_decode_error(schema.decode_binary(&bytes));
        assert!(message.contains("cannot fit"), "{message}");
    }
    // A negative count with a byte size beyond the input.
    let mut bytes = key_material_prefix();
    bytes.extend_from_slice(&[0x01, 0xfe, 0xff, 0xff, 0xff, 0x0f]);
    is_decode_error(schema.decode_binary(&bytes));
    // A negative count whose items do not fill its declared byte size.
    let mut bytes = key_material_prefix();
    bytes.extend_from_slice(&[0x01, 0x0a, 0x02, b'a', 0x02, b'1', 0x00, 0x00, 0x00, 0x00]);
    is_decode_error(schema.decode_binary(&bytes));
}

#[test]
fn avro_readers_accept_several_blocks_and_negative_counts() {
    let mut bytes = key_material_prefix();
    // config: block of one item with a byte size, then a block of one item, then the end.
    bytes.extend_from_slice(&[0x01, 0x08, 0x02, b'a', 0x02, b'1', 0x02, 0x02, b'b', 0x02, b'2', 0x00]);
    bytes.extend_from_slice(&[0x00, 0x00]);
    let km: KeyMaterial = avro_model::decode_binary(&bytes).expect("several blocks decode");
    assert_eq!(km.config.len(), 2);
    let mut one_block = key_material_prefix();
    one_block.extend_from_slice(&[0x04, 0x02, b'a', 0x02, b'1', 0x02, b'b', 0x02, b'2', 0x00, 0x00, 0x00]);
    assert_eq!(avro_model::encode_binary(&km).expect("encodes"), one_block, "written back as one block");
}

#[test]
fn avro_union_and_enum_indices_out_of_range_are_decode_errors() {
    let schema = schemas::key_material();
    let mut bytes = key_material_prefix();
    bytes.extend_from_slice(&[0x00, 0x02, 0x04]);
    assert!(is_decode_error(schema.decode_binary(&bytes)).contains("union index"));
    let mut bytes = key_material_prefix();
    bytes.extend_from_slice(&[0x00, 0x02, 0x00, 0x02, b'f', 0x02]);
    assert!(is_decode_error(schema.decode_binary(&bytes)).contains("enum index"));
}

#[test]
fn avro_trailing_bytes_overlong_varints_and_wide_ints_are_decode_errors() {
    let mut bytes = subject_bytes();
    bytes.push(0);
    assert!(is_decode_error(schemas::subject().decode_binary(&bytes)).contains("after the value"));
    is_decode_error(schemas::subject().decode_binary(&[0xff; 11]));
    is_decode_error(schemas::key_material().decode_binary(&[0x80, 0x80, 0x80, 0x80, 0x10]));
}

#[test]
fn avro_strings_must_be_strict_utf8() {
    for bad in [&[0xc0, 0x80][..], &[0xed, 0xa0, 0x80], &[0xf4, 0x90, 0x80, 0x80], &[0xe2, 0x82]] {
        let mut bytes = vec![(bad.len() * 2) as u8];
        bytes.extend_from_slice(bad);
        bytes.extend_from_slice(&subject_bytes()[2..]);
        assert!(is_decode_error(schemas::subject().decode_binary(&bytes)).contains("UTF-8"), "{bad:02x?}");
    }
}

#[test]
fn avro_values_that_break_the_data_model_are_decode_errors() {
    let mut unsorted = sample_key_material();
    unsorted.config.reverse();
    let bytes = schemas::key_material().encode_binary(&unsorted.to_avro()).expect("schema-driven encoder does not sort");
    assert!(is_decode_error(avro_model::decode_binary::<KeyMaterial>(&bytes)).contains("canonical order"));
    assert!(matches!(avro_model::encode_binary(&unsorted), Err(Error::Invalid(_))));

    let mut nul = sample_key_material();
    nul.facet = "bad\0facet".into();
    let bytes = schemas::key_material().encode_binary(&nul.to_avro()).expect("encodes");
    is_decode_error(avro_model::decode_binary::<KeyMaterial>(&bytes));

    let mut short = sample_key_material();
    short.reads[0].output_fingerprint.value.pop();
    let bytes = schemas::key_material().encode_binary(&short.to_avro()).expect("encodes");
    assert!(is_decode_error(avro_model::decode_binary::<KeyMaterial>(&bytes)).contains("31 bytes"));
}

#[test]
fn avro_nesting_beyond_64_levels_is_a_decode_error() {
    let schema = Schema::parse(r#"{"type":"record","name":"Node","fields":[{"name":"children","type":{"type":"array","items":"Node"}}]}"#)
        .expect("recursive schema");
    let depth = 10_000;
    let mut bytes = vec![0x02; depth];
    bytes.extend(std::iter::repeat(0x00).take(depth + 1));
    assert!(is_decode_error(schema.decode_binary(&bytes)).contains("nested"));
}

#[test]
fn avro_arrays_of_zero_size_items_are_bounded() {
    let schema = Schema::parse(r#"{"type":"array","items":"null"}"#).expect("schema");
    assert_eq!(schema.decode_binary(&[0x06, 0x00]).expect("three nulls"), serde_json::json!([null, null, null]));
    is_decode_error(schema.decode_binary(&[0xfe, 0xff, 0xff, 0xff, 0x0f, 0x00]));
    let mut many_blocks = Vec::new();
    for _ in 0..3 {
        many_blocks.extend_from_slice(&[0x80, 0x80, 0x02]); // 16384 items per block
    }
    many_blocks.extend_from_slice(&[0x80, 0x80, 0x02, 0x02, 0x00]);
    is_decode_error(schema.decode_binary(&many_blocks));
}

#[test]
fn single_object_marker_fingerprint_and_length_are_checked() {
    let subject = avro_model::decode_binary::<Subject>(&subject_bytes()).expect("subject");
    let good = avro_model::encode_single_object(&subject).expect("encodes");
    let mut bad_marker = good.clone();
    bad_marker[1] = 0x02;
    assert!(is_decode_error(avro_model::decode_single_object::<Subject>(&bad_marker)).contains("marker"));
    let mut bad_fingerprint = good.clone();
    bad_fingerprint[5] ^= 1;
    assert!(is_decode_error(avro_model::decode_single_object::<Subject>(&bad_fingerprint)).contains("fingerprint"));
    is_decode_error(avro_model::decode_single_object::<Subject>(&good[..7]));
    is_decode_error(avro_model::decode_single_object::<KeyMaterial>(&good));
}

#[test]
fn avro_json_is_read_strictly() {
    let subject = avro_model::decode_binary::<Subject>(&subject_bytes()).expect("subject");
    let json = avro_model::encode_json(&subject).expect("json");
    assert_eq!(avro_model::decode_json::<Subject>(&json).expect("round trip"), subject);
    let duplicate = json.replacen("\"modulePath\":\"\"", "\"modulePath\":\"\",\"modulePath\":\"x\"", 1);
    assert!(is_decode_error(avro_model::decode_json::<Subject>(&duplicate)).contains("duplicate"));
    let unknown = json.replacen("\"modulePath\":\"\"", "\"modulePath\":\"\",\"extra\":1", 1);
    assert!(is_decode_error(avro_model::decode_json::<Subject>(&unknown)).contains("unknown member"));
    is_decode_error(avro_model::decode_json::<Subject>(&format!("{json} {{}}")));
    is_decode_error(avro_model::decode_json::<Subject>(&"[".repeat(100_000)));
    let long_number = format!("{{\"protocolMajor\":{}}}", "1".repeat(1001));
    assert!(is_decode_error(avro_model::decode_json::<OutputManifest>(&long_number)).contains("longer than"));
    is_decode_error(avro_model::decode_json::<OutputManifest>(r#"{"protocolMajor":4294967296,"outputs":[]}"#));
    is_decode_error(avro_model::decode_json::<OutputManifest>(r#"{"protocolMajor":1.5,"outputs":[]}"#));
}

// ---------------------------------------------------------------- Cap'n Proto

fn header_bytes() -> Vec<u8> {
    let h = StoreHeader { protocol_major: 1, protocol_minor: 0, digest_algorithm: DigestAlgorithm::Sha256, created_by: "t".into() };
    record::encode_store_header(&h).expect("encodes")
}

#[test]
fn capnp_segment_tables_are_checked_before_allocating() {
    let too_many = [0x00, 0x02, 0, 0].iter().copied().chain(std::iter::repeat(0).take(64)).collect::<Vec<u8>>();
    assert!(is_decode_error(record::decode_store_header(&too_many)).contains("segments"));
    let huge = [0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff];
    assert!(is_decode_error(record::decode_store_header(&huge)).contains("words"));
    let two_huge = [1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0];
    assert!(is_decode_error(record::decode_store_header(&two_huge)).contains("words"));
    let empty_first = [0, 0, 0, 0, 0, 0, 0, 0];
    assert!(is_decode_error(record::decode_store_header(&empty_first)).contains("empty"));
    let good = header_bytes();
    is_decode_error(record::decode_store_header(&good[..good.len() - 1]));
    is_decode_error(record::decode_store_header(&good[..3]));
    is_decode_error(record::decode_store_header(&[]));
    let mut trailing = good.clone();
    trailing.extend_from_slice(&[0; 8]);
    assert!(is_decode_error(record::decode_store_header(&trailing)).contains("follow"));
}

#[test]
fn capnp_null_pointers_unknown_enumerants_and_oversized_sizes_are_rejected() {
    let good = header_bytes();
    // Segment table (8 bytes), root pointer (8), data word (8), then the createdBy pointer.
    let mut null_text = good.clone();
    null_text[24..32].fill(0);
    assert!(is_decode_error(record::decode_store_header(&null_text)).contains("null"));
    let mut unknown_algorithm = good.clone();
    unknown_algorithm[20] = 1;
    assert!(is_decode_error(record::decode_store_header(&unknown_algorithm)).contains("enumerant"));

    let km = sample_key_material();
    let bytes = record::encode_key_material(&km).expect("encodes");
    let size = 0x7fff_ffff_ffff_fff0u64.to_le_bytes();
    let at = bytes.windows(8).position(|w| w == size).expect("size word present");
    let mut oversized = bytes.clone();
    oversized[at + 7] = 0x80;
    assert!(is_decode_error(record::decode_key_material(&oversized)).contains("2^63"));
    let mut unknown_input = bytes.clone();
    unknown_input[at + 8] = 7;
    assert!(is_decode_error(record::decode_key_material(&unknown_input)).contains("discriminant"));
}

#[test]
fn capnp_pointer_loops_and_amplified_lists_are_bounded() {
    // Root: a struct of one pointer whose pointer points at the root pointer's own struct.
    let self_loop = [0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0xfc, 0xff, 0xff, 0xff, 0, 0, 1, 0];
    is_decode_error(record::decode_record(&self_loop));
    // Record whose outputs pointer is a list of 2^29-1 void elements (no bytes at all).
    let mut words = vec![0u8; 8 + 8 * 6];
    words[0..8].copy_from_slice(&[0, 0, 0, 0, 6, 0, 0, 0]);
    words[8..16].copy_from_slice(&[0, 0, 0, 0, 0, 0, 5, 0]);
    words[8 + 8 * 4..8 + 8 * 5].copy_from_slice(&[1, 0, 0, 0, 0xf8, 0xff, 0xff, 0xff]);
    is_decode_error(record::decode_record(&words));
}

#[test]
fn capnp_key_material_out_of_canonical_order_is_rejected() {
    let mut km = sample_key_material();
    assert!(matches!(record::encode_key_material(&{ let mut k = km.clone(); k.config.swap(0, 1); k }), Err(Error::Invalid(_))));
    km.config[0].name = "c".into();
    let bytes = record::encode_key_material(&{ let mut k = km.clone(); k.config[0].name = "a".into(); k }).expect("encodes");
    let at = bytes.windows(2).position(|w| w == b"a\0").expect("config name a");
    let mut swapped = bytes.clone();
    swapped[at] = b'c';
    assert!(is_decode_error(record::decode_key_material(&swapped)).contains("canonical order"));
}

// ---------------------------------------------------------------- every vector, truncated and mutated

fn vector_encodings() -> Vec<(String, String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../conformance-suite/vectors/v1");
    let index: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).expect("index")).expect("json");
    let mut out = Vec::new();
    for entry in index["vectors"].as_array().expect("vectors") {
        let vector: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(entry["path"].as_str().expect("path"))).expect("vector")).expect("json");
        let kind = vector["type"].as_str().expect("type").to_string();
        for (encoding, lines) in vector["encodings"].as_object().expect("encodings") {
            if let Some(lines) = lines.as_array() {
                let hex_text: String = lines.iter().filter_map(Value::as_str).collect();
                out.push((kind.clone(), encoding.clone(), hex::decode(hex_text).expect("hex")));
            }
        }
    }
    out
}

/// Decodes `bytes` as the vector's type and encoding; Ok(()) or a decode error, nothing else.
fn decode_any(kind: &str, encoding: &str, bytes: &[u8]) -> Result<(), String> {
    fn settle<T>(r: ibridge::error::Result<T>) -> Result<(), String> {
        match r {
            Ok(_) => Ok(()),
            Err(Error::Decode { .. }) => Err("decode error".into()),
            Err(other) => panic!("not a decode error: {other:?}"),
        }
    }
    fn avro<T: AvroMessage>(encoding: &str, bytes: &[u8]) -> Result<(), String> {
        match encoding {
            "avroBinary" => settle(avro_model::decode_binary::<T>(bytes)),
            _ => settle(avro_model::decode_single_object::<T>(bytes)),
        }
    }
    match (kind, encoding) {
        ("Record", _) => settle(record::decode_record(bytes)),
        ("StoreHeader", _) => settle(record::decode_store_header(bytes)),
        ("KeyMaterial", "capnp") => settle(record::decode_key_material(bytes)),
        ("KeyMaterial", e) => avro::<KeyMaterial>(e, bytes),
        ("OutputManifest", e) => avro::<OutputManifest>(e, bytes),
        ("JournalEvent", e) => avro::<JournalEvent>(e, bytes),
        ("Subject", e) => avro::<Subject>(e, bytes),
        other => panic!("unknown vector {other:?}"),
    }
}

#[test]
fn every_truncation_of_every_vector_is_a_decode_error() {
    let mut cases = 0;
    for (kind, encoding, bytes) in vector_encodings() {
        let step = (bytes.len() / 200).max(1);
        for len in (0..bytes.len()).step_by(step) {
            assert!(decode_any(&kind, &encoding, &bytes[..len]).is_err(), "{kind} {encoding} truncated to {len} bytes decoded");
            cases += 1;
        }
    }
    println!("truncations checked: {cases}");
}

#[test]
fn mutated_vectors_decode_or_fail_with_a_decode_error() {
    let seed = std::env::var("IBRIDGE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x1b21_d6e0_5eed_0001u64);
    let encodings = vector_encodings();
    let mut cases = 0;
    for round in 0..40u64 {
        for (i, (kind, encoding, original)) in encodings.iter().enumerate() {
            let case_seed = seed ^ (round << 32) ^ i as u64;
            let mut rng = SplitMix64(case_seed);
            let mut bytes = original.clone();
            for _ in 0..1 + rng.next() % 4 {
                let at = (rng.next() % bytes.len() as u64) as usize;
                bytes[at] = rng.next() as u8;
            }
            let result = std::panic::catch_unwind(|| decode_any(kind, encoding, &bytes));
            assert!(result.is_ok(), "seed {seed}: {kind} {encoding} mutation case {case_seed} panicked; replay: IBRIDGE_SEED={seed} cargo test --test hostile");
            cases += 1;
        }
    }
    println!("mutations checked: {cases} (seed {seed})");
}

// ---------------------------------------------------------------- other writers' layouts

/// Copies a message into one written by another allocation strategy: many small segments,
/// joined by far pointers, then (for comparison) Cap'n Proto's canonical form.
fn rewrite(bytes: &[u8], segment_words: Option<u32>) -> Vec<u8> {
    use capnp::message::{AllocationStrategy, Builder, HeapAllocator, ReaderOptions};
    let reader = capnp::serialize::read_message(&mut &bytes[..], ReaderOptions::new()).expect("valid message");
    let root: capnp::any_pointer::Reader = reader.get_root().expect("root");
    match segment_words {
        Some(words) => {
            let mut builder = Builder::new(HeapAllocator::new().first_segment_words(words).allocation_strategy(AllocationStrategy::FixedSize));
            builder.set_root(root).expect("copies");
            let segments = builder.get_segments_for_output().len();
            assert!((2..=512).contains(&segments), "the copy spans several segments, but not too many: {segments}");
            capnp::serialize::write_message_to_words(&builder)
        }
        None => {
            let mut builder = Builder::new(HeapAllocator::new().first_segment_words(bytes.len() as u32 / 8 + 8));
            builder.set_root_canonical(root).expect("copies");
            capnp::serialize::write_message_to_words(&builder)
        }
    }
}

#[test]
fn capnp_readers_accept_several_segments_and_canonical_form() {
    let mut checked = 0;
    for (kind, encoding, bytes) in vector_encodings() {
        if encoding != "capnp" {
            continue;
        }
        for layout in [Some((bytes.len() as u32 / 400).max(2)), None] {
            let copy = rewrite(&bytes, layout);
            match kind.as_str() {
                "Record" => assert_eq!(record::decode_record(&copy).expect("decodes"), record::decode_record(&bytes).expect("decodes")),
                "KeyMaterial" => assert_eq!(record::decode_key_material(&copy).expect("decodes"), record::decode_key_material(&bytes).expect("decodes")),
                "StoreHeader" => assert_eq!(record::decode_store_header(&copy).expect("decodes"), record::decode_store_header(&bytes).expect("decodes")),
                other => panic!("{other}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
    println!("rewritten messages checked: {checked}");
}

#[test]
fn mutated_avro_json_and_random_harness_frames_never_panic() {
    let seed = std::env::var("IBRIDGE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x1b21_d6e0_5eed_0002u64);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../conformance-suite/vectors/v1");
    let index: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).expect("index")).expect("json");
    let mut rng = SplitMix64(seed);
    let mut cases = 0;
    for entry in index["vectors"].as_array().expect("vectors") {
        let vector: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(entry["path"].as_str().expect("path"))).expect("vector")).expect("json");
        let Some(json) = vector["encodings"]["avroJson"].as_str() else { continue };
        let kind = vector["type"].as_str().expect("type").to_string();
        for _ in 0..40 {
            let mut bytes = json.as_bytes().to_vec();
            for _ in 0..1 + rng.next() % 3 {
                let at = (rng.next() % bytes.len() as u64) as usize;
                let alphabet = b"{}[]\":,0123456789-.eE\\nul tru";
                bytes[at] = alphabet[(rng.next() % alphabet.len() as u64) as usize];
            }
            let Ok(text) = String::from_utf8(bytes) else { continue };
            let outcome = std::panic::catch_unwind(|| match kind.as_str() {
                "KeyMaterial" => avro_model::decode_json::<KeyMaterial>(&text).map(|_| ()),
                "OutputManifest" => avro_model::decode_json::<OutputManifest>(&text).map(|_| ()),
                "JournalEvent" => avro_model::decode_json::<JournalEvent>(&text).map(|_| ()),
                _ => avro_model::decode_json::<Subject>(&text).map(|_| ()),
            });
            match outcome {
                Ok(Ok(())) | Ok(Err(Error::Decode { .. })) => {}
                other => panic!("seed {seed}: {kind} JSON mutation gave {other:?}; replay: IBRIDGE_SEED={seed} cargo test --test hostile"),
            }
            cases += 1;
        }
    }
    let frames = schemas::harness_frame();
    for _ in 0..3000 {
        let len = (rng.next() % 64) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        match std::panic::catch_unwind(|| frames.decode_binary(&bytes)) {
            Ok(Ok(_)) | Ok(Err(Error::Decode { .. })) => {}
            other => panic!("seed {seed}: random frame {bytes:02x?} gave {other:?}; replay: IBRIDGE_SEED={seed} cargo test --test hostile"),
        }
        cases += 1;
    }
    println!("JSON mutations and random frames checked: {cases} (seed {seed})");
}
