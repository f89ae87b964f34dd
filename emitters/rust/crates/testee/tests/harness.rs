//! The testee binary over its standard input and output: the spec's worked Hello frame, both
//! framings, PARSE_ERROR and UNSUPPORTED answers that keep the testee serving, and exit status 0
//! at the end of the input.

use std::io::Write;
use std::process::{Command, Stdio};

use ibridge::schemas;
use serde_json::{json, Value};

/// The harness chapter's worked example: `Hello{harnessVersion: 1, runner: "ibridge-conformance"}`.
const HELLO_FRAME: [u8; 36] = [
    0x20, 0x00, 0x00, 0x00, 0xc3, 0x01, 0x59, 0xe3, 0x71, 0xc4, 0x50, 0xa7, 0x30, 0x5e, 0x00, 0x02, 0x26, 0x69,
    0x62, 0x72, 0x69, 0x64, 0x67, 0x65, 0x2d, 0x63, 0x6f, 0x6e, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x6e, 0x63, 0x65,
];

/// Runs the testee on `input` and answers its exit status and the frames it wrote, decoded.
fn converse(args: &[&str], input: &[u8]) -> (Option<i32>, Vec<u8>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ibridge-testee"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the testee starts");
    child.stdin.take().expect("stdin is piped").write_all(input).expect("the testee reads its input");
    let out = child.wait_with_output().expect("the testee ends");
    (out.status.code(), out.stdout)
}

fn binary_frames(mut bytes: &[u8]) -> Vec<Value> {
    let mut frames = Vec::new();
    while !bytes.is_empty() {
        let len = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        frames.push(schemas::harness_frame().decode_single_object(&bytes[4..4 + len]).expect("a reply decodes"));
        bytes = &bytes[4 + len..];
    }
    frames
}

fn body(frame: &Value) -> (&str, &Value) {
    let (name, value) = frame["body"].as_object().and_then(|o| o.iter().next()).expect("a body");
    (name.strip_prefix("dev.ibridge.protocol.").unwrap_or(name), value)
}

fn frame(name: &str, value: Value) -> Vec<u8> {
    let bytes = schemas::harness_frame()
        .encode_single_object(&json!({"body": {format!("dev.ibridge.protocol.{name}"): value}}))
        .expect("a valid frame");
    let mut out = (bytes.len() as u32).to_le_bytes().to_vec();
    out.extend_from_slice(&bytes);
    out
}

#[test]
fn binary_mode_answers_hello_garbage_and_unsupported_calls_then_exits_0_at_eof() {
    let mut input = HELLO_FRAME.to_vec();
    input.extend_from_slice(&[5, 0, 0, 0, b'h', b'e', b'l', b'l', b'o']);
    input.extend_from_slice(&frame("HelloReply", json!({"harnessVersion": 1, "name": "x", "version": "1", "operations": [], "facets": []})));
    input.extend_from_slice(&HELLO_FRAME);
    let (status, stdout) = converse(&[], &input);
    assert_eq!(status, Some(0));
    let frames = binary_frames(&stdout);
    let names: Vec<&str> = frames.iter().map(|f| body(f).0).collect();
    assert_eq!(names, ["HelloReply", "ErrorReply", "ErrorReply", "HelloReply"]);
    let (_, hello) = body(&frames[0]);
    assert_eq!(hello["harnessVersion"], 1);
    assert_eq!(hello["operations"].as_array().map(Vec::len), Some(6));
    assert_eq!(body(&frames[1]).1["kind"], "PARSE_ERROR");
    assert_eq!(body(&frames[2]).1["kind"], "UNSUPPORTED");
}

#[test]
fn an_oversized_length_is_a_parse_error_and_shutdown_ends_without_a_reply() {
    // A line of text read as a frame: "Hell" is a length of about 1.8 GB. The testee answers
    // PARSE_ERROR at once (REQ-HARNESS-003) and, since the input can no longer be split into
    // frames, ends the conversation: the Hello after it gets no answer.
    let mut input = b"Hello, runner\n".to_vec();
    input.extend_from_slice(&HELLO_FRAME);
    let (status, stdout) = converse(&[], &input);
    assert_eq!(status, Some(0));
    let frames = binary_frames(&stdout);
    let names: Vec<&str> = frames.iter().map(|f| body(f).0).collect();
    assert_eq!(names, ["ErrorReply"]);
    assert_eq!(body(&frames[0]).1["kind"], "PARSE_ERROR");

    let mut input = frame("Shutdown", json!({}));
    input.extend_from_slice(&HELLO_FRAME);
    let (status, stdout) = converse(&[], &input);
    assert_eq!((status, stdout.len()), (Some(0), 0));
}

#[test]
fn json_lines_mode_skips_blank_lines_and_answers_each_line() {
    let input = "\n{\"body\":{\"dev.ibridge.protocol.Hello\":{\"harnessVersion\":1,\"runner\":\"ibridge-conformance\"}}}\n  \nnot json\n\
                 {\"body\":{\"dev.ibridge.protocol.OutputFingerprint\":{\"outputs\":[]}}}\n";
    let (status, stdout) = converse(&["--jsonl"], input.as_bytes());
    assert_eq!(status, Some(0));
    let lines: Vec<Value> = String::from_utf8(stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| schemas::harness_frame().decode_json(l).expect("each line is a HarnessFrame"))
        .collect();
    let names: Vec<&str> = lines.iter().map(|f| body(f).0).collect();
    assert_eq!(names, ["HelloReply", "ErrorReply", "OutputFingerprintReply"]);
    assert_eq!(body(&lines[1]).1["kind"], "PARSE_ERROR");
}
