//! A JSON reader for Avro's JSON encoding that rejects what REQ-SEC-008 forbids: duplicate
//! member names, nesting beyond the parser's limit (serde_json stops at 128 levels, below the
//! 1000 the chapter allows), numbers longer than 1000 characters and text after the value.

#![deny(unsafe_code)]

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The longest number, in characters, the reader accepts (spec chapter "Security", limits).
pub(crate) const MAX_NUMBER_CHARS: usize = crate::generated::protocol::MAX_JSON_NUMBER_CHARS as usize;

struct Strict(Value);

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Strict, E> {
        serde_json::Number::from_f64(v).map(|n| Strict(Value::Number(n))).ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::String(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::String(v)))
    }
    fn visit_unit<E>(self) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Strict, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Strict(Value::Array(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> std::result::Result<Strict, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(A::Error::custom(format!("duplicate member {key:?}")));
            }
            let Strict(value) = access.next_value()?;
            map.insert(key, value);
        }
        Ok(Strict(Value::Object(map)))
    }
}

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Strict, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

/// Parses `text` as one JSON value, strictly.
pub(crate) fn parse(text: &str) -> Result<Value> {
    if let Some(offset) = overlong_number(text) {
        return Err(Error::Decode { offset: offset as u64, message: format!("number longer than {MAX_NUMBER_CHARS} characters") });
    }
    serde_json::from_str::<Strict>(text).map(|Strict(v)| v).map_err(|e| Error::Decode {
        offset: byte_offset(text, e.line(), e.column()),
        message: format!("malformed JSON: {e}"),
    })
}

/// The offset of the first run of number characters, outside strings, longer than the limit.
fn overlong_number(text: &str) -> Option<usize> {
    let (mut in_string, mut escaped, mut run_start, mut run) = (false, false, 0, 0);
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E') {
            if run == 0 {
                run_start = i;
            }
            run += 1;
            if run > MAX_NUMBER_CHARS {
                return Some(run_start);
            }
        } else {
            run = 0;
            in_string = b == b'"';
        }
    }
    None
}

fn byte_offset(text: &str, line: usize, column: usize) -> u64 {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column.saturating_sub(1)) as u64
}
