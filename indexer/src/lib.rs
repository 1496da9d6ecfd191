//! `walrus-indexer`: indexes the `wal` and `walrus` events of Sui checkpoints into Postgres.
//!
//! * [`source`]: where checkpoints come from: the chain's gap-free [`walrus_chain::CheckpointStream`]
//!   or a directory of zstd-compressed protobuf `Checkpoint` files.
//! * [`writer`]: turns decoded events into SQL (raw events, state tables, history tables).
//! * [`pipeline`]: the ordered pipeline: batches of checkpoints, one transaction per batch with
//!   the watermark, gap/repeat refusal, reconnects with backoff, pruning of raw events.
//! * [`db`]: connections and migrations (`migrations/` at the repository root).
//!
//! See `indexer/WIP.md` and `docs/dashboards.md`.

pub mod db;
pub mod error;
pub mod pipeline;
pub mod source;
pub mod sql;
pub mod writer;

pub use error::IndexerError;
pub use pipeline::{Pipeline, PipelineOptions};
