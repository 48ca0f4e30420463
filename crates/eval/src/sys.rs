//! Process memory figures for the benchmark, read from `/proc/self/status` (Linux; `None` elsewhere).

fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].trim().trim_end_matches("kB").trim().parse().ok()
}

/// Resident set size now, in KiB.
pub fn rss_kb() -> Option<u64> {
    status_kb("VmRSS:")
}

/// Peak resident set size so far (the high-water mark), in KiB.
pub fn peak_rss_kb() -> Option<u64> {
    status_kb("VmHWM:")
}

/// Resets the high-water mark to the current RSS (Linux ≥ 4.0), so a later [`peak_rss_kb`] measures
/// one phase. Returns false where that is not possible; the peak then covers the whole process.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Clock ticks per second in `/proc/self/stat`: `USER_HZ`, 100 on every mainstream Linux build
/// (reading it properly needs `sysconf`, which would mean a libc dependency for one number).
pub const USER_HZ: f64 = 100.0;

/// CPU time (user + system) used by the whole process so far, in seconds, summed over threads.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may contain spaces, so count fields after its closing parenthesis.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // After the name, field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / USER_HZ)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_memory_on_linux() {
        if cfg!(target_os = "linux") {
            let rss = super::rss_kb().unwrap();
            assert!(rss > 0 && super::peak_rss_kb().unwrap() >= rss);
            let before = super::cpu_seconds().unwrap();
            let mut x = 0u64;
            let start = std::time::Instant::now();
            while start.elapsed().as_millis() < 50 {
                x = x.wrapping_add(std::hint::black_box(1));
            }
            assert!(x > 0 && super::cpu_seconds().unwrap() >= before);
        }
    }
}
