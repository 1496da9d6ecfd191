//! The ordered pipeline: checkpoints from a [`Source`] are decoded, grouped into batches, and
//! each batch is written in one transaction that first checks and advances the pipeline's
//! watermark, so that a crash at any point and a restart give exactly the rows of an
//! uninterrupted run, and a repeated or skipped checkpoint is refused.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{QueryableByName, sql_query};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use walrus_chain::events::EventPosition;
use walrus_chain::types::CheckpointData;
use walrus_chain::{EventDecoder, PackageIds};

use crate::IndexerError;
use crate::db;
use crate::source::Source;
use crate::writer::Batch;

/// Options of a pipeline run.
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    /// Watermark row name.
    pub name: String,
    /// Postgres URL.
    pub database_url: String,
    /// Package IDs of the system (original IDs).
    pub packages: PackageIds,
    /// First checkpoint when the pipeline has no watermark yet.
    pub first_checkpoint: u64,
    /// Stop after this checkpoint (inclusive).
    pub last_checkpoint: Option<u64>,
    /// Most events per batch (transaction).
    pub max_batch_events: usize,
    /// Most checkpoints per batch.
    pub max_batch_checkpoints: usize,
    /// Record undecodable events in `quarantine` and continue, instead of stopping.
    pub quarantine: bool,
    /// Keep raw events of this many most recent checkpoints (`None`: keep all). State tables
    /// are never pruned.
    pub retention_checkpoints: Option<u64>,
}

impl PipelineOptions {
    /// Defaults for a database and a deployment.
    pub fn new(database_url: impl Into<String>, packages: PackageIds) -> Self {
        Self {
            name: "main".into(),
            database_url: database_url.into(),
            packages,
            first_checkpoint: 0,
            last_checkpoint: None,
            max_batch_events: 20_000,
            max_batch_checkpoints: 1_000,
            quarantine: false,
            retention_checkpoints: None,
        }
    }
}

/// Counters of a run (also logged per batch).
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    /// Next checkpoint to index.
    pub next_checkpoint: u64,
    /// Timestamp of the last indexed checkpoint.
    pub last_timestamp_ms: Option<u64>,
    /// Events indexed by this run.
    pub events: u64,
    /// Batches committed.
    pub batches: u64,
    /// Rows written per table.
    pub rows: BTreeMap<&'static str, u64>,
    /// Latency of the last batch commit.
    pub last_batch_latency: Duration,
}

/// A watermark row.
#[derive(Debug, Clone, QueryableByName)]
pub struct Watermark {
    /// Pipeline name.
    #[diesel(sql_type = Text)]
    pub pipeline: String,
    /// Next checkpoint to index.
    #[diesel(sql_type = BigInt)]
    pub next_checkpoint: i64,
    /// Timestamp of the last indexed checkpoint.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub checkpoint_timestamp_ms: Option<i64>,
    /// Events indexed so far.
    #[diesel(sql_type = BigInt)]
    pub events_total: i64,
}

/// Reads every watermark.
pub async fn watermarks(conn: &mut AsyncPgConnection) -> Result<Vec<Watermark>, IndexerError> {
    Ok(sql_query(
        "SELECT pipeline, next_checkpoint, checkpoint_timestamp_ms, events_total FROM watermarks ORDER BY pipeline",
    )
    .load(conn)
    .await?)
}

#[derive(QueryableByName)]
struct Epoch {
    #[diesel(sql_type = Nullable<BigInt>)]
    epoch: Option<i64>,
}

/// An indexing pipeline.
pub struct Pipeline {
    options: PipelineOptions,
    decoder: EventDecoder,
    metrics: Metrics,
    epoch: Option<u64>,
}

impl Pipeline {
    /// A pipeline with these options.
    pub fn new(options: PipelineOptions) -> Self {
        Self {
            decoder: EventDecoder::new(options.packages),
            options,
            metrics: Metrics::default(),
            epoch: None,
        }
    }

    /// The counters so far.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Loads (or creates) the watermark; returns the next checkpoint to index.
    async fn start(&mut self, conn: &mut AsyncPgConnection) -> Result<u64, IndexerError> {
        sql_query("INSERT INTO watermarks (pipeline, next_checkpoint) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind::<Text, _>(&self.options.name)
            .bind::<BigInt, _>(self.options.first_checkpoint as i64)
            .execute(conn)
            .await?;
        let w = watermarks(conn).await?;
        let next = w
            .iter()
            .find(|w| w.pipeline == self.options.name)
            .map(|w| w.next_checkpoint as u64)
            .unwrap_or(self.options.first_checkpoint);
        let e: Vec<Epoch> = sql_query("SELECT max(current_epoch) AS epoch FROM system")
            .load(conn)
            .await?;
        self.epoch = e.into_iter().next().and_then(|e| e.epoch).map(|e| e as u64);
        self.metrics.next_checkpoint = next;
        Ok(next)
    }

    /// Runs until the source ends (or `last_checkpoint`), or an error stops it. Database
    /// outages are waited out (reconnect with backoff; the batch is retried).
    pub async fn run(&mut self, source: Source) -> Result<(), IndexerError> {
        let url = self.options.database_url.clone();
        let mut conn = db::connect_with_backoff(&url, None).await?;
        let mut next = loop {
            match self.start(&mut conn).await {
                Ok(n) => break n,
                Err(e) if e.is_connection() => {
                    conn = db::connect_with_backoff(&url, None).await?;
                }
                Err(e) => return Err(e),
            }
        };
        if self.options.last_checkpoint.is_some_and(|l| next > l) {
            return Ok(());
        }
        let mut rx = source.spawn(next, self.options.last_checkpoint);
        loop {
            // Collect a batch: wait for one checkpoint, then take what is ready.
            let Some(first) = rx.recv().await else {
                return Ok(());
            };
            let mut pending_error = None;
            let mut batch = Batch::default();
            batch.epoch = self.epoch;
            let mut expected = next;
            let mut last_ts = None;
            let mut item = Some(first);
            let mut n_checkpoints = 0;
            while let Some(it) = item.take() {
                match it.and_then(|c| self.add_checkpoint(&mut batch, expected, &c).map(|_| c)) {
                    Ok(c) => {
                        expected += 1;
                        n_checkpoints += 1;
                        last_ts = Some(c.timestamp_ms);
                    }
                    Err(e) => {
                        pending_error = Some(e);
                        break;
                    }
                }
                if batch.events as usize >= self.options.max_batch_events
                    || n_checkpoints >= self.options.max_batch_checkpoints
                {
                    break;
                }
                item = rx.try_recv().ok();
            }
            if n_checkpoints > 0 {
                loop {
                    match self
                        .commit(&mut conn, &batch, next, expected, last_ts)
                        .await
                    {
                        Ok(()) => break,
                        Err(e) if e.is_connection() => {
                            tracing::warn!(error = %e, "database connection lost; retrying the batch");
                            conn = db::connect_with_backoff(&url, None).await?;
                        }
                        Err(e) => return Err(e),
                    }
                }
                next = expected;
                self.epoch = batch.epoch;
                self.metrics.next_checkpoint = next;
                self.metrics.last_timestamp_ms = last_ts;
            }
            if let Some(e) = pending_error {
                return Err(e);
            }
            if self.options.last_checkpoint.is_some_and(|l| next > l) {
                return Ok(());
            }
        }
    }

    /// Decodes a checkpoint into the batch. Nothing is added when it fails.
    fn add_checkpoint(
        &mut self,
        batch: &mut Batch,
        expected: u64,
        c: &CheckpointData,
    ) -> Result<(), IndexerError> {
        if c.sequence_number != expected {
            return Err(IndexerError::OutOfOrder {
                kind: if c.sequence_number < expected {
                    "repeat"
                } else {
                    "gap"
                },
                expected,
                got: c.sequence_number,
            });
        }
        // Decode everything first, so that a bad event leaves the batch untouched.
        let mut decoded = Vec::new();
        let mut bad = Vec::new();
        for tx in &c.transactions {
            for ev in &tx.events {
                if !self.decoder.package_ids().contains(ev.event_type.address()) {
                    continue;
                }
                let position = EventPosition {
                    checkpoint: c.sequence_number,
                    transaction: tx.digest.to_string(),
                    event_index: ev.event_index,
                };
                match self.decoder.decode(&position, ev) {
                    Ok(e) => decoded.push((position, ev, e)),
                    Err(err) if self.options.quarantine => {
                        tracing::error!(%err, "quarantined an undecodable event");
                        bad.push((position, ev, err.reason));
                    }
                    Err(err) => return Err(err.into()),
                }
            }
        }
        for (p, ev, reason) in bad {
            batch.quarantine(&p, &ev.event_type.to_string(), &ev.contents, &reason);
        }
        for (p, ev, e) in decoded {
            let sender = ev.sender.to_string();
            batch.raw(
                &p,
                &ev.event_type.to_string(),
                &sender,
                c.timestamp_ms,
                &ev.contents,
                e.as_ref(),
            );
            if let Some(e) = &e {
                batch.apply(&p, c.timestamp_ms, &sender, e);
            }
        }
        Ok(())
    }

    async fn commit(
        &mut self,
        conn: &mut AsyncPgConnection,
        batch: &Batch,
        from: u64,
        to: u64,
        last_ts: Option<u64>,
    ) -> Result<(), IndexerError> {
        let started = Instant::now();
        let name = self.options.name.clone();
        let statements = batch.statements();
        let events = batch.events as i64;
        let prune_below = self
            .options
            .retention_checkpoints
            .map(|r| to.saturating_sub(r));
        let moved = conn
            .transaction::<bool, IndexerError, _>(async move |c: &mut AsyncPgConnection| {
                {
                    let n = sql_query(
                        "UPDATE watermarks SET next_checkpoint = $1, checkpoint_timestamp_ms = $2, \
                         events_total = events_total + $3, updated_at = now() \
                         WHERE pipeline = $4 AND next_checkpoint = $5",
                    )
                    .bind::<BigInt, _>(to as i64)
                    .bind::<Nullable<BigInt>, _>(last_ts.map(|t| t as i64))
                    .bind::<BigInt, _>(events)
                    .bind::<Text, _>(&name)
                    .bind::<BigInt, _>(from as i64)
                    .execute(c)
                    .await?;
                    if n != 1 {
                        return Ok(true);
                    }
                    // One round trip per ~1 MB of SQL.
                    let mut script = String::new();
                    for s in &statements {
                        script.push_str(s);
                        script.push_str(";\n");
                        if script.len() > 1 << 20 {
                            c.batch_execute(&script).await?;
                            script.clear();
                        }
                    }
                    if !script.is_empty() {
                        c.batch_execute(&script).await?;
                    }
                    if let Some(below) = prune_below.filter(|b| *b > 0) {
                        c.batch_execute(&format!("DELETE FROM events WHERE checkpoint < {below}"))
                            .await?;
                    }
                    Ok(false)
                }
            })
            .await?;
        if moved {
            return Err(IndexerError::WatermarkMoved {
                pipeline: self.options.name.clone(),
                expected: from,
            });
        }
        self.metrics.batches += 1;
        self.metrics.events += batch.events;
        for (t, n) in &batch.rows {
            *self.metrics.rows.entry(t).or_default() += n;
        }
        self.metrics.last_batch_latency = started.elapsed();
        tracing::info!(
            from,
            to = to - 1,
            events = batch.events,
            latency_ms = started.elapsed().as_millis() as u64,
            "batch committed"
        );
        Ok(())
    }
}
