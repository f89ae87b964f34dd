//! The testee side of the conformance harness protocol (spec chapter "The conformance harness
//! protocol"): frames in binary mode (4-byte little-endian length, then a single-object
//! `HarnessFrame`) or JSON-lines mode, and one reply per call.

#![deny(unsafe_code)]

use std::io::{self, BufRead, Read, Write};

use serde_json::{json, Map, Value};

use ibridge::activity::{self, CompiledOutput, Compiler, Step};
use ibridge::avro_model::{digest_from_avro, digest_to_avro, key_material_from_avro, subject_from_avro, subject_to_avro};
use ibridge::error::{Error, Result};
use ibridge::key;
use ibridge::model::{BlobRef, Digest, EmitOutcome, KeyMaterial, Output, Producer, Subject};
use ibridge::remote;
use ibridge::schemas;
use ibridge::store::{Lookup, Store};

/// The harness version of this schema (REQ-HARNESS-004).
pub(crate) const HARNESS_VERSION: i64 = 1;
/// The longest frame, the length prefix not counted (REQ-HARNESS-003).
pub(crate) const MAX_FRAME_BYTES: u64 = ibridge::protocol::MAX_MESSAGE_BYTES;
/// The testee's name in `HelloReply` and in the producer of the records it emits.
pub(crate) const TESTEE_NAME: &str = "ibridge-rust";
const NS: &str = "dev.ibridge.protocol.";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    Binary,
    JsonLines,
}

/// What arrived on the input.
pub(crate) enum Incoming {
    /// A frame's body: the branch's simple name (`Hello`, `Emit`, ...) and its value.
    Frame(String, Value),
    /// Bytes that are not a frame; the reason, for a `PARSE_ERROR`.
    Garbage(String),
    /// The input ended.
    Ended,
}

/// One end of a harness conversation.
pub struct Connection<R: BufRead, W: Write> {
    framing: Framing,
    input: R,
    output: W,
    /// Set after an oversized length prefix: the input can no longer be split into frames.
    desynchronised: bool,
}

fn garbage(message: impl Into<String>) -> Incoming {
    Incoming::Garbage(message.into())
}

/// Reads up to `n` bytes, answering fewer only at the end of the input.
fn read_up_to(input: &mut impl Read, n: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input.take(n).read_to_end(&mut bytes)?;
    Ok(bytes)
}

impl<R: BufRead, W: Write> Connection<R, W> {
    pub fn new(framing: Framing, input: R, output: W) -> Self {
        Connection { framing, input, output, desynchronised: false }
    }

    /// Reads the next frame.
    pub(crate) fn read(&mut self) -> io::Result<Incoming> {
        match self.framing {
            Framing::Binary => self.read_binary(),
            Framing::JsonLines => self.read_line(),
        }
    }

    fn read_binary(&mut self) -> io::Result<Incoming> {
        if self.desynchronised {
            return Ok(Incoming::Ended);
        }
        let prefix = read_up_to(&mut self.input, 4)?;
        if prefix.len() < 4 {
            return Ok(Incoming::Ended);
        }
        let len = u64::from(u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]));
        if len > MAX_FRAME_BYTES {
            // Answer at once (REQ-HARNESS-003); the frame's bytes are never read, so the input can no
            // longer be split into frames and the conversation ends after this answer.
            self.desynchronised = true;
            return Ok(garbage(format!("a frame of {len} bytes, over the limit of {MAX_FRAME_BYTES}")));
        }
        let bytes = read_up_to(&mut self.input, len)?;
        if (bytes.len() as u64) < len {
            return Ok(Incoming::Ended);
        }
        Ok(match schemas::harness_frame().decode_single_object(&bytes) {
            Ok(frame) => body(frame),
            Err(e) => garbage(format!("the frame does not decode: {e}")),
        })
    }

    fn read_line(&mut self) -> io::Result<Incoming> {
        loop {
            let mut line = Vec::new();
            (&mut self.input).take(MAX_FRAME_BYTES + 1).read_until(b'\n', &mut line)?;
            if line.is_empty() {
                return Ok(Incoming::Ended);
            }
            if line.last() != Some(&b'\n') && line.len() as u64 > MAX_FRAME_BYTES {
                let mut rest = Vec::new();
                while rest.last() != Some(&b'\n') {
                    rest.clear();
                    if (&mut self.input).take(1 << 20).read_until(b'\n', &mut rest)? == 0 {
                        return Ok(Incoming::Ended);
                    }
                }
                return Ok(garbage(format!("a line over the limit of {MAX_FRAME_BYTES} bytes")));
            }
            let Ok(text) = std::str::from_utf8(&line) else {
                return Ok(garbage("a line that is not UTF-8"));
            };
            if text.trim().is_empty() {
                continue;
            }
            return Ok(match schemas::harness_frame().decode_json(text.trim_end_matches(['\n', '\r'])) {
                Ok(frame) => body(frame),
                Err(e) => garbage(format!("the line is not a HarnessFrame: {e}")),
            });
        }
    }

    /// Writes one frame whose body is the branch `name` (a simple name) with `value`.
    pub(crate) fn write(&mut self, name: &str, value: Value) -> Result<()> {
        let mut body = Map::new();
        body.insert(format!("{NS}{name}"), value);
        let frame = json!({ "body": Value::Object(body) });
        let schema = schemas::harness_frame();
        match self.framing {
            Framing::Binary => {
                let bytes = schema.encode_single_object(&frame)?;
                self.output.write_all(&(bytes.len() as u32).to_le_bytes())?;
                self.output.write_all(&bytes)?;
            }
            Framing::JsonLines => {
                let text = schema.encode_json(&frame)?;
                self.output.write_all(text.as_bytes())?;
                self.output.write_all(b"\n")?;
            }
        }
        self.output.flush()?;
        Ok(())
    }

    fn error(&mut self, kind: &str, message: &str) -> Result<()> {
        let line: String = message.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
        self.write("ErrorReply", json!({"kind": kind, "message": line}))
    }
}

fn body(frame: Value) -> Incoming {
    let Some(body) = frame.get("body").and_then(Value::as_object) else {
        return garbage("a frame without a body");
    };
    match body.iter().next() {
        Some((name, value)) if body.len() == 1 => {
            Incoming::Frame(name.strip_prefix(NS).unwrap_or(name).to_string(), value.clone())
        }
        _ => garbage("a frame body that is not one union branch"),
    }
}

/// The testee's remote tier, configured by the environment (spec chapter "Remote stores",
/// REQ-REMOTE-010): a request's local miss asks it, an emit is queued, and the queues of every
/// store the process emitted into are uploaded in one batch when it ends.
fn remote_config() -> Option<&'static remote::Config> {
    static CONFIG: std::sync::OnceLock<Option<remote::Config>> = std::sync::OnceLock::new();
    CONFIG.get_or_init(|| remote::Config::from_vars(|n| std::env::var(n).ok()).ok().flatten()).as_ref()
}

/// The tier's own files for the store at `root`: a directory beside it, never inside it.
fn remote_state(root: &std::path::Path) -> std::path::PathBuf {
    let mut name = root.file_name().unwrap_or_default().to_os_string();
    name.push("-remote");
    root.with_file_name(name)
}

fn remote_for(store: &Store) -> Option<remote::Remote> {
    let config = remote_config()?.clone();
    let notice = remote::Notice::new(&remote_state(store.root()));
    (!notice.is_down()).then(|| remote::Remote::new(config, notice))
}

/// The stores this process queued uploads for, flushed when it ends.
static QUEUED: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

fn flush_queued() {
    let (Some(config), Ok(roots)) = (remote_config(), QUEUED.lock()) else { return };
    for root in roots.iter() {
        remote::flush_to(root, &remote_state(root), config);
    }
}

/// Serves calls until `Shutdown` or the end of the input (REQ-HARNESS-009), then uploads what the
/// remote tier queued.
pub fn serve<R: BufRead, W: Write>(conn: &mut Connection<R, W>) -> Result<()> {
    let served = serve_calls(conn);
    flush_queued();
    served
}

fn serve_calls<R: BufRead, W: Write>(conn: &mut Connection<R, W>) -> Result<()> {
    loop {
        match conn.read()? {
            Incoming::Ended => return Ok(()),
            Incoming::Garbage(reason) => conn.error("PARSE_ERROR", &reason)?,
            Incoming::Frame(name, value) => {
                if name == "Shutdown" {
                    return Ok(());
                }
                let answer = match name.as_str() {
                    "Hello" => hello(),
                    "DeriveKey" => derive_key(&value),
                    "OutputFingerprint" => output_fingerprint(&value),
                    "Request" => request(&value),
                    "Emit" => emit(&value),
                    "ReadStore" => read_store(&value),
                    "RunActivity" => run_activity(conn, &value),
                    other => {
                        conn.error("UNSUPPORTED", &format!("{other} is not a call this testee answers"))?;
                        continue;
                    }
                };
                match answer {
                    Ok((reply, value)) => conn.write(reply, value)?,
                    Err(Error::Io(e)) => conn.error("RUNTIME_ERROR", &e.to_string())?,
                    Err(e) => conn.error("REJECTED", &e.to_string())?,
                }
            }
        }
    }
}

type Answer = Result<(&'static str, Value)>;

fn field<'a>(value: &'a Value, name: &str) -> Result<&'a Value> {
    value.get(name).ok_or_else(|| Error::Decode { offset: 0, message: format!("missing {name}") })
}

fn text<'a>(value: &'a Value, name: &str) -> Result<&'a str> {
    field(value, name)?.as_str().ok_or_else(|| Error::Decode { offset: 0, message: format!("{name}: expected a string") })
}

fn violation(message: String) -> Error {
    Error::Invalid(message)
}

/// `bytes` in Avro's JSON shape: one character U+0000 to U+00FF per byte.
pub(crate) fn latin1(bytes: &[u8]) -> Value {
    Value::String(bytes.iter().map(|b| char::from(*b)).collect())
}

pub(crate) fn from_latin1(value: &Value, name: &str) -> Result<Vec<u8>> {
    let s = value.as_str().ok_or_else(|| Error::Decode { offset: 0, message: format!("{name}: expected bytes") })?;
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).map_err(|_| Error::Decode { offset: 0, message: format!("{name}: not a byte string") }))
        .collect()
}

fn optional_bytes(bytes: Option<&[u8]>) -> Value {
    match bytes {
        Some(b) => json!({ "bytes": latin1(b) }),
        None => Value::Null,
    }
}

fn hello() -> Answer {
    Ok((
        "HelloReply",
        json!({
            "harnessVersion": HARNESS_VERSION,
            "name": TESTEE_NAME,
            "version": env!("CARGO_PKG_VERSION"),
            "operations": ["DERIVE_KEY", "OUTPUT_FINGERPRINT", "REQUEST", "EMIT", "RUN_ACTIVITY", "READ_STORE"],
            "facets": [],
        }),
    ))
}

fn key_material(value: &Value) -> Result<KeyMaterial> {
    key_material_from_avro(field(value, "keyMaterial")?, "keyMaterial").map_err(violation)
}

fn derive_key(value: &Value) -> Answer {
    let km = key_material(value)?;
    let bytes = key::canonical_bytes(&km)?;
    let input_key = Digest::sha256(&bytes);
    Ok(("DeriveKeyReply", json!({"inputKey": digest_to_avro(&input_key), "canonicalBytes": optional_bytes(Some(&bytes))})))
}

fn output_fingerprint(value: &Value) -> Answer {
    let refs = field(value, "outputs")?.as_array().cloned().unwrap_or_default();
    let mut outputs = Vec::with_capacity(refs.len());
    for (i, r) in refs.iter().enumerate() {
        let at = format!("outputs[{i}]");
        let size = field(r, "size")?.as_i64().and_then(|n| u64::try_from(n).ok());
        let Some(size) = size else { return Err(Error::Invalid(format!("{at}.size is negative"))) };
        outputs.push(Output {
            name: text(r, "name")?.to_string(),
            blob: BlobRef { digest: digest_from_avro(field(r, "digest")?, &at).map_err(violation)?, size },
            observable: field(r, "observable")?.as_bool().unwrap_or(false),
        });
    }
    let bytes = key::output_manifest_bytes(&outputs)?;
    let fingerprint = Digest::sha256(&bytes);
    Ok((
        "OutputFingerprintReply",
        json!({"outputFingerprint": digest_to_avro(&fingerprint), "canonicalBytes": optional_bytes(Some(&bytes))}),
    ))
}

fn open(value: &Value) -> Result<Store> {
    Store::open(text(value, "store")?, TESTEE_NAME)
}

/// Whether the directory a call names holds a store (a `STORE` entry, whatever it holds: a bad
/// header is refused when the store is opened). Requests and queries never create a store
/// (REQ-STORE-096); only a remote tier does, to land what it fetched.
fn holds_store(value: &Value) -> Result<bool> {
    Ok(std::fs::symlink_metadata(std::path::Path::new(text(value, "store")?).join("STORE")).is_ok())
}

fn request(value: &Value) -> Answer {
    let subject = subject_from_avro(field(value, "subject")?, "subject").map_err(violation)?;
    let facet = text(value, "facet")?;
    let km = key_material(value)?;
    if !holds_store(value)? && remote_config().is_none() {
        let reason = format!("there is no store at {} (no STORE file)", text(value, "store")?);
        return Ok(("RequestReply", json!({"outcome": "MISS", "record": null, "missReason": {"string": reason}})));
    }
    let store = open(value)?;
    let mut lookup = store.request(&subject, facet, &km)?;
    if matches!(lookup, Lookup::Miss { .. }) {
        if let Some(remote) = remote_for(&store) {
            if remote.fetch(&store, &km) {
                lookup = store.request(&subject, facet, &km)?;
            }
        }
    }
    let reply = match lookup {
        Lookup::Hit { bytes, .. } => json!({"outcome": "HIT", "record": optional_bytes(Some(&bytes)), "missReason": null}),
        Lookup::Miss { reason } => json!({"outcome": "MISS", "record": null, "missReason": {"string": reason}}),
    };
    Ok(("RequestReply", reply))
}

fn outcome_name(outcome: EmitOutcome) -> &'static str {
    match outcome {
        EmitOutcome::Created => "CREATED",
        EmitOutcome::AlreadyPresent => "ALREADY_PRESENT",
        EmitOutcome::Conflict => "CONFLICT",
    }
}

fn emit(value: &Value) -> Answer {
    let record = from_latin1(field(value, "record")?, "record")?;
    let mut blobs = Vec::new();
    for (i, b) in field(value, "blobs")?.as_array().into_iter().flatten().enumerate() {
        let at = format!("blobs[{i}]");
        let digest = digest_from_avro(field(b, "digest")?, &at).map_err(violation)?;
        blobs.push((digest, from_latin1(field(b, "content")?, &at)?));
    }
    // Decode and check everything before touching the store directory.
    let decoded = ibridge::record::decode_record(&record)?;
    let store = open(value)?;
    let emitted = store.emit_encoded(&record, &blobs)?;
    if emitted.outcome != EmitOutcome::Conflict {
        if let Some(remote) = remote_for(&store) {
            remote.enqueue(&decoded);
            if let Ok(mut roots) = QUEUED.lock() {
                if !roots.iter().any(|r| r == store.root()) {
                    roots.push(store.root().to_path_buf());
                }
            }
        }
    }
    Ok((
        "EmitReply",
        json!({
            "outcome": outcome_name(emitted.outcome),
            "bytesWritten": emitted.bytes_written as i64,
            "bytesDeduplicated": emitted.bytes_deduplicated as i64,
        }),
    ))
}

fn read_store(value: &Value) -> Answer {
    let query = field(value, "query")?.as_object().and_then(|o| o.iter().next()).map(|(k, v)| (k.clone(), v.clone()));
    let Some((name, query)) = query else { return Err(Error::Invalid("ReadStore without a query".into())) };
    let store = if holds_store(value)? { Some(open(value)?) } else { None };
    let answer = match name.strip_prefix(NS).unwrap_or(&name) {
        "RecordQuery" => {
            let key = digest_from_avro(field(&query, "inputKey")?, "inputKey").map_err(violation)?;
            let bytes = match &store {
                Some(store) => store.record(&key)?.map(|(_, bytes)| bytes),
                None => None,
            };
            json!({ format!("{NS}RecordAnswer"): {"record": optional_bytes(bytes.as_deref())} })
        }
        "HeadsQuery" => {
            let facet = match field(&query, "facet")? {
                Value::Null => None,
                other => Some(text(other, "string")?.to_string()),
            };
            let heads = match &store {
                Some(store) => store.heads(facet.as_deref())?,
                None => Vec::new(),
            };
            let heads: Vec<Value> = heads
                .into_iter()
                .map(|h| json!({"subject": subject_to_avro(&h.subject), "facet": h.facet, "inputKey": digest_to_avro(&h.input_key)}))
                .collect();
            json!({ format!("{NS}HeadsAnswer"): {"heads": heads} })
        }
        "BlobQuery" => {
            let digest = digest_from_avro(field(&query, "digest")?, "digest").map_err(violation)?;
            let content = store.as_ref().and_then(|store| store.read_blob(&digest).ok().flatten());
            json!({ format!("{NS}BlobAnswer"): {"content": optional_bytes(content.as_deref())} })
        }
        other => return Err(Error::Invalid(format!("unknown query {other}")))
    };
    Ok(("ReadStoreReply", json!({ "answer": answer })))
}

/// The runner as the compiler of a `RunActivity`: each `Compile` goes out as a frame, and the
/// next frame is its answer.
struct RunnerCompiler<'c, R: BufRead, W: Write> {
    conn: &'c mut Connection<R, W>,
}

impl<R: BufRead, W: Write> Compiler for RunnerCompiler<'_, R, W> {
    fn compile(&mut self, subject: &Subject, facet: &str, material: &KeyMaterial) -> Result<Vec<CompiledOutput>> {
        self.conn.write(
            "Compile",
            json!({
                "subject": subject_to_avro(subject),
                "facet": facet,
                "keyMaterial": ibridge::avro_model::key_material_to_avro(material),
            }),
        )?;
        match self.conn.read()? {
            Incoming::Frame(name, value) if name == "CompileReply" => {
                let mut outputs = Vec::new();
                for o in field(&value, "outputs")?.as_array().into_iter().flatten() {
                    outputs.push(CompiledOutput {
                        name: text(o, "name")?.to_string(),
                        content: from_latin1(field(o, "content")?, "content")?,
                        observable: field(o, "observable")?.as_bool().unwrap_or(false),
                    });
                }
                Ok(outputs)
            }
            Incoming::Frame(name, value) if name == "ErrorReply" => Err(Error::Invalid(format!(
                "the runner refused to compile {facet}: {}",
                value.get("message").and_then(Value::as_str).unwrap_or("")
            ))),
            Incoming::Frame(name, _) => Err(Error::Invalid(format!("expected CompileReply, got {name}"))),
            Incoming::Garbage(reason) => Err(Error::Invalid(format!("expected CompileReply: {reason}"))),
            Incoming::Ended => Err(Error::Io(io::Error::new(io::ErrorKind::UnexpectedEof, "the input ended during a Compile"))),
        }
    }
}

fn step_to_avro(step: &Step) -> Value {
    json!({
        "subject": subject_to_avro(&step.subject),
        "facet": step.facet,
        "decision": if step.reused { "REUSED" } else { "RECOMPUTED" },
        "inputKey": digest_to_avro(&step.input_key),
        "outputFingerprint": digest_to_avro(&step.output_fingerprint),
    })
}

fn run_activity<R: BufRead, W: Write>(conn: &mut Connection<R, W>, value: &Value) -> Answer {
    let workspace = activity::Workspace::parse(text(value, "workspace")?)?;
    let mut catalog = activity::Catalog::builtin();
    match field(value, "catalog")? {
        Value::Null => {}
        other => catalog.add_json(text(other, "string")?, "the activity call's catalog")?,
    }
    let name = text(value, "activity")?;
    let packages: Vec<String> = field(value, "packages")?
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect();
    let plan = activity::plan(&workspace, &catalog, name, &packages)?;
    let store = open(value)?;
    let producer = Producer { activity: name.to_string(), tool: TESTEE_NAME.to_string(), tool_version: env!("CARGO_PKG_VERSION").to_string() };
    store.start_session(producer.clone())?;
    let steps = activity::run(&store, &workspace, &catalog, &plan, &producer, &mut RunnerCompiler { conn })?;
    store.end_session()?;
    Ok(("ActivityReport", json!({ "steps": steps.iter().map(step_to_avro).collect::<Vec<_>>() })))
}
