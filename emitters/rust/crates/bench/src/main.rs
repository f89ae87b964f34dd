//! Key derivations per second and request latency of the Rust store on an existing store, printed
//! as one JSON line. Its Java counterpart is `dev.ibridge.benchmarks.SameStoreBench`; both are run
//! on the same store by `benchmarks/rust-vs-java.sh`.
//!
//!     ibridge-bench STORE [--rounds N] [--warmups W]
//!
//! The key materials are those of the records the store's heads name, in input-key order. Each
//! round derives keys over all of them, again and again until at least 0.5 s has passed, and
//! requests each of them once, timing every call. W warm-up rounds (default 1) come first and are
//! not counted; keys/s is the median over the N rounds (default 5), the request median and p99 are
//! over every call of the N rounds. A request that misses, or a derived key that differs from the
//! record's, fails the run.

use ibridge::error::Exit;
use ibridge::key::input_key;
use ibridge::model::KeyMaterial;
use ibridge::store::{Lookup, Store};
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const MIN_ROUND: Duration = Duration::from_millis(500);

struct Options {
    store: String,
    rounds: usize,
    warmups: usize,
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1).collect()).and_then(|o| run(&o)) {
        Ok(line) => {
            println!("{line}");
            Exit::Success.into()
        }
        Err(message) => {
            eprintln!("ibridge-bench: {message}");
            Exit::Failure.into()
        }
    }
}

fn parse(args: Vec<String>) -> Result<Options, String> {
    let mut store = None;
    let mut rounds = 5;
    let mut warmups = 1;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--rounds" | "--warmups" => {
                let value = it.next().ok_or(format!("{arg} needs a number"))?;
                let n: usize = value.parse().map_err(|_| format!("{arg} needs a number, got {value}"))?;
                if arg == "--rounds" {
                    rounds = n.max(1);
                } else {
                    warmups = n;
                }
            }
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ if store.is_none() => store = Some(arg),
            _ => return Err(format!("one store only, got also {arg}")),
        }
    }
    let store = store.ok_or("usage: ibridge-bench STORE [--rounds N] [--warmups W]")?;
    Ok(Options { store, rounds, warmups })
}

struct Request {
    subject: ibridge::model::Subject,
    facet: String,
    material: KeyMaterial,
}

fn run(o: &Options) -> Result<String, String> {
    let store = Store::open(&o.store, "ibridge-bench").map_err(|e| e.to_string())?;
    let mut requests = Vec::new();
    for head in store.heads(None).map_err(|e| e.to_string())? {
        let (record, _) = store
            .record(&head.input_key)
            .map_err(|e| e.to_string())?
            .ok_or(format!("the head of {} names no readable record", head.facet))?;
        if input_key(&record.key_material).map_err(|e| e.to_string())? != record.input_key {
            return Err(format!("a record of {} does not derive its own input key", head.facet));
        }
        requests.push((record.input_key.to_text(), Request { subject: head.subject, facet: head.facet, material: record.key_material }));
    }
    if requests.is_empty() {
        return Err(format!("{} has no heads", o.store));
    }
    requests.sort_by(|a, b| a.0.cmp(&b.0));
    let requests: Vec<Request> = requests.into_iter().map(|(_, r)| r).collect();

    let mut rates = Vec::new();
    let mut latencies = Vec::new();
    for round in 0..o.warmups + o.rounds {
        let rate = derive_round(&requests)?;
        let times = request_round(&store, &requests)?;
        if round >= o.warmups {
            rates.push(rate);
            latencies.extend(times);
        }
    }
    rates.sort_by(f64::total_cmp);
    latencies.sort_unstable();
    Ok(format!(
        "{{\"impl\":\"rust\",\"keysPerSecond\":{:.0},\"requestMedianMicros\":{:.2},\"requestP99Micros\":{:.2},\"records\":{},\"rounds\":{},\"warmups\":{},\"cache\":\"none\"}}",
        rates[rates.len() / 2],
        micros(quantile(&latencies, 0.5)),
        micros(quantile(&latencies, 0.99)),
        requests.len(),
        o.rounds,
        o.warmups
    ))
}

/// Keys per second over whole passes through every material, for at least `MIN_ROUND`.
fn derive_round(requests: &[Request]) -> Result<f64, String> {
    let start = Instant::now();
    let mut derived = 0u64;
    loop {
        for r in requests {
            black_box(input_key(black_box(&r.material)).map_err(|e| e.to_string())?);
        }
        derived += requests.len() as u64;
        let elapsed = start.elapsed();
        if elapsed >= MIN_ROUND {
            return Ok(derived as f64 / elapsed.as_secs_f64());
        }
    }
}

/// The time of one request of each material, in nanoseconds.
fn request_round(store: &Store, requests: &[Request]) -> Result<Vec<u64>, String> {
    let mut times = Vec::with_capacity(requests.len());
    for r in requests {
        let start = Instant::now();
        let lookup = store.request(&r.subject, &r.facet, &r.material).map_err(|e| e.to_string())?;
        times.push(start.elapsed().as_nanos() as u64);
        if let Lookup::Miss { reason } = lookup {
            return Err(format!("a request of a head missed: {reason}"));
        }
    }
    Ok(times)
}

/// The nearest-rank quantile of sorted values.
fn quantile(sorted: &[u64], q: f64) -> u64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn micros(nanos: u64) -> f64 {
    nanos as f64 / 1000.0
}
