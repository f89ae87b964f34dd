//! Shared fixtures of the store tests: a small workspace and a deterministic compiler.

#![allow(dead_code)]

use ibridge::activity::{self, Catalog, CompiledOutput, Compiler, Step, Workspace};
use ibridge::error::Result;
use ibridge::model::{KeyMaterial, Producer, Subject};
use ibridge::store::Store;

/// Three units (`base` <- `mid` <- `app`), `mid` with one module.
pub const WORKSPACE: &str = r#"{
  "toolchain": {"name": "rustc", "version": "1.95.0"},
  "config": {"edition": "2021", "profile.opt-level": "0"},
  "facetConfig": {"analysis": ["edition"], "metadata": ["edition"], "codegen": ["profile.opt-level"]},
  "units": [
    {"name": "app", "deps": ["mid"], "sources": [{"path": "app/src/main.rs", "interface": "fn main();", "body": "{ mid::run() }"}]},
    {"name": "mid", "deps": ["base"],
     "sources": [{"path": "mid/src/lib.rs", "interface": "pub mod io; pub fn run();", "body": "{ base::f() }"}],
     "modules": [{"path": "io", "sources": [{"path": "mid/src/io.rs", "interface": "pub fn read();", "body": "{}"}]}]},
    {"name": "base", "sources": [{"path": "base/src/lib.rs", "interface": "pub fn f();", "body": "{ 1 }"}]}
  ]
}"#;

/// A compiler whose outputs are a pure function of the key material: one observable output
/// named after the facet, and a non-observable `source-map` that every facet shares.
pub struct HashCompiler {
    pub calls: usize,
}

impl Compiler for HashCompiler {
    fn compile(&mut self, _subject: &Subject, facet: &str, material: &KeyMaterial) -> Result<Vec<CompiledOutput>> {
        self.calls += 1;
        let key = ibridge::key::input_key(material)?;
        Ok(vec![
            CompiledOutput { name: facet.to_string(), content: format!("{facet} of {}", key.to_text()).into_bytes(), observable: true },
            CompiledOutput { name: "source-map".to_string(), content: b"shared".to_vec(), observable: false },
        ])
    }
}

pub fn producer(activity: &str) -> Producer {
    Producer { activity: activity.to_string(), tool: "ibridge-rust-tests".to_string(), tool_version: "0".to_string() }
}

/// Runs `activity` of the built-in catalog on `workspace` against `store`, in a session.
pub fn run(store: &Store, workspace: &str, activity: &str, compiler: &mut HashCompiler) -> Vec<Step> {
    let ws = Workspace::parse(workspace).expect("the fixture workspace parses");
    let catalog = Catalog::builtin();
    let plan = activity::plan(&ws, &catalog, activity, &[]).expect("the activity plans");
    store.start_session(producer(activity)).expect("a session starts");
    let steps = activity::run(store, &ws, &catalog, &plan, &producer(activity), compiler).expect("the activity runs");
    store.end_session().expect("the journal is published");
    steps
}

/// The seeded generator of the property and mutation tests (SplitMix64), so a seed replays.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}
