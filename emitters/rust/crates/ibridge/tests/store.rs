//! The store: atomic publication, conflicts, deduplication, verify, hostile names and files.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use common::{run, HashCompiler, WORKSPACE};
use ibridge::model::{EmitOutcome, Record};
use ibridge::store::{Lookup, Store};

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p.display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// The stored records, each with its path.
fn records(root: &Path) -> Vec<(String, Record)> {
    files_under(&root.join("records"))
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).expect("a record file reads");
            (p, ibridge::record::decode_record(&bytes).expect("a stored record decodes"))
        })
        .collect()
}

#[test]
fn check_then_check_again_reuses_everything_and_the_store_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    let mut compiler = HashCompiler { calls: 0 };
    let first = run(&store, WORKSPACE, "check", &mut compiler);
    // 4 subjects (app, mid::io, mid, base) x 3 facets.
    assert_eq!(first.len(), 12);
    assert!(first.iter().all(|s| !s.reused));
    assert_eq!(compiler.calls, 12);
    let second = run(&store, WORKSPACE, "check", &mut compiler);
    assert!(second.iter().all(|s| s.reused), "{second:?}");
    assert_eq!(compiler.calls, 12);
    for (a, b) in first.iter().zip(&second) {
        assert_eq!((&a.input_key, &a.output_fingerprint), (&b.input_key, &b.output_fingerprint));
    }
    assert_eq!(store.verify().unwrap(), vec![]);
    assert!(files_under(&dir.path().join("tmp")).is_empty(), "staging files left behind");
    assert_eq!(files_under(&dir.path().join("journal")).len(), 2);
}

#[test]
fn a_different_record_under_an_existing_key_is_a_conflict_that_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    run(&store, WORKSPACE, "check", &mut HashCompiler { calls: 0 });
    let (path, stored) = records(dir.path()).into_iter().next().unwrap();
    let before = fs::read(&path).unwrap();
    let subject = stored.key_material.subject.clone();
    let facet = stored.key_material.facet.clone();
    let head_before = store.head(&subject, &facet).unwrap();

    let mut other = stored.clone();
    let content = b"different bytes for the same key".to_vec();
    let digest = ibridge::key::blob_digest(&content);
    other.outputs[0].blob = ibridge::model::BlobRef { digest: digest.clone(), size: content.len() as u64 };
    other.output_fingerprint = ibridge::key::output_fingerprint(&other.outputs).unwrap();
    let emitted = store.emit(&other, &[(digest, content)]).unwrap();
    assert_eq!(emitted.outcome, EmitOutcome::Conflict);
    assert_eq!(emitted.bytes_written, 0);
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(store.head(&subject, &facet).unwrap(), head_before);

    let mut same = stored.clone();
    same.producer.activity = "build".to_string();
    assert_eq!(store.emit(&same, &[]).unwrap().outcome, EmitOutcome::AlreadyPresent);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_blob_already_stored_is_deduplicated_and_a_wrong_blob_is_rejected_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    run(&store, WORKSPACE, "check", &mut HashCompiler { calls: 0 });
    let (path, stored) = records(dir.path()).into_iter().next().unwrap();
    fs::remove_file(&path).unwrap();
    let blobs: Vec<_> = stored
        .outputs
        .iter()
        .map(|o| (o.blob.digest.clone(), store.read_blob(&o.blob.digest).unwrap().expect("the blob is stored")))
        .collect();
    let emitted = store.emit(&stored, &blobs).unwrap();
    assert_eq!(emitted.outcome, EmitOutcome::Created);
    assert_eq!(emitted.bytes_written, 0);
    assert_eq!(emitted.bytes_deduplicated, stored.outputs.iter().map(|o| o.blob.size).sum::<u64>());

    let mut fresh = stored.clone();
    fresh.key_material.toolchain.version = "2.0".to_string();
    fresh.input_key = ibridge::key::input_key(&fresh.key_material).unwrap();
    let content = b"new content".to_vec();
    let digest = ibridge::key::blob_digest(&content);
    fresh.outputs[0].blob = ibridge::model::BlobRef { digest: digest.clone(), size: content.len() as u64 };
    fresh.output_fingerprint = ibridge::key::output_fingerprint(&fresh.outputs).unwrap();
    let files_before = files_under(dir.path());
    assert!(store.emit(&fresh, &[(digest.clone(), b"not the content".to_vec())]).is_err());
    assert!(store.emit(&fresh, &[]).is_err(), "a needed blob that is neither stored nor supplied");
    assert_eq!(files_under(dir.path()), files_before, "a rejected emit published something");
    assert_eq!(store.emit(&fresh, &[(digest, content)]).unwrap().outcome, EmitOutcome::Created);
}

#[test]
fn verify_finds_a_corrupt_blob_and_the_request_misses() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    run(&store, WORKSPACE, "check", &mut HashCompiler { calls: 0 });
    let (_, stored) = records(dir.path()).into_iter().next().unwrap();
    let blob = &stored.outputs[0].blob;
    let hex = hex::encode(&blob.digest.value);
    let blob_path = dir.path().join("blobs/sha256").join(&hex[..2]).join(&hex);
    let mut bytes = fs::read(&blob_path).unwrap();
    bytes[0] ^= 0xff;
    fs::write(&blob_path, &bytes).unwrap();

    let problems = store.verify().unwrap();
    assert!(problems.iter().any(|p| p.path.ends_with(&hex) && p.message.contains("hash")), "{problems:?}");
    assert!(problems.iter().any(|p| p.path.starts_with("records/")), "the record naming it is reported too: {problems:?}");
    // A fresh process has not hashed the blob yet, so the damage is seen.
    let reopened = Store::open(dir.path(), "tests").unwrap();
    let km = &stored.key_material;
    match reopened.request(&km.subject, &km.facet, km).unwrap() {
        Lookup::Miss { reason } => assert!(reason.contains(&hex), "{reason}"),
        Lookup::Hit { .. } => panic!("a request served a record whose blob is damaged"),
    }
    assert!(reopened.read_blob(&blob.digest).is_err());
}

#[test]
fn links_fifos_and_foreign_entries_are_misses_and_problems() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    run(&store, WORKSPACE, "check", &mut HashCompiler { calls: 0 });
    let all = records(dir.path());
    let (linked_path, linked) = &all[0];
    let (fifo_path, fifo) = &all[1];
    let outside = tempfile::NamedTempFile::new().unwrap();
    fs::write(outside.path(), fs::read(linked_path).unwrap()).unwrap();
    fs::remove_file(linked_path).unwrap();
    symlink(outside.path(), linked_path).unwrap();
    fs::remove_file(fifo_path).unwrap();
    // mkfifo(1) keeps the tests free of unsafe code.
    let status = std::process::Command::new("mkfifo").arg(fifo_path).status().unwrap();
    assert!(status.success());
    fs::write(dir.path().join("notes.txt"), b"not a store file").unwrap();

    for record in [linked, fifo] {
        let km = &record.key_material;
        assert!(matches!(store.request(&km.subject, &km.facet, km).unwrap(), Lookup::Miss { .. }));
    }
    let problems = store.verify().unwrap();
    for expected in [linked_path.as_str(), fifo_path.as_str()] {
        let rel = Path::new(expected).strip_prefix(dir.path()).unwrap().display().to_string();
        assert!(problems.iter().any(|p| p.path == rel), "{rel} not reported: {problems:?}");
    }
    assert!(problems.iter().any(|p| p.path == "notes.txt"), "{problems:?}");
}

#[test]
fn hostile_subject_names_land_at_digest_paths_inside_the_store() {
    let hostile = WORKSPACE
        .replace("\"name\": \"base\"", "\"name\": \"base\", \"unit\": {\"packageId\": \"../../etc/passwd\", \"targetName\": \"/abs\", \"targetKind\": \"lib\", \"targetTriple\": \"X\"}")
        .replace("\"path\": \"io\"", &format!("\"path\": \"{}\"", "a".repeat(4000)));
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    run(&store, &hostile, "check", &mut HashCompiler { calls: 0 });
    let root = fs::canonicalize(dir.path()).unwrap();
    for f in files_under(dir.path()) {
        let rel = Path::new(&f).strip_prefix(dir.path()).unwrap().display().to_string();
        assert!(!rel.contains("etc") && !rel.contains("abs") && !rel.contains("aaaa"), "{rel}");
        assert!(fs::canonicalize(&f).unwrap().starts_with(&root));
    }
    assert_eq!(store.verify().unwrap(), vec![]);
    assert!(!Path::new("/etc/passwd/records").exists());
}

#[test]
fn an_invalid_facet_never_becomes_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    run(&store, WORKSPACE, "check", &mut HashCompiler { calls: 0 });
    let (_, stored) = records(dir.path()).into_iter().next().unwrap();
    for facet in ["../escape", "UPPER", "a/b", "", "a..b"] {
        let mut km = stored.key_material.clone();
        km.facet = facet.to_string();
        match store.request(&km.subject.clone(), facet, &km) {
            Ok(Lookup::Miss { .. }) | Err(_) => {}
            Ok(Lookup::Hit { .. }) => panic!("facet {facet:?} hit"),
        }
    }
    assert!(!dir.path().join("escape").exists() && !dir.path().parent().unwrap().join("escape").exists());
}

#[test]
fn a_store_is_created_only_in_an_empty_or_missing_directory_and_other_majors_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Cargo.toml"), b"[package]").unwrap();
    let refused = Store::open(dir.path(), "tests").err().expect("a foreign directory is refused");
    assert!(refused.to_string().contains("other files"), "{refused}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "a refused open created files");

    let missing = dir.path().join("new/store");
    drop(Store::open(&missing, "tests").unwrap());
    assert!(missing.join("STORE").is_file());

    let other = tempfile::tempdir().unwrap();
    let header = ibridge::model::StoreHeader {
        protocol_major: 2,
        protocol_minor: 0,
        digest_algorithm: ibridge::model::DigestAlgorithm::Sha256,
        created_by: "the future".to_string(),
    };
    fs::write(other.path().join("STORE"), ibridge::record::encode_store_header(&header).unwrap()).unwrap();
    let refused = Store::open(other.path(), "tests").err().expect("another major is refused");
    assert!(refused.to_string().contains("major 2") && refused.to_string().contains("major 1"), "{refused}");

    fs::write(other.path().join("STORE"), b"garbage").unwrap();
    let refused = Store::open(other.path(), "tests").err().expect("a damaged header is refused");
    assert!(refused.to_string().contains("not a store"), "{refused}");
}

#[test]
fn orphans_in_tmp_are_invisible_and_removed_by_the_next_sole_user() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path(), "tests").unwrap();
        run(&store, WORKSPACE, "check", &mut HashCompiler { calls: 0 });
        // A writer that died after staging: its file sits in tmp/ only.
        fs::write(dir.path().join("tmp/stage-crashed"), b"half a record").unwrap();
        assert_eq!(store.verify().unwrap(), vec![], "tmp/ files are not problems");
        // While this store is open, a second open must not delete the orphan.
        drop(Store::open(dir.path(), "tests").unwrap());
        assert!(dir.path().join("tmp/stage-crashed").exists());
    }
    drop(Store::open(dir.path(), "tests").unwrap());
    assert!(!dir.path().join("tmp/stage-crashed").exists());
}

#[test]
fn a_linked_directory_inside_the_store_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    run(&store, WORKSPACE, "check", &mut HashCompiler { calls: 0 });
    let (path, stored) = records(dir.path()).into_iter().next().unwrap();
    let fan = Path::new(&path).parent().unwrap().to_path_buf();
    let outside = tempfile::tempdir().unwrap();
    let moved = outside.path().join("fan");
    fs::rename(&fan, &moved).unwrap();
    symlink(&moved, &fan).unwrap();

    let km = &stored.key_material;
    assert!(matches!(store.request(&km.subject, &km.facet, km).unwrap(), Lookup::Miss { .. }));
    assert!(store.emit(&stored, &[]).is_err(), "an emit published through a linked directory");
    assert_eq!(fs::read_dir(&moved).unwrap().count(), 1, "a file was written outside the store");
    let rel = fan.strip_prefix(dir.path()).unwrap().display().to_string();
    assert!(store.verify().unwrap().iter().any(|p| p.path == rel));
}

#[test]
fn journals_are_whole_sessions_and_a_damaged_journal_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    run(&store, WORKSPACE, "check", &mut HashCompiler { calls: 0 });
    let journals = files_under(&dir.path().join("journal"));
    assert_eq!(journals.len(), 1);
    let name = Path::new(&journals[0]).file_name().unwrap().to_str().unwrap().to_string();
    assert!(name.starts_with("s-") && name.ends_with(".avro") && name.len() == "s-".len() + 13 + 1 + 16 + ".avro".len(), "{name}");
    let bytes = fs::read(&journals[0]).unwrap();
    assert!(bytes.starts_with(b"Obj\x01"));
    for cut in [bytes.len() - 1, bytes.len() - 17, bytes.len() / 2] {
        fs::write(&journals[0], &bytes[..cut]).unwrap();
        let problems = store.verify().unwrap();
        assert!(problems.iter().any(|p| p.path.starts_with("journal/")), "a journal cut at {cut} reads: {problems:?}");
    }
    fs::write(&journals[0], &bytes).unwrap();
    assert_eq!(store.verify().unwrap(), vec![]);
}

#[test]
fn a_blob_two_outputs_name_counts_once_and_a_record_of_another_key_at_the_path_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    run(&store, WORKSPACE, "check", &mut HashCompiler { calls: 0 });
    let mut all = records(dir.path()).into_iter();
    let (_, first) = all.next().unwrap();
    let (other_path, other) = all.next().unwrap();

    // REQ-STORE-094: one content under two names is written once, then deduplicated once.
    let mut shared = first.clone();
    shared.key_material.toolchain.version = "2.0-shared".to_string();
    shared.input_key = ibridge::key::input_key(&shared.key_material).unwrap();
    let content = b"one blob, two outputs".to_vec();
    let digest = ibridge::key::blob_digest(&content);
    let blob = ibridge::model::BlobRef { digest: digest.clone(), size: content.len() as u64 };
    let mut second_output = shared.outputs[0].clone();
    second_output.name = format!("{}-again", second_output.name);
    shared.outputs = vec![shared.outputs[0].clone(), second_output];
    for o in &mut shared.outputs {
        o.blob = blob.clone();
    }
    shared.outputs.sort_by(|a, b| a.name.cmp(&b.name));
    shared.output_fingerprint = ibridge::key::output_fingerprint(&shared.outputs).unwrap();
    let emitted = store.emit(&shared, &[(digest.clone(), content.clone())]).unwrap();
    assert_eq!((emitted.outcome, emitted.bytes_written, emitted.bytes_deduplicated), (EmitOutcome::Created, blob.size, 0));
    let again = store.emit(&shared, &[]).unwrap();
    assert_eq!((again.outcome, again.bytes_written, again.bytes_deduplicated), (EmitOutcome::AlreadyPresent, 0, blob.size));

    // REQ-STORE-097: the record of another key at a record's path is damage, replaced.
    let path = dir.path().join("records").join(&first.key_material.facet);
    let hex = hex::encode(&first.input_key.value);
    let path = path.join(&hex[..2]).join(&hex);
    fs::copy(&other_path, &path).unwrap();
    assert_ne!(other.input_key, first.input_key);
    assert_eq!(store.emit(&first, &[]).unwrap().outcome, EmitOutcome::Created);
    let stored = ibridge::record::decode_record(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(stored.input_key, first.input_key);
}
