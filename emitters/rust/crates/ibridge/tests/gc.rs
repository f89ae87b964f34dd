//! gc of a store whose users are runs (`cargo ibridge gc`): what it keeps, what it removes, and
//! that it never removes anything another process may be reading.

use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use ibridge::activity::{emit_compiled, CompiledOutput};
use ibridge::model::{ConfigEntry, KeyMaterial, Producer, Record, Subject, Toolchain, Unit};
use ibridge::store::gc::{Policy, Run};
use ibridge::store::{Lookup, Store};

fn material(name: &str) -> KeyMaterial {
    KeyMaterial {
        protocol_major: 1,
        subject: Subject {
            unit: Unit { package_id: format!("{name}@0.1.0"), target_name: name.into(), target_kind: "lib".into(), target_triple: "x86_64-unknown-linux-gnu".into() },
            module_path: String::new(),
        },
        facet: "metadata".into(),
        toolchain: Toolchain { name: "rustc".into(), version: "1.95.0".into() },
        config: vec![ConfigEntry { name: "rustc.arg.00000".into(), value: name.into() }],
        inputs: Vec::new(),
        reads: Vec::new(),
    }
}

fn emit(store: &Store, name: &str, content: &[u8]) -> Record {
    let producer = Producer { activity: "check".into(), tool: "tests".into(), tool_version: "0".into() };
    let out = CompiledOutput { name: format!("lib{name}.rmeta"), content: content.to_vec(), observable: true };
    emit_compiled(store, &producer, material(name), vec![out]).expect("emit")
}

fn address(r: &Record) -> String {
    format!("{}/{}", r.key_material.facet, hex::encode(&r.input_key.value))
}

fn run(id: &str, hours_ago: u64, touched: &[&Record]) -> Run {
    Run { id: id.into(), started: SystemTime::now() - Duration::from_secs(hours_ago * 3600), touched: touched.iter().map(|r| address(r)).collect() }
}

/// Makes every record file old, so that only what runs touched keeps it.
fn age_records(root: &Path) {
    let old = SystemTime::now() - Duration::from_secs(10 * 3600);
    let mut dirs = vec![root.join("records")];
    while let Some(dir) = dirs.pop() {
        for e in fs::read_dir(&dir).expect("read_dir").flatten() {
            if e.path().is_dir() {
                dirs.push(e.path());
            } else {
                fs::File::options().write(true).open(e.path()).and_then(|f| f.set_modified(old)).expect("set mtime");
            }
        }
    }
}

fn hits(store: &Store, r: &Record) -> bool {
    matches!(store.request(&r.key_material.subject, &r.key_material.facet, &r.key_material).expect("request"), Lookup::Hit { .. })
}

#[test]
fn keeps_what_the_newest_runs_used_and_removes_the_rest_with_heads_and_blobs() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    let (a, b, c) = (emit(&store, "a", b"aaaa"), emit(&store, "b", b"bbbb"), emit(&store, "c", b"shared"));
    let shared = emit(&store, "d", b"shared");
    age_records(dir.path());
    let runs = [run("r-old", 3, &[&a, &c]), run("r-mid", 2, &[&b]), run("r-new", 1, &[&shared])];
    let report = store.gc(&runs, Policy::KeepRuns(2)).expect("gc");
    assert_eq!(report.runs_kept, vec!["r-mid".to_string(), "r-new".to_string()]);
    assert_eq!((report.records_removed, report.heads_removed, report.blobs_removed), (2, 2, 1), "{report:?}");
    assert!(!hits(&store, &a) && !hits(&store, &c));
    assert!(hits(&store, &b) && hits(&store, &shared), "a blob a kept record names stays, though a removed one named it too");
    assert_eq!(store.head(&a.key_material.subject, "metadata").unwrap(), None);
    assert_eq!(store.head(&b.key_material.subject, "metadata").unwrap(), Some(b.input_key.clone()));
    assert_eq!(store.verify().unwrap(), vec![]);
    assert!(report.bytes_freed > 0 && report.bytes_remaining > 0);
}

#[test]
fn records_written_since_the_oldest_kept_run_started_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    let old = emit(&store, "old", b"1");
    age_records(dir.path());
    let fresh = emit(&store, "fresh", b"2");
    let report = store.gc(&[run("r-1", 5, &[]), run("r-2", 1, &[])], Policy::KeepRuns(1)).expect("gc");
    assert_eq!(report.records_removed, 1);
    assert!(hits(&store, &fresh), "a record of a run that is still going, or logged nothing, stays");
    assert!(!hits(&store, &old));
}

#[test]
fn without_runs_everything_is_kept_whatever_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    let a = emit(&store, "a", b"content");
    age_records(dir.path());
    for policy in [Policy::KeepRuns(0), Policy::MaxBytes(0)] {
        let report = store.gc(&[], policy).expect("gc");
        assert_eq!((report.records_removed, report.blobs_removed), (0, 0), "{policy:?}");
    }
    assert!(hits(&store, &a));
}

#[test]
fn a_size_budget_keeps_the_most_recent_runs_that_fit() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    let big = emit(&store, "big", &vec![7u8; 100_000]);
    let small = emit(&store, "small", &[1u8; 10]);
    age_records(dir.path());
    let runs = [run("r-1", 2, &[&big]), run("r-2", 1, &[&small])];
    let report = store.gc(&runs, Policy::MaxBytes(50_000)).expect("gc");
    assert_eq!(report.runs_kept, vec!["r-2".to_string()]);
    assert!(hits(&store, &small) && !hits(&store, &big));
    assert!(report.bytes_remaining <= 50_000, "{report:?}");
    let report = store.gc(&runs[1..], Policy::MaxBytes(10)).expect("gc");
    assert!(report.runs_kept.is_empty(), "when not even the newest run fits, nothing is kept");
    assert!(!hits(&store, &small));
}

#[test]
fn damaged_records_and_staging_files_go() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    let a = emit(&store, "a", b"x");
    let damaged = dir.path().join("records/metadata/ab").join("ab".repeat(32));
    fs::create_dir_all(damaged.parent().unwrap()).unwrap();
    fs::write(&damaged, b"not a record").unwrap();
    fs::write(dir.path().join("tmp/stage-orphan"), b"half").unwrap();
    let report = store.gc(&[run("r-1", 1, &[&a])], Policy::KeepRuns(1)).expect("gc");
    assert_eq!((report.records_removed, report.staging_removed), (1, 1));
    assert!(!damaged.exists());
    assert!(hits(&store, &a));
}

#[test]
fn gc_refuses_while_another_process_reads_and_never_breaks_a_reader() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tests").unwrap();
    let records: Vec<Record> = (0..8).map(|i| emit(&store, &format!("c{i}"), format!("content {i}").as_bytes())).collect();
    age_records(dir.path());
    let reader = Store::open(dir.path(), "reader").unwrap();
    let message = store.gc(&[run("r", 1, &[])], Policy::KeepRuns(1)).expect_err("gc must not run while another process has the store open").to_string();
    assert!(message.contains("in use by another process") && !message.contains('\n'), "{message}");
    assert!(records.iter().all(|r| hits(&reader, r)), "a refused gc removes nothing");
    drop(reader);

    // A reader that keeps opening the store and requesting, while gc removes half the records in
    // turns: every hit it is served names blobs that are there.
    let root = dir.path().to_path_buf();
    let wanted: Vec<Record> = records.clone();
    let reader = std::thread::spawn(move || {
        let mut served = 0;
        for _ in 0..200 {
            std::thread::yield_now();
            let s = Store::open(&root, "reader").unwrap();
            for r in &wanted {
                if let Lookup::Hit { record, .. } = s.request(&r.key_material.subject, "metadata", &r.key_material).unwrap() {
                    for o in &record.outputs {
                        assert!(s.read_blob(&o.blob.digest).unwrap().is_some(), "a hit named a blob gc had removed");
                    }
                    served += 1;
                }
            }
        }
        served
    });
    // Keeping every run keeps everything, so an older run is left out.
    let keep: Vec<&Record> = records.iter().step_by(2).collect();
    let (mut ran, mut refused) = (0, 0);
    while !reader.is_finished() {
        match store.gc(&[run("r-0", 2, &[]), run("r", 1, &keep)], Policy::KeepRuns(1)) {
            Ok(_) => ran += 1,
            Err(_) => refused += 1,
        }
    }
    let served = reader.join().expect("the reader never saw a broken hit");
    eprintln!("while the reader ran, gc ran {ran} times and was refused {refused} times; the reader was served {served} hits");
    let last = store.gc(&[run("r-0", 2, &[]), run("r", 1, &keep)], Policy::KeepRuns(1)).expect("gc runs once the reader is gone");
    assert_eq!(last.runs_kept, vec!["r".to_string()]);
    assert!(served > 0);
    let set: HashSet<String> = keep.iter().map(|r| address(r)).collect();
    let after = Store::open(dir.path(), "check").unwrap();
    drop(store);
    for r in &records {
        assert_eq!(hits(&after, r), set.contains(&address(r)), "{}", address(r));
    }
    assert_eq!(after.verify().unwrap(), vec![]);
}
