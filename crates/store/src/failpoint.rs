//! Failpoints at each commit step of a batch, compiled in only with the `failpoints` feature.
//!
//! A test arms a point on one store with [`crate::SqliteStore::set_failpoint`], or a child
//! process through the [`FAILPOINTS_ENV`] variable (`name=action,name=action`). Without the
//! feature every point is a no-op that the compiler removes.

/// Environment variable read when a store opens (feature `failpoints` only).
pub const FAILPOINTS_ENV: &str = "TIDINGS_FAILPOINTS";

/// The points, in the order a batch passes them.
pub const POINTS: &[&str] = &["batch_begin", "articles_written", "stories_written", "history_written", "before_commit"];

/// What an armed point does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Returns [`crate::StoreError::Failpoint`].
    Error,
    /// Returns [`crate::StoreError::DiskFull`], as SQLite would on a full disk.
    DiskFull,
    /// Kills the process on the spot, like `kill -9`.
    Abort,
    /// Returns [`crate::StoreError::Busy`], as a store whose lock another writer kept would.
    Busy,
}

impl Action {
    pub fn parse(s: &str) -> Option<Action> {
        match s {
            "error" => Some(Action::Error),
            "disk_full" | "diskfull" => Some(Action::DiskFull),
            "abort" => Some(Action::Abort),
            "busy" => Some(Action::Busy),
            _ => None,
        }
    }
}

/// The armed points of one store.
#[derive(Debug, Default)]
pub struct Armed {
    #[cfg(feature = "failpoints")]
    points: std::sync::Mutex<Vec<(String, Action)>>,
}

impl Armed {
    #[cfg(feature = "failpoints")]
    pub fn from_env() -> Armed {
        let armed = Armed::default();
        if let Ok(v) = std::env::var(FAILPOINTS_ENV) {
            for item in v.split(',') {
                if let Some((name, action)) = item.split_once('=') {
                    if let Some(a) = Action::parse(action.trim()) {
                        armed.set(name.trim(), Some(a));
                    }
                }
            }
        }
        armed
    }

    #[cfg(not(feature = "failpoints"))]
    pub fn from_env() -> Armed {
        Armed::default()
    }

    #[cfg(feature = "failpoints")]
    pub fn set(&self, name: &str, action: Option<Action>) {
        let mut p = self.points.lock().unwrap_or_else(|e| e.into_inner());
        p.retain(|(n, _)| n != name);
        if let Some(a) = action {
            p.push((name.to_string(), a));
        }
    }

    /// Passes the point `name`: fails when it is armed.
    #[inline]
    pub fn hit(&self, name: &str, path: &str) -> crate::Result<()> {
        #[cfg(feature = "failpoints")]
        {
            let action = self.points.lock().unwrap_or_else(|e| e.into_inner()).iter().find(|(n, _)| n == name).map(|(_, a)| *a);
            match action {
                Some(Action::Error) => return Err(crate::StoreError::Failpoint(name.to_string())),
                Some(Action::DiskFull) => return Err(crate::StoreError::DiskFull { path: path.to_string() }),
                Some(Action::Abort) => std::process::abort(),
                Some(Action::Busy) => return Err(crate::StoreError::Busy { path: path.to_string(), waited_ms: crate::BUSY_TIMEOUT_MS }),
                None => {}
            }
        }
        let _ = (name, path);
        Ok(())
    }
}
