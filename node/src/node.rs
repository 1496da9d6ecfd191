//! The node's logic, independent of HTTP: the checks on every write, reads, confirmations,
//! recovery symbols and challenge answers, and the node's view of the chain.

use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};

use walrus_core::{
    BlobId, BlobMetadata, ChallengeResponse, Epoch, NShards, NodeId, Primary, ProtocolKeyPair,
    RoundSeed, Secondary, ShardIndex, Sliver, SliverAxis, SliverPairIndex, StorageConfirmation,
    StorageProof, VerifiedBlobMetadata, WireFormat,
};

use crate::error::NodeError;
use crate::metrics::Metrics;
use crate::storage::{BlobInfo, Storage};

/// The node's view of the current epoch.
#[derive(Debug, Clone, Default)]
pub struct ChainView {
    /// Current walrus epoch.
    pub epoch: u32,
    /// The node's on-chain ID (its staking pool ID), once known.
    pub node_id: Option<[u8; 32]>,
    /// Shards the node holds in the current epoch.
    pub shards: BTreeSet<u16>,
    /// Shards lost at the last epoch change, still served until the deadline (ms, unix).
    pub grace: BTreeSet<u16>,
    /// End of the grace period (unix ms).
    pub grace_until_ms: u64,
}

/// A storage node (cheap to clone).
#[derive(Clone, Debug)]
pub struct StorageNode {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    storage: Storage,
    key: ProtocolKeyPair,
    n_shards: NShards,
    view: RwLock<ChainView>,
    metrics: Metrics,
}

/// Parses `0x…` hex (u256) or decimal blob IDs.
pub fn parse_blob_id(s: &str) -> Result<BlobId, NodeError> {
    s.parse()
        .map_err(|_| NodeError::BadRequest(format!("invalid blob ID {s:?}")))
}

/// Parses `primary` / `secondary`.
pub fn parse_axis(s: &str) -> Result<SliverAxis, NodeError> {
    match s {
        "primary" => Ok(SliverAxis::Primary),
        "secondary" => Ok(SliverAxis::Secondary),
        _ => Err(NodeError::BadRequest(format!(
            "invalid axis {s:?} (primary or secondary)"
        ))),
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl StorageNode {
    /// A node over `storage`, for a system of `n_shards`.
    pub fn new(storage: Storage, key: ProtocolKeyPair, n_shards: NShards) -> Self {
        Self {
            inner: Arc::new(Inner {
                storage,
                key,
                n_shards,
                view: RwLock::new(ChainView::default()),
                metrics: Metrics::default(),
            }),
        }
    }

    /// The database.
    pub fn storage(&self) -> &Storage {
        &self.inner.storage
    }

    /// The metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// The protocol key.
    pub fn key(&self) -> &ProtocolKeyPair {
        &self.inner.key
    }

    /// Number of shards of the system.
    pub fn n_shards(&self) -> NShards {
        self.inner.n_shards
    }

    /// A copy of the current view.
    pub fn view(&self) -> ChainView {
        self.inner
            .view
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replaces the view.
    pub fn set_view(&self, view: ChainView) {
        *self.inner.view.write().unwrap_or_else(|e| e.into_inner()) = view;
    }

    /// Whether the node serves `shard` now (held, or lost but within the grace period).
    fn serves_shard(&self, shard: u16) -> bool {
        let view = self.view();
        view.shards.contains(&shard)
            || (view.grace.contains(&shard) && now_ms() < view.grace_until_ms)
    }

    fn live_info(&self, blob: &BlobId) -> Result<BlobInfo, NodeError> {
        let epoch = self.view().epoch;
        match self.inner.storage.blob_info(blob)? {
            Some(info) if info.is_live(epoch) => Ok(info),
            _ => Err(NodeError::BlobNotRegistered(blob.to_string())),
        }
    }

    /// Upper bound of an acceptable metadata body.
    pub fn metadata_limit(&self) -> u64 {
        16 + 64 * u64::from(self.inner.n_shards.get())
    }

    /// Upper bound of an acceptable sliver body for `blob` (from its stored metadata), checked
    /// before the body is read. Also checks registration and that metadata is stored.
    pub fn sliver_limit(&self, blob: &BlobId) -> Result<u64, NodeError> {
        self.live_info(blob)?;
        let metadata = self.verified_metadata(blob).map_err(|e| match e {
            NodeError::NotFound(_) => NodeError::MetadataNotStored(blob.to_string()),
            other => other,
        })?;
        let k = u64::from(
            metadata
                .config()
                .n_secondary_source_symbols()
                .max(metadata.config().n_primary_source_symbols()),
        );
        Ok(k * u64::from(metadata.symbol_size().get()) + 64)
    }

    /// Checks and stores metadata.
    pub fn store_metadata(&self, blob: &BlobId, body: &[u8]) -> Result<(), NodeError> {
        let info = self.live_info(blob)?;
        let metadata =
            BlobMetadata::from_bytes(body).map_err(|e| NodeError::MalformedBody(e.to_string()))?;
        let verified = metadata
            .verify(blob, self.inner.n_shards)
            .map_err(|e| NodeError::MetadataMismatch(e.to_string()))?;
        if verified.unencoded_size() != info.size {
            return Err(NodeError::MetadataMismatch(format!(
                "size {} differs from the registered size {}",
                verified.unencoded_size(),
                info.size
            )));
        }
        self.inner.storage.put_metadata(blob, body)?;
        Ok(())
    }

    /// Stored metadata bytes.
    pub fn metadata_bytes(&self, blob: &BlobId) -> Result<Vec<u8>, NodeError> {
        self.inner
            .storage
            .metadata(blob)?
            .ok_or_else(|| NodeError::NotFound(format!("metadata of blob {blob}")))
    }

    /// Stored metadata, verified.
    pub fn verified_metadata(&self, blob: &BlobId) -> Result<VerifiedBlobMetadata, NodeError> {
        let bytes = self.metadata_bytes(blob)?;
        BlobMetadata::from_bytes(&bytes)
            .map_err(|e| NodeError::Internal(format!("stored metadata: {e}")))?
            .verify(blob, self.inner.n_shards)
            .map_err(|e| NodeError::Internal(format!("stored metadata: {e}")))
    }

    fn check_shard(&self, blob: &BlobId, pair: SliverPairIndex) -> Result<(), NodeError> {
        if pair.get() >= self.inner.n_shards.get() {
            return Err(NodeError::BadRequest(format!(
                "sliver pair {} out of range (n = {})",
                pair.get(),
                self.inner.n_shards
            )));
        }
        let shard = blob.shard_for_pair_index(pair, self.inner.n_shards);
        if !self.serves_shard(shard.get()) {
            return Err(NodeError::WrongShard {
                blob: blob.to_string(),
                pair: pair.get(),
                shard: shard.get(),
                epoch: self.view().epoch,
            });
        }
        Ok(())
    }

    /// Checks and stores one sliver. Durable when this returns.
    pub fn store_sliver(
        &self,
        blob: &BlobId,
        pair: SliverPairIndex,
        axis: SliverAxis,
        body: &[u8],
    ) -> Result<(), NodeError> {
        self.live_info(blob)?;
        let metadata = self.verified_metadata(blob).map_err(|e| match e {
            NodeError::NotFound(_) => NodeError::MetadataNotStored(blob.to_string()),
            other => other,
        })?;
        self.check_shard(blob, pair)?;
        let malformed = |e: walrus_core::WireError| NodeError::MalformedBody(e.to_string());
        let mismatch =
            |e: walrus_core::SliverVerificationError| NodeError::SliverRootMismatch(e.to_string());
        let index = match axis {
            SliverAxis::Primary => {
                let s = Sliver::<Primary>::from_bytes(body).map_err(malformed)?;
                s.verify(&metadata).map_err(mismatch)?;
                s.index()
            }
            SliverAxis::Secondary => {
                let s = Sliver::<Secondary>::from_bytes(body).map_err(malformed)?;
                s.verify(&metadata).map_err(mismatch)?;
                s.index()
            }
        };
        if index != pair {
            return Err(NodeError::MalformedBody(format!(
                "sliver has pair index {}, the URL says {}",
                index.get(),
                pair.get()
            )));
        }
        self.inner.storage.put_sliver(blob, pair, axis, body)?;
        self.inner.metrics.slivers_stored(body.len() as u64);
        Ok(())
    }

    /// Stored sliver bytes of a shard the node serves.
    pub fn sliver_bytes(
        &self,
        blob: &BlobId,
        pair: SliverPairIndex,
        axis: SliverAxis,
    ) -> Result<Vec<u8>, NodeError> {
        self.check_shard(blob, pair)?;
        self.inner.storage.sliver(blob, pair, axis)?.ok_or_else(|| {
            NodeError::NotFound(format!("{axis} sliver {} of blob {blob}", pair.get()))
        })
    }

    /// The pair indices this node holds for `blob` in the current epoch.
    pub fn held_pairs(&self, blob: &BlobId) -> Vec<SliverPairIndex> {
        self.view()
            .shards
            .iter()
            .map(|&s| blob.pair_index_for_shard(ShardIndex(s), self.inner.n_shards))
            .collect()
    }

    /// Status of a blob as JSON.
    pub fn status(&self, blob: &BlobId) -> Result<serde_json::Value, NodeError> {
        let info = self
            .inner
            .storage
            .blob_info(blob)?
            .ok_or_else(|| NodeError::NotFound(format!("blob {blob}")))?;
        let epoch = self.view().epoch;
        let metadata = self.inner.storage.metadata(blob)?.is_some();
        let mut missing = Vec::new();
        for pair in self.held_pairs(blob) {
            for axis in [SliverAxis::Primary, SliverAxis::Secondary] {
                if !self.inner.storage.has_sliver(blob, pair, axis)? {
                    missing.push(serde_json::json!({"pair": pair.get(), "axis": axis.to_string()}));
                }
            }
        }
        let state = if info.deleted {
            "deleted"
        } else if epoch >= info.end_epoch {
            "expired"
        } else if info.certified_epoch.is_some() {
            "certified"
        } else {
            "registered"
        };
        Ok(serde_json::json!({
            "blob_id": blob.to_string(),
            "state": state,
            "end_epoch": info.end_epoch,
            "certified_epoch": info.certified_epoch,
            "size": info.size,
            "epoch": epoch,
            "metadata_stored": metadata,
            "missing_slivers": missing,
        }))
    }

    /// A signed storage confirmation, once every sliver of the node's shards is stored (and
    /// therefore committed, i.e. fsynced).
    pub fn confirmation(&self, blob: &BlobId) -> Result<(u32, [u8; 64]), NodeError> {
        self.live_info(blob)?;
        if self.inner.storage.metadata(blob)?.is_none() {
            return Err(NodeError::SliversMissing(blob.to_string()));
        }
        let view = self.view();
        if view.shards.is_empty() {
            return Err(NodeError::Unavailable(
                "the node holds no shard in this epoch".into(),
            ));
        }
        for pair in self.held_pairs(blob) {
            for axis in [SliverAxis::Primary, SliverAxis::Secondary] {
                if !self.inner.storage.has_sliver(blob, pair, axis)? {
                    return Err(NodeError::SliversMissing(blob.to_string()));
                }
            }
        }
        let confirmation = StorageConfirmation {
            epoch: Epoch(view.epoch),
            blob_id: *blob,
        };
        Ok((view.epoch, confirmation.sign(&self.inner.key).0))
    }

    /// The recovery symbol of the stored sliver (`axis`, `source`) at position `target`: what a
    /// peer needs to rebuild sliver `target` of the other axis. BCS `RecoverySymbol`.
    pub fn recovery_symbol(
        &self,
        blob: &BlobId,
        source: SliverPairIndex,
        axis: SliverAxis,
        target: SliverPairIndex,
    ) -> Result<Vec<u8>, NodeError> {
        let metadata = self.verified_metadata(blob)?;
        let bytes = self.sliver_bytes(blob, source, axis)?;
        let config = *metadata.config();
        let internal = |e: String| NodeError::Internal(format!("stored sliver: {e}"));
        let out_of_range =
            || NodeError::BadRequest(format!("target {} out of range", target.get()));
        match axis {
            SliverAxis::Primary => {
                let s =
                    Sliver::<Primary>::from_bytes(&bytes).map_err(|e| internal(e.to_string()))?;
                let expanded = s.expand(&config).map_err(|e| internal(e.to_string()))?;
                Ok(expanded
                    .recovery_symbol(target)
                    .ok_or_else(out_of_range)?
                    .to_bytes())
            }
            SliverAxis::Secondary => {
                let s =
                    Sliver::<Secondary>::from_bytes(&bytes).map_err(|e| internal(e.to_string()))?;
                let expanded = s.expand(&config).map_err(|e| internal(e.to_string()))?;
                Ok(expanded
                    .recovery_symbol(target)
                    .ok_or_else(out_of_range)?
                    .to_bytes())
            }
        }
    }

    /// Answers a challenge: the proofs of `symbols` of sliver (`pair`, `axis`) of `blob`, as a
    /// [`walrus_core::SignedChallengeResponse`] (BCS) signed with the protocol key.
    pub fn challenge(
        &self,
        epoch: u32,
        seed: [u8; 32],
        blob: &BlobId,
        pair: SliverPairIndex,
        axis: SliverAxis,
        symbols: &[u16],
    ) -> Result<Vec<u8>, NodeError> {
        if symbols.len() > 4096 {
            return Err(NodeError::BadRequest(
                "at most 4096 symbols per request".into(),
            ));
        }
        let node_id = self
            .view()
            .node_id
            .ok_or_else(|| NodeError::Unavailable("node ID not known yet".into()))?;
        let not_held = || NodeError::NotFound(format!("this node does not hold blob {blob}"));
        let metadata = self.verified_metadata(blob).map_err(|_| not_held())?;
        let bytes = self
            .inner
            .storage
            .sliver(blob, pair, axis)?
            .ok_or_else(not_held)?;
        let internal = |e: String| NodeError::Internal(format!("stored sliver: {e}"));
        let mut proofs = Vec::with_capacity(symbols.len());
        match axis {
            SliverAxis::Primary => {
                let s =
                    Sliver::<Primary>::from_bytes(&bytes).map_err(|e| internal(e.to_string()))?;
                for &i in symbols {
                    proofs.push(StorageProof::new(&metadata, &s, i).ok());
                }
            }
            SliverAxis::Secondary => {
                let s =
                    Sliver::<Secondary>::from_bytes(&bytes).map_err(|e| internal(e.to_string()))?;
                for &i in symbols {
                    proofs.push(StorageProof::new(&metadata, &s, i).ok());
                }
            }
        }
        self.inner.metrics.challenge_answered();
        let response = ChallengeResponse {
            epoch: Epoch(epoch),
            seed: RoundSeed(seed),
            node_id: NodeId(node_id),
            proofs,
        };
        Ok(response.sign(&self.inner.key).to_bytes())
    }

    /// Garbage collection: deletes the data of every blob that is deleted or expired at the
    /// current epoch. Returns the number of blobs collected.
    pub fn collect_garbage(&self) -> Result<usize, NodeError> {
        let epoch = self.view().epoch;
        let mut collected = 0;
        for (id, info) in self.inner.storage.blob_infos()? {
            if !info.is_live(epoch) && self.inner.storage.metadata(&id)?.is_some() {
                self.inner.storage.delete_blob_data(&id)?;
                collected += 1;
            }
        }
        Ok(collected)
    }
}
