//! Following the chain: the node's view of blobs and of its shards, from the `System` object at
//! start and then from the events of the checkpoint stream. The cursor is committed with each
//! checkpoint's updates, so a restart resumes exactly where the node stopped.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use walrus_chain::{ChainError, EventDecoder, StreamOptions, SuiChain, SystemEvent};
use walrus_core::BlobId;

use crate::error::NodeError;
use crate::node::StorageNode;
use crate::storage::BlobInfo;

/// Loads the epoch, the node's ID and its shards from the `System` object.
pub async fn init_view(node: &StorageNode, chain: &SuiChain) -> Result<(), ChainError> {
    let system = chain.system_state().await?;
    let me = node.key().public().to_bytes();
    let member = system
        .committee
        .members
        .iter()
        .find(|m| m.public_key.as_slice() == me.as_slice());
    let mut view = node.view();
    view.epoch = system.epoch;
    if let Some(m) = member {
        view.node_id = Some(m.node_id.0.into_inner());
        view.shards = m.shards.iter().copied().collect();
    } else if view.node_id.is_none() {
        // Not in the committee: find the node's pool among the candidates, if registered.
        if let Ok(pools) = chain.staking_pools().await {
            view.node_id = pools
                .iter()
                .find(|p| p.node_info.public_key.as_slice() == me.as_slice())
                .map(|p| p.id.0.into_inner());
        }
        view.shards.clear();
    }
    tracing::info!(epoch = view.epoch, shards = ?view.shards, "chain view loaded");
    node.set_view(view);
    Ok(())
}

/// Applies one checkpoint's events to the node's state. Returns whether the epoch changed.
pub fn apply_events(
    node: &StorageNode,
    events: &[SystemEvent],
    cursor: u64,
    grace_ms: u64,
) -> Result<bool, NodeError> {
    let storage = node.storage();
    let mut updates: BTreeMap<BlobId, BlobInfo> = BTreeMap::new();
    let mut view = node.view();
    let mut epoch_changed = false;
    let info_of = |updates: &mut BTreeMap<BlobId, BlobInfo>, id: BlobId| -> Result<(), NodeError> {
        if let std::collections::btree_map::Entry::Vacant(slot) = updates.entry(id) {
            slot.insert(storage.blob_info(&id)?.unwrap_or_default());
        }
        Ok(())
    };
    for event in events {
        match event {
            SystemEvent::BlobRegistered(e) => {
                info_of(&mut updates, e.blob_id)?;
                let info = updates.get_mut(&e.blob_id).expect("inserted above");
                info.live_objects += 1;
                info.deleted = false;
                info.end_epoch = info.end_epoch.max(e.end_epoch);
                info.size = e.size;
            }
            SystemEvent::BlobCertified(e) => {
                info_of(&mut updates, e.blob_id)?;
                let info = updates.get_mut(&e.blob_id).expect("inserted above");
                info.certified_epoch = Some(info.certified_epoch.unwrap_or(e.epoch).min(e.epoch));
                info.end_epoch = info.end_epoch.max(e.end_epoch);
            }
            SystemEvent::BlobExtended(e) => {
                info_of(&mut updates, e.blob_id)?;
                let info = updates.get_mut(&e.blob_id).expect("inserted above");
                info.end_epoch = info.end_epoch.max(e.new_end_epoch);
            }
            SystemEvent::BlobDeleted(e) => {
                info_of(&mut updates, e.blob_id)?;
                let info = updates.get_mut(&e.blob_id).expect("inserted above");
                info.live_objects = info.live_objects.saturating_sub(1);
                if info.live_objects == 0 {
                    info.deleted = true;
                }
            }
            SystemEvent::EpochChanged(e) => {
                epoch_changed = true;
                view.epoch = e.epoch;
                let mine: BTreeSet<u16> = view
                    .node_id
                    .and_then(|id| {
                        e.node_ids
                            .iter()
                            .position(|n| n.0.into_inner() == id)
                            .and_then(|i| e.shards.get(i))
                    })
                    .map(|s| s.iter().copied().collect())
                    .unwrap_or_default();
                let lost: BTreeSet<u16> = view.shards.difference(&mine).copied().collect();
                let gained: Vec<u16> = mine.difference(&view.shards).copied().collect();
                if !lost.is_empty() {
                    view.grace = lost;
                    view.grace_until_ms = now_ms() + grace_ms;
                }
                tracing::info!(epoch = e.epoch, shards = ?mine, ?gained, lost = ?view.grace, "epoch changed");
                view.shards = mine;
            }
            SystemEvent::AuditRoundOpened(e) => {
                tracing::info!(round = e.round, epoch = e.epoch, "audit round opened");
            }
            _ => {}
        }
    }
    let updates: Vec<(BlobId, BlobInfo)> = updates.into_iter().collect();
    storage.apply_checkpoint(
        &updates,
        &[("epoch", serde_json::json!(view.epoch))],
        cursor,
    )?;
    node.set_view(view);
    Ok(epoch_changed)
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Follows the chain forever from the stored cursor (or `start` on a fresh node).
pub async fn follow(node: StorageNode, chain: SuiChain, start: u64, grace_ms: u64) {
    let cursor = match node.storage().cursor() {
        Ok(c) => c.unwrap_or(start),
        Err(e) => {
            tracing::error!(error = %e, "cannot read the cursor; not following the chain");
            return;
        }
    };
    let mut decoder = EventDecoder::new(chain.package_ids());
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(cursor));
    loop {
        let checkpoint = match stream.next().await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "checkpoint stream failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let events: Vec<SystemEvent> = match decoder.decode_checkpoint(&checkpoint) {
            Ok(events) => events.into_iter().map(|d| d.event).collect(),
            Err(e) => {
                tracing::error!(error = %e, checkpoint = checkpoint.sequence_number, "undecodable event; skipped");
                Vec::new()
            }
        };
        let next = checkpoint.sequence_number + 1;
        let n = node.clone();
        let result = tokio::task::spawn_blocking(move || {
            let changed = apply_events(&n, &events, next, grace_ms)?;
            if changed {
                let collected = n.collect_garbage()?;
                tracing::info!(collected, "garbage collection after epoch change");
            }
            Ok::<_, NodeError>(())
        })
        .await;
        match result {
            Ok(Ok(())) => node
                .metrics()
                .chain_progress(checkpoint.sequence_number, checkpoint.timestamp_ms),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "applying checkpoint failed; restarting from the cursor");
                tokio::time::sleep(Duration::from_secs(1)).await;
                let cursor = node.storage().cursor().ok().flatten().unwrap_or(start);
                stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(cursor));
            }
            Err(e) => tracing::error!(error = %e, "follower task panicked"),
        }
    }
}
