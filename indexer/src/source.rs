//! Checkpoint sources: the chain's checkpoint stream, or a directory of checkpoint files
//! (`<sequence number>.binpb.zst`: a zstd-compressed protobuf `sui.rpc.v2.Checkpoint`, the
//! format of Sui's checkpoint archives). Each source runs as a task that sends checkpoints in
//! order into a bounded channel; the pipeline checks the order again.

use std::path::{Path, PathBuf};
use std::time::Duration;

use prost::Message;
use sui_rpc::proto::sui::rpc::v2 as proto;
use tokio::sync::mpsc;
use walrus_chain::types::CheckpointData;
use walrus_chain::{ClientConfig, StreamOptions, SuiChain};

use crate::IndexerError;

/// Where checkpoints come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A Sui full node or the localnet, through `walrus-chain`.
    Chain(Box<ClientConfig>),
    /// A directory of `<seq>.binpb.zst` files.
    Dir {
        /// The directory.
        path: PathBuf,
        /// Keep polling for new files at the end (otherwise the source ends).
        follow: bool,
    },
}

/// What a source sends: a checkpoint, or an error that stops the pipeline.
pub type Item = Result<CheckpointData, IndexerError>;

/// The file name of a checkpoint.
pub fn file_name(sequence_number: u64) -> String {
    format!("{sequence_number}.binpb.zst")
}

/// Converts a checkpoint to the protobuf the files hold (the fields the indexer reads).
pub fn to_proto(c: &CheckpointData) -> proto::Checkpoint {
    let mut summary = proto::CheckpointSummary::default();
    summary.epoch = c.epoch;
    summary.sequence_number = Some(c.sequence_number);
    summary.timestamp = Some(sui_rpc::proto::timestamp_ms_to_proto(c.timestamp_ms));
    let mut out = proto::Checkpoint::default();
    out.sequence_number = Some(c.sequence_number);
    out.summary = Some(summary);
    for t in &c.transactions {
        let mut tx = proto::ExecutedTransaction::default();
        tx.digest = Some(t.digest.to_string());
        let mut evs = proto::TransactionEvents::default();
        for e in &t.events {
            let mut ev = proto::Event::default();
            ev.package_id = Some(e.package_id.to_string());
            ev.module = Some(e.module.clone());
            ev.sender = Some(e.sender.to_string());
            ev.event_type = Some(e.event_type.to_string());
            let mut bcs = proto::Bcs::default();
            bcs.value = Some(e.contents.clone().into());
            ev.contents = Some(bcs);
            ev.event_index = Some(e.event_index);
            evs.events.push(ev);
        }
        tx.events = Some(evs);
        out.transactions.push(tx);
    }
    out
}

/// Writes a checkpoint file into `dir` (atomically: temporary file, then rename).
pub fn write_file(dir: &Path, c: &CheckpointData) -> Result<PathBuf, IndexerError> {
    let bytes = to_proto(c).encode_to_vec();
    let compressed = zstd::encode_all(&bytes[..], 3)?;
    let path = dir.join(file_name(c.sequence_number));
    let tmp = dir.join(format!(".{}.tmp", file_name(c.sequence_number)));
    std::fs::write(&tmp, compressed)?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}

/// Reads and decodes one checkpoint file.
pub fn read_file(path: &Path) -> Result<CheckpointData, IndexerError> {
    let err = |reason: String| IndexerError::CheckpointFile {
        path: path.display().to_string(),
        reason,
    };
    let raw = std::fs::read(path)?;
    let bytes = zstd::decode_all(&raw[..]).map_err(|e| err(format!("zstd: {e}")))?;
    let p = proto::Checkpoint::decode(&bytes[..]).map_err(|e| err(format!("protobuf: {e}")))?;
    CheckpointData::from_proto(&p).map_err(|e| err(e.to_string()))
}

/// The highest sequence number of a checkpoint file in `dir`, if any.
fn highest_file(dir: &Path) -> Result<Option<u64>, IndexerError> {
    let mut max = None;
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if let Some(n) = name
            .strip_suffix(".binpb.zst")
            .and_then(|s| s.parse::<u64>().ok())
        {
            max = max.max(Some(n));
        }
    }
    Ok(max)
}

impl Source {
    /// Starts the source at `start`; it ends after `end` (inclusive) when given.
    pub fn spawn(self, start: u64, end: Option<u64>) -> mpsc::Receiver<Item> {
        let (tx, rx) = mpsc::channel(256);
        match self {
            Source::Chain(config) => {
                tokio::spawn(run_chain(*config, start, end, tx));
            }
            Source::Dir { path, follow } => {
                tokio::spawn(run_dir(path, follow, start, end, tx));
            }
        }
        rx
    }
}

async fn run_chain(config: ClientConfig, start: u64, end: Option<u64>, tx: mpsc::Sender<Item>) {
    let chain = match SuiChain::new(&config) {
        Ok(c) => c,
        Err(e) => {
            let _ = tx.send(Err(e.into())).await;
            return;
        }
    };
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(start));
    let mut delay = Duration::from_millis(100);
    loop {
        match stream.next().await {
            Ok(c) => {
                delay = Duration::from_millis(100);
                let seq = c.sequence_number;
                if tx.send(Ok(c)).await.is_err() {
                    return;
                }
                if end.is_some_and(|e| seq >= e) {
                    return;
                }
            }
            Err(e) => {
                // The stream resumes from its cursor: wait and call it again.
                tracing::warn!(error = %e, retry_in_ms = delay.as_millis() as u64, "checkpoint source unavailable");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(10));
                if tx.is_closed() {
                    return;
                }
            }
        }
    }
}

async fn run_dir(dir: PathBuf, follow: bool, start: u64, end: Option<u64>, tx: mpsc::Sender<Item>) {
    let mut next = start;
    loop {
        if end.is_some_and(|e| next > e) {
            return;
        }
        let path = dir.join(file_name(next));
        let item = if path.exists() {
            let p = path.clone();
            match tokio::task::spawn_blocking(move || read_file(&p)).await {
                Ok(r) => r,
                Err(e) => Err(IndexerError::CheckpointFile {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                }),
            }
        } else {
            match highest_file(&dir) {
                Ok(Some(h)) if h > next => Err(IndexerError::OutOfOrder {
                    kind: "gap",
                    expected: next,
                    got: h,
                }),
                Ok(_) if follow => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    if tx.is_closed() {
                        return;
                    }
                    continue;
                }
                Ok(_) => return,
                Err(e) => Err(e),
            }
        };
        let stop = item.is_err();
        if tx.send(item).await.is_err() || stop {
            return;
        }
        next += 1;
    }
}
