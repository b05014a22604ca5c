//! How fast Reach reads mail: every message of the corpus (tests/fixtures/mail) parsed and read in
//! process, repeated to 100,000 messages; then the bounces alone, as `reach inbox classify` reads them.
//! Prints messages per second and megabytes per second of raw mail for each.
//!
//!   cargo run --release --example bench_classify        (make bench-inbox runs it)
//!
//! BENCH_MESSAGES (default 100000) changes the count.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use reach::inbound::parse::{parse, read, MessageKind};

fn main() {
    let count: usize = std::env::var("BENCH_MESSAGES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail");
    let mut messages: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("the corpus folder tests/fixtures/mail")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).expect("a readable message")))
        .collect();
    messages.sort();
    let bounces: Vec<(String, Vec<u8>)> =
        messages.iter().filter(|(_, raw)| read(&parse(raw)).kind == MessageKind::Bounce).cloned().collect();
    println!("corpus: {} messages ({} bounces) from {}", messages.len(), bounces.len(), dir.display());
    run("every kind", &messages, count);
    run("bounces only", &bounces, count);
}

fn run(label: &str, messages: &[(String, Vec<u8>)], count: usize) {
    // One pass to warm caches and the parser's tables.
    for (_, raw) in messages {
        black_box(read(&parse(raw)));
    }
    let mut bytes = 0usize;
    let mut kinds = [0usize; 4];
    let started = Instant::now();
    for (_, raw) in messages.iter().cycle().take(count) {
        let reading = read(&parse(black_box(raw)));
        kinds[reading.kind as usize] += 1;
        bytes += raw.len();
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{label:>12}: {count} messages in {seconds:.2} s: {:.0} messages/s, {:.1} MB/s (replies {}, bounces {}, auto-replies {}, other {})",
        count as f64 / seconds,
        bytes as f64 / seconds / 1e6,
        kinds[MessageKind::Reply as usize],
        kinds[MessageKind::Bounce as usize],
        kinds[MessageKind::AutoReply as usize],
        kinds[MessageKind::Other as usize],
    );
}
