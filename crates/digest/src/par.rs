//! A small order-preserving parallel map over indices, on scoped std threads.
//!
//! The stages it runs are pure functions of their input, so the result is the same whatever the
//! number of threads: only the wall-clock time changes.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Environment variable that caps the worker threads (default: the machine's parallelism).
pub const THREADS_ENV: &str = "TIDINGS_THREADS";

/// The number of worker threads to use.
pub fn threads() -> usize {
    std::env::var(THREADS_ENV)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
}

/// Computes `f(0..n)` on up to [`threads`] threads and returns the results in index order.
/// Work is handed out one index at a time, so uneven items (one huge story) do not stall a thread's share.
pub fn map_indexed<R: Send>(n: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let workers = threads().min(n);
    if workers <= 1 {
        return (0..n).map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        out.push((i, f(i)));
                    }
                    out
                })
            })
            .collect();
        // A panic in a worker is a bug; re-raise it on the caller's thread.
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut slots: Vec<Option<R>> = (0..n).map(|_| None).collect();
    for part in parts.drain(..) {
        for (i, r) in part {
            slots[i] = Some(r);
        }
    }
    slots.into_iter().map(|r| r.expect("every index is computed once")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn order_is_kept() {
        let v = super::map_indexed(1000, |i| i * 2);
        assert_eq!(v, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    }
}
