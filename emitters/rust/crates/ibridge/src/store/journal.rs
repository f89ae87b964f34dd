//! A session's journal: one Avro object container file of `JournalEvent`s (REQ-STORE-006,
//! REQ-JOURNAL-001 to REQ-JOURNAL-003), written once when the session ends (REQ-STORE-016).

use std::io::Read;
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest as _, Sha256};

use crate::avro;
use crate::avro_model;
use crate::error::{Error, Result};
use crate::model::{JournalEntry, JournalEvent, Producer};
use crate::schemas;

const MAGIC: [u8; 4] = [b'O', b'b', b'j', 1];
const MAX_METADATA_BYTES: usize = 1024 * 1024;
const MAX_BLOCK_BYTES: i64 = 64 * 1024 * 1024;

/// A running session: its id and its events so far, with the totals of its end event.
pub(crate) struct Session {
    id: String,
    events: Vec<JournalEvent>,
    hits: u64,
    misses: u64,
    emits: u64,
}

fn now_millis() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

fn random_u64() -> Result<u64> {
    let mut bytes = [0u8; 8];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

/// The sync marker of REQ-JOURNAL-002.
pub(crate) fn sync_marker(session_id: &str) -> [u8; 16] {
    let mut h = Sha256::new();
    h.update(b"ibridge journal sync marker\n");
    h.update(session_id.as_bytes());
    let digest = h.finalize();
    let mut marker = [0u8; 16];
    marker.copy_from_slice(&digest[..16]);
    marker
}

impl Session {
    /// Starts a session now, with a fresh id `s-<13 digit millis>-<16 hex>` (REQ-STORE-006).
    pub(crate) fn start(producer: Producer) -> Result<Session> {
        let id = format!("s-{:013}-{:016x}", now_millis(), random_u64()?);
        let mut session = Session { id: id.clone(), events: Vec::new(), hits: 0, misses: 0, emits: 0 };
        session.record(JournalEntry::SessionStarted { session_id: id, producer });
        Ok(session)
    }

    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// Appends an event, counting hits, misses and emits for the end event.
    pub(crate) fn record(&mut self, entry: JournalEntry) {
        match &entry {
            JournalEntry::Requested { miss_reason: None, .. } => self.hits += 1,
            JournalEntry::Requested { .. } => self.misses += 1,
            JournalEntry::Emitted { .. } => self.emits += 1,
            _ => {}
        }
        let sequence = self.events.len() as u64;
        self.events.push(JournalEvent { sequence, timestamp_millis: now_millis(), event: entry });
    }

    /// Ends the session and answers the bytes of its journal file: the header, then one block of
    /// all events, followed by the sync marker.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>> {
        let ended = JournalEntry::SessionEnded {
            session_id: self.id.clone(),
            hits: self.hits,
            misses: self.misses,
            emits: self.emits,
        };
        self.record(ended);
        let marker = sync_marker(&self.id);
        let mut out = Vec::new();
        out.extend_from_slice(&MAGIC);
        let schema_text = schemas::journal_event().canonical_form().as_bytes();
        avro::write_long(&mut out, 2);
        for (key, value) in [(&b"avro.schema"[..], schema_text), (&b"avro.codec"[..], &b"null"[..])] {
            avro::write_long(&mut out, key.len() as i64);
            out.extend_from_slice(key);
            avro::write_long(&mut out, value.len() as i64);
            out.extend_from_slice(value);
        }
        avro::write_long(&mut out, 0);
        out.extend_from_slice(&marker);
        let mut block = Vec::new();
        for event in &self.events {
            block.extend_from_slice(&avro_model::encode_binary(event)?);
        }
        avro::write_long(&mut out, self.events.len() as i64);
        avro::write_long(&mut out, block.len() as i64);
        out.extend_from_slice(&block);
        out.extend_from_slice(&marker);
        Ok(out)
    }
}

/// A bounded reader over a journal's bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn fail<T>(&self, message: &str) -> Result<T> {
        Err(Error::Decode { offset: self.at as u64, message: message.to_string() })
    }

    fn long(&mut self) -> Result<i64> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let Some(&b) = self.bytes.get(self.at) else { return self.fail("the file ends inside a number") };
            self.at += 1;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok((value >> 1) as i64 ^ -((value & 1) as i64));
            }
        }
        self.fail("a number longer than 10 bytes")
    }

    fn take(&mut self, n: i64, limit: usize) -> Result<&'a [u8]> {
        if n < 0 || n as usize > limit || n as usize > self.bytes.len() - self.at {
            return self.fail("a length past the end of the file or over its limit");
        }
        let slice = &self.bytes[self.at..self.at + n as usize];
        self.at += n as usize;
        Ok(slice)
    }
}

/// Reads a journal file and checks REQ-JOURNAL-001, -003 and -004; answers its events in Avro
/// JSON-encoding shape. `session_id` is the id its file name gives.
pub(crate) fn read(bytes: &[u8], session_id: &str) -> Result<Vec<JournalEvent>> {
    let mut c = Cursor { bytes, at: 0 };
    if !bytes.starts_with(&MAGIC) {
        return c.fail("not an Avro object container file (no 'Obj' 01 at the start)");
    }
    c.at = 4;
    let mut schema_text = None;
    let mut codec_ok = true;
    let mut metadata_bytes = 0usize;
    loop {
        let mut count = c.long()?;
        if count == 0 {
            break;
        }
        if count < 0 {
            count = -count;
            c.long()?;
        }
        for _ in 0..count {
            let key_len = c.long()?;
            let key = c.take(key_len, MAX_METADATA_BYTES)?;
            let value_len = c.long()?;
            let value = c.take(value_len, MAX_METADATA_BYTES)?;
            metadata_bytes += key.len() + value.len();
            if metadata_bytes > MAX_METADATA_BYTES {
                return c.fail("the metadata is larger than 1 MiB");
            }
            match key {
                b"avro.schema" => schema_text = Some(value),
                b"avro.codec" => codec_ok = value == b"null",
                _ => {}
            }
        }
    }
    if !codec_ok {
        return c.fail("the codec is not null");
    }
    let Some(schema_text) = schema_text else { return c.fail("no avro.schema in the metadata") };
    let writer = std::str::from_utf8(schema_text).ok().and_then(|text| avro::Schema::parse(text).ok());
    match writer {
        Some(writer) if writer.fingerprint() == schemas::journal_event().fingerprint() => {}
        Some(_) => return c.fail("avro.schema is not the JournalEvent schema"),
        None => return c.fail("avro.schema is not a valid schema"),
    }
    let marker = c.take(16, 16)?;
    let mut events = Vec::new();
    while c.at < bytes.len() {
        let count = c.long()?;
        let size = c.long()?;
        if count < 0 || size < 0 || size > MAX_BLOCK_BYTES || count > size {
            return c.fail("a block claims more objects than bytes, or more than 64 MiB");
        }
        let start = c.at;
        let block = c.take(size, MAX_BLOCK_BYTES as usize)?;
        let mut inner = 0usize;
        for _ in 0..count {
            let (event, used) = decode_prefix(&block[inner..]).map_err(|e| match e {
                Error::Decode { offset, message } => Error::Decode { offset: (start + inner) as u64 + offset, message },
                other => other,
            })?;
            inner += used;
            events.push(event);
        }
        if inner != block.len() {
            c.at = start + inner;
            return c.fail("a block's objects do not fill its byte size");
        }
        if c.take(16, 16)? != marker {
            return c.fail("a block is not followed by the file's sync marker");
        }
    }
    check_sequence(&events, session_id)?;
    Ok(events)
}

/// Decodes the event at the start of `bytes`, answering it and its length. Avro binary is
/// prefix-free: decoding the whole rest stops where the event ends and reports the bytes after
/// it at that offset, and the event is then exactly the bytes before.
fn decode_prefix(bytes: &[u8]) -> Result<(JournalEvent, usize)> {
    match avro_model::decode_binary::<JournalEvent>(bytes) {
        Ok(event) => Ok((event, bytes.len())),
        Err(Error::Decode { offset, message }) if message.ends_with("bytes after the value") => {
            let len = usize::try_from(offset).unwrap_or(usize::MAX);
            if len == 0 || len >= bytes.len() {
                return Err(Error::Decode { offset, message });
            }
            Ok((avro_model::decode_binary::<JournalEvent>(&bytes[..len])?, len))
        }
        Err(e) => Err(e),
    }
}

fn check_sequence(events: &[JournalEvent], session_id: &str) -> Result<()> {
    let bad = |message: String| Err(Error::Decode { offset: 0, message });
    for (i, event) in events.iter().enumerate() {
        if event.sequence != i as u64 {
            return bad(format!("event {i} has sequence {}", event.sequence));
        }
        match &event.event {
            JournalEntry::SessionStarted { session_id: id, .. } => {
                if i != 0 {
                    return bad(format!("event {i} is a second SessionStarted"));
                }
                if id != session_id {
                    return bad(format!("SessionStarted names session {id}, the file {session_id}"));
                }
            }
            _ if i == 0 => return bad("event 0 is not SessionStarted".to_string()),
            JournalEntry::SessionEnded { session_id: id, .. } => {
                if i + 1 != events.len() || id != session_id {
                    return bad(format!("event {i}: SessionEnded must be last and name session {session_id}"));
                }
            }
            _ => {}
        }
    }
    if events.is_empty() {
        return bad("the journal holds no SessionStarted".to_string());
    }
    Ok(())
}
