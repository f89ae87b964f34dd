//! A small HTTP/1.1 client on `std::net` for `http://` remotes: one connection per request,
//! connect and read timeouts, a size limit on every answer, and no redirects followed. Encrypted
//! remotes go through a TLS-terminating proxy on loopback (a client with TLS is future work).
//! Credentials live only in the `Authorization` header; no error names them.

use std::fmt;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// The most a status line and headers may take together.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// The most of a `PUT` answer's body that is read (and dropped).
const MAX_PUT_ANSWER_BYTES: u64 = 64 * 1024;

/// Where a remote is: host, port and an instance prefix (empty, or `/name` without a trailing slash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    host: String,
    port: u16,
    prefix: String,
}

impl Endpoint {
    /// Parses `http://host[:port][/prefix]`. Errors never repeat the text, which could hold a secret.
    pub fn parse(url: &str) -> Result<Endpoint, String> {
        let rest = if let Some(rest) = url.strip_prefix("http://") {
            rest
        } else if url.starts_with("https://") {
            return Err("https remotes need a TLS-terminating proxy on loopback; give its http:// address".into());
        } else {
            return Err("the remote is not an http:// URL".into());
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err("the remote URL holds credentials; give them in IBRIDGE_REMOTE_TOKEN or IBRIDGE_REMOTE_USER and IBRIDGE_REMOTE_PASSWORD instead".into());
        }
        if path.contains(['?', '#']) || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("the remote URL has a query, a fragment or white space".into());
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => {
                (h, p.parse::<u16>().map_err(|_| "the remote URL has a port that is not a number".to_string())?)
            }
            _ => (authority, 80),
        };
        if host.is_empty() {
            return Err("the remote URL has no host".into());
        }
        let prefix = path.trim_end_matches('/').to_string();
        Ok(Endpoint { host: host.to_string(), port, prefix })
    }

    /// The remote as messages name it: no user information, ever.
    pub(crate) fn shown(&self) -> String {
        format!("http://{}:{}{}", self.host, self.port, self.prefix)
    }
}

/// Credentials for the `Authorization` header. Their Debug form hides them.
#[derive(Clone)]
pub enum Auth {
    Bearer(String),
    Basic { user: String, password: String },
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Auth::Bearer(_) => "Bearer(<hidden>)",
            Auth::Basic { .. } => "Basic(<hidden>)",
        })
    }
}

impl Auth {
    fn header(&self) -> String {
        match self {
            Auth::Bearer(token) => format!("Authorization: Bearer {token}\r\n"),
            Auth::Basic { user, password } => format!("Authorization: Basic {}\r\n", base64(format!("{user}:{password}").as_bytes())),
        }
    }
}

/// Why an exchange gave no usable answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Connection refused, no route, name not resolved.
    Unreachable(String),
    /// Connect or read past its timeout.
    Timeout,
    /// A status other than 2xx, 3xx or (for reads) 404.
    Status(u16),
    /// A 3xx answer; redirects are never followed.
    Redirect(u16),
    /// The connection ended before the body did.
    Truncated,
    /// The answer is longer than its limit.
    TooLarge,
    /// Not HTTP/1.x as this client reads it.
    Malformed(String),
}

impl Fault {
    /// Whether the remote is unusable for the rest of the run (as opposed to one bad entry).
    pub(crate) fn is_down(&self) -> bool {
        matches!(self, Fault::Unreachable(_) | Fault::Timeout)
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Unreachable(why) => write!(f, "unreachable ({why})"),
            Fault::Timeout => f.write_str("timed out"),
            Fault::Status(code) => write!(f, "answered HTTP {code}"),
            Fault::Redirect(code) => write!(f, "redirected (HTTP {code}), which is not followed"),
            Fault::Truncated => f.write_str("ended an answer early"),
            Fault::TooLarge => f.write_str("sent an answer past its size limit"),
            Fault::Malformed(why) => write!(f, "sent a malformed answer ({why})"),
        }
    }
}

fn io_fault(e: std::io::Error) -> Fault {
    match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => Fault::Timeout,
        ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset | ErrorKind::BrokenPipe => Fault::Truncated,
        _ => Fault::Unreachable(e.kind().to_string()),
    }
}

#[derive(Clone, Debug)]
pub struct Client {
    pub endpoint: Endpoint,
    pub auth: Option<Auth>,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
}

impl Client {
    /// `GET`: the body, `None` on 404, or the fault. A body longer than `limit` is a fault.
    pub fn get(&self, path: &str, limit: u64) -> Result<Option<Vec<u8>>, Fault> {
        let (status, body) = self.exchange("GET", path, None, limit)?;
        Ok(if status == 404 { None } else { Some(body) })
    }

    /// `HEAD`: whether the entry is there.
    pub(crate) fn head(&self, path: &str) -> Result<bool, Fault> {
        let (status, _) = self.exchange("HEAD", path, None, 0)?;
        Ok(status != 404)
    }

    /// `PUT` of the whole body.
    pub(crate) fn put(&self, path: &str, body: &[u8]) -> Result<(), Fault> {
        match self.exchange("PUT", path, Some(body), MAX_PUT_ANSWER_BYTES)? {
            (404, _) => Err(Fault::Status(404)),
            _ => Ok(()),
        }
    }

    fn connect(&self) -> Result<TcpStream, Fault> {
        let addrs = (self.endpoint.host.trim_start_matches('[').trim_end_matches(']'), self.endpoint.port)
            .to_socket_addrs()
            .map_err(|_| Fault::Unreachable("host not resolved".into()))?;
        let mut last = Fault::Unreachable("host has no address".into());
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, self.connect_timeout) {
                Ok(s) => return Ok(s),
                Err(e) => last = io_fault(e),
            }
        }
        Err(last)
    }

    /// One request on a fresh connection; the status (2xx or 404) and the body.
    fn exchange(&self, method: &str, path: &str, body: Option<&[u8]>, limit: u64) -> Result<(u16, Vec<u8>), Fault> {
        let mut stream = self.connect()?;
        stream.set_read_timeout(Some(self.read_timeout)).map_err(io_fault)?;
        stream.set_write_timeout(Some(self.read_timeout)).map_err(io_fault)?;
        let mut head = format!(
            "{method} {}{path} HTTP/1.1\r\nHost: {}:{}\r\nConnection: close\r\nUser-Agent: ibridge\r\n",
            self.endpoint.prefix, self.endpoint.host, self.endpoint.port
        );
        if let Some(auth) = &self.auth {
            head.push_str(&auth.header());
        }
        if let Some(body) = body {
            head.push_str(&format!("Content-Length: {}\r\nContent-Type: application/octet-stream\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).map_err(io_fault)?;
        if let Some(body) = body {
            stream.write_all(body).map_err(io_fault)?;
        }
        stream.flush().map_err(io_fault)?;
        let mut reader = BufReader::new(stream);
        let (status, length, chunked) = read_head(&mut reader)?;
        match status {
            300..=399 => return Err(Fault::Redirect(status)),
            200..=299 | 404 => {}
            _ => return Err(Fault::Status(status)),
        }
        if method == "HEAD" || status == 204 || status == 404 {
            return Ok((status, Vec::new()));
        }
        let body = if chunked {
            read_chunked(&mut reader, limit)?
        } else {
            read_body(&mut reader, length, limit)?
        };
        Ok((status, body))
    }
}

/// The status, the `Content-Length` (if any) and whether the body is chunked.
fn read_head(reader: &mut impl BufRead) -> Result<(u16, Option<u64>, bool), Fault> {
    let mut used = 0usize;
    let mut line = |reader: &mut dyn BufRead| -> Result<String, Fault> {
        let mut buf = Vec::new();
        let n = reader.take((MAX_HEAD_BYTES - used) as u64 + 1).read_until(b'\n', &mut buf).map_err(io_fault)?;
        used += n;
        if used > MAX_HEAD_BYTES {
            return Err(Fault::TooLarge);
        }
        if !buf.ends_with(b"\n") {
            return Err(if n == 0 && used == 0 { Fault::Malformed("no answer".into()) } else { Fault::Truncated });
        }
        String::from_utf8(buf).map(|s| s.trim_end().to_string()).map_err(|_| Fault::Malformed("header is not UTF-8".into()))
    };
    let status_line = line(reader)?;
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    let status = parts.next().and_then(|s| s.parse::<u16>().ok());
    let status = match status {
        Some(s) if version.starts_with("HTTP/1.") && (100..=599).contains(&s) => s,
        _ => return Err(Fault::Malformed("no HTTP/1.x status line".into())),
    };
    let (mut length, mut chunked) = (None, false);
    loop {
        let header = line(reader)?;
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else { return Err(Fault::Malformed("header without a colon".into())) };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.parse::<u64>().map_err(|_| Fault::Malformed("Content-Length is not a number".into()))?);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        }
    }
    Ok((status, length, chunked))
}

fn read_body(reader: &mut impl Read, length: Option<u64>, limit: u64) -> Result<Vec<u8>, Fault> {
    match length {
        Some(n) if n > limit => Err(Fault::TooLarge),
        Some(n) => {
            let mut body = Vec::with_capacity(n.min(1 << 20) as usize);
            reader.take(n).read_to_end(&mut body).map_err(io_fault)?;
            if (body.len() as u64) < n {
                return Err(Fault::Truncated);
            }
            Ok(body)
        }
        None => {
            let mut body = Vec::new();
            reader.take(limit + 1).read_to_end(&mut body).map_err(io_fault)?;
            if body.len() as u64 > limit {
                return Err(Fault::TooLarge);
            }
            Ok(body)
        }
    }
}

fn read_chunked(reader: &mut impl BufRead, limit: u64) -> Result<Vec<u8>, Fault> {
    let mut body = Vec::new();
    loop {
        let mut size_line = Vec::new();
        reader.take(1024).read_until(b'\n', &mut size_line).map_err(io_fault)?;
        if !size_line.ends_with(b"\n") {
            return Err(Fault::Truncated);
        }
        let text = String::from_utf8_lossy(&size_line);
        let size = u64::from_str_radix(text.trim().split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| Fault::Malformed("chunk size is not hex".into()))?;
        if size == 0 {
            return Ok(body);
        }
        if body.len() as u64 + size > limit {
            return Err(Fault::TooLarge);
        }
        let before = body.len();
        reader.take(size).read_to_end(&mut body).map_err(io_fault)?;
        if ((body.len() - before) as u64) < size {
            return Err(Fault::Truncated);
        }
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf).map_err(io_fault)?;
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_examples() {
        for (plain, coded) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn endpoints_parse_with_port_and_instance_prefix_and_refuse_the_rest_without_echoing_it() {
        let e = Endpoint::parse("http://127.0.0.1:9090/team-a/").expect("parses");
        assert_eq!(e.shown(), "http://127.0.0.1:9090/team-a");
        assert_eq!(Endpoint::parse("http://cache.example").expect("parses").shown(), "http://cache.example:80");
        for bad in ["https://h/", "ftp://h", "http://u:s3cret@h/", "http://h/?q=s3cret", "http://:80", "http://h:s3cret/"] {
            let err = Endpoint::parse(bad).expect_err(bad);
            assert!(!err.contains("s3cret"), "{err}");
        }
    }

    #[test]
    fn credentials_are_hidden_from_debug() {
        let auth = Auth::Basic { user: "ci".into(), password: "s3cret".into() };
        assert!(!format!("{auth:?}").contains("s3cret"));
        assert!(!format!("{:?}", Auth::Bearer("s3cret".into())).contains("s3cret"));
    }
}
