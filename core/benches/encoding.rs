//! Encode/decode throughput against the floor of the work, measured in the same run.
//!
//! ```sh
//! cargo bench -p walrus-core --bench encoding                 # the whole grid
//! cargo bench -p walrus-core --bench encoding -- n1000/16MiB  # one shape
//! ```
//!
//! For every shape (n, blob size) that fits the maximum blob size, it measures:
//!
//! - `encode/t1`, `encode/t2`: [`BlobEncoder::encode`] (slivers + metadata) on 1 and 2 threads;
//! - `encode-floor`: the same Reed-Solomon work done with raw `reed-solomon-simd` calls (both
//!   dimensions, same segment sizes, inputs already in place, no layout conversion) plus one raw
//!   `blake3::hash` call per expanded sliver (2n calls of n symbols);
//! - `decode/t1`, `decode/t2`: [`decode_blob`] from the last `n - 2f` primary slivers (all
//!   parity, the worst case), including the check of every sliver against the metadata;
//! - `decode-floor`: raw `reed-solomon-simd` decoding of the same shards (same segments).
//!
//! After the measurements it prints a table of throughputs and ratios (target: encode and decode
//! on one thread at >= 70% of their floor; >= 1.6x on two threads for 16 MiB and up).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use reed_solomon_simd::{ReedSolomonDecoder, ReedSolomonEncoder};
use walrus_core::{
    BlobEncoder, EncodingConfig, NShards, Primary, Sliver, VerifiedBlobMetadata, decode_blob,
};

const MIB: usize = 1 << 20;
const SHAPES: &[(u16, usize)] = &[
    (10, MIB),
    (10, 16 * MIB),
    (10, 256 * MIB),
    (100, MIB),
    (100, 16 * MIB),
    (100, 256 * MIB),
    (1000, MIB),
    (1000, 16 * MIB),
    (1000, 256 * MIB),
];

/// `(n, blob size, what)`.
type Key = (u16, usize, &'static str);

/// Seconds per run (or ratios) of the paired rounds, for the summary.
static TIMES: Mutex<BTreeMap<Key, Vec<f64>>> = Mutex::new(BTreeMap::new());

fn record(n: u16, size: usize, what: &'static str, per_iter: f64) {
    if let Ok(mut times) = TIMES.lock() {
        times.entry((n, size, what)).or_default().push(per_iter);
    }
}

fn blob(size: usize) -> Vec<u8> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    (0..size)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

struct Shape {
    n: usize,
    kp: usize,
    ks: usize,
    s: usize,
}

impl Shape {
    fn new(config: &EncodingConfig, size: usize) -> Self {
        let s = config.symbol_size(size as u64).unwrap().as_usize();
        Self {
            n: usize::from(config.n_shards().get()),
            kp: usize::from(config.n_primary_source_symbols()),
            ks: usize::from(config.n_secondary_source_symbols()),
            s,
        }
    }
}

/// The encoding floor: raw library calls of the same shapes and segments, raw blake3.
struct EncodeFloor {
    shape: Shape,
    /// n x (n*s): stands in for the expanded rows (and, by shape, the columns).
    full: Vec<u8>,
}

impl EncodeFloor {
    fn new(shape: Shape) -> Self {
        let Shape { n, s, .. } = shape;
        Self {
            full: blob(n * n * s),
            shape,
        }
    }

    /// Returns the recovery symbols, in freshly allocated buffers as the library's own
    /// `reed_solomon_simd::encode` returns them.
    fn run(&mut self) -> (Vec<u8>, Vec<u8>) {
        let Shape { n, kp, ks, s } = self.shape;
        let mut parity_rows = vec![0u8; (n - kp) * ks * s];
        let mut parity_cols = vec![0u8; (n - ks) * n * s];
        let segment = walrus_core::bench_support::encode_segment_bytes(n);
        let row = n * s;
        // Primary code: k_p source rows, w symbols per segment.
        let width = (segment / s).max(1) * s;
        let mut encoder = ReedSolomonEncoder::new(kp, n - kp, width).unwrap();
        let mut a = 0;
        while a < ks * s {
            let b = (a + width).min(ks * s);
            encoder.reset(kp, n - kp, b - a).unwrap();
            for r in 0..kp {
                encoder
                    .add_original_shard(&self.full[r * row + a..r * row + b])
                    .unwrap();
            }
            let result = encoder.encode().unwrap();
            for (j, recovery) in result.recovery_iter().enumerate() {
                parity_rows[j * ks * s + a..j * ks * s + b].copy_from_slice(recovery);
            }
            a = b;
        }
        // Secondary code: k_s columns (contiguous here), h symbols per segment.
        let height = (segment / s).max(1) * s;
        let mut a = 0;
        while a < row {
            let b = (a + height).min(row);
            encoder.reset(ks, n - ks, b - a).unwrap();
            for c in 0..ks {
                encoder
                    .add_original_shard(&self.full[c * row + a..c * row + b])
                    .unwrap();
            }
            let result = encoder.encode().unwrap();
            for (j, recovery) in result.recovery_iter().enumerate() {
                parity_cols[j * row + a..j * row + b].copy_from_slice(recovery);
            }
            a = b;
        }
        // Hashing: 2n expanded slivers of n symbols, one call each.
        for _ in 0..2 {
            for sliver in self.full.chunks_exact(row) {
                std::hint::black_box(blake3::hash(sliver));
            }
        }
        (parity_rows, parity_cols)
    }
}

/// The decoding floor: raw library decoding of the same shards and segments, into a fresh
/// buffer.
fn decode_floor(shape: &Shape, shards: &[(usize, &[u8])]) -> Vec<u8> {
    let Shape { n, kp, ks, s } = *shape;
    let row = ks * s;
    let mut out = vec![0u8; kp * row];
    let segment = walrus_core::bench_support::decode_segment_bytes(n);
    let mut decoder = ReedSolomonDecoder::new(kp, n - kp, segment.min(row)).unwrap();
    let mut a = 0;
    while a < row {
        let b = (a + segment).min(row);
        decoder.reset(kp, n - kp, b - a).unwrap();
        for &(index, shard) in shards {
            if index < kp {
                decoder.add_original_shard(index, &shard[a..b]).unwrap();
            } else {
                decoder
                    .add_recovery_shard(index - kp, &shard[a..b])
                    .unwrap();
            }
        }
        let result = decoder.decode().unwrap();
        for (index, restored) in result.restored_original_iter() {
            out[index * row + a..index * row + b].copy_from_slice(restored);
        }
        a = b;
    }
    out
}

/// Everything one shape needs, built once.
struct Fixture {
    config: EncodingConfig,
    data: Vec<u8>,
    floor: EncodeFloor,
    metadata: VerifiedBlobMetadata,
    slivers: Vec<Sliver<Primary>>,
}

impl Fixture {
    fn new(config: EncodingConfig, size: usize) -> Self {
        let data = blob(size);
        let floor = EncodeFloor::new(Shape::new(&config, size));
        let (metadata, pairs) = BlobEncoder::new(config).encode(&data).unwrap().into_parts();
        let kp = usize::from(config.n_primary_source_symbols());
        let slivers = pairs
            .into_iter()
            .rev()
            .take(kp)
            .map(|pair| pair.primary)
            .collect();
        Self {
            config,
            data,
            floor,
            metadata,
            slivers,
        }
    }

    fn encode(&self, threads: usize) -> Duration {
        let encoder = BlobEncoder::new(self.config).with_threads(threads);
        let start = Instant::now();
        let encoded = encoder.encode(&self.data).unwrap();
        let elapsed = start.elapsed();
        drop(std::hint::black_box(encoded));
        elapsed
    }

    fn encode_floor(&mut self) -> Duration {
        let start = Instant::now();
        let output = self.floor.run();
        let elapsed = start.elapsed();
        drop(std::hint::black_box(output));
        elapsed
    }

    fn decode(&self, threads: usize) -> Duration {
        let input = self.slivers.clone();
        let start = Instant::now();
        let decoded = decode_blob(&self.metadata, input, threads).unwrap();
        let elapsed = start.elapsed();
        assert_eq!(decoded.len(), self.data.len());
        drop(decoded);
        elapsed
    }

    fn decode_floor(&mut self) -> Duration {
        let shape = Shape::new(&self.config, self.data.len());
        let shards: Vec<(usize, &[u8])> = self
            .slivers
            .iter()
            .map(|sliver| (sliver.index().as_usize(), sliver.symbols()))
            .collect();
        let start = Instant::now();
        let decoded = decode_floor(&shape, &shards);
        let elapsed = start.elapsed();
        drop(std::hint::black_box(decoded));
        elapsed
    }
}

fn bench_shape(c: &mut Criterion, n: u16, size: usize, filter: Option<&str>) {
    let config = EncodingConfig::new(NShards::new(n).unwrap());
    let label = format!("n{n}/{}MiB", size / MIB);
    if filter.is_some_and(|f| !format!("{label}/").contains(f)) {
        return;
    }
    if (size as u64) > config.max_blob_size() {
        println!(
            "skipping {label}: larger than the maximum blob size for n = {n} ({} bytes)",
            config.max_blob_size()
        );
        return;
    }
    let mut fixture = Fixture::new(config, size);
    let mut group = c.benchmark_group(label.clone());
    group.throughput(Throughput::Bytes(size as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(if size >= 256 * MIB { 20 } else { 3 }));
    for threads in [1usize, 2] {
        group.bench_function(BenchmarkId::new("encode", format!("t{threads}")), |b| {
            b.iter_custom(|iters| (0..iters).map(|_| fixture.encode(threads)).sum())
        });
    }
    group.bench_function("encode-floor", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| fixture.encode_floor()).sum())
    });
    for threads in [1usize, 2] {
        group.bench_function(BenchmarkId::new("decode", format!("t{threads}")), |b| {
            b.iter_custom(|iters| (0..iters).map(|_| fixture.decode(threads)).sum())
        });
    }
    group.bench_function("decode-floor", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| fixture.decode_floor()).sum())
    });
    group.finish();

    // Paired rounds for the ratios: each round measures the work and its floor back to back,
    // so that load from other processes on a shared machine hits both alike.
    let rounds = if size >= 256 * MIB {
        3
    } else if size >= 16 * MIB {
        9
    } else {
        21
    };
    let before = cpu_snapshot();
    let start = Instant::now();
    for _ in 0..rounds {
        // Each configuration runs twice in a row and the second run is timed, so that every
        // measurement starts from the allocator state its own previous run left (as in a process
        // that keeps encoding), whatever ran before it.
        let warm = |f: &mut dyn FnMut() -> Duration| {
            f();
            f().as_secs_f64()
        };
        let encode1 = warm(&mut || fixture.encode(1));
        let floor = warm(&mut || fixture.encode_floor());
        let encode2 = warm(&mut || fixture.encode(2));
        let decode1 = warm(&mut || fixture.decode(1));
        let decode_floor = warm(&mut || fixture.decode_floor());
        let decode2 = warm(&mut || fixture.decode(2));
        record(n, size, "encode/t1", encode1);
        record(n, size, "encode-floor", floor);
        record(n, size, "encode/t2", encode2);
        record(n, size, "decode/t1", decode1);
        record(n, size, "decode-floor", decode_floor);
        record(n, size, "decode/t2", decode2);
        record(n, size, "encode-ratio", floor / encode1);
        record(n, size, "encode-speedup", encode1 / encode2);
        record(n, size, "decode-ratio", decode_floor / decode1);
        record(n, size, "decode-speedup", decode1 / decode2);
    }
    if let (Some(before), Some(after)) = (before, cpu_snapshot()) {
        let wall = start.elapsed().as_secs_f64();
        let others =
            (after.0.saturating_sub(before.0)).saturating_sub(after.1.saturating_sub(before.1));
        record(n, size, "other-load", others as f64 / CLOCK_TICKS / wall);
    }
}

/// Kernel clock ticks per second of `/proc/stat` (`USER_HZ`, 100 on Linux).
const CLOCK_TICKS: f64 = 100.0;

/// `(CPU time used by all processes, CPU time used by this process)` in clock ticks, from
/// `/proc`, to report how much other processes competed for the CPUs during the paired rounds.
fn cpu_snapshot() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|f| f.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal
    let busy =
        fields.first()? + fields.get(1)? + fields.get(2)? + fields.get(5)? + fields.get(6)?;
    let own = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = own.rsplit_once(')')?.1;
    let own_fields: Vec<&str> = after_name.split_whitespace().collect();
    // Fields 14 and 15 of the whole line (utime, stime) are 12 and 13 after the name.
    let own = own_fields.get(11)?.parse::<u64>().ok()? + own_fields.get(12)?.parse::<u64>().ok()?;
    Some((busy, own))
}

fn benches(c: &mut Criterion) {
    // Under `cargo test --benches` (no `--bench` flag) only check that the smallest shape works.
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|arg| arg == "--bench");
    let filter = args
        .iter()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .map(String::as_str);
    for &(n, size) in SHAPES.iter().take(if full { SHAPES.len() } else { 1 }) {
        bench_shape(c, n, size, filter);
    }
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied()
}

fn summary() {
    let Ok(times) = TIMES.lock() else { return };
    let get = |n: u16, size: usize, what: &'static str| {
        times.get(&(n, size, what)).and_then(|v| median(v))
    };
    println!();
    println!(
        "Medians of paired rounds (throughput in MB/s of blob bytes; ratio = floor time / time; \
         other load = CPUs used by other processes during the rounds, out of {}):",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!();
    println!(
        "| n | blob | encode 1t | floor | ratio (>= 0.70) | encode 2t | speed-up (>= 1.6) | decode 1t | floor | ratio (>= 0.70) | decode 2t | speed-up (>= 1.6) | other load |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for &(n, size) in SHAPES {
        if get(n, size, "encode/t1").is_none() {
            continue;
        }
        let mbps = |what| {
            get(n, size, what).map_or("-".to_owned(), |t| format!("{:.0}", size as f64 / t / 1e6))
        };
        let ratio = |what| get(n, size, what).map_or("-".to_owned(), |r| format!("{r:.2}"));
        println!(
            "| {n} | {} MiB | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            size / MIB,
            mbps("encode/t1"),
            mbps("encode-floor"),
            ratio("encode-ratio"),
            mbps("encode/t2"),
            ratio("encode-speedup"),
            mbps("decode/t1"),
            mbps("decode-floor"),
            ratio("decode-ratio"),
            mbps("decode/t2"),
            ratio("decode-speedup"),
            ratio("other-load"),
        );
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
    summary();
}
