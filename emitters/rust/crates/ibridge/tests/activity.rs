//! Activities: the catalog JSON form and REQ-ACT-013, subsets (REQ-ACT-010), dependency order
//! (REQ-ACT-003) and keys independent of listing order (REQ-ACT-008).

mod common;

use std::collections::BTreeSet;

use common::{run, HashCompiler, WORKSPACE};
use ibridge::activity::{plan, Catalog, Workspace};
use ibridge::store::Store;

fn names(nodes: &[(ibridge::model::Subject, String)]) -> Vec<String> {
    nodes.iter().map(|(s, f)| format!("{}{}{}:{f}", s.unit.target_name, if s.module_path.is_empty() { "" } else { "::" }, s.module_path)).collect()
}

#[test]
fn a_catalog_may_add_dotted_facets_but_not_redefine_or_add_undotted_ones() {
    let mut catalog = Catalog::builtin();
    catalog
        .add_json(r#"{"facets": {"com.example.audit": {"reads": [{"facet": "analysis", "of": "self"}]}},
                      "activities": {"audit": {"requests": ["analysis"], "emits": ["com.example.audit"]}}}"#, "test")
        .unwrap();
    assert!(catalog.activities.contains_key("audit"));
    for (json, expected) in [
        (r#"{"facets": {"analysis": {"sources": true, "reads": []}}}"#, "already defined differently"),
        (r#"{"facets": {"audit": {"reads": []}}}"#, "reverse-DNS"),
        (r#"{"facets": {"com.example.x": {"reads": [{"facet": "nothing", "of": "self"}]}}}"#, "no rule"),
        (r#"{"facets": {"com.a.x": {"reads": [{"facet": "com.a.y", "of": "self"}]}, "com.a.y": {"reads": [{"facet": "com.a.x", "of": "self"}]}}}"#, "cycle"),
        (r#"{"activities": {"check": {"requests": [], "emits": ["analysis"]}}}"#, "already defined differently"),
    ] {
        let mut c = Catalog::builtin();
        let err = c.add_json(json, "test").expect_err(json).to_string();
        assert!(err.contains(expected), "{json}: {err}");
    }
    let same = r#"{"facets": {"diagnostics": {"reads": [{"facet": "analysis", "of": "self"}]}}}"#;
    Catalog::builtin().add_json(same, "test").expect("an identical rule may be repeated");
}

#[test]
fn repeated_definitions_compare_as_sets_and_loose_documents_are_refused() {
    // REQ-ACT-020: the order of reads, requests and emits makes no difference.
    let reordered = r#"{"facets": {"metadata": {"sources": true, "observes": "interface",
        "reads": [{"facet": "metadata", "of": "modules"}, {"facet": "metadata", "of": "deps"}]}},
        "activities": {"check": {"emits": ["diagnostics", "metadata", "analysis"]}}}"#;
    Catalog::builtin().add_json(reordered, "test").expect("a reordered identical rule may be repeated");
    let reads = r#""reads": [{"facet": "analysis", "of": "self"}]"#;
    for (json, expected) in [
        (format!(r#"{{"facets": {{"com.x.a": {{"source": true, {reads}}}}}}}"#), "the member \"source\""),
        (format!(r#"{{"facets": {{"com.x.a": {{"sources": "true", {reads}}}}}}}"#), "must be true or false"),
        (format!(r#"{{"facets": {{"com.x.a": {{"reads": [], {reads}}}}}}}"#), "duplicate member"),
        (r#"{"facets": {"com.x.a": {"reads": [{"facet": "analysis", "of": "self"}, {"facet": "analysis", "of": "self"}]}}}"#.to_string(), "twice"),
        (r#"{"facet": {}}"#.to_string(), "the member \"facet\""),
        (r#"{"activities": {"zz": {"request": []}}}"#.to_string(), "the member \"request\""),
    ] {
        let err = Catalog::builtin().add_json(&json, "test").expect_err(&json).to_string();
        assert!(err.contains(expected), "{json}: {err}");
    }
    let with_extra = WORKSPACE.replacen("\"units\"", "\"unitz\": [], \"units\"", 1);
    assert_ne!(with_extra, WORKSPACE);
    let err = Workspace::parse(&with_extra).map(|_| ()).expect_err("an unknown member").to_string();
    assert!(err.contains("the member \"unitz\""), "{err}");
}

#[test]
fn build_of_one_package_needs_its_codegen_the_analysis_it_reads_and_the_metadata_those_read() {
    let ws = Workspace::parse(WORKSPACE).unwrap();
    let p = plan(&ws, &Catalog::builtin(), "build", &["mid".to_string()]).unwrap();
    let got: BTreeSet<String> = names(&p.nodes).into_iter().collect();
    let want: BTreeSet<String> =
        ["mid::io:codegen", "mid::io:analysis", "mid:codegen", "mid:analysis", "mid::io:metadata", "base:metadata"]
            .into_iter()
            .map(String::from)
            .collect();
    assert_eq!(got, want);
    let order = names(&p.nodes);
    let at = |n: &str| order.iter().position(|x| x == n).unwrap();
    assert!(at("base:metadata") < at("mid:analysis") && at("mid::io:metadata") < at("mid:analysis"));
    assert!(at("mid:analysis") < at("mid:codegen"));
    assert!(plan(&ws, &Catalog::builtin(), "build", &["nope".to_string()]).is_err());
}

#[test]
fn keys_do_not_depend_on_the_order_units_and_files_are_listed_in() {
    let reordered = {
        let mut v: serde_json::Value = serde_json::from_str(WORKSPACE).unwrap();
        v["units"].as_array_mut().unwrap().reverse();
        v.to_string()
    };
    let keys = |workspace: &str| {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "tests").unwrap();
        let steps = run(&store, workspace, "check", &mut HashCompiler { calls: 0 });
        steps.into_iter().map(|s| (s.subject, s.facet, s.input_key, s.output_fingerprint)).collect::<BTreeSet<_>>()
    };
    assert_eq!(keys(WORKSPACE), keys(&reordered));
}
