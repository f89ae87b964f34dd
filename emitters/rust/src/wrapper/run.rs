//! One wrapper invocation: plan, request, restore on a hit, compute and emit on a miss, and fall
//! through to the plain tool for anything the plan cannot model.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use super::args::{self, Invocation, Plan, Tool};
use super::bridge::{self, Bridge};
use super::stats::{self, Outcome};
use super::checkout::Checkout;
use super::{artifacts, depinfo, explain, location, toolchain, usage};
use crate::error::{Error, Program};
use ibridge::error::Exit;
use ibridge::store::touched;
use ibridge::model::{ConfigEntry, DirectInput, KeyMaterial, Output, Producer, Read, Record, Subject, Toolchain, Unit};

/// Output names of the captured streams; every other output is a file in the out dir.
const STDERR: &str = "rustc.stderr";
const STDOUT: &str = "rustc.stdout";

/// Environment variables, besides the `CARGO_` ones, that can change what rustc produces.
const RUSTC_ENV: &[&str] = &["RUSTC_BOOTSTRAP"];
/// ... and what clippy-driver produces (cargo sets `CLIPPY_ARGS` for every unit under
/// `cargo clippy`, so it is in the key of the clippy facet only).
const CLIPPY_ENV: &[&str] = &["RUSTC_BOOTSTRAP", "CLIPPY_ARGS", "CLIPPY_CONF_DIR"];

struct Context {
    store: PathBuf,
    state: PathBuf,
    started: Instant,
}

/// Runs the wrapper on `argv` (without the wrapper's own name) and returns the exit code.
pub fn main(argv: Vec<OsString>) -> i32 {
    let started = Instant::now();
    let Some(first) = argv.first() else {
        let usage = "usage: ibridge-rustc-wrapper RUSTC ARGS... (set RUSTC_WRAPPER to this binary; --help says more)";
        return Error::Usage(usage.into()).report(Program::Wrapper);
    };
    if let Some(code) = usage::own_option(first) {
        return code;
    }
    let tool = if Path::new(first).file_name().is_some_and(|n| n.to_string_lossy().starts_with("clippy-driver")) {
        Tool::ClippyDriver
    } else {
        Tool::Rustc
    };
    let Some(store) = location::store() else {
        usage::warn_no_store();
        return passthrough(&argv);
    };
    let state = state_dir(&store);
    touched::remember();
    ibridge::store::remember_real_directories();
    let ctx = Context { store, state, started };
    let model_from = if tool == Tool::ClippyDriver { 2 } else { 1 };
    let strings: Option<Vec<String>> = argv.iter().skip(model_from).map(|a| a.clone().into_string().ok()).collect();
    let plan = match strings {
        Some(s) if argv.len() > model_from => args::plan(tool, &s),
        Some(_) => Plan::Passthrough("probe"),
        None => Plan::Passthrough("argument that is not UTF-8"),
    };
    let inv = match plan {
        Plan::Model(inv) => inv,
        Plan::Passthrough("probe") => return passthrough(&argv),
        Plan::Passthrough(reason) => return counted_passthrough(&ctx, &argv, "-", &usage::crate_name(&argv), reason),
    };
    match modelled(&ctx, &argv, &inv) {
        Ok(code) => code,
        Err(Fallback(reason)) => counted_passthrough(&ctx, &argv, args::facet(&inv), &inv.crate_name, &reason),
    }
}

/// `ibridge-rustc-wrapper --remote-flush`, which ends a run: uploads the emits queued for the
/// remote store in one batch. A fault is one warning line and leaves its entries queued; the exit
/// status is 0 unless there is no store.
pub fn remote_flush() -> i32 {
    let Some(store) = location::store() else {
        let message = "--remote-flush: no store (IBRIDGE_STORE is unset and there is no home directory)";
        return Error::Usage(message.into()).report(Program::Wrapper);
    };
    ibridge::remote::flush(&store, &state_dir(&store));
    Exit::Success.code()
}

/// The wrapper's own files live next to the store, never inside it (the store layout admits
/// no other entries): `<store>-wrapper/`.
pub(crate) fn state_dir(store: &Path) -> PathBuf {
    let mut name = store.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| OsString::from("ibridge"));
    name.push("-wrapper");
    store.with_file_name(name)
}

fn absolute(p: PathBuf) -> PathBuf {
    if p.is_absolute() {
        p
    } else {
        std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p)
    }
}

fn passthrough(argv: &[OsString]) -> i32 {
    match Command::new(&argv[0]).args(&argv[1..]).status() {
        Ok(s) => Exit::of_tool(s).code(),
        Err(error) => Error::ToolDidNotStart { tool: argv[0].clone(), error }.report(Program::Wrapper),
    }
}

fn counted_passthrough(ctx: &Context, argv: &[OsString], facet: &str, crate_name: &str, reason: &str) -> i32 {
    let code = passthrough(argv);
    let _ = std::fs::create_dir_all(&ctx.state);
    stats::append(&ctx.state, Outcome::Passthrough, facet, crate_name, 0, ctx.started.elapsed().as_micros(), reason);
    code
}

/// Why a modelled invocation is run as a plain one after all (before the tool ran).
struct Fallback(String);

impl<E: std::fmt::Display> From<E> for Fallback {
    fn from(e: E) -> Self {
        Fallback(e.to_string())
    }
}

/// The subject of the invocation: the package (cargo's name and version, else the crate name),
/// the target (crate name and types) and the target triple.
pub(crate) fn subject(inv: &Invocation, host: &str) -> Subject {
    let package_id = match (std::env::var("CARGO_PKG_NAME"), std::env::var("CARGO_PKG_VERSION")) {
        (Ok(n), Ok(v)) if !n.is_empty() && !v.is_empty() => format!("{n}@{v}"),
        _ => inv.crate_name.clone(),
    };
    Subject {
        unit: Unit {
            package_id,
            target_name: inv.crate_name.clone(),
            target_kind: inv.crate_types.join(","),
            target_triple: inv.target.clone().unwrap_or_else(|| host.to_string()),
        },
        module_path: String::new(),
    }
}

fn activity(facet: &str) -> &'static str {
    match facet {
        "codegen" => "build",
        "org.rust-lang.clippy.lints" => "clippy",
        _ => "check",
    }
}

fn producer(facet: &str) -> Producer {
    Producer { activity: activity(facet).into(), tool: "ibridge-rustc-wrapper".into(), tool_version: env!("CARGO_PKG_VERSION").into() }
}

/// Everything in the key except the source inputs, which come from dep-info.
struct Frame {
    subject: Subject,
    facet: &'static str,
    toolchain: Toolchain,
    config: Vec<ConfigEntry>,
    reads: Vec<Read>,
    exe_suffix: &'static str,
    checkout: Checkout,
    /// Whether the wrapper adds `--remap-path-prefix=ROOT/=` (see [`remaps_root`]).
    remap: bool,
}

/// The config entries that bind a record to its checkout (spec chapter "cargo bridge").
const BOUND_ROOT: &str = "checkout.root";
const BOUND_TARGET: &str = "checkout.target-dir";

/// Whether rustc is told to write the checkout root as nothing (`--remap-path-prefix=ROOT/=`), so
/// that the `.rmeta` holds workspace paths relative to the root (rustc otherwise stores its
/// working dir and each source's absolute path). Only where this cannot change what anyone sees:
/// a workspace member (its source is given relative to the root, so its diagnostics name files
/// relative to the root either way), without debuginfo in a link (debuginfo names the
/// compilation dir, which debuggers and backtraces read) unless the user asked for portable
/// debuginfo ([`PORTABLE_DEBUGINFO`]), without a build script (whose `OUT_DIR` files are
/// included by absolute path), and when the command line remaps nothing itself.
fn remaps_root(inv: &Invocation, checkout: &Checkout) -> bool {
    let links = inv.emits.iter().any(|e| e == "link");
    !Path::new(&inv.source).is_absolute()
        && !(links && inv.debuginfo && !portable_debuginfo())
        && std::env::var_os("OUT_DIR").is_none()
        && !inv.remaps
        && checkout.root.len() > 1
}

/// Set to `1`, a linked member's debuginfo names its sources relative to the checkout root, as
/// cargo's `trim-paths` does, so debug builds and tests at different paths share records.
const PORTABLE_DEBUGINFO: &str = "IBRIDGE_PORTABLE_DEBUGINFO";

fn portable_debuginfo() -> bool {
    std::env::var_os(PORTABLE_DEBUGINFO).is_some_and(|v| v == "1")
}

fn frame(ctx: &Context, store: &Bridge, argv: &[OsString], inv: &Invocation) -> Result<Frame, Fallback> {
    let rustc = Path::new(&argv[if inv.tool == Tool::ClippyDriver { 1 } else { 0 }]);
    let rustc = resolve(rustc);
    let mut version = toolchain::version(&ctx.state, &rustc, "-vV")?;
    let host = toolchain::host(&version).ok_or_else(|| Fallback("no host in rustc -vV".into()))?.to_string();
    let name = if inv.tool == Tool::ClippyDriver {
        version = format!("{}{version}", toolchain::version(&ctx.state, &resolve(Path::new(&argv[0])), "--version")?);
        "clippy-driver"
    } else {
        "rustc"
    };
    let subject = subject(inv, &host);
    let facet = args::facet(inv);
    let cwd = std::env::current_dir()?;
    let checkout = Checkout::new(&cwd, &absolute(inv.out_dir.clone()), inv.target.is_some())
        .ok_or_else(|| Fallback("working or out dir is not UTF-8".into()))?;
    let remap = remaps_root(inv, &checkout);
    // One entry per argument, numbered so that the name order is the argument order. The out
    // dir is not among them: it changes no output but the dep-info's rule targets and the
    // artifact notifications, which are stored with a mark in its place.
    let mut config: Vec<ConfigEntry> = inv
        .normalised
        .iter()
        .enumerate()
        .map(|(i, a)| ConfigEntry { name: format!("rustc.arg.{i:05}"), value: a.clone() })
        .collect();
    if remap {
        config.push(ConfigEntry { name: "rustc.remap-root".into(), value: "relative".into() });
    }
    let tool_env = if inv.tool == Tool::ClippyDriver { CLIPPY_ENV } else { RUSTC_ENV };
    for (k, v) in std::env::vars_os() {
        let (Some(k), Some(v)) = (k.to_str(), v.to_str()) else { continue };
        if (k.starts_with("CARGO_") && k != "CARGO_MAKEFLAGS") || tool_env.contains(&k) {
            config.push(ConfigEntry { name: format!("env.{k}"), value: checkout.normalise_value(v) });
        }
    }
    if inv.tool == Tool::ClippyDriver {
        let conf_dir = std::env::var_os("CLIPPY_CONF_DIR").filter(|v| !v.is_empty()).map(PathBuf::from);
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
        let value = match clippy_conf(conf_dir.as_deref(), manifest_dir.as_deref()) {
            Some(path) => {
                let bytes = std::fs::read(&path)?;
                format!("{} {}", checkout.normalise_value(&path.to_string_lossy()), bridge::blob_digest(&bytes).to_text())
            }
            None => "none".to_string(),
        };
        config.push(ConfigEntry { name: "clippy.conf".into(), value });
    }
    config.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    let triple = subject.unit.target_triple.clone();
    let mut reads = Vec::new();
    for ext in &inv.externs {
        let Some(path) = &ext.path else { continue };
        reads.push(artifacts::read_of(store, &ext.name, &absolute(path.clone()), &triple, bridge::file_fingerprint)?);
    }
    reads.sort_by(|a, b| read_order(a).cmp(&read_order(b)));
    reads.dedup();
    if reads.windows(2).any(|w| read_order(&w[0]) == read_order(&w[1])) {
        return Err(Fallback("two externs read one node with different outputs".into()));
    }
    let exe_suffix = if triple.contains("windows") { ".exe" } else { "" };
    Ok(Frame { subject, facet, toolchain: Toolchain { name: name.into(), version }, config, reads, exe_suffix, checkout, remap })
}

fn read_order(r: &Read) -> (&[u8], &[u8], &[u8], &[u8], &[u8], &[u8]) {
    let u = &r.subject.unit;
    (u.package_id.as_bytes(), u.target_name.as_bytes(), u.target_kind.as_bytes(), u.target_triple.as_bytes(), r.subject.module_path.as_bytes(), r.facet.as_bytes())
}

/// A bare tool name is looked up on PATH, so its version cache keys on the real binary.
fn resolve(tool: &Path) -> PathBuf {
    if tool.components().count() > 1 {
        return tool.to_path_buf();
    }
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join(tool)).find(|p| p.is_file()))
        .unwrap_or_else(|| tool.to_path_buf())
}

/// The direct inputs: each file with digest and size, then each variable with its value.
fn inputs(files: &[String], env: &[String]) -> std::io::Result<Vec<DirectInput>> {
    let mut files: Vec<&String> = files.iter().collect();
    files.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    files.dedup();
    let mut env: Vec<&String> = env.iter().collect();
    env.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    env.dedup();
    let mut out = Vec::with_capacity(files.len() + env.len());
    for path in files {
        let bytes = std::fs::read(path)?;
        out.push(DirectInput::File { path: path.clone(), digest: bridge::blob_digest(&bytes), size: bytes.len() as u64 });
    }
    for name in env {
        let value = match std::env::var_os(name) {
            None => None,
            Some(v) => Some(v.into_string().map_err(|_| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{name} is not UTF-8"))
            })?),
        };
        out.push(DirectInput::Env { name: name.clone(), value });
    }
    Ok(out)
}

/// clippy's configuration file: the first `clippy.toml` or `.clippy.toml` in `CLIPPY_CONF_DIR`,
/// else in `CARGO_MANIFEST_DIR` and its ancestors, the way clippy looks for it. Creating one
/// where there was none must change the key, so its absence is part of the key as well.
pub(crate) fn clippy_conf(conf_dir: Option<&Path>, manifest_dir: Option<&Path>) -> Option<PathBuf> {
    let names = ["clippy.toml", ".clippy.toml"];
    if let Some(dir) = conf_dir {
        return names.iter().map(|n| dir.join(n)).find(|p| p.is_file());
    }
    let mut dir = manifest_dir?.to_path_buf();
    loop {
        if let Some(found) = names.iter().map(|n| dir.join(n)).find(|p| p.is_file()) {
            return Some(found);
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// Which places a record is bound to: the checkout root, the target dir, both or neither.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Bound {
    root: bool,
    target: bool,
}

const UNBOUND: Bound = Bound { root: false, target: false };

/// The key material. A record bound to its checkout root or target dir also names that place,
/// so only an invocation in the same place finds it.
fn key_material(frame: &Frame, inputs: Vec<DirectInput>, bound: Bound) -> KeyMaterial {
    let mut config = frame.config.clone();
    if bound.root {
        config.push(ConfigEntry { name: BOUND_ROOT.into(), value: frame.checkout.root.clone() });
    }
    if bound.target {
        config.push(ConfigEntry { name: BOUND_TARGET.into(), value: frame.checkout.target.clone() });
    }
    config.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    KeyMaterial {
        protocol_major: 1,
        subject: frame.subject.clone(),
        facet: frame.facet.to_string(),
        toolchain: frame.toolchain.clone(),
        config,
        inputs,
        reads: frame.reads.clone(),
    }
}

fn bound_of(record: &Record) -> Bound {
    let has = |n: &str| record.key_material.config.iter().any(|c| c.name == n);
    Bound { root: has(BOUND_ROOT), target: has(BOUND_TARGET) }
}

/// The source list to try: the one of the last record of this subject and facet.
fn previous_sources(head: &Record) -> (Vec<String>, Vec<String>) {
    let mut files = Vec::new();
    let mut env = Vec::new();
    for input in &head.key_material.inputs {
        match input {
            DirectInput::File { path, .. } => files.push(path.clone()),
            DirectInput::Env { name, .. } => env.push(name.clone()),
        }
    }
    (files, env)
}

fn modelled(ctx: &Context, argv: &[OsString], inv: &Invocation) -> Result<i32, Fallback> {
    let store = Bridge::open(&ctx.store, &ctx.state, &producer(args::facet(inv)))?;
    let frame = frame(ctx, &store, argv, inv)?;
    let head = store.head(&frame.subject, frame.facet)?;
    let mut tried = None;
    if let Some(head) = &head {
        let (files, env) = previous_sources(head);
        // A file of the last compilation that is gone now is a miss, not an error.
        if let Ok(inputs) = inputs(&files, &env) {
            // The flavour of the last record first: a unit bound to its checkout stays bound.
            let first = bound_of(head);
            let flavours = if first == UNBOUND { vec![UNBOUND] } else { vec![first, UNBOUND] };
            for bound in flavours {
                let km = key_material(&frame, inputs.clone(), bound);
                if let Some(record) = store.request(&km)? {
                    if let Some(bytes) = restore(ctx, &store, inv, &frame, &record)? {
                        stats::append(&ctx.state, Outcome::Hit, frame.facet, &inv.crate_name, bytes, ctx.started.elapsed().as_micros(), "");
                        return Ok(0);
                    }
                }
                tried.get_or_insert(km);
            }
        }
    }
    stats::note_why(explain::on_miss(head.as_ref().map(|h| &h.key_material), tried.as_ref()));
    Ok(compute(ctx, &store, argv, inv, &frame))
}

/// Restores the record's files into the out dir (each one atomically: a hard link of the blob,
/// or a copy where linking fails, at a temporary name, then a rename; the dep-info file is
/// written with this invocation's out dir), then replays the tool's output exactly. Returns
/// `None`, before touching anything, if the record does not hold the outputs this invocation
/// produces.
fn restore(ctx: &Context, store: &Bridge, inv: &Invocation, frame: &Frame, record: &Record) -> Result<Option<u64>, Fallback> {
    let expected = args::output_names(inv, frame.exe_suffix);
    let by_name = |n: &str| record.outputs.iter().find(|o| o.name == n);
    if expected.iter().any(|n| by_name(n).is_none()) || by_name(STDERR).is_none() || by_name(STDOUT).is_none() {
        return Ok(None);
    }
    let mut bytes = 0;
    for name in &expected {
        let Some(out) = by_name(name) else { continue };
        let dst = inv.out_dir.join(name);
        let blob = store.blob_path(&out.blob.digest)?;
        if name.ends_with(".d") {
            write_new(&dst, &frame.checkout.replay_depinfo(&std::fs::read(&blob)?))?;
        } else {
            place(ctx, &blob, &dst, is_executable(inv, name))?;
            if let Ok(meta) = std::fs::metadata(&dst) {
                artifacts::DigestCache::note(store, &meta, &out.blob.digest.value);
            }
        }
        bytes += out.blob.size;
    }
    for (name, mut sink) in [(STDOUT, Box::new(std::io::stdout()) as Box<dyn Write>), (STDERR, Box::new(std::io::stderr()))] {
        if let Some(out) = by_name(name) {
            if out.blob.size > 0 {
                sink.write_all(&frame.checkout.replay_stream(&std::fs::read(store.blob_path(&out.blob.digest)?)?))?;
                sink.flush()?;
            }
        }
    }
    Ok(Some(bytes))
}

fn is_executable(inv: &Invocation, name: &str) -> bool {
    let lib = inv.crate_types.iter().any(|t| t == "lib" || t == "rlib");
    !lib && inv.emits.iter().any(|e| e == "link") && !name.ends_with(".d") && !name.ends_with(".rmeta")
}

fn temporary(dst: &Path) -> PathBuf {
    let dir = dst.parent().unwrap_or(Path::new("."));
    let name = dst.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    dir.join(format!(".{name}.ibridge-{}", std::process::id()))
}

/// Writes `content` as a new file at `dst` (a temporary name, then a rename).
fn write_new(dst: &Path, content: &[u8]) -> std::io::Result<()> {
    let tmp = temporary(dst);
    let _ = std::fs::remove_file(&tmp);
    std::fs::write(&tmp, content)?;
    std::fs::rename(&tmp, dst)
}

/// Puts the blob at `dst` as a hard link, so target dir and store share the bytes. The blob has
/// the mode rustc gives its outputs (0644, an executable 0755): rustc refuses to replace an
/// output that is not writable, so a read-only blob would break a later plain cargo (or
/// rust-analyzer) on the same target dir. rustc and the linkers replace an output by a rename
/// or unlink it first, so they never write into a blob; a write in place by anyone else changes
/// the blob's identity, and the next request that names it hashes it again and misses. Where no
/// link can be made (another file system, a file system without links) the blob is copied (a
/// reflink where the file system offers one), said once per store.
fn place(ctx: &Context, blob: &Path, dst: &Path, executable: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let tmp = temporary(dst);
    let _ = std::fs::remove_file(&tmp);
    let mode = std::fs::metadata(blob)?.permissions().mode() & 0o7777;
    let wanted = if executable { mode | 0o755 } else { mode | 0o644 };
    if mode != wanted {
        std::fs::set_permissions(blob, std::fs::Permissions::from_mode(wanted))?;
    }
    if let Err(e) = std::fs::hard_link(blob, &tmp) {
        copy_said_once(ctx, &e);
        std::fs::copy(blob, &tmp)?;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(if executable { 0o755 } else { 0o644 }))?;
    }
    // cargo compares output times with its dependencies' times: a restored file is new.
    if let Ok(f) = std::fs::File::open(&tmp) {
        let _ = f.set_modified(SystemTime::now());
    }
    std::fs::rename(&tmp, dst)
}

fn copy_said_once(ctx: &Context, why: &std::io::Error) {
    let marker = ctx.state.join("copies-said");
    if std::fs::OpenOptions::new().write(true).create_new(true).open(&marker).is_ok() {
        eprintln!(
            "ibridge-rustc-wrapper: cannot hard-link store blobs into the target dir ({why}); copying instead, which costs disk (put the store on the target dir's file system)"
        );
    }
}

/// Runs the tool with its output passed through as it comes and captured, then emits the record.
/// The outputs it will write are removed first: they may be hard links of blobs, and a tool that
/// writes in place must not write into the store.
fn compute(ctx: &Context, store: &Bridge, argv: &[OsString], inv: &Invocation, frame: &Frame) -> i32 {
    for name in args::output_names(inv, frame.exe_suffix) {
        let _ = std::fs::remove_file(inv.out_dir.join(name));
    }
    let began = SystemTime::now();
    let mut command = Command::new(&argv[0]);
    command.args(&argv[1..]);
    if frame.remap {
        command.arg(format!("--remap-path-prefix={}/=", frame.checkout.root));
    }
    let child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(error) => return Error::ToolDidNotStart { tool: argv[0].clone(), error }.report(Program::Wrapper),
    };
    let out_pipe = child.stdout.take().map(|p| std::thread::spawn(move || tee(p, std::io::stdout())));
    let err_pipe = child.stderr.take().map(|p| std::thread::spawn(move || tee(p, std::io::stderr())));
    let stdout = out_pipe.and_then(|t| t.join().ok()).unwrap_or_default();
    let stderr = err_pipe.and_then(|t| t.join().ok()).unwrap_or_default();
    let code = match child.wait() {
        Ok(s) => Exit::of_tool(s).code(),
        Err(_) => Exit::ToolDidNotRun.code(),
    };
    let elapsed = |c: &Context| c.started.elapsed().as_micros();
    if code != 0 {
        stats::append(&ctx.state, Outcome::Unrecorded, frame.facet, &inv.crate_name, 0, elapsed(ctx), "tool failed");
        return code;
    }
    match emit(ctx, store, inv, frame, began, stdout, stderr) {
        Ok(bytes) => stats::append(&ctx.state, Outcome::Computed, frame.facet, &inv.crate_name, bytes, elapsed(ctx), ""),
        Err(Fallback(reason)) => stats::append(&ctx.state, Outcome::Unrecorded, frame.facet, &inv.crate_name, 0, elapsed(ctx), &reason),
    }
    Exit::Success.code()
}

fn tee(mut from: impl std::io::Read, mut to: impl Write) -> Vec<u8> {
    let mut all = Vec::new();
    let mut buf = [0u8; 16384];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => return all,
            Ok(n) => {
                all.extend_from_slice(&buf[..n]);
                let _ = to.write_all(&buf[..n]);
                let _ = to.flush();
            }
        }
    }
}

/// Emits the record of a computation: the dep-info file and the captured streams stored with the
/// out dir marked, the record bound to the checkout when anything stored still names it, then
/// every other output replaced by a hard link of its blob.
fn emit(ctx: &Context, store: &Bridge, inv: &Invocation, frame: &Frame, began: SystemTime, stdout: Vec<u8>, stderr: Vec<u8>) -> Result<u64, Fallback> {
    let dep_text = std::fs::read_to_string(args::dep_info_path(inv))?;
    let dep = depinfo::parse(&dep_text);
    for f in &dep.files {
        if std::fs::metadata(f)?.modified()? > began {
            return Err(Fallback("a source changed during the compilation".into()));
        }
    }
    let checkout = &frame.checkout;
    let marked = |b: Option<Vec<u8>>| b.ok_or_else(|| Fallback("the output holds the wrapper's out-dir mark".into()));
    let mut blobs: Vec<(String, bool, Vec<u8>)> =
        vec![(STDERR.into(), false, marked(checkout.store_stream(&stderr))?), (STDOUT.into(), false, marked(checkout.store_stream(&stdout))?)];
    for name in args::output_names(inv, frame.exe_suffix) {
        let observable = !name.ends_with(".d");
        let bytes = std::fs::read(inv.out_dir.join(&name))?;
        let stored = if observable { bytes } else { marked(checkout.store_depinfo(&bytes))? };
        blobs.push((name.clone(), observable, stored));
    }
    let inputs = inputs(&dep.files, &dep.env)?;
    let bound = Bound {
        root: blobs.iter().any(|b| checkout.names_root(&b.2))
            || inputs.iter().any(|i| matches!(i, DirectInput::File { path, .. } if checkout.names_root_path(path))),
        target: blobs.iter().any(|b| checkout.names_target(&b.2))
            || inputs.iter().any(|i| matches!(i, DirectInput::File { path, .. } if checkout.names_target_path(path))),
    };
    let km = key_material(frame, inputs, bound);
    blobs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let outputs: Vec<Output> = blobs.iter().map(|(name, observable, bytes)| bridge::output(name, *observable, bytes)).collect();
    let record = bridge::record(producer(frame.facet), km, outputs)?;
    let contents: Vec<&[u8]> = blobs.iter().map(|b| b.2.as_slice()).collect();
    store.emit(&record, &contents)?;
    for (out, (name, observable, _)) in record.outputs.iter().zip(&blobs) {
        if !*observable || name == STDERR || name == STDOUT {
            continue;
        }
        let dst = inv.out_dir.join(name);
        place(ctx, &store.blob_path(&out.blob.digest)?, &dst, is_executable(inv, name))?;
        if let Ok(meta) = std::fs::metadata(&dst) {
            artifacts::DigestCache::note(store, &meta, &out.blob.digest.value);
        }
    }
    Ok(blobs.iter().map(|b| b.2.len() as u64).sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clippy_conf_is_found_in_the_manifest_dir_or_above_unless_a_conf_dir_is_given() {
        let root = tempfile::tempdir().expect("tempdir");
        let member = root.path().join("crates/a");
        std::fs::create_dir_all(&member).expect("mkdir");
        assert_eq!(clippy_conf(None, Some(&member)).filter(|p| p.starts_with(root.path())), None);
        std::fs::write(root.path().join("clippy.toml"), "msrv = \"1.70\"\n").expect("write");
        assert_eq!(clippy_conf(None, Some(&member)), Some(root.path().join("clippy.toml")));
        std::fs::write(member.join(".clippy.toml"), "").expect("write");
        assert_eq!(clippy_conf(None, Some(&member)), Some(member.join(".clippy.toml")));
        let elsewhere = tempfile::tempdir().expect("tempdir");
        assert_eq!(clippy_conf(Some(elsewhere.path()), Some(&member)), None);
    }

    #[test]
    fn the_state_directory_is_next_to_the_store() {
        assert_eq!(state_dir(Path::new("/w/target/ibridge")), PathBuf::from("/w/target/ibridge-wrapper"));
    }

    #[test]
    fn an_unset_variable_and_an_empty_one_are_different_inputs() {
        let name = "IBRIDGE_WRAPPER_TEST_UNSET_VARIABLE_4711";
        let unset = inputs(&[], &[name.to_string()]).expect("inputs");
        assert_eq!(unset, vec![DirectInput::Env { name: name.into(), value: None }]);
    }

    #[test]
    fn inputs_are_files_by_path_then_variables_by_name_without_duplicates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let b = dir.path().join("b.rs");
        let a = dir.path().join("a.rs");
        std::fs::write(&b, "fn b() {}").expect("write");
        std::fs::write(&a, "fn a() {}").expect("write");
        let (a, b) = (a.to_string_lossy().into_owned(), b.to_string_lossy().into_owned());
        let got = inputs(&[b.clone(), a.clone(), b.clone()], &["Z_UNSET_4711".into(), "A_UNSET_4711".into()]).expect("inputs");
        let names: Vec<String> = got
            .iter()
            .map(|i| match i {
                DirectInput::File { path, size, .. } => format!("{path}:{size}"),
                DirectInput::Env { name, .. } => name.clone(),
            })
            .collect();
        assert_eq!(names, vec![format!("{a}:9"), format!("{b}:9"), "A_UNSET_4711".into(), "Z_UNSET_4711".into()]);
        assert!(inputs(&[dir.path().join("gone.rs").to_string_lossy().into_owned()], &[]).is_err());
    }
}
