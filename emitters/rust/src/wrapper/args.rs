//! The rustc command line as the wrapper sees it: what the invocation computes (crate, crate
//! types, emitted kinds, output names) and its normalised form for the key material.

use std::path::PathBuf;

/// The tool cargo runs inside the wrapper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tool {
    Rustc,
    /// cargo clippy runs `$RUSTC_WRAPPER clippy-driver rustc ARGS` for workspace members.
    ClippyDriver,
}

/// One `--extern NAME[=PATH]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Extern {
    pub name: String,
    pub path: Option<PathBuf>,
}

/// A rustc invocation the wrapper can model. Everything else is a [`Plan::Passthrough`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Invocation {
    pub tool: Tool,
    pub crate_name: String,
    /// `lib`, `rlib` or `bin`, in command-line order; `test` when `--test` is given.
    pub crate_types: Vec<String>,
    /// The kinds of `--emit`, sorted (`dep-info`, `link`, `metadata`).
    pub emits: Vec<String>,
    pub extra_filename: String,
    pub out_dir: PathBuf,
    pub target: Option<String>,
    pub externs: Vec<Extern>,
    /// The source file, as cargo gives it: relative to the workspace root for a member.
    pub source: String,
    /// Whether debuginfo is on (`-g`, or `-C debuginfo` other than `0`/`none`).
    pub debuginfo: bool,
    /// Whether the command line already remaps paths (`--remap-path-prefix`).
    pub remaps: bool,
    /// The arguments with output-irrelevant paths left out and externs named by crate only.
    pub normalised: Vec<String>,
}

/// What the wrapper does with one command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    Model(Invocation),
    /// Run the tool unchanged; the reason is counted in the stats.
    Passthrough(&'static str),
}

/// Which facet an invocation computes: a link is `codegen`, clippy's check its lints facet,
/// and a check without link the crate's `metadata`.
pub(crate) fn facet(inv: &Invocation) -> &'static str {
    if inv.tool == Tool::ClippyDriver {
        "org.rust-lang.clippy.lints"
    } else if inv.emits.iter().any(|e| e == "link") {
        "codegen"
    } else {
        "metadata"
    }
}

/// Option names whose value is a separate argument (or joined with `=`).
const WITH_VALUE: &[&str] = &[
    "--crate-name", "--edition", "--error-format", "--json", "--crate-type", "--emit", "-C",
    "--codegen", "--out-dir", "-L", "--extern", "--cfg", "--check-cfg", "--cap-lints", "--target",
    "-A", "-W", "-D", "-F", "--allow", "--warn", "--deny", "--forbid", "--force-warn", "-Z",
    "--print", "-o", "--explain", "--sysroot", "-l", "--remap-path-prefix", "--diagnostic-width",
    "--crate-attr", "--env-set",
];

/// Splits the command line into (option, value) pairs and positional arguments.
fn tokens(args: &[String]) -> Result<Vec<(String, Option<String>)>, &'static str> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if !a.starts_with('-') || a == "-" {
            out.push((String::new(), Some(a.clone())));
            continue;
        }
        if let Some((name, value)) = a.split_once('=').filter(|(n, _)| n.starts_with("--")) {
            out.push((name.to_string(), Some(value.to_string())));
            continue;
        }
        let short_joined = ["-C", "-L", "-A", "-W", "-D", "-F", "-Z", "-l", "-o"]
            .iter()
            .find(|p| a.len() > 2 && a.starts_with(**p));
        if let Some(p) = short_joined {
            out.push((p.to_string(), Some(a[2..].to_string())));
            continue;
        }
        if WITH_VALUE.contains(&a.as_str()) {
            let value = args.get(i).ok_or("option without value")?;
            i += 1;
            out.push((a.clone(), Some(value.clone())));
        } else {
            out.push((a.clone(), None));
        }
    }
    Ok(out)
}

/// Decides how to handle `args` (the tool's arguments, without the tool path).
pub(crate) fn plan(tool: Tool, args: &[String]) -> Plan {
    let toks = match tokens(args) {
        Ok(t) => t,
        Err(reason) => return Plan::Passthrough(reason),
    };
    let mut crate_name = None;
    let mut crate_types = Vec::new();
    let mut emits: Vec<String> = Vec::new();
    let mut extra_filename = String::new();
    let mut out_dir = None;
    let mut target = None;
    let mut externs = Vec::new();
    let mut sources = 0;
    let mut source = String::new();
    let mut debuginfo = false;
    let mut remaps = false;
    let mut normalised = Vec::new();
    for (name, value) in &toks {
        let v = value.clone().unwrap_or_default();
        match name.as_str() {
            "" => {
                sources += 1;
                source = v.clone();
                normalised.push(v);
                continue;
            }
            "--print" | "-vV" | "-V" | "--version" | "-v" | "--explain" | "--help" | "-h" => {
                return Plan::Passthrough("probe")
            }
            "-o" => return Plan::Passthrough("explicit -o output"),
            "-g" => debuginfo = true,
            "--remap-path-prefix" => remaps = true,
            "--crate-name" => crate_name = Some(v.clone()),
            "--crate-type" => crate_types.extend(v.split(',').map(str::to_string)),
            "--test" => crate_types.push("test".to_string()),
            "--emit" => {
                for kind in v.split(',') {
                    if kind.contains('=') {
                        return Plan::Passthrough("--emit with an explicit path");
                    }
                    emits.push(kind.to_string());
                }
            }
            "--out-dir" => {
                out_dir = Some(PathBuf::from(&v));
                continue;
            }
            "--target" => target = Some(v.clone()),
            "--extern" => {
                let (n, p) = match v.split_once('=') {
                    Some((n, p)) => (n.to_string(), Some(PathBuf::from(p))),
                    None => (v.clone(), None),
                };
                normalised.push(format!("--extern={n}"));
                externs.push(Extern { name: n, path: p });
                continue;
            }
            "-L" if v.starts_with("dependency=") => continue,
            "-C" | "--codegen" => {
                let (key, val) = v.split_once('=').unwrap_or((v.as_str(), ""));
                match key {
                    "incremental" => continue,
                    "extra-filename" => extra_filename = val.to_string(),
                    "debuginfo" => debuginfo = !matches!(val, "0" | "none"),
                    "split-debuginfo" if val != "off" => {
                        return Plan::Passthrough("split debuginfo")
                    }
                    "save-temps" | "profile-generate" | "profile-use" | "linker-plugin-lto" => {
                        return Plan::Passthrough("codegen option with extra files")
                    }
                    _ => {}
                }
            }
            "-Z" => return Plan::Passthrough("unstable -Z option"),
            _ => {}
        }
        normalised.push(match value {
            Some(v) => format!("{name}={v}"),
            None => name.clone(),
        });
    }
    let Some(crate_name) = crate_name else { return Plan::Passthrough("no --crate-name") };
    if crate_name.starts_with("build_script_") {
        return Plan::Passthrough("build script");
    }
    if sources != 1 {
        return Plan::Passthrough("not exactly one source file");
    }
    if crate_types.is_empty() {
        crate_types.push("bin".to_string());
    }
    for t in &crate_types {
        match t.as_str() {
            "lib" | "rlib" | "bin" | "test" => {}
            "proc-macro" => return Plan::Passthrough("proc-macro"),
            _ => return Plan::Passthrough("crate type with native output"),
        }
    }
    emits.sort();
    emits.dedup();
    if !emits.iter().any(|e| e == "dep-info") {
        return Plan::Passthrough("no dep-info emitted");
    }
    if emits.iter().any(|e| !matches!(e.as_str(), "dep-info" | "metadata" | "link")) {
        return Plan::Passthrough("emit kind not modelled");
    }
    let Some(out_dir) = out_dir else { return Plan::Passthrough("no --out-dir") };
    Plan::Model(Invocation {
        tool,
        crate_name,
        crate_types,
        emits,
        extra_filename,
        out_dir,
        target,
        externs,
        source,
        debuginfo,
        remaps,
        normalised,
    })
}

/// The files rustc writes into the out dir for this invocation, by file name.
pub(crate) fn output_names(inv: &Invocation, exe_suffix: &str) -> Vec<String> {
    let stem = format!("{}{}", inv.crate_name, inv.extra_filename);
    let is_lib = inv.crate_types.iter().any(|t| t == "lib" || t == "rlib");
    let mut names = Vec::new();
    for emit in &inv.emits {
        match emit.as_str() {
            "dep-info" => names.push(format!("{stem}.d")),
            "metadata" => names.push(format!("lib{stem}.rmeta")),
            "link" if is_lib => names.push(format!("lib{stem}.rlib")),
            "link" => names.push(format!("{stem}{exe_suffix}")),
            _ => {}
        }
    }
    names
}

/// The dep-info file of the invocation.
pub(crate) fn dep_info_path(inv: &Invocation) -> PathBuf {
    inv.out_dir.join(format!("{}{}.d", inv.crate_name, inv.extra_filename))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    const CHECK: &str = "--crate-name geometry --edition=2021 crates/geometry/src/lib.rs \
        --error-format=json --json=diagnostic-rendered-ansi,artifacts,future-incompat \
        --crate-type lib --emit=dep-info,metadata -C embed-bitcode=no -C debuginfo=2 \
        -C metadata=129d80e9831565ba -C extra-filename=-1c8ecf7ac8ff69a6 --out-dir /t/debug/deps \
        -C incremental=/t/debug/incremental -L dependency=/t/debug/deps \
        --extern shapes=/t/debug/deps/libshapes-6896b9f5ca9f8746.rmeta";

    fn model(s: &str) -> Invocation {
        match plan(Tool::Rustc, &words(s)) {
            Plan::Model(inv) => inv,
            Plan::Passthrough(r) => panic!("expected a model, got passthrough: {r}"),
        }
    }

    #[test]
    fn a_cargo_check_of_a_lib_is_modelled_as_metadata() {
        let inv = model(CHECK);
        assert_eq!(inv.crate_name, "geometry");
        assert_eq!(inv.emits, vec!["dep-info", "metadata"]);
        assert_eq!(facet(&inv), "metadata");
        assert_eq!(inv.out_dir, PathBuf::from("/t/debug/deps"));
        assert_eq!(
            inv.externs,
            vec![Extern {
                name: "shapes".into(),
                path: Some("/t/debug/deps/libshapes-6896b9f5ca9f8746.rmeta".into())
            }]
        );
        assert_eq!(
            output_names(&inv, ""),
            vec!["geometry-1c8ecf7ac8ff69a6.d", "libgeometry-1c8ecf7ac8ff69a6.rmeta"]
        );
    }

    #[test]
    fn normalisation_drops_paths_that_do_not_change_the_output() {
        let inv = model(CHECK);
        let joined = inv.normalised.join(" ");
        assert!(!joined.contains("/t/debug"), "{joined}");
        assert!(joined.contains("--extern=shapes"), "{joined}");
        assert!(joined.contains("-C=metadata=129d80e9831565ba"), "{joined}");
        assert!(joined.contains("-C=extra-filename=-1c8ecf7ac8ff69a6"), "{joined}");
        let moved = model(&CHECK.replace("/t/", "/elsewhere/"));
        assert_eq!(inv.normalised, moved.normalised);
    }

    #[test]
    fn joined_and_separate_option_values_normalise_alike() {
        let a = model(CHECK);
        let b = model(&CHECK.replace("-C debuginfo=2", "-Cdebuginfo=2").replace("--crate-type lib", "--crate-type=lib"));
        assert_eq!(a.normalised, b.normalised);
    }

    #[test]
    fn every_flag_that_changes_the_output_changes_the_normalised_form() {
        let base = model(CHECK).normalised;
        for (from, to) in [
            ("debuginfo=2", "debuginfo=0"),
            ("--edition=2021", "--edition=2018"),
            ("metadata=129d80e9831565ba", "metadata=0000000000000000"),
            ("--extern shapes=", "--extern shapez="),
            ("-C embed-bitcode=no", "-C embed-bitcode=no --cfg feature=\"x\""),
        ] {
            let changed = model(&CHECK.replace(from, to)).normalised;
            assert_ne!(base, changed, "{from} -> {to}");
        }
    }

    #[test]
    fn a_link_is_codegen_and_names_the_rlib_or_the_executable() {
        let lib = model(&CHECK.replace("dep-info,metadata", "dep-info,metadata,link"));
        assert_eq!(facet(&lib), "codegen");
        assert!(output_names(&lib, "").contains(&"libgeometry-1c8ecf7ac8ff69a6.rlib".to_string()));
        let bin = model(&CHECK.replace("--crate-type lib", "--crate-type bin").replace("dep-info,metadata", "dep-info,link"));
        assert_eq!(output_names(&bin, ""), vec!["geometry-1c8ecf7ac8ff69a6.d", "geometry-1c8ecf7ac8ff69a6"]);
    }

    #[test]
    fn clippy_driver_emits_the_clippy_facet() {
        let Plan::Model(inv) = plan(Tool::ClippyDriver, &words(CHECK)) else { panic!("passthrough") };
        assert_eq!(facet(&inv), "org.rust-lang.clippy.lints");
    }

    #[test]
    fn what_cannot_be_modelled_passes_through() {
        for (args, why) in [
            ("-vV", "probe"),
            ("- --crate-name ___ --print=file-names --crate-type bin", "probe"),
            (&*CHECK.replace("--crate-name geometry", "--crate-name build_script_build"), "build script"),
            (&*CHECK.replace("--crate-type lib", "--crate-type proc-macro"), "proc-macro"),
            (&*CHECK.replace("--crate-type lib", "--crate-type cdylib"), "crate type with native output"),
            (&*CHECK.replace("dep-info,metadata", "metadata"), "no dep-info emitted"),
            (&*CHECK.replace("--emit=dep-info,metadata", "--emit=dep-info,metadata=/x.rmeta"), "--emit with an explicit path"),
            (&*format!("{CHECK} -C split-debuginfo=packed"), "split debuginfo"),
            (&*format!("{CHECK} -Z time-passes"), "unstable -Z option"),
            (&*format!("{CHECK} --cap-lints"), "option without value"),
        ] {
            assert_eq!(plan(Tool::Rustc, &words(args)), Plan::Passthrough(why), "{args}");
        }
    }
}
