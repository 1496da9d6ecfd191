//! Steady-state encode or decode timing of one shape in a process of its own.
//!
//! ```sh
//! cargo run --release -p walrus-core --example throughput -- <n> <blob bytes> <threads> [encode|decode] [runs]
//! cargo run --release -p walrus-core --example throughput -- 1000 16777216 2 encode 15
//! ```
//!
//! Prints the minimum and median wall time of `runs` runs. Decoding uses the last `n - 2f`
//! primary slivers (all parity: the worst case). The criterion bench (`benches/encoding.rs`)
//! measures the same against the floor of the work; this tool is for quick comparisons, e.g. of
//! thread counts, while the machine is quiet.

use std::time::Instant;

use walrus_core::{BlobEncoder, EncodingConfig, NShards, decode_blob};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: throughput <n> <blob bytes> <threads> [encode|decode] [runs]";
    let n: u16 = args.get(1).and_then(|a| a.parse().ok()).expect(usage);
    let size: usize = args.get(2).and_then(|a| a.parse().ok()).expect(usage);
    let threads: usize = args.get(3).and_then(|a| a.parse().ok()).expect(usage);
    let what = args.get(4).map_or("encode", String::as_str);
    let runs: usize = args
        .get(5)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10)
        .max(1);

    let config = EncodingConfig::new(NShards::new(n).expect("4 <= n <= 1000"));
    let blob: Vec<u8> = (0..size).map(|i| (i * 7 + i / 251) as u8).collect();
    let encoder = BlobEncoder::new(config).with_threads(threads);
    let mut times = Vec::with_capacity(runs);
    if what == "decode" {
        let (metadata, pairs) = encoder.encode(&blob).expect("blob fits").into_parts();
        let kp = usize::from(config.n_primary_source_symbols());
        let slivers: Vec<_> = pairs
            .into_iter()
            .rev()
            .take(kp)
            .map(|pair| pair.primary)
            .collect();
        for _ in 0..runs {
            let input = slivers.clone();
            let start = Instant::now();
            let decoded = decode_blob(&metadata, input, threads).expect("decodes");
            times.push(start.elapsed().as_secs_f64());
            assert_eq!(decoded, blob);
        }
    } else {
        for _ in 0..runs {
            let start = Instant::now();
            let encoded = encoder.encode(&blob).expect("blob fits");
            times.push(start.elapsed().as_secs_f64());
            drop(encoded);
        }
    }
    times.sort_by(f64::total_cmp);
    let mbps = |t: f64| size as f64 / t / 1e6;
    println!(
        "{what} n={n} size={size} threads={threads}: min {:.2} ms ({:.0} MB/s), median {:.2} ms ({:.0} MB/s)",
        times[0] * 1e3,
        mbps(times[0]),
        times[times.len() / 2] * 1e3,
        mbps(times[times.len() / 2]),
    );
}
