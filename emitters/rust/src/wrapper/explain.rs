//! Why a unit was recomputed: the difference between the key material of its last record (the
//! head of its subject and facet) and the key material it has now, in one line for people
//! (`cargo ibridge explain CRATE` prints it). The diff is generic over the key material's parts,
//! the way the spec's explain names them: toolchain, configuration entries by name, direct inputs
//! (files by path, variables by name) and reads (by subject and facet).

use std::collections::BTreeMap;

use ibridge::model::{DirectInput, KeyMaterial, Read};

/// How many differences the line names before it says how many more there are.
const SHOWN: usize = 2;
/// Values longer than this are cut, so the reason stays one line.
const VALUE_CHARS: usize = 48;

/// The reason in one line: "no earlier record", or the first differences from `previous`.
pub(crate) fn why(previous: Option<&KeyMaterial>, now: &KeyMaterial) -> String {
    let Some(previous) = previous else { return "no earlier record".to_string() };
    let all = differences(previous, now);
    if all.is_empty() {
        return "its last record has this key material, but the record or one of its blobs is missing or damaged".to_string();
    }
    let mut line = all.iter().take(SHOWN).cloned().collect::<Vec<_>>().join("; ");
    if all.len() > SHOWN {
        line.push_str(&format!(" (and {} more)", all.len() - SHOWN));
    }
    line
}

/// The reason on a miss: `previous` is the head record's material, `tried` the material built
/// with the head's source list (None when one of its files could not be read).
pub(crate) fn on_miss(previous: Option<&KeyMaterial>, tried: Option<&KeyMaterial>) -> String {
    match (previous, tried) {
        (Some(previous), Some(now)) => why(Some(previous), now),
        (Some(previous), None) => why_unreadable(previous, |path| std::path::Path::new(path).exists()),
        (None, _) => "no earlier record".to_string(),
    }
}

/// The reason when the key material could not be built again because a file of the last
/// compilation is gone or unreadable.
pub(crate) fn why_unreadable(previous: &KeyMaterial, exists: impl Fn(&str) -> bool) -> String {
    for input in &previous.inputs {
        if let DirectInput::File { path, .. } = input {
            if !exists(path) {
                return format!("source file {} of its last compilation is gone", shown(path));
            }
        }
    }
    "a source file of its last compilation cannot be read".to_string()
}

/// Every difference, most telling first: toolchain, direct inputs, reads, configuration.
pub(crate) fn differences(previous: &KeyMaterial, now: &KeyMaterial) -> Vec<String> {
    let mut out = Vec::new();
    if previous.protocol_major != now.protocol_major {
        out.push(format!("protocol major {} -> {}", previous.protocol_major, now.protocol_major));
    }
    let (pt, nt) = (&previous.toolchain, &now.toolchain);
    if pt != nt {
        let first = |v: &str| v.lines().next().unwrap_or("").to_string();
        out.push(format!("toolchain changed: {} {} -> {} {}", pt.name, first(&pt.version), nt.name, first(&nt.version)));
    }
    let inputs = |km: &KeyMaterial| -> BTreeMap<(u8, String), String> {
        km.inputs
            .iter()
            .map(|i| match i {
                DirectInput::File { path, digest, size } => ((0, path.clone()), format!("{} {size}", digest.to_text())),
                DirectInput::Env { name, value } => ((1, name.clone()), value.clone().unwrap_or_else(|| "(unset)".into())),
            })
            .collect()
    };
    for ((kind, name), before, after) in diff(&inputs(previous), &inputs(now)) {
        out.push(match kind {
            0 => match (before, after) {
                (Some(_), Some(_)) => format!("source file {} changed", shown(&name)),
                (None, _) => format!("source file {} is new", shown(&name)),
                (_, None) => format!("source file {} is no longer read", shown(&name)),
            },
            _ => format!("environment variable {name} {}", change(before, after)),
        });
    }
    let reads = |km: &KeyMaterial| -> BTreeMap<(ReadSubject, String), String> {
        km.reads.iter().map(|r| ((read_subject(r), r.facet.clone()), r.output_fingerprint.to_text())).collect()
    };
    for ((subject, facet), before, after) in diff(&reads(previous), &reads(now)) {
        let name = &subject.1;
        out.push(match (before, after) {
            (Some(_), Some(_)) => format!("dependency {name} changed ({facet} fingerprint)"),
            (None, _) => format!("new dependency {name} ({facet})"),
            (_, None) => format!("no longer reads dependency {name} ({facet})"),
        });
    }
    let config = |km: &KeyMaterial| -> BTreeMap<String, String> { km.config.iter().map(|c| (c.name.clone(), c.value.clone())).collect() };
    for (name, before, after) in diff(&config(previous), &config(now)) {
        out.push(match name.strip_prefix("env.") {
            Some(var) => format!("environment variable {var} {}", change(before, after)),
            None => format!("config {name} {}", change(before, after)),
        });
    }
    out
}

/// A read's subject as a sortable key: package, target, kind, triple, module path.
type ReadSubject = (String, String, String, String, String);

fn read_subject(r: &Read) -> ReadSubject {
    let u = &r.subject.unit;
    (u.package_id.clone(), u.target_name.clone(), u.target_kind.clone(), u.target_triple.clone(), r.subject.module_path.clone())
}

/// The entries whose values differ, by key: (key, before, after), absent as None.
fn diff<K: Ord + Clone>(before: &BTreeMap<K, String>, after: &BTreeMap<K, String>) -> Vec<(K, Option<String>, Option<String>)> {
    let mut keys: Vec<&K> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| ((*k).clone(), before.get(k).cloned(), after.get(k).cloned()))
        .collect()
}

fn change(before: Option<String>, after: Option<String>) -> String {
    match (before, after) {
        (Some(b), Some(a)) => format!("changed: {} -> {}", cut(&b), cut(&a)),
        (None, Some(a)) => format!("is new: {}", cut(&a)),
        (Some(b), None) => format!("is gone (was {})", cut(&b)),
        (None, None) => "changed".to_string(),
    }
}

fn cut(value: &str) -> String {
    let value = value.replace(['\n', '\t'], " ");
    if value.chars().count() <= VALUE_CHARS {
        return format!("{value:?}");
    }
    let head: String = value.chars().take(VALUE_CHARS).collect();
    format!("{head:?}…")
}

/// A path as people read it: relative to the working directory when it lies below it.
fn shown(path: &str) -> String {
    let cwd = std::env::current_dir().ok();
    cwd.as_deref()
        .and_then(|d| std::path::Path::new(path).strip_prefix(d).ok())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ibridge::model::{ConfigEntry, Digest, DigestAlgorithm, Subject, Toolchain, Unit};

    fn digest(b: u8) -> Digest {
        Digest { algorithm: DigestAlgorithm::Sha256, value: vec![b; 32] }
    }

    fn subject(name: &str) -> Subject {
        Subject {
            unit: Unit { package_id: format!("{name}@0.1.0"), target_name: name.into(), target_kind: "lib".into(), target_triple: "x86_64-unknown-linux-gnu".into() },
            module_path: String::new(),
        }
    }

    fn material() -> KeyMaterial {
        KeyMaterial {
            protocol_major: 1,
            subject: subject("geometry"),
            facet: "analysis".into(),
            toolchain: Toolchain { name: "rustc".into(), version: "rustc 1.95.0\nhost: x86_64-unknown-linux-gnu".into() },
            config: vec![
                ConfigEntry { name: "env.CARGO_PKG_VERSION".into(), value: "0.1.0".into() },
                ConfigEntry { name: "rustc.arg.00000".into(), value: "--edition=2021".into() },
            ],
            inputs: vec![
                DirectInput::File { path: "/w/crates/geometry/src/lib.rs".into(), digest: digest(1), size: 10 },
                DirectInput::Env { name: "GEOMETRY_MODE".into(), value: None },
            ],
            reads: vec![Read { subject: subject("shapes"), facet: "artifact".into(), output_fingerprint: digest(7) }],
        }
    }

    #[test]
    fn without_a_head_there_is_no_earlier_record() {
        assert_eq!(why(None, &material()), "no earlier record");
    }

    #[test]
    fn an_edited_source_file_is_named() {
        let mut now = material();
        now.inputs[0] = DirectInput::File { path: "/w/crates/geometry/src/lib.rs".into(), digest: digest(2), size: 10 };
        assert_eq!(why(Some(&material()), &now), "source file /w/crates/geometry/src/lib.rs changed");
    }

    #[test]
    fn new_and_dropped_files_are_told_apart() {
        let mut now = material();
        now.inputs.insert(0, DirectInput::File { path: "/w/a.rs".into(), digest: digest(3), size: 1 });
        assert_eq!(why(Some(&material()), &now), "source file /w/a.rs is new");
        assert_eq!(why(Some(&now), &material()), "source file /w/a.rs is no longer read");
    }

    #[test]
    fn a_dependency_whose_artifact_changed_is_named_by_crate() {
        let mut now = material();
        now.reads[0].output_fingerprint = digest(8);
        assert_eq!(why(Some(&material()), &now), "dependency shapes changed (artifact fingerprint)");
        now.reads.clear();
        assert_eq!(why(Some(&material()), &now), "no longer reads dependency shapes (artifact)");
    }

    #[test]
    fn variables_arguments_and_the_toolchain_show_before_and_after() {
        let mut now = material();
        now.config[0].value = "0.2.0".into();
        assert_eq!(why(Some(&material()), &now), "environment variable CARGO_PKG_VERSION changed: \"0.1.0\" -> \"0.2.0\"");
        let mut now = material();
        now.config.push(ConfigEntry { name: "rustc.arg.00001".into(), value: "-Copt-level=1".into() });
        assert_eq!(why(Some(&material()), &now), "config rustc.arg.00001 is new: \"-Copt-level=1\"");
        let mut now = material();
        now.inputs[1] = DirectInput::Env { name: "GEOMETRY_MODE".into(), value: Some("fast".into()) };
        assert_eq!(why(Some(&material()), &now), "environment variable GEOMETRY_MODE changed: \"(unset)\" -> \"fast\"");
        let mut now = material();
        now.toolchain.version = "rustc 1.96.0\nhost: x86_64-unknown-linux-gnu".into();
        assert_eq!(why(Some(&material()), &now), "toolchain changed: rustc rustc 1.95.0 -> rustc rustc 1.96.0");
    }

    #[test]
    fn many_differences_name_the_first_two_and_count_the_rest() {
        let mut now = material();
        now.toolchain.version = "rustc 1.96.0".into();
        now.reads[0].output_fingerprint = digest(9);
        now.config[0].value = "x".repeat(200);
        now.config[1].value = "--edition=2024".into();
        let line = why(Some(&material()), &now);
        assert_eq!(line, "toolchain changed: rustc rustc 1.95.0 -> rustc rustc 1.96.0; dependency shapes changed (artifact fingerprint) (and 2 more)");
        let all = differences(&material(), &now);
        assert_eq!(all.len(), 4);
        assert!(all[2].ends_with("…"), "long values are cut: {}", all[2]);
        assert!(!line.contains('\n'));
    }

    #[test]
    fn the_same_material_means_the_record_itself_went_missing() {
        assert!(why(Some(&material()), &material()).contains("missing or damaged"));
    }

    #[test]
    fn a_file_that_is_gone_is_named() {
        assert_eq!(why_unreadable(&material(), |_| false), "source file /w/crates/geometry/src/lib.rs of its last compilation is gone");
        assert_eq!(why_unreadable(&material(), |_| true), "a source file of its last compilation cannot be read");
    }
}
