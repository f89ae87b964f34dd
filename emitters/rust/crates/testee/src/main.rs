//! The conformance testee: serves the harness protocol on standard input and output, in binary
//! frames, or in JSON lines with `--jsonl` (spec chapter "The conformance harness protocol").

#![deny(unsafe_code)]

use std::io::{self, BufReader, BufWriter};
use std::process::ExitCode;

use ibridge::error::Exit;
use ibridge_testee::harness::{serve, Connection, Framing};

fn main() -> ExitCode {
    let mut framing = Framing::Binary;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--jsonl" => framing = Framing::JsonLines,
            "--help" | "-h" => {
                eprintln!("usage: ibridge-testee [--jsonl]\nServes the ibridge conformance harness on stdin/stdout.");
                return Exit::Success.into();
            }
            other => {
                eprintln!("ibridge-testee: unknown option {other:?}; usage: ibridge-testee [--jsonl]");
                return Exit::Usage.into();
            }
        }
    }
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut conn = Connection::new(framing, BufReader::new(stdin.lock()), BufWriter::new(stdout.lock()));
    match serve(&mut conn) {
        Ok(()) => Exit::Success.into(),
        Err(e) => {
            eprintln!("ibridge-testee: {e}");
            Exit::Software.into()
        }
    }
}
