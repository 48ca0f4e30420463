//! What running tidings as a service needs from the binary: log lines in text or JSON
//! (`--log-format json`, one object per line for log shippers), and a stop flag raised by
//! SIGTERM or Ctrl-C so that `watch` and `worker` finish their batch and exit 0.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;

/// How log lines on stderr look.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// `warning: subject: message`, for people.
    #[default]
    Text,
    /// `{"ts": "...", "level": "warn", "subject": "...", "msg": "..."}`, one object per line.
    Json,
}

static FORMAT: AtomicU8 = AtomicU8::new(0);

pub fn set_format(f: LogFormat) {
    FORMAT.store(f as u8, Ordering::Relaxed);
}

fn json() -> bool {
    FORMAT.load(Ordering::Relaxed) == LogFormat::Json as u8
}

fn emit(level: &str, subject: Option<&str>, msg: &str) {
    if json() {
        let mut v = serde_json::json!({
            "ts": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "level": level,
            "msg": msg,
        });
        if let Some(s) = subject {
            v["subject"] = serde_json::Value::from(s);
        }
        eprintln!("{v}");
    } else {
        let prefix = match level {
            "warn" => "warning: ",
            "error" => "error: ",
            _ => "",
        };
        match subject {
            Some(s) => eprintln!("{prefix}{s}: {msg}"),
            None => eprintln!("{prefix}{msg}"),
        }
    }
}

/// A progress or status line.
pub fn info(msg: &str) {
    emit("info", None, msg);
}

/// A problem that did not stop the command.
pub fn warn(msg: &str) {
    emit("warn", None, msg);
}

/// A problem with one input, kept apart from the message in JSON.
pub fn warning(w: &tidings_model::Warning) {
    emit("warn", Some(&w.subject), &w.message);
}

/// The failure that ends the command.
pub fn error(msg: &str) {
    emit("error", None, msg);
}

/// A flag raised by the first SIGTERM or Ctrl-C; a second one ends the process at once (exit
/// 130), for an operator who does not want to wait for the batch. The handlers are in place
/// when this returns.
pub fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = flag.clone();
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
        warn("cannot install the signal handlers: SIGTERM and Ctrl-C end the process at once");
        return flag;
    };
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{signal, SignalKind};
        let _in_rt = rt.enter();
        match (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) {
            (Ok(t), Ok(i)) => Some((t, i)),
            _ => None,
        }
    };
    std::thread::spawn(move || {
        rt.block_on(async move {
            #[cfg(unix)]
            {
                let Some((mut term, mut int)) = signals else { return std::future::pending::<()>().await };
                tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
                info("stopping: finishing the current batch (signal again to stop at once)");
                f.store(true, Ordering::SeqCst);
                tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
            }
            #[cfg(not(unix))]
            {
                let _ = tokio::signal::ctrl_c().await;
                info("stopping: finishing the current batch (signal again to stop at once)");
                f.store(true, Ordering::SeqCst);
                let _ = tokio::signal::ctrl_c().await;
            }
            std::process::exit(130);
        });
    });
    flag
}
