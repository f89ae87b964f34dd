//! The embedded schemas have the fingerprints the specification and the golden vectors state.

use std::path::PathBuf;

use ibridge::avro::crc64_avro;
use ibridge::schemas;

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../conformance-suite/vectors/v1")
}

#[test]
fn harness_frame_fingerprint_is_the_one_in_the_harness_chapter() {
    let chapter = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../spec/harness.adoc"))
        .expect("spec/harness.adoc is readable");
    let stated = format!("0x{:016x}", schemas::harness_frame().fingerprint());
    assert!(chapter.contains(&format!("the fingerprint of `HarnessFrame`, {stated}")),
        "spec/harness.adoc does not state HarnessFrame's fingerprint {stated}");
}

#[test]
fn schemas_match_the_canonical_forms_and_fingerprints_of_the_vector_index() {
    let index: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(vectors_dir().join("index.json")).expect("index.json is readable"),
    )
    .expect("index.json is JSON");
    let entries = index["avroSchemas"].as_array().expect("avroSchemas is an array");
    let mut checked = 0;
    for entry in entries {
        let schema = match entry["type"].as_str() {
            Some("KeyMaterial") => schemas::key_material(),
            Some("OutputManifest") => schemas::output_manifest(),
            Some("Subject") => schemas::subject(),
            Some("JournalEvent") => schemas::journal_event(),
            other => panic!("index.json lists an Avro type this crate does not embed: {other:?}"),
        };
        let pcf = entry["parsingCanonicalForm"].as_str().expect("parsingCanonicalForm");
        assert_eq!(schema.canonical_form(), pcf, "{}", entry["type"]);
        assert_eq!(format!("{:016x}", crc64_avro(pcf.as_bytes())), entry["fingerprint"].as_str().unwrap_or_default());
        assert_eq!(format!("{:016x}", schema.fingerprint()), entry["fingerprint"].as_str().unwrap_or_default());
        assert_eq!(hex::encode(schema.single_object_header()), entry["singleObjectHeader"].as_str().unwrap_or_default());
        assert_eq!(schema.full_name(), entry["avroFullName"].as_str());
        checked += 1;
    }
    assert_eq!(checked, 4, "KeyMaterial, OutputManifest, Subject and JournalEvent");
}
