//! A small pool of connections: idle ones are reused, a broken one is dropped.

use std::ops::{Deref, DerefMut};
use std::sync::Mutex;
use std::time::Duration;

use postgres::{Client, NoTls};
use tidings_store::{Result, StoreError};

/// Idle connections kept at most.
const IDLE: usize = 16;
/// How long connecting may take before it is an error.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) struct Pool {
    conn: String,
    url: String,
    /// `application_name` of the sessions, shown by `tidings status` and `pg_stat_activity`.
    app: String,
    idle: Mutex<Vec<Client>>,
}

pub(crate) struct Conn<'a> {
    pool: &'a Pool,
    client: Option<Client>,
}

impl Pool {
    pub(crate) fn new(conn: &str, url: &str, app: &str) -> Pool {
        Pool { conn: conn.to_string(), url: url.to_string(), app: app.to_string(), idle: Mutex::new(Vec::new()) }
    }

    pub(crate) fn get(&self) -> Result<Conn<'_>> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let client = match idle {
            Some(c) if !c.is_closed() => c,
            _ => connect(&self.conn, &self.url, &self.app)?,
        };
        Ok(Conn { pool: self, client: Some(client) })
    }
}

/// Opens one connection.
pub fn connect(conn: &str, url: &str, app: &str) -> Result<Client> {
    let mut config: postgres::Config = conn.parse().map_err(|e| StoreError::Backend {
        path: url.to_string(),
        what: "not a PostgreSQL connection string (postgres://user@host:port/db)",
        source: Box::new(e),
    })?;
    config.connect_timeout(CONNECT_TIMEOUT);
    if config.get_application_name().is_none() {
        config.application_name(app);
    }
    config.connect(NoTls).map_err(crate::db_err(url, "cannot connect"))
}

impl Deref for Conn<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client.as_ref().expect("a pooled connection is present until dropped")
    }
}

impl DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().expect("a pooled connection is present until dropped")
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.client.take() {
            if !c.is_closed() {
                let mut idle = self.pool.idle.lock().unwrap_or_else(|e| e.into_inner());
                if idle.len() < IDLE {
                    idle.push(c);
                    return;
                }
            }
            close(vec![c]);
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        close(std::mem::take(self.idle.get_mut().unwrap_or_else(|e| e.into_inner())));
    }
}

/// Closes connections on a thread of its own: closing blocks on the client's runtime, which
/// panics on a thread that drives an async runtime (the server's, when it drops the store).
fn close(clients: Vec<Client>) {
    if clients.is_empty() {
        return;
    }
    let _ = std::thread::spawn(move || drop(clients)).join();
}
