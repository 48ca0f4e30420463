//! The accept loop under hostile clients (issue 17, failure 6): a client that sends its headers
//! slowly is dropped, idle connections cannot starve real requests, and the server stops
//! gracefully when told.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use tidings_server::run::ServeOptions;
use tidings_store::SqliteStore;

/// How long a test client waits for an answer at most: a cap on the test, not an assertion.
const CLIENT_WAIT: Duration = Duration::from_secs(20);

struct Server {
    addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: std::sync::mpsc::Receiver<std::io::Result<()>>,
    _dir: tempfile::TempDir,
}

fn start(opts: ServeOptions) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open_dir(dir.path()).unwrap());
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (done_tx, done) = std::sync::mpsc::channel();
    let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let r = rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(listener.local_addr().unwrap()).unwrap();
            tidings_server::run::serve(listener, store, tidings_server::Config::default(), opts, async {
                let _ = stop_rx.await;
            })
            .await
        });
        let _ = done_tx.send(r);
    });
    Server { addr: addr_rx.recv().unwrap(), stop: Some(stop), done, _dir: dir }
}

fn get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(CLIENT_WAIT)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

/// Reads until the server closes the connection; what it sent before closing.
fn read_until_closed(s: &mut TcpStream) -> Result<String, String> {
    s.set_read_timeout(Some(CLIENT_WAIT)).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Ok(String::from_utf8_lossy(&out).into_owned()),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return Ok(String::from_utf8_lossy(&out).into_owned()),
            Err(e) => return Err(format!("the server kept the connection open ({e})")),
        }
    }
}

/// Pins failure 6 of issue 17: connections that send their headers slowly were held for ever,
/// and idle connections could take every slot.
#[test]
fn slow_headers_are_dropped_and_real_requests_still_answer() {
    let cap = 4;
    let server = start(ServeOptions { header_read_timeout: Duration::from_millis(500), max_connections: cap, ..ServeOptions::default() });
    assert!(get(server.addr, "/healthz").starts_with("HTTP/1.1 200"));
    // Fill every slot: half with clients that stop in the middle of their headers, half idle.
    let mut slow: Vec<TcpStream> = (0..cap)
        .map(|i| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            if i % 2 == 0 {
                s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").unwrap();
            }
            s
        })
        .collect();
    // A real request still gets its answer: the slow and idle ones are dropped to make room.
    let answer = get(server.addr, "/api/stories");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    for (i, s) in slow.iter_mut().enumerate() {
        let got = read_until_closed(s).unwrap_or_else(|e| panic!("connection {i}: {e}"));
        assert!(got.is_empty() || got.starts_with("HTTP/1.1 408"), "connection {i}: {got}");
    }
    // A kept-alive connection that goes idle after a request is closed the same way.
    let mut keep = TcpStream::connect(server.addr).unwrap();
    write!(keep, "GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).unwrap();
    let got = read_until_closed(&mut keep).unwrap();
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
}

#[test]
fn the_server_stops_gracefully() {
    let mut server = start(ServeOptions::default());
    assert!(get(server.addr, "/healthz").starts_with("HTTP/1.1 200"));
    server.stop.take().unwrap().send(()).unwrap();
    let r = server.done.recv_timeout(CLIENT_WAIT).expect("serve returned");
    assert!(r.is_ok(), "{r:?}");
    assert!(TcpStream::connect(server.addr).is_err(), "the listener is closed");
}
