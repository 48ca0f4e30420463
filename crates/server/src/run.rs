//! The accept loop: HTTP/1.1 over hyper with a header read timeout, a cap on open connections,
//! and a graceful stop.
//!
//! `axum::serve` has neither a header timeout nor a connection cap: a client that sends its
//! headers one byte a minute, or a few hundred idle keep-alive connections under a low file
//! limit, would hold the server. Here:
//! - a request head must arrive whole within [`HEADER_READ_TIMEOUT`]; a kept-alive connection
//!   waiting for its next request is waiting for a head too, so it is closed after
//!   [`IDLE_TIMEOUT`] (the same clock, hyper starts it whenever it waits for a head);
//! - a write's body must arrive within [`crate::guard::BODY_READ_TIMEOUT`];
//! - at most [`MAX_CONNECTIONS`] connections are open; further ones wait in the kernel's
//!   backlog until one closes, and running out of file descriptors pauses accepting instead of
//!   ending the server;
//! - on the shutdown signal the listener closes, requests in flight finish (for at most
//!   [`SHUTDOWN_GRACE`]), and `serve` returns.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tidings_store::Store;

/// A request head (request line and headers) must arrive whole within this.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// An idle kept-alive connection is closed after this. hyper times the wait for the next
/// request head with the header read clock, so this is [`HEADER_READ_TIMEOUT`].
pub const IDLE_TIMEOUT: Duration = HEADER_READ_TIMEOUT;
/// Connections open at once; the next ones wait to be accepted.
pub const MAX_CONNECTIONS: usize = 256;
/// How long requests in flight may take to finish once the server is told to stop.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
/// Pause after an accept error (out of file descriptors, most likely) before accepting again.
pub const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);

/// The limits of [`serve`]; the defaults are the constants above. Tests shorten them.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
    pub shutdown_grace: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions { header_read_timeout: HEADER_READ_TIMEOUT, max_connections: MAX_CONNECTIONS, shutdown_grace: SHUTDOWN_GRACE }
    }
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM.
pub async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// Serves the router of `config` over `store` on `listener` until `shutdown` resolves, then
/// stops gracefully. The `Host` check accepts the listener's own address and
/// `config.extra_hosts`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Store>,
    mut config: crate::Config,
    opts: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    config.hosts = crate::guard::Hosts::for_addr(addr, &config.extra_hosts);
    let router = crate::router_with(store, config);
    let permits = Arc::new(tokio::sync::Semaphore::new(opts.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
            _ = &mut shutdown => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(_) => {
                    // EMFILE and friends: the connections we hold will close; try again shortly.
                    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(opts.header_read_timeout)
            .keep_alive(true)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(opts.shutdown_grace) => {}
    }
    Ok(())
}
