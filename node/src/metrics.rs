//! Prometheus metrics (text exposition format, written by hand: a handful of counters and
//! gauges does not need a metrics framework).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Latency histogram buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Debug, Default)]
struct RouteStats {
    count: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    total: u64,
}

/// The node's metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    slivers_written: AtomicU64,
    bytes_written: AtomicU64,
    challenges: AtomicU64,
    chain_checkpoint: AtomicU64,
    chain_lag_ms: AtomicU64,
    routes: Mutex<BTreeMap<String, RouteStats>>,
}

impl Metrics {
    pub(crate) fn slivers_stored(&self, bytes: u64) {
        self.slivers_written.fetch_add(1, Ordering::Relaxed);
        self.bytes_written.fetch_add(bytes, Ordering::Relaxed);
    }

    pub(crate) fn challenge_answered(&self) {
        self.challenges.fetch_add(1, Ordering::Relaxed);
    }

    /// Records the last processed checkpoint and how far behind wall time it is.
    pub fn chain_progress(&self, checkpoint: u64, timestamp_ms: u64) {
        self.chain_checkpoint.store(checkpoint, Ordering::Relaxed);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        self.chain_lag_ms
            .store(now.saturating_sub(timestamp_ms), Ordering::Relaxed);
    }

    /// Records one request.
    pub fn request(&self, route: &str, status: u16, seconds: f64) {
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let r = routes.entry(route.to_owned()).or_default();
        *r.count.entry(status).or_default() += 1;
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                r.buckets[i] += 1;
            }
        }
        r.sum += seconds;
        r.total += 1;
    }

    /// The exposition text; `stored` is `(slivers, bytes)` currently in the database.
    pub fn render(&self, stored: (u64, u64)) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# TYPE walrus_node_stored_slivers gauge\nwalrus_node_stored_slivers {}",
            stored.0
        );
        let _ = writeln!(
            out,
            "# TYPE walrus_node_stored_bytes gauge\nwalrus_node_stored_bytes {}",
            stored.1
        );
        let _ = writeln!(
            out,
            "# TYPE walrus_node_slivers_written_total counter\nwalrus_node_slivers_written_total {}",
            self.slivers_written.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# TYPE walrus_node_sliver_bytes_written_total counter\nwalrus_node_sliver_bytes_written_total {}",
            self.bytes_written.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# TYPE walrus_node_challenge_answers_total counter\nwalrus_node_challenge_answers_total {}",
            self.challenges.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# TYPE walrus_node_chain_checkpoint gauge\nwalrus_node_chain_checkpoint {}",
            self.chain_checkpoint.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# TYPE walrus_node_chain_lag_seconds gauge\nwalrus_node_chain_lag_seconds {}",
            self.chain_lag_ms.load(Ordering::Relaxed) as f64 / 1000.0
        );
        let routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let _ = writeln!(out, "# TYPE walrus_node_requests_total counter");
        for (route, r) in routes.iter() {
            for (status, n) in &r.count {
                let _ = writeln!(
                    out,
                    "walrus_node_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        let _ = writeln!(out, "# TYPE walrus_node_request_seconds histogram");
        for (route, r) in routes.iter() {
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "walrus_node_request_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {}",
                    r.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "walrus_node_request_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                r.total
            );
            let _ = writeln!(
                out,
                "walrus_node_request_seconds_sum{{route=\"{route}\"}} {}",
                r.sum
            );
            let _ = writeln!(
                out,
                "walrus_node_request_seconds_count{{route=\"{route}\"}} {}",
                r.total
            );
        }
        out
    }
}
