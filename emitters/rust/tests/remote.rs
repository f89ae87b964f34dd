//! The remote tier against a tiny in-test HTTP server: a round trip, and every fault a miss that
//! writes nothing locally, names no credential, and (for a down remote) turns the tier off.

#[path = "../crates/ibridge/tests/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{run, HashCompiler, WORKSPACE};
use ibridge::model::Record;
use ibridge::remote::{flush_to, Auth, Client, Config, Endpoint, Fault, Mode, Notice, Remote};
use ibridge::store::{Lookup, Store};

#[derive(Clone, Debug)]
struct Req {
    method: String,
    path: String,
    headers: String,
    body: Vec<u8>,
}

type Handler = Arc<dyn Fn(&Req, &mut TcpStream) + Send + Sync>;

struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Req>>>,
}

fn serve(handler: Handler) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let (handler, log) = (handler.clone(), log.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(conn.try_clone().expect("clone"));
                let mut head = String::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    head.push_str(&line);
                }
                let first: Vec<&str> = head.split(' ').collect();
                if first.len() < 2 {
                    return;
                }
                let length = head
                    .lines()
                    .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                    .unwrap_or(0);
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let req = Req { method: first[0].into(), path: first[1].into(), headers: head.clone(), body };
                log.lock().expect("log").push(req.clone());
                handler(&req, &mut conn);
            });
        }
    });
    Server { port, seen }
}

fn answer(conn: &mut TcpStream, status: &str, body: &[u8]) {
    let _ = conn.write_all(format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).as_bytes());
    let _ = conn.write_all(body);
}

/// A WebDAV-like cache in memory; `tamper` may change what a GET answers.
fn dav(map: Arc<Mutex<HashMap<String, Vec<u8>>>>, tamper: impl Fn(&str, Vec<u8>) -> Vec<u8> + Send + Sync + 'static) -> Handler {
    Arc::new(move |req, conn| match req.method.as_str() {
        "PUT" => {
            map.lock().expect("map").insert(req.path.clone(), req.body.clone());
            answer(conn, "201 Created", b"");
        }
        "GET" | "HEAD" => match map.lock().expect("map").get(&req.path).cloned() {
            Some(body) if req.method == "GET" => answer(conn, "200 OK", &tamper(&req.path, body)),
            Some(body) => {
                let _ = conn.write_all(format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes());
            }
            None => answer(conn, "404 Not Found", b"not found"),
        },
        _ => answer(conn, "405 Method Not Allowed", b""),
    })
}

fn client(port: u16, auth: Option<Auth>) -> Client {
    Client {
        endpoint: Endpoint::parse(&format!("http://127.0.0.1:{port}/inst")).expect("url"),
        auth,
        connect_timeout: Duration::from_millis(500),
        read_timeout: Duration::from_millis(300),
    }
}

fn config(port: u16, mode: Mode) -> Config {
    Config { client: client(port, None), mode }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(files_under(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

fn records(root: &Path) -> Vec<Record> {
    files_under(&root.join("records")).iter().map(|p| ibridge::record::decode_record(&std::fs::read(p).expect("read")).expect("decodes")).collect()
}

/// A local store with the fixture's records, all uploaded to `map` through a flush.
fn uploaded(dir: &Path) -> (Arc<Mutex<HashMap<String, Vec<u8>>>>, Vec<Record>) {
    let map = Arc::new(Mutex::new(HashMap::new()));
    let server = serve(dav(map.clone(), |_, b| b));
    let root = dir.join("a/ibridge");
    let state = dir.join("a/ibridge-wrapper");
    let store = Store::open(&root, "tests").expect("store");
    run(&store, WORKSPACE, "check", &mut HashCompiler { calls: 0 });
    let all = records(&root);
    let remote = Remote::new(config(server.port, Mode::Write), Notice::new(&state));
    for r in &all {
        remote.enqueue(r);
    }
    drop(store);
    let flushed = flush_to(&root, &state, &config(server.port, Mode::Write));
    assert_eq!((flushed.uploaded, flushed.left), (all.len() as u64, 0), "{flushed:?}");
    assert!(server.seen.lock().expect("seen").iter().all(|r| r.path.starts_with("/inst/")));
    (map, all)
}

/// Fetches every record into a fresh store through a server with `handler`; returns the store root
/// and how many fetches hit.
fn fetch_all(dir: &Path, handler: Handler, all: &[Record]) -> (PathBuf, usize, Server) {
    let server = serve(handler);
    let root = dir.join("b/ibridge");
    let store = Store::open(&root, "tests").expect("store");
    let remote = Remote::new(config(server.port, Mode::Read), Notice::new(&dir.join("b/ibridge-wrapper")));
    let hits = all.iter().filter(|r| remote.fetch(&store, &r.key_material)).count();
    (root, hits, server)
}

fn warning(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("b/ibridge-wrapper/remote-warned")).unwrap_or_default()
}

#[test]
fn uploaded_records_are_fetched_verified_into_an_empty_store_and_leads_name_their_subject() {
    let dir = tempfile::tempdir().expect("tmp");
    let (map, all) = uploaded(dir.path());
    let (root, hits, _server) = fetch_all(dir.path(), dav(map.clone(), |_, b| b), &all);
    assert_eq!(hits, all.len());
    let store = Store::open(&root, "tests").expect("store");
    for r in &all {
        assert!(matches!(store.request(&r.key_material.subject, &r.key_material.facet, &r.key_material).expect("request"), Lookup::Hit { .. }));
    }
    assert_eq!(store.verify().expect("verify"), vec![]);
    let server = serve(dav(map, |_, b| b));
    let remote = Remote::new(config(server.port, Mode::Read), Notice::new(&dir.path().join("c")));
    let lead = remote.lead(&all[0].key_material.subject, &all[0].key_material.facet).expect("a lead");
    assert_eq!((&lead.key_material.subject, &lead.key_material.facet), (&all[0].key_material.subject, &all[0].key_material.facet));
    assert_eq!(warning(dir.path()), "");
}

#[test]
fn wrong_content_for_a_digest_is_a_miss_that_writes_nothing_locally() {
    let dir = tempfile::tempdir().expect("tmp");
    let (map, all) = uploaded(dir.path());
    let tamper = |path: &str, mut b: Vec<u8>| {
        if path.contains("/cas/") {
            b[0] ^= 1;
        }
        b
    };
    let (root, hits, _s) = fetch_all(dir.path(), dav(map, tamper), &all);
    assert_eq!(hits, 0);
    assert!(files_under(&root.join("records")).is_empty() && files_under(&root.join("blobs")).is_empty());
    assert!(warning(dir.path()).contains("does not hash to its name"), "{}", warning(dir.path()));
}

#[test]
fn a_valid_record_for_another_key_is_a_miss() {
    let dir = tempfile::tempdir().expect("tmp");
    let (map, all) = uploaded(dir.path());
    let other = map.lock().expect("map").get(&format!("/inst/ac/{}", hex::encode(&all[1].input_key.value))).cloned().expect("uploaded");
    let (root, hits, _s) = fetch_all(dir.path(), dav(map, move |_, _| other.clone()), &all[..1]);
    assert_eq!(hits, 0);
    assert!(files_under(&root.join("records")).is_empty());
    assert!(warning(dir.path()).contains("another key"), "{}", warning(dir.path()));
}

#[test]
fn status_errors_truncated_bodies_huge_answers_and_redirects_are_misses() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_map, all) = uploaded(dir.path());
    let target = serve(Arc::new(|_, conn| answer(conn, "200 OK", b"x")));
    let target_port = target.port;
    let cases: Vec<(&str, Handler)> = vec![
        ("HTTP 500", Arc::new(|_, c| answer(c, "500 Internal Server Error", b"boom"))),
        ("HTTP 403", Arc::new(|_, c| answer(c, "403 Forbidden", b""))),
        ("ended an answer early", Arc::new(|_, c| {
            let _ = c.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nabc");
        })),
        ("past its size limit", Arc::new(|_, c| {
            let _ = c.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000000000\r\n\r\nabc");
        })),
        ("redirected", Arc::new(move |_, c| {
            let _ = c.write_all(format!("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{target_port}/x\r\nContent-Length: 0\r\n\r\n").as_bytes());
        })),
    ];
    for (i, (expected, handler)) in cases.into_iter().enumerate() {
        let case = dir.path().join(format!("case{i}"));
        let (root, hits, _s) = fetch_all(&case, handler, &all[..1]);
        assert_eq!(hits, 0, "{expected}");
        assert!(files_under(&root.join("records")).is_empty(), "{expected}");
        assert!(warning(&case).contains(expected), "{expected}: {}", warning(&case));
        assert!(!case.join("b/ibridge-wrapper/remote-down").exists(), "{expected}: one bad answer is not a down remote");
    }
    assert!(target.seen.lock().expect("seen").is_empty(), "the redirect was followed");
}

#[test]
fn an_answer_without_length_past_the_limit_is_cut_off() {
    let server = serve(Arc::new(|_, c| {
        let _ = c.write_all(b"HTTP/1.1 200 OK\r\n\r\n");
        let _ = c.write_all(&vec![b'a'; 1 << 20]);
    }));
    assert_eq!(client(server.port, None).get("/cas/x", 1000), Err(Fault::TooLarge));
    let chunked = serve(Arc::new(|_, c| {
        let _ = c.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n");
        let _ = c.write_all(&[b'a'; 0x800]);
        let _ = c.write_all(b"\r\n0\r\n\r\n");
    }));
    assert_eq!(client(chunked.port, None).get("/cas/x", 1000), Err(Fault::TooLarge));
    assert_eq!(client(chunked.port, None).get("/cas/x", 0x800).map(|b| b.map(|b| b.len())), Ok(Some(0x800)));
}

#[test]
fn a_refused_connection_or_a_timeout_turns_the_tier_off_for_the_run() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_map, all) = uploaded(dir.path());
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let refused = dir.path().join("refused");
    let store = Store::open(refused.join("b/ibridge"), "tests").expect("store");
    let remote = Remote::new(config(closed, Mode::Read), Notice::new(&refused.join("b/ibridge-wrapper")));
    assert!(!remote.fetch(&store, &all[0].key_material));
    assert!(warning(&refused).contains("unreachable"), "{}", warning(&refused));
    assert!(Notice::new(&refused.join("b/ibridge-wrapper")).is_down());

    let slow = dir.path().join("slow");
    let (_root, hits, server) = fetch_all(&slow, Arc::new(|_, _| std::thread::sleep(Duration::from_secs(3))), &all);
    assert_eq!(hits, 0);
    assert!(warning(&slow).contains("timed out"), "{}", warning(&slow));
    assert_eq!(server.seen.lock().expect("seen").len(), 1, "later requests still went to a down remote");
}

#[test]
fn credentials_are_sent_but_never_in_a_message_or_a_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_map, all) = uploaded(dir.path());
    let server = serve(Arc::new(|_, c| answer(c, "401 Unauthorized", b"")));
    let root = dir.path().join("b/ibridge");
    let store = Store::open(&root, "tests").expect("store");
    let mut cfg = config(server.port, Mode::Read);
    cfg.client.auth = Some(Auth::Bearer("s3cret-token".into()));
    let remote = Remote::new(cfg, Notice::new(&dir.path().join("b/ibridge-wrapper")));
    assert!(!remote.fetch(&store, &all[0].key_material));
    drop(remote);
    assert!(server.seen.lock().expect("seen")[0].headers.contains("Authorization: Bearer s3cret-token"));
    assert!(warning(dir.path()).contains("HTTP 401"));
    for f in files_under(&dir.path().join("b")) {
        assert!(!String::from_utf8_lossy(&std::fs::read(&f).expect("read")).contains("s3cret"), "{}", f.display());
    }
    let basic = client(server.port, Some(Auth::Basic { user: "ci".into(), password: "s3cret".into() }));
    let fault = basic.get("/ac/x", 10).expect_err("401");
    assert!(!fault.to_string().contains("s3cret") && !format!("{basic:?}").contains("s3cret"));
}

#[test]
fn a_read_only_tier_queues_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path().join("ibridge"), "tests").expect("store");
    run(&store, WORKSPACE, "check", &mut HashCompiler { calls: 0 });
    let remote = Remote::new(config(1, Mode::Read), Notice::new(&dir.path().join("state")));
    for r in records(&dir.path().join("ibridge")) {
        remote.enqueue(&r);
    }
    assert!(!dir.path().join("state/remote-queue").exists());
}

// ---- Whole cargo runs through the wrapper against a faulty remote (spec chapter "Remote
// stores", REQ-REMOTE-003, REQ-REMOTE-009, REQ-REMOTE-012, REQ-REMOTE-013, REQ-REMOTE-014): each
// fault leaves at most one warning line, a correct build and cargo's exit status unchanged.

const WRAPPER: &str = env!("CARGO_BIN_EXE_ibridge-rustc-wrapper");
const TOKEN: &str = "s3cret-cargo-token";

/// A one-crate package: a library the binary uses, so that a run has several units.
fn package(dir: &Path, main: &str) {
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"tiny\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n").expect("write");
    std::fs::write(dir.join("src/lib.rs"), "pub fn greeting() -> &'static str { \"hello from tiny\" }\n").expect("write");
    std::fs::write(dir.join("src/main.rs"), main).expect("write");
}

const GOOD_MAIN: &str = "fn main() { println!(\"{}\", tiny::greeting()); }\n";

struct CargoRun {
    code: Option<i32>,
    stderr: String,
    program: Option<String>,
}

/// `cargo build` of `dir` through the wrapper into `target` (emptied first) with the store at
/// `store`, then the run's flush; `remote` is `(url, mode)`.
fn cargo_build(dir: &Path, target: &Path, store: &Path, remote: Option<(&str, &str)>) -> CargoRun {
    let _ = std::fs::remove_dir_all(target);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let with_env = |cmd: &mut std::process::Command| {
        cmd.current_dir(dir).env("CARGO_TARGET_DIR", target).env("IBRIDGE_STORE", store).env("RUSTC_WRAPPER", WRAPPER);
        // No user's remote configuration file either.
        cmd.env("XDG_CONFIG_HOME", dir.join("no-config"));
        for (name, _) in std::env::vars() {
            if name.starts_with("IBRIDGE_REMOTE") {
                cmd.env_remove(name);
            }
        }
        if let Some((url, mode)) = remote {
            cmd.env("IBRIDGE_REMOTE", url).env("IBRIDGE_REMOTE_MODE", mode).env("IBRIDGE_REMOTE_TOKEN", TOKEN);
            cmd.env("IBRIDGE_REMOTE_TIMEOUT_MS", "300").env("IBRIDGE_REMOTE_CONNECT_TIMEOUT_MS", "300");
        }
    };
    let mut build = std::process::Command::new(&cargo);
    build.args(["build", "--offline"]);
    with_env(&mut build);
    let out = build.output().expect("cargo runs");
    let mut flush = std::process::Command::new(WRAPPER);
    flush.arg("--remote-flush");
    with_env(&mut flush);
    let flushed = flush.output().expect("the flush runs");
    assert_eq!(flushed.status.code(), Some(0), "the flush fails nothing");
    let program = std::process::Command::new(target.join("debug/tiny")).output().ok().map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    CargoRun {
        code: out.status.code(),
        stderr: format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&flushed.stderr)),
        program,
    }
}

fn remote_warnings(stderr: &str) -> usize {
    stderr.lines().filter(|l| l.contains("ibridge: remote store:")).count()
}

fn hits(store: &Path) -> usize {
    let stats = std::fs::read_to_string(store.with_file_name("ibridge-wrapper").join("wrapper-stats")).unwrap_or_default();
    stats.lines().filter(|l| l.starts_with("hit")).count()
}

#[test]
fn cargo_through_a_faulty_remote_builds_correctly_with_one_warning_at_most_and_cargos_status() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = dir.path().join("tiny");
    package(&src, GOOD_MAIN);
    let target = dir.path().join("target");
    let map = Arc::new(Mutex::new(HashMap::new()));
    let good = serve(dav(map.clone(), |_, b| b));
    let url = |port: u16| format!("http://127.0.0.1:{port}/inst");

    let first = cargo_build(&src, &target, &dir.path().join("first/ibridge"), Some((&url(good.port), "write")));
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(remote_warnings(&first.stderr), 0, "{}", first.stderr);
    assert!(map.lock().expect("map").keys().any(|k| k.starts_with("/inst/cas/")), "the first run uploaded nothing");

    // Without faults, a second run on an empty store hits: the fault runs below are not vacuous.
    let warm = dir.path().join("warm/ibridge");
    let second = cargo_build(&src, &target, &warm, Some((&url(good.port), "read")));
    assert_eq!((second.code, second.program.as_deref()), (Some(0), Some("hello from tiny\n")), "{}", second.stderr);
    assert!(hits(&warm) > 0, "a warm remote gave no hit: {}", second.stderr);

    let closed = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let flip = |path: &str, mut b: Vec<u8>| {
        if path.contains("/cas/") && !b.is_empty() {
            b[0] ^= 1;
        }
        b
    };
    // Every record uploaded, by the hex of its input key: "another key" answers /ac/<x> with a
    // valid record whose key is not x.
    let uploaded_records: Vec<(String, Vec<u8>)> = map
        .lock()
        .expect("map")
        .iter()
        .filter(|(k, _)| k.starts_with("/inst/ac/"))
        .filter_map(|(_, v)| Some((hex::encode(&ibridge::record::decode_record(v).ok()?.input_key.value), v.clone())))
        .collect();
    assert!(uploaded_records.len() > 1, "the first run uploaded fewer than two records");
    let another = move |path: &str| -> Option<Vec<u8>> {
        uploaded_records.iter().find(|(key, _)| !path.ends_with(key.as_str())).map(|(_, v)| v.clone())
    };
    let redirect_target = serve(dav(map.clone(), |_, b| b));
    let redirect_port = redirect_target.port;
    let faults: Vec<(&str, Option<Server>)> = vec![
        ("refused", None),
        ("slow", Some(serve(Arc::new(|_, _| std::thread::sleep(Duration::from_secs(2)))))),
        ("HTTP 503", Some(serve(Arc::new(|_, c| answer(c, "503 Service Unavailable", b"down"))))),
        ("HTTP 401", Some(serve(Arc::new(|_, c| answer(c, "401 Unauthorized", b""))))),
        ("truncated", Some(serve(Arc::new(|_, c| {
            let _ = c.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nabc");
        })))),
        ("huge", Some(serve(Arc::new(|_, c| {
            let _ = c.write_all(b"HTTP/1.1 200 OK\r\n\r\n");
            let chunk = vec![b'a'; 1 << 16];
            for _ in 0..2048 {
                if c.write_all(&chunk).is_err() {
                    return;
                }
            }
        })))),
        ("wrong content", Some(serve(dav(map.clone(), flip)))),
        ("another key", Some(serve(dav(map.clone(), move |path, b| if path.contains("/ac/") { another(path).unwrap_or(b) } else { b })))),
        ("redirect", Some(serve(Arc::new(move |req, c| {
            let _ = c.write_all(format!("HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:{redirect_port}{}\r\nContent-Length: 0\r\n\r\n", req.path).as_bytes());
        })))),
    ];
    for (i, (fault, server)) in faults.iter().enumerate() {
        let port = server.as_ref().map_or(closed, |s| s.port);
        let store = dir.path().join(format!("fault{i}/ibridge"));
        let run = cargo_build(&src, &target, &store, Some((&url(port), "write")));
        assert_eq!(run.code, Some(0), "{fault}: cargo's status: {}", run.stderr);
        assert_eq!(run.program.as_deref(), Some("hello from tiny\n"), "{fault}: the program");
        assert!(remote_warnings(&run.stderr) <= 1, "{fault}: more than one warning line: {}", run.stderr);
        assert!(!run.stderr.contains(TOKEN), "{fault}: the token was printed");
        assert_eq!(hits(&store), 0, "{fault}: a faulty remote gave a hit");
        let verified = Store::open(&store, "tests").expect("store").verify().expect("verify");
        assert_eq!(verified, vec![], "{fault}: the local store does not verify");
    }
    assert!(redirect_target.seen.lock().expect("seen").is_empty(), "a redirect was followed");

    // A build that fails keeps cargo's exit status, remote down or not.
    package(&src, "fn main() { let x: u32 = \"not a number\"; }\n");
    let plain = cargo_build(&src, &target, &dir.path().join("plain/ibridge"), None);
    let down = cargo_build(&src, &target, &dir.path().join("down/ibridge"), Some((&url(closed), "write")));
    assert_ne!(plain.code, Some(0));
    assert_eq!(down.code, plain.code, "{}", down.stderr);
    assert!(remote_warnings(&down.stderr) <= 1, "{}", down.stderr);
}
