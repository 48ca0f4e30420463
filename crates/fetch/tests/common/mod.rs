//! A tiny loopback HTTP/1.1 server for the tests: each connection is one request, answered
//! by a closure and closed. It listens on 127.0.0.1 only; tests never reach the network.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ipnet::IpNet;
use tidings_fetch::FetchOptions;

/// What the server saw.
#[derive(Debug, Clone)]
pub struct Req {
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// How to answer.
pub enum Reply {
    /// Status, headers, body.
    Full(u16, Vec<(String, String)>, Vec<u8>),
    /// Accept and never answer (for this long).
    Hang(Duration),
    /// Headers, then the body one byte per interval.
    Drip(Vec<u8>, Duration),
}

pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    Reply::Full(200, vec![("Content-Type".into(), content_type.into())], body.into())
}

pub fn redirect(to: &str) -> Reply {
    Reply::Full(302, vec![("Location".into(), to.into())], Vec::new())
}

pub fn not_found() -> Reply {
    Reply::Full(404, vec![("Content-Type".into(), "text/plain".into())], b"not found".to_vec())
}

pub struct Server {
    pub port: u16,
    pub hits: Arc<AtomicUsize>,
    pub log: Arc<Mutex<Vec<Req>>>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
    pub fn requests(&self) -> Vec<Req> {
        self.log.lock().unwrap().clone()
    }
}

pub fn serve(handler: impl Fn(&Req) -> Reply + Send + Sync + 'static) -> Server {
    serve_on("127.0.0.1", handler)
}

/// Serves on another loopback address (Linux routes all of 127.0.0.0/8 to the loopback device).
pub fn serve_on(ip: &str, handler: impl Fn(&Req) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind((ip, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let log = Arc::new(Mutex::new(Vec::new()));
    let handler = Arc::new(handler);
    let (h2, l2) = (hits.clone(), log.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            h2.fetch_add(1, Ordering::SeqCst);
            let (handler, log) = (handler.clone(), l2.clone());
            std::thread::spawn(move || handle(stream, &*handler, &log));
        }
    });
    Server { port, hits, log }
}

fn handle(mut s: TcpStream, handler: &dyn Fn(&Req) -> Reply, log: &Mutex<Vec<Req>>) {
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let mut lines = head.split("\r\n");
    let path = lines.next().unwrap_or("").split(' ').nth(1).unwrap_or("/").to_string();
    let headers = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    let req = Req { path, headers };
    log.lock().unwrap().push(req.clone());
    match handler(&req) {
        Reply::Full(status, headers, body) => {
            let mut out = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            let _ = s.write_all(out.as_bytes());
            let _ = s.write_all(&body);
        }
        Reply::Hang(d) => std::thread::sleep(d),
        Reply::Drip(body, every) => {
            let out = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = s.write_all(out.as_bytes());
            for b in body {
                if s.write_all(&[b]).is_err() {
                    return;
                }
                std::thread::sleep(every);
            }
        }
    }
}

/// Options that let loopback through, as every test but the refusal test needs.
pub fn loopback_opts() -> FetchOptions {
    FetchOptions { allow_net: vec!["127.0.0.0/8".parse::<IpNet>().unwrap()], ..FetchOptions::default() }
}

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}
