//! Cross-reading with the Java reference: a store the Rust code writes passes `ibridge verify`,
//! and a store the Java reference writes reads correctly here. The Java CLI is given by
//! `IBRIDGE_CLI`, by default the repository's `./ibridge` launcher, which builds the Java CLI on its
//! first run (JDK 17 and Maven). A missing launcher fails the tests.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use common::{run, HashCompiler, WORKSPACE};
use ibridge::model::Digest;
use ibridge::store::{Lookup, Store};

fn cli() -> PathBuf {
    let cli = match std::env::var("IBRIDGE_CLI") {
        Ok(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../ibridge"),
    };
    assert!(cli.is_file(), "the cross-reading tests need the Java CLI launcher, not found at {}", cli.display());
    cli
}

fn java(cli: &PathBuf, args: &[&str]) -> Output {
    Command::new(cli).args(args).output().expect("the Java CLI starts")
}

fn shown(out: &Output) -> String {
    format!("status {:?}\nstdout:\n{}\nstderr:\n{}", out.status, String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn a_store_written_by_rust_passes_java_verify_and_damage_fails_it() {
    let cli = cli();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("store");
    {
        let store = Store::open(&root, "ibridge-rust-tests").unwrap();
        let mut compiler = HashCompiler { calls: 0 };
        for activity in ["check", "build", "clippy", "doc", "check"] {
            run(&store, WORKSPACE, activity, &mut compiler);
        }
    }
    let out = java(&cli, &["verify", root.to_str().unwrap()]);
    assert!(out.status.success(), "ibridge verify rejects the Rust store:\n{}", shown(&out));

    // The same check must fail on damage, or it proves nothing.
    let blob_dir = root.join("blobs/sha256");
    let fan = fs::read_dir(&blob_dir).unwrap().next().unwrap().unwrap().path();
    let blob = fs::read_dir(&fan).unwrap().next().unwrap().unwrap().path();
    fs::write(&blob, b"damaged").unwrap();
    let out = java(&cli, &["verify", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "ibridge verify accepts a damaged blob:\n{}", shown(&out));
}

#[test]
fn a_store_written_by_java_reads_in_rust() {
    let cli = cli();
    let dir = tempfile::tempdir().unwrap();
    let out = java(&cli, &["demo", "--scenario", "1", "--store", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "ibridge demo failed:\n{}", shown(&out));
    let root = dir.path().join("scenario-1");
    let listing = java(&cli, &["store", "ls", "--store", root.to_str().unwrap(), "--json"]);
    assert!(listing.status.success(), "ibridge store ls failed:\n{}", shown(&listing));
    let listing: serde_json::Value = serde_json::from_slice(&listing.stdout).expect("store ls --json prints JSON");
    let entries = listing["records"].as_array().expect("store ls lists records");
    let java_records: BTreeSet<(String, String)> = entries
        .iter()
        .map(|r| (r["facet"].as_str().unwrap().to_string(), r["inputKey"].as_str().unwrap().to_string()))
        .collect();
    let java_heads: BTreeSet<(String, String)> = entries
        .iter()
        .filter(|r| r["head"].as_bool() == Some(true))
        .map(|r| (r["facet"].as_str().unwrap().to_string(), r["inputKey"].as_str().unwrap().to_string()))
        .collect();
    assert!(java_records.len() >= 33, "the demo's check emits 33 records, ls lists {}", java_records.len());

    let store = Store::open(&root, "ibridge-rust-tests").unwrap();
    assert_eq!(store.verify().unwrap(), vec![], "Rust verify finds problems in the Java store");
    let heads: BTreeSet<(String, String)> =
        store.heads(None).unwrap().into_iter().map(|h| (h.facet, h.input_key.to_text())).collect();
    assert_eq!(heads, java_heads);
    for (facet, key) in &java_records {
        let key = Digest::parse(key).unwrap();
        let (record, bytes) = store.record(&key).unwrap().unwrap_or_else(|| panic!("record {} not found", key.to_text()));
        assert_eq!(&record.key_material.facet, facet);
        let km = &record.key_material;
        match store.request(&km.subject, facet, km).unwrap() {
            Lookup::Hit { bytes: hit, .. } => assert_eq!(hit, bytes),
            Lookup::Miss { reason } => panic!("a Java record misses in Rust: {reason}"),
        }
        for output in &record.outputs {
            let content = store.read_blob(&output.blob.digest).unwrap().expect("the blob is stored");
            assert_eq!(content.len() as u64, output.blob.size);
        }
    }
}
