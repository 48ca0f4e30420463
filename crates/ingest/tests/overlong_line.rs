//! Pins failure 4 of issue 17: a `.jsonl.gz` of zeros (17 MB on disk) took 3.9 GB of memory,
//! because the rest of an overlong line was read into memory before it was skipped. The skip
//! is now in constant memory. This is its own test binary so that the peak memory of the
//! process (`VmHWM`) is this test's alone.

#[cfg(target_os = "linux")]
#[test]
fn an_overlong_line_is_skipped_in_constant_memory() {
    use std::io::Write;
    let peak_kib = || -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap().to_string();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zeros.jsonl.gz");
    // 400 MiB of zeros without a line break, then one good article.
    let skipped_mib = 400usize;
    {
        let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&path).unwrap(), flate2::Compression::fast());
        let block = vec![0u8; 1 << 20];
        for _ in 0..skipped_mib {
            gz.write_all(&block).unwrap();
        }
        gz.write_all(b"\n{\"title\": \"After the zeros\", \"text\": \"The line after the overlong one is read.\"}\n").unwrap();
        gz.finish().unwrap();
    }
    let before = peak_kib();
    let (docs, warnings) = tidings_ingest::read_paths(&[path]);
    let grown_mib = (peak_kib().saturating_sub(before)) / 1024;
    assert_eq!(docs.len(), 1, "{warnings:?}");
    assert_eq!(docs[0].title.as_deref(), Some("After the zeros"));
    assert!(warnings.iter().any(|w| w.message.contains("line longer than the limit")), "{warnings:?}");
    // One line up to the limit (16 MiB, in a buffer that may double) is held, never the rest.
    let bound = (4 * tidings_ingest::MAX_LINE_BYTES / (1 << 20)) as u64;
    assert!(grown_mib <= bound, "skipping {skipped_mib} MiB grew the peak memory by {grown_mib} MiB (bound {bound} MiB)");
}
