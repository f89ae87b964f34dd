//! The data model's rules as the key derivation applies them (chapters "Data model" and
//! "Key derivation"): facet and module path syntax, text limits, canonical order by code point.

use ibridge::error::Error;
use ibridge::key;
use ibridge::model::*;
use ibridge::validate;

fn subject(package: &str, module_path: &str) -> Subject {
    Subject {
        unit: Unit { package_id: package.into(), target_name: "t".into(), target_kind: "lib".into(), target_triple: "x".into() },
        module_path: module_path.into(),
    }
}

fn key_material() -> KeyMaterial {
    KeyMaterial {
        protocol_major: 1,
        subject: subject("p", ""),
        facet: "analysis".into(),
        toolchain: Toolchain { name: "rustc".into(), version: "1.95.0".into() },
        config: vec![],
        inputs: vec![],
        reads: vec![],
    }
}

fn rejected<T: std::fmt::Debug>(r: ibridge::error::Result<T>) -> String {
    match r {
        Err(Error::Invalid(message)) => message,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn facet_names_follow_the_syntax_of_req_model_006() {
    let longest = format!("a{}", "b".repeat(127));
    for good in ["analysis", "org.rust-lang.clippy.lints", "a", "a0-.b", longest.as_str()] {
        assert!(validate::facet("facet", good).is_ok(), "{good}");
    }
    let too_long = format!("a{}", "b".repeat(128));
    for bad in ["", "A", "1a", "-a", "a..b", ".a", "a.", "a_b", "a/b", "é", too_long.as_str()] {
        assert!(validate::facet("facet", bad).is_err(), "{bad:?}");
        let mut km = key_material();
        km.facet = bad.into();
        rejected(key::input_key(&km));
    }
}

#[test]
fn module_paths_are_segments_joined_by_double_colons() {
    for good in ["", "net", "net::http", "a::b::c"] {
        assert!(validate::module_path("modulePath", good).is_ok(), "{good}");
    }
    for bad in ["::", "net::", "::net", "a:::b", "a:b", "a::::b"] {
        assert!(validate::module_path("modulePath", bad).is_err(), "{bad:?}");
        rejected(key::subject_digest(&subject("p", bad)));
    }
}

#[test]
fn texts_hold_no_nul_and_at_most_4096_bytes() {
    assert!(validate::text("t", &"é".repeat(2048)).is_ok());
    assert!(validate::text("t", &format!("{}a", "é".repeat(2048))).is_err());
    assert!(validate::text("t", "a\0b").is_err());
    rejected(key::subject_digest(&subject("", "")));
}

#[test]
fn config_names_sort_by_code_point_not_utf16() {
    let entry = |name: &str| ConfigEntry { name: name.into(), value: "v".into() };
    let mut km = key_material();
    km.config = vec![entry("e\u{301}"), entry("\u{e9}"), entry("\u{ff61}"), entry("\u{1f980}")];
    key::input_key(&km).expect("code point order is canonical");
    km.config.swap(2, 3);
    assert!(rejected(key::input_key(&km)).contains("config[3]"));
    km.config = vec![entry("a"), entry("a")];
    assert!(rejected(key::input_key(&km)).contains("duplicate"));
}

#[test]
fn files_come_before_environment_variables_each_sorted() {
    let file = |path: &str| DirectInput::File { path: path.into(), digest: Digest::sha256(b""), size: 0 };
    let env = |name: &str| DirectInput::Env { name: name.into(), value: None };
    let mut km = key_material();
    km.inputs = vec![file("a"), file("b"), env("A"), env("B")];
    key::input_key(&km).expect("canonical");
    km.inputs = vec![env("A"), file("a")];
    rejected(key::input_key(&km));
    km.inputs = vec![file("b"), file("a")];
    rejected(key::input_key(&km));
    km.inputs = vec![file("x"), env("x")];
    key::input_key(&km).expect("a path and a variable may share a name");
}

#[test]
fn reads_sort_by_subject_fields_then_facet() {
    let read = |package: &str, module: &str, facet: &str| Read { subject: subject(package, module), facet: facet.into(), output_fingerprint: Digest::sha256(b"") };
    let mut km = key_material();
    km.reads = vec![read("a", "", "metadata"), read("a", "", "zz"), read("a", "m", "analysis"), read("b", "", "analysis")];
    key::input_key(&km).expect("canonical");
    km.reads.swap(1, 2);
    rejected(key::input_key(&km));
    km.reads = vec![read("a", "", "metadata"), read("a", "", "metadata")];
    rejected(key::input_key(&km));
}

#[test]
fn an_unset_variable_and_an_empty_one_give_different_keys() {
    let mut unset = key_material();
    unset.inputs = vec![DirectInput::Env { name: "RUSTFLAGS".into(), value: None }];
    let mut empty = unset.clone();
    empty.inputs = vec![DirectInput::Env { name: "RUSTFLAGS".into(), value: Some(String::new()) }];
    assert_ne!(key::input_key(&unset).expect("key"), key::input_key(&empty).expect("key"));
}

#[test]
fn manifests_keep_observable_outputs_only_and_refuse_duplicate_names() {
    let output = |name: &str, observable: bool| Output { name: name.into(), blob: BlobRef { digest: Digest::sha256(name.as_bytes()), size: 1 }, observable };
    let m = key::manifest(&[output("z", true), output("log", false), output("a", true)]).expect("manifest");
    assert_eq!(m.outputs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["a", "z"]);
    rejected(key::manifest(&[output("a", true), output("a", true)]));
    let mut oversized = output("a", true);
    oversized.blob.size = 1 << 63;
    rejected(key::output_fingerprint(&[oversized]));
}

#[test]
fn digest_text_forms_are_lower_case_sha256() {
    let d = Digest::sha256(b"abc");
    assert_eq!(Digest::parse(&d.to_text()).expect("parses"), d);
    let hex_digits = &d.to_text()[7..];
    for bad in [format!("SHA256:{hex_digits}"), format!("sha256:{}", hex_digits.to_uppercase()), format!("sha256:{}", &hex_digits[2..]), format!("md5:{hex_digits}")] {
        rejected(Digest::parse(&bad));
    }
}
