//! A small schema-driven Avro codec (Avro specification 1.12) over `serde_json::Value`.
//!
//! Values use the shape of Avro's JSON encoding: records are objects, enums their symbol,
//! `bytes` and `fixed` a string of the code points U+0000 to U+00FF (one per byte), and a union
//! is `null` or a one-member object keyed by the branch's type name (REQ-AVRO-003).
//!
//! Writers write every array as one block (REQ-AVRO-001, REQ-KEY-003). Readers accept any valid
//! encoding and check every length and count against the bytes that remain before they allocate
//! (REQ-AVRO-004, REQ-SEC-006).

#![deny(unsafe_code)]

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde_json::{Map, Number, Value};

use crate::error::{Error, Result};
use crate::generated::protocol as limits;

/// The largest message any decoder accepts (REQ-AVRO-004).
pub(crate) const MAX_MESSAGE_BYTES: usize = limits::MAX_MESSAGE_BYTES as usize;
/// The deepest nesting of records, arrays, maps and unions a decoder accepts (REQ-SEC-006).
pub(crate) const MAX_DEPTH: usize = limits::AVRO_NESTING_LIMIT as usize;
/// Items of zero encoded size accepted in one array or map (spec chapter "Security", limits).
pub(crate) const MAX_ZERO_SIZE_ITEMS: u64 = limits::MAX_AVRO_ZERO_SIZE_ITEMS;
/// The two marker bytes of the single-object encoding (REQ-AVRO-002).
pub(crate) const SINGLE_OBJECT_MARKER: [u8; 2] = [0xc3, 0x01];

#[derive(Clone, Debug)]
enum Node {
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
    Record { name: String, fields: Vec<(String, usize)> },
    Enum { name: String, symbols: Vec<String> },
    Array(usize),
    Map(usize),
    Union(Vec<usize>),
    Fixed { name: String, size: usize },
}

/// A parsed Avro schema, with its Parsing Canonical Form and CRC-64-AVRO fingerprint.
#[derive(Clone, Debug)]
pub struct Schema {
    nodes: Vec<Node>,
    root: usize,
    min_size: Vec<u64>,
    canonical_form: String,
    fingerprint: u64,
}

fn schema_error(message: impl Into<String>) -> Error {
    Error::Invalid(format!("invalid Avro schema: {}", message.into()))
}

fn primitive(name: &str) -> Option<Node> {
    Some(match name {
        "null" => Node::Null,
        "boolean" => Node::Boolean,
        "int" => Node::Int,
        "long" => Node::Long,
        "float" => Node::Float,
        "double" => Node::Double,
        "bytes" => Node::Bytes,
        "string" => Node::String,
        _ => return None,
    })
}

struct Parser {
    nodes: Vec<Node>,
    names: HashMap<String, usize>,
}

impl Parser {
    fn push(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    fn full_name(name: &str, namespace: Option<&str>, enclosing: &str) -> String {
        if name.contains('.') {
            return name.to_string();
        }
        match namespace.unwrap_or(enclosing) {
            "" => name.to_string(),
            ns => format!("{ns}.{name}"),
        }
    }

    fn reference(&mut self, name: &str, enclosing: &str) -> Result<usize> {
        if let Some(node) = primitive(name) {
            return Ok(self.push(node));
        }
        let full = Self::full_name(name, None, enclosing);
        self.names
            .get(&full)
            .or_else(|| self.names.get(name))
            .copied()
            .ok_or_else(|| schema_error(format!("unknown type {name}")))
    }

    fn parse(&mut self, json: &Value, enclosing: &str, depth: usize) -> Result<usize> {
        if depth > MAX_DEPTH {
            return Err(schema_error("nested too deeply"));
        }
        match json {
            Value::String(name) => self.reference(name, enclosing),
            Value::Array(branches) => {
                let mut indices = Vec::with_capacity(branches.len());
                for branch in branches {
                    indices.push(self.parse(branch, enclosing, depth + 1)?);
                }
                Ok(self.push(Node::Union(indices)))
            }
            Value::Object(object) => self.parse_object(object, enclosing, depth),
            other => Err(schema_error(format!("not a schema: {other}"))),
        }
    }

    fn parse_object(&mut self, object: &Map<String, Value>, enclosing: &str, depth: usize) -> Result<usize> {
        let kind = object.get("type").ok_or_else(|| schema_error("missing \"type\""))?;
        let kind = match kind {
            Value::String(kind) => kind.as_str(),
            nested => return self.parse(nested, enclosing, depth + 1),
        };
        let text = |key: &str| object.get(key).and_then(Value::as_str);
        match kind {
            "record" | "error" | "enum" | "fixed" => {
                let name = text("name").ok_or_else(|| schema_error("named type without \"name\""))?;
                let full = Self::full_name(name, text("namespace"), enclosing);
                if self.names.contains_key(&full) {
                    return Err(schema_error(format!("{full} defined twice")));
                }
                let namespace = full.rsplit_once('.').map_or("", |(ns, _)| ns).to_string();
                let index = self.push(Node::Null);
                self.names.insert(full.clone(), index);
                self.nodes[index] = match kind {
                    "enum" => {
                        let symbols = object
                            .get("symbols")
                            .and_then(Value::as_array)
                            .ok_or_else(|| schema_error(format!("enum {full} without symbols")))?
                            .iter()
                            .map(|s| s.as_str().map(str::to_string).ok_or_else(|| schema_error("enum symbol")))
                            .collect::<Result<Vec<_>>>()?;
                        Node::Enum { name: full, symbols }
                    }
                    "fixed" => {
                        let size = object
                            .get("size")
                            .and_then(Value::as_u64)
                            .ok_or_else(|| schema_error(format!("fixed {full} without size")))?;
                        Node::Fixed { name: full, size: size as usize }
                    }
                    _ => {
                        let declared = object
                            .get("fields")
                            .and_then(Value::as_array)
                            .ok_or_else(|| schema_error(format!("record {full} without fields")))?;
                        let mut fields = Vec::with_capacity(declared.len());
                        for field in declared {
                            let field_name = field
                                .get("name")
                                .and_then(Value::as_str)
                                .ok_or_else(|| schema_error(format!("field of {full} without name")))?;
                            let field_type = field
                                .get("type")
                                .ok_or_else(|| schema_error(format!("field {full}.{field_name} without type")))?;
                            fields.push((field_name.to_string(), self.parse(field_type, &namespace, depth + 1)?));
                        }
                        Node::Record { name: full, fields }
                    }
                };
                Ok(index)
            }
            "array" => {
                let items = object.get("items").ok_or_else(|| schema_error("array without items"))?;
                let items = self.parse(items, enclosing, depth + 1)?;
                Ok(self.push(Node::Array(items)))
            }
            "map" => {
                let values = object.get("values").ok_or_else(|| schema_error("map without values"))?;
                let values = self.parse(values, enclosing, depth + 1)?;
                Ok(self.push(Node::Map(values)))
            }
            name => self.reference(name, enclosing),
        }
    }
}

impl Schema {
    /// Parses a schema from its JSON text.
    pub fn parse(json: &str) -> Result<Schema> {
        let value: Value = serde_json::from_str(json).map_err(|e| schema_error(e.to_string()))?;
        let mut parser = Parser { nodes: Vec::new(), names: HashMap::new() };
        let root = parser.parse(&value, "", 0)?;
        let nodes = parser.nodes;
        let min_size = (0..nodes.len()).map(|i| min_encoded_size(&nodes, i, &mut HashSet::new())).collect();
        let mut canonical_form = String::new();
        write_canonical(&nodes, root, &mut HashSet::new(), &mut canonical_form);
        let fingerprint = crc64_avro(canonical_form.as_bytes());
        Ok(Schema { nodes, root, min_size, canonical_form, fingerprint })
    }

    /// The schema's Parsing Canonical Form (Avro specification, "Parsing Canonical Form").
    pub fn canonical_form(&self) -> &str {
        &self.canonical_form
    }

    /// The CRC-64-AVRO fingerprint of the Parsing Canonical Form.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The full name of the root type, for named types.
    pub fn full_name(&self) -> Option<&str> {
        match &self.nodes[self.root] {
            Node::Record { name, .. } | Node::Enum { name, .. } | Node::Fixed { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The 10 bytes every single-object message of this schema starts with.
    pub fn single_object_header(&self) -> [u8; 10] {
        let mut header = [0u8; 10];
        header[..2].copy_from_slice(&SINGLE_OBJECT_MARKER);
        header[2..].copy_from_slice(&self.fingerprint.to_le_bytes());
        header
    }

    /// Writes `value` in Avro binary, every array as one block. A value that does not match the
    /// schema is a caller error (`Error::Invalid`) naming the path of the bad member.
    pub fn encode_binary(&self, value: &Value) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.encode_node(self.root, value, &mut out, &mut String::from("$"))?;
        Ok(out)
    }

    /// The single-object form: marker, fingerprint little-endian, then the binary form.
    pub fn encode_single_object(&self, value: &Value) -> Result<Vec<u8>> {
        let mut out = self.single_object_header().to_vec();
        self.encode_node(self.root, value, &mut out, &mut String::from("$"))?;
        Ok(out)
    }

    /// Checks that `value` is a value of this schema in Avro's JSON shape.
    pub(crate) fn validate(&self, value: &Value) -> Result<()> {
        self.encode_node(self.root, value, &mut Vec::new(), &mut String::from("$"))
    }

    /// Avro's JSON encoding of `value` as text: record members in schema order, and strings
    /// escaped as Avro 1.12 for Java writes them (control characters and characters beyond
    /// U+FFFF as `\uXXXX` escapes, everything else as is), so that the text is the same.
    pub fn encode_json(&self, value: &Value) -> Result<String> {
        self.validate(value)?;
        let mut out = String::new();
        self.write_json(self.root, value, &mut out);
        Ok(out)
    }

    /// Writes a value `validate` accepted; members it lacks cannot occur.
    fn write_json(&self, index: usize, value: &Value, out: &mut String) {
        match (&self.nodes[index], value) {
            (Node::Record { fields, .. }, Value::Object(object)) => {
                out.push('{');
                for (i, (field, node)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(field, out);
                    out.push(':');
                    self.write_json(*node, object.get(field).unwrap_or(&Value::Null), out);
                }
                out.push('}');
            }
            (Node::Array(items), Value::Array(array)) => {
                out.push('[');
                for (i, item) in array.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.write_json(*items, item, out);
                }
                out.push(']');
            }
            (Node::Map(values), Value::Object(map)) => {
                out.push('{');
                for (i, (key, item)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(key, out);
                    out.push(':');
                    self.write_json(*values, item, out);
                }
                out.push('}');
            }
            (Node::Union(branches), Value::Object(object)) => {
                if let Some((key, inner)) = object.iter().next() {
                    out.push('{');
                    write_json_string(key, out);
                    out.push(':');
                    let branch = branches.iter().copied().find(|b| self.branch_name(*b) == key);
                    match branch {
                        Some(branch) => self.write_json(branch, inner, out),
                        None => out.push_str("null"),
                    }
                    out.push('}');
                }
            }
            (_, Value::String(text)) => write_json_string(text, out),
            (_, other) => out.push_str(&other.to_string()),
        }
    }

    /// Reads Avro's JSON encoding strictly (REQ-SEC-008): duplicate members, unknown members,
    /// text after the value and numbers out of their field's range are decode errors.
    pub fn decode_json(&self, text: &str) -> Result<Value> {
        let value = crate::avro::strict_json::parse(text)?;
        self.validate(&value).map_err(|e| match e {
            Error::Invalid(message) => Error::Decode { offset: 0, message },
            other => other,
        })?;
        Ok(value)
    }

    /// Reads one value from `bytes`, which must hold exactly that value.
    pub fn decode_binary(&self, bytes: &[u8]) -> Result<Value> {
        self.decode_at(bytes, 0)
    }

    /// Reads a single-object message: checks the marker and this schema's fingerprint, then the
    /// value (REQ-SEC-007).
    pub fn decode_single_object(&self, bytes: &[u8]) -> Result<Value> {
        if bytes.len() < 10 {
            return Err(Error::Decode { offset: bytes.len() as u64, message: "single-object message shorter than its 10-byte header".into() });
        }
        if bytes[..2] != SINGLE_OBJECT_MARKER {
            return Err(Error::Decode { offset: 0, message: format!("single-object marker is {:02x} {:02x}, expected c3 01", bytes[0], bytes[1]) });
        }
        let mut fingerprint = [0u8; 8];
        fingerprint.copy_from_slice(&bytes[2..10]);
        let fingerprint = u64::from_le_bytes(fingerprint);
        if fingerprint != self.fingerprint {
            return Err(Error::Decode {
                offset: 2,
                message: format!("unknown schema fingerprint {fingerprint:016x}, expected {:016x}", self.fingerprint),
            });
        }
        self.decode_at(&bytes[10..], 10)
    }

    fn decode_at(&self, bytes: &[u8], base: u64) -> Result<Value> {
        if bytes.len() > MAX_MESSAGE_BYTES {
            return Err(Error::Decode { offset: base, message: format!("message of {} bytes exceeds 64 MiB", bytes.len()) });
        }
        let mut reader = Reader { schema: self, bytes, pos: 0, base };
        let value = reader.node(self.root, 0)?;
        if reader.pos != bytes.len() {
            return Err(reader.error(format!("{} bytes after the value", bytes.len() - reader.pos)));
        }
        Ok(value)
    }

    fn encode_node(&self, index: usize, value: &Value, out: &mut Vec<u8>, path: &mut String) -> Result<()> {
        let mismatch = |path: &str, expected: &str| Error::Invalid(format!("{path}: expected {expected}, found {value}"));
        match &self.nodes[index] {
            Node::Null => value.as_null().ok_or_else(|| mismatch(path, "null")),
            Node::Boolean => {
                out.push(value.as_bool().ok_or_else(|| mismatch(path, "boolean"))? as u8);
                Ok(())
            }
            Node::Int => {
                let n = value.as_i64().filter(|n| i32::try_from(*n).is_ok()).ok_or_else(|| mismatch(path, "int"))?;
                write_long(out, n);
                Ok(())
            }
            Node::Long => {
                write_long(out, value.as_i64().ok_or_else(|| mismatch(path, "long"))?);
                Ok(())
            }
            Node::Float => {
                let f = value.as_f64().ok_or_else(|| mismatch(path, "float"))?;
                out.extend_from_slice(&(f as f32).to_le_bytes());
                Ok(())
            }
            Node::Double => {
                out.extend_from_slice(&value.as_f64().ok_or_else(|| mismatch(path, "double"))?.to_le_bytes());
                Ok(())
            }
            Node::String => {
                let s = value.as_str().ok_or_else(|| mismatch(path, "string"))?;
                write_long(out, s.len() as i64);
                out.extend_from_slice(s.as_bytes());
                Ok(())
            }
            Node::Bytes => {
                let bytes = latin1_bytes(value).ok_or_else(|| mismatch(path, "bytes (code points up to U+00FF)"))?;
                write_long(out, bytes.len() as i64);
                out.extend_from_slice(&bytes);
                Ok(())
            }
            Node::Fixed { name, size } => {
                let bytes = latin1_bytes(value).filter(|b| b.len() == *size).ok_or_else(|| mismatch(path, name))?;
                out.extend_from_slice(&bytes);
                Ok(())
            }
            Node::Enum { name, symbols } => {
                let symbol = value.as_str().ok_or_else(|| mismatch(path, name))?;
                let i = symbols.iter().position(|s| s == symbol).ok_or_else(|| mismatch(path, name))?;
                write_long(out, i as i64);
                Ok(())
            }
            Node::Record { name, fields } => {
                let object = value.as_object().ok_or_else(|| mismatch(path, name))?;
                if let Some(unknown) = object.keys().find(|k| !fields.iter().any(|(f, _)| f == *k)) {
                    return Err(Error::Invalid(format!("{path}: unknown member \"{unknown}\" of {name}")));
                }
                for (field, node) in fields {
                    let member = object
                        .get(field)
                        .ok_or_else(|| Error::Invalid(format!("{path}: missing member \"{field}\" of {name}")))?;
                    let len = path.len();
                    path.push('.');
                    path.push_str(field);
                    self.encode_node(*node, member, out, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            Node::Array(items) => {
                let array = value.as_array().ok_or_else(|| mismatch(path, "array"))?;
                if !array.is_empty() {
                    write_long(out, array.len() as i64);
                    for (i, item) in array.iter().enumerate() {
                        let len = path.len();
                        let _ = write!(path, "[{i}]");
                        self.encode_node(*items, item, out, path)?;
                        path.truncate(len);
                    }
                }
                out.push(0);
                Ok(())
            }
            Node::Map(values) => {
                let map = value.as_object().ok_or_else(|| mismatch(path, "map"))?;
                if !map.is_empty() {
                    write_long(out, map.len() as i64);
                    for (key, item) in map {
                        write_long(out, key.len() as i64);
                        out.extend_from_slice(key.as_bytes());
                        let len = path.len();
                        let _ = write!(path, "[{key:?}]");
                        self.encode_node(*values, item, out, path)?;
                        path.truncate(len);
                    }
                }
                out.push(0);
                Ok(())
            }
            Node::Union(branches) => {
                let (branch, inner) = match value {
                    Value::Null => {
                        let i = branches
                            .iter()
                            .position(|b| matches!(self.nodes[*b], Node::Null))
                            .ok_or_else(|| mismatch(path, "a union branch"))?;
                        (i, value)
                    }
                    Value::Object(object) if object.len() == 1 => {
                        let (key, inner) = object.iter().next().ok_or_else(|| mismatch(path, "a union branch"))?;
                        let i = branches
                            .iter()
                            .position(|b| self.branch_name(*b) == key)
                            .ok_or_else(|| Error::Invalid(format!("{path}: no union branch named \"{key}\"")))?;
                        (i, inner)
                    }
                    _ => return Err(mismatch(path, "null or a one-member object naming a union branch")),
                };
                write_long(out, branch as i64);
                if matches!(self.nodes[branches[branch]], Node::Null) {
                    return inner.as_null().ok_or_else(|| mismatch(path, "null"));
                }
                let len = path.len();
                path.push('.');
                path.push_str(self.branch_name(branches[branch]));
                self.encode_node(branches[branch], inner, out, path)?;
                path.truncate(len);
                Ok(())
            }
        }
    }

    /// The name that keys a union branch in Avro's JSON encoding.
    fn branch_name(&self, index: usize) -> &str {
        match &self.nodes[index] {
            Node::Null => "null",
            Node::Boolean => "boolean",
            Node::Int => "int",
            Node::Long => "long",
            Node::Float => "float",
            Node::Double => "double",
            Node::Bytes => "bytes",
            Node::String => "string",
            Node::Record { name, .. } | Node::Enum { name, .. } | Node::Fixed { name, .. } => name,
            Node::Array(_) => "array",
            Node::Map(_) => "map",
            Node::Union(_) => "union",
        }
    }
}

/// A JSON string as Jackson (and so Avro for Java) writes it.
fn write_json_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c if u32::from(c) > 0xffff => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{:04X}", unit));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn latin1_bytes(value: &Value) -> Option<Vec<u8>> {
    value.as_str()?.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

fn latin1_string(bytes: &[u8]) -> String {
    bytes.iter().map(|b| char::from(*b)).collect()
}

/// Appends `n` zig-zag encoded as a base-128 varint (REQ-KEY-002).
pub(crate) fn write_long(out: &mut Vec<u8>, n: i64) {
    let mut z = ((n << 1) ^ (n >> 63)) as u64;
    while z >= 0x80 {
        out.push((z as u8 & 0x7f) | 0x80);
        z >>= 7;
    }
    out.push(z as u8);
}

fn min_encoded_size(nodes: &[Node], index: usize, visiting: &mut HashSet<usize>) -> u64 {
    if !visiting.insert(index) {
        return 0;
    }
    let size = match &nodes[index] {
        Node::Null => 0,
        Node::Float => 4,
        Node::Double => 8,
        Node::Fixed { size, .. } => *size as u64,
        Node::Record { fields, .. } => fields
            .iter()
            .map(|(_, f)| min_encoded_size(nodes, *f, visiting))
            .fold(0u64, u64::saturating_add),
        _ => 1,
    };
    visiting.remove(&index);
    size
}

fn write_canonical(nodes: &[Node], index: usize, written: &mut HashSet<usize>, out: &mut String) {
    let quoted = |s: &str| Value::String(s.to_string()).to_string();
    let named = |name: &str, written: &mut HashSet<usize>, out: &mut String| -> bool {
        if written.insert(index) {
            out.push_str(&format!("{{\"name\":{},", quoted(name)));
            true
        } else {
            out.push_str(&quoted(name));
            false
        }
    };
    match &nodes[index] {
        Node::Record { name, fields } => {
            if named(name, written, out) {
                out.push_str("\"type\":\"record\",\"fields\":[");
                for (i, (field, node)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&format!("{{\"name\":{},\"type\":", quoted(field)));
                    write_canonical(nodes, *node, written, out);
                    out.push('}');
                }
                out.push_str("]}");
            }
        }
        Node::Enum { name, symbols } => {
            if named(name, written, out) {
                let symbols: Vec<String> = symbols.iter().map(|s| quoted(s)).collect();
                out.push_str(&format!("\"type\":\"enum\",\"symbols\":[{}]}}", symbols.join(",")));
            }
        }
        Node::Fixed { name, size } => {
            if named(name, written, out) {
                out.push_str(&format!("\"type\":\"fixed\",\"size\":{size}}}"));
            }
        }
        Node::Array(items) => {
            out.push_str("{\"type\":\"array\",\"items\":");
            write_canonical(nodes, *items, written, out);
            out.push('}');
        }
        Node::Map(values) => {
            out.push_str("{\"type\":\"map\",\"values\":");
            write_canonical(nodes, *values, written, out);
            out.push('}');
        }
        Node::Union(branches) => {
            out.push('[');
            for (i, branch) in branches.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(nodes, *branch, written, out);
            }
            out.push(']');
        }
        primitive => out.push_str(&format!("\"{}\"", primitive_name(primitive))),
    }
}

fn primitive_name(node: &Node) -> &'static str {
    match node {
        Node::Null => "null",
        Node::Boolean => "boolean",
        Node::Int => "int",
        Node::Long => "long",
        Node::Float => "float",
        Node::Double => "double",
        Node::Bytes => "bytes",
        _ => "string",
    }
}

const CRC64_EMPTY: u64 = 0xc15d_213a_a4d7_a795;

/// The CRC-64-AVRO fingerprint (Avro specification, "Schema Fingerprints").
pub fn crc64_avro(bytes: &[u8]) -> u64 {
    let mut table = [0u64; 256];
    for (i, entry) in table.iter_mut().enumerate() {
        let mut fp = i as u64;
        for _ in 0..8 {
            fp = (fp >> 1) ^ (CRC64_EMPTY & (fp & 1).wrapping_neg());
        }
        *entry = fp;
    }
    bytes.iter().fold(CRC64_EMPTY, |fp, b| (fp >> 8) ^ table[((fp ^ u64::from(*b)) & 0xff) as usize])
}

struct Reader<'a> {
    schema: &'a Schema,
    bytes: &'a [u8],
    pos: usize,
    base: u64,
}

impl<'a> Reader<'a> {
    fn error(&self, message: impl Into<String>) -> Error {
        Error::Decode { offset: self.base + self.pos as u64, message: message.into() }
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(self.error(format!("input ends inside a value: {n} bytes claimed, {} remain", self.remaining())));
        }
        let slice = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(slice)
    }

    fn varint(&mut self, max_bytes: usize) -> Result<u64> {
        let start = self.pos;
        let mut value = 0u64;
        for i in 0..max_bytes {
            let byte = *self.bytes.get(self.pos).ok_or_else(|| self.error("input ends inside a varint"))?;
            self.pos += 1;
            if i == 9 && byte > 1 {
                self.pos = start;
                return Err(self.error("varint overflows 64 bits"));
            }
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        self.pos = start;
        Err(self.error(format!("varint longer than {max_bytes} bytes")))
    }

    fn long(&mut self) -> Result<i64> {
        let z = self.varint(10)?;
        Ok((z >> 1) as i64 ^ -((z & 1) as i64))
    }

    fn int(&mut self) -> Result<i32> {
        let start = self.pos;
        let z = self.varint(5)?;
        if z > u64::from(u32::MAX) {
            self.pos = start;
            return Err(self.error("int does not fit in 32 bits"));
        }
        Ok(((z >> 1) as i64 ^ -((z & 1) as i64)) as i32)
    }

    /// A length or index that must be between 0 and `limit` (inclusive).
    fn bounded(&mut self, what: &str, limit: usize) -> Result<usize> {
        let start = self.pos;
        let n = self.long()?;
        if n < 0 || n as u64 > limit as u64 {
            self.pos = start;
            return Err(self.error(format!("{what} {n} is negative or beyond the {limit} bytes that remain")));
        }
        Ok(n as usize)
    }

    fn node(&mut self, index: usize, depth: usize) -> Result<Value> {
        let schema = self.schema;
        match &schema.nodes[index] {
            Node::Null => Ok(Value::Null),
            Node::Boolean => {
                let start = self.pos;
                match self.take(1)?[0] {
                    0 => Ok(Value::Bool(false)),
                    1 => Ok(Value::Bool(true)),
                    b => {
                        self.pos = start;
                        Err(self.error(format!("boolean byte {b:02x}")))
                    }
                }
            }
            Node::Int => Ok(Value::from(self.int()?)),
            Node::Long => Ok(Value::from(self.long()?)),
            Node::Float => {
                let mut raw = [0u8; 4];
                raw.copy_from_slice(self.take(4)?);
                self.finite(f64::from(f32::from_le_bytes(raw)))
            }
            Node::Double => {
                let mut raw = [0u8; 8];
                raw.copy_from_slice(self.take(8)?);
                self.finite(f64::from_le_bytes(raw))
            }
            Node::String => {
                let len = self.bounded("string length", self.remaining())?;
                let start = self.pos;
                let bytes = self.take(len)?;
                match std::str::from_utf8(bytes) {
                    Ok(s) => Ok(Value::String(s.to_string())),
                    Err(e) => {
                        self.pos = start + e.valid_up_to();
                        Err(self.error("string is not valid UTF-8"))
                    }
                }
            }
            Node::Bytes => {
                let len = self.bounded("bytes length", self.remaining())?;
                Ok(Value::String(latin1_string(self.take(len)?)))
            }
            Node::Fixed { size, .. } => Ok(Value::String(latin1_string(self.take(*size)?))),
            Node::Enum { name, symbols } => {
                let start = self.pos;
                let i = self.int()?;
                match usize::try_from(i).ok().and_then(|i| symbols.get(i)) {
                    Some(symbol) => Ok(Value::String(symbol.clone())),
                    None => {
                        self.pos = start;
                        Err(self.error(format!("enum index {i} out of range for {name}")))
                    }
                }
            }
            Node::Record { fields, .. } => {
                let depth = self.enter(depth)?;
                let mut object = Map::new();
                for (field, node) in fields {
                    let value = self.node(*node, depth)?;
                    object.insert(field.clone(), value);
                }
                Ok(Value::Object(object))
            }
            Node::Array(items) => {
                let depth = self.enter(depth)?;
                let mut array = Vec::new();
                self.blocks(schema.min_size[*items], |reader| {
                    array.push(reader.node(*items, depth)?);
                    Ok(())
                })?;
                Ok(Value::Array(array))
            }
            Node::Map(values) => {
                let depth = self.enter(depth)?;
                let mut map = Map::new();
                self.blocks(1 + schema.min_size[*values], |reader| {
                    let start = reader.pos;
                    let key = match reader.node_string()? {
                        Value::String(key) => key,
                        _ => return Err(reader.error("map key")),
                    };
                    if map.contains_key(&key) {
                        reader.pos = start;
                        return Err(reader.error(format!("duplicate map key {key:?}")));
                    }
                    let value = reader.node(*values, depth)?;
                    map.insert(key, value);
                    Ok(())
                })?;
                Ok(Value::Object(map))
            }
            Node::Union(branches) => {
                let depth = self.enter(depth)?;
                let start = self.pos;
                let i = self.long()?;
                let branch = match usize::try_from(i).ok().and_then(|i| branches.get(i)) {
                    Some(branch) => *branch,
                    None => {
                        self.pos = start;
                        return Err(self.error(format!("union index {i} out of range ({} branches)", branches.len())));
                    }
                };
                if matches!(schema.nodes[branch], Node::Null) {
                    return Ok(Value::Null);
                }
                let value = self.node(branch, depth)?;
                let mut object = Map::new();
                object.insert(schema.branch_name(branch).to_string(), value);
                Ok(Value::Object(object))
            }
        }
    }

    fn node_string(&mut self) -> Result<Value> {
        let len = self.bounded("string length", self.remaining())?;
        let start = self.pos;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes).map(|s| Value::String(s.to_string())).map_err(|e| {
            self.pos = start + e.valid_up_to();
            self.error("string is not valid UTF-8")
        })
    }

    fn finite(&self, f: f64) -> Result<Value> {
        Number::from_f64(f).map(Value::Number).ok_or_else(|| self.error("float is not finite"))
    }

    fn enter(&self, depth: usize) -> Result<usize> {
        if depth >= MAX_DEPTH {
            return Err(self.error(format!("value nested more than {MAX_DEPTH} levels deep")));
        }
        Ok(depth + 1)
    }

    /// Reads the blocks of an array or map, checking each count against the bytes that remain
    /// (items of `min_item_size` bytes) before reading any item.
    fn blocks(&mut self, min_item_size: u64, mut item: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        let mut zero_size_items = 0u64;
        loop {
            let start = self.pos;
            let count = self.long()?;
            if count == 0 {
                return Ok(());
            }
            let mut block_end = None;
            let count = if count < 0 {
                let size = self.bounded("block byte size", self.remaining())?;
                let items = count.unsigned_abs();
                if min_item_size > 0 && items.saturating_mul(min_item_size) > size as u64 {
                    self.pos = start;
                    return Err(self.error(format!("block of {items} items cannot fit in its {size} bytes")));
                }
                block_end = Some(self.pos + size);
                items
            } else {
                count as u64
            };
            if min_item_size == 0 {
                zero_size_items = zero_size_items.saturating_add(count);
                if zero_size_items > MAX_ZERO_SIZE_ITEMS {
                    self.pos = start;
                    return Err(self.error(format!("more than {MAX_ZERO_SIZE_ITEMS} items of zero size")));
                }
            } else if count.saturating_mul(min_item_size) > self.remaining() as u64 {
                self.pos = start;
                return Err(self.error(format!("block of {count} items cannot fit in the {} bytes that remain", self.remaining())));
            }
            for _ in 0..count {
                item(self)?;
            }
            if block_end.map_or(false, |end| end != self.pos) {
                return Err(self.error("block's items do not fill exactly its declared byte size"));
            }
        }
    }
}

pub(crate) mod strict_json;
