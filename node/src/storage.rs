//! Durable storage of the node: metadata, slivers, the node's view of blobs and the chain cursor,
//! in one [redb](https://docs.rs/redb) database.
//!
//! Why redb: it is an embedded, pure-Rust, ACID key-value store with copy-on-write B-trees. A
//! write transaction is atomic and, with the default `Durability::Immediate`, `fsync`ed before
//! `commit` returns; a crash at any point leaves the last committed state. That gives both
//! properties the node needs with no extra machinery: a sliver is either completely there or not
//! there at all, and a storage confirmation is only signed after the commit of every sliver it
//! covers has returned. No C++ toolchain (RocksDB) and no background compaction tuning.
//!
//! Tables:
//!
//! | table | key | value |
//! |---|---|---|
//! | `metadata` | blob ID (32 bytes) | BCS `BlobMetadata` |
//! | `slivers` | blob ID ++ pair index (u16 BE) ++ axis (u8) | BCS `Sliver` |
//! | `blobs` | blob ID | JSON [`BlobInfo`] (the node's view of the chain) |
//! | `state` | name | JSON value (`cursor`, `epoch`, `committee`) |

use std::path::Path;

use redb::{Database, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};
use walrus_core::{BlobId, SliverAxis, SliverPairIndex};

const METADATA: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("metadata");
const SLIVERS: TableDefinition<&[u8; 35], &[u8]> = TableDefinition::new("slivers");
const BLOBS: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("blobs");
const STATE: TableDefinition<&str, &[u8]> = TableDefinition::new("state");

/// A storage failure (I/O, a corrupt database, a record that does not decode).
#[derive(Debug, thiserror::Error)]
#[error("storage: {0}")]
pub struct StorageError(pub String);

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for StorageError {
            fn from(e: $t) -> Self {
                Self(e.to_string())
            }
        }
    )*};
}
from_redb!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    serde_json::Error
);

/// The node's view of one blob ID, built from chain events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobInfo {
    /// Number of live (registered, not deleted or burned) blob objects with this ID.
    pub live_objects: u32,
    /// The latest end epoch (exclusive) of any live object.
    pub end_epoch: u32,
    /// The epoch of the first certification, if certified.
    pub certified_epoch: Option<u32>,
    /// Whether every object with this ID was deleted (or burned).
    pub deleted: bool,
    /// Unencoded size from the registration.
    pub size: u64,
}

impl BlobInfo {
    /// Whether the blob is registered and neither deleted nor expired at `epoch`.
    pub fn is_live(&self, epoch: u32) -> bool {
        self.live_objects > 0 && !self.deleted && epoch < self.end_epoch
    }
}

fn sliver_key(blob: &BlobId, pair: SliverPairIndex, axis: SliverAxis) -> [u8; 35] {
    let mut key = [0u8; 35];
    key[..32].copy_from_slice(&blob.0);
    key[32..34].copy_from_slice(&pair.get().to_be_bytes());
    key[34] = axis.as_u8();
    key
}

/// The node's database. Cheap to clone (shared handle).
#[derive(Clone)]
pub struct Storage {
    db: std::sync::Arc<Database>,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage").finish_non_exhaustive()
    }
}

impl Storage {
    /// Opens (or creates) the database `dir/node.redb`.
    pub fn open(dir: &Path) -> Result<Self, StorageError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StorageError(format!("{}: {e}", dir.display())))?;
        let db = Database::create(dir.join("node.redb"))?;
        let tx = db.begin_write()?;
        tx.open_table(METADATA)?;
        tx.open_table(SLIVERS)?;
        tx.open_table(BLOBS)?;
        tx.open_table(STATE)?;
        tx.commit()?;
        Ok(Self {
            db: std::sync::Arc::new(db),
        })
    }

    /// Stores metadata bytes (already verified by the caller). Durable when this returns.
    pub fn put_metadata(&self, blob: &BlobId, bytes: &[u8]) -> Result<(), StorageError> {
        let tx = self.db.begin_write()?;
        tx.open_table(METADATA)?.insert(&blob.0, bytes)?;
        tx.commit()?;
        Ok(())
    }

    /// The stored metadata bytes.
    pub fn metadata(&self, blob: &BlobId) -> Result<Option<Vec<u8>>, StorageError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(METADATA)?;
        Ok(table.get(&blob.0)?.map(|v| v.value().to_vec()))
    }

    /// Stores a sliver's bytes (already verified). Atomic and durable when this returns.
    pub fn put_sliver(
        &self,
        blob: &BlobId,
        pair: SliverPairIndex,
        axis: SliverAxis,
        bytes: &[u8],
    ) -> Result<(), StorageError> {
        let tx = self.db.begin_write()?;
        tx.open_table(SLIVERS)?
            .insert(&sliver_key(blob, pair, axis), bytes)?;
        tx.commit()?;
        Ok(())
    }

    /// The stored sliver bytes.
    pub fn sliver(
        &self,
        blob: &BlobId,
        pair: SliverPairIndex,
        axis: SliverAxis,
    ) -> Result<Option<Vec<u8>>, StorageError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(SLIVERS)?;
        Ok(table
            .get(&sliver_key(blob, pair, axis))?
            .map(|v| v.value().to_vec()))
    }

    /// Whether the sliver is stored.
    pub fn has_sliver(
        &self,
        blob: &BlobId,
        pair: SliverPairIndex,
        axis: SliverAxis,
    ) -> Result<bool, StorageError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(SLIVERS)?;
        Ok(table.get(&sliver_key(blob, pair, axis))?.is_some())
    }

    /// The node's view of a blob.
    pub fn blob_info(&self, blob: &BlobId) -> Result<Option<BlobInfo>, StorageError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(BLOBS)?;
        match table.get(&blob.0)? {
            Some(v) => Ok(Some(serde_json::from_slice(v.value())?)),
            None => Ok(None),
        }
    }

    /// All blob views (for GC, challenges and shard sync).
    pub fn blob_infos(&self) -> Result<Vec<(BlobId, BlobInfo)>, StorageError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(BLOBS)?;
        let mut out = Vec::new();
        for entry in table.iter()? {
            let (k, v) = entry?;
            out.push((BlobId(*k.value()), serde_json::from_slice(v.value())?));
        }
        Ok(out)
    }

    /// Applies the chain updates of one checkpoint and advances the cursor, atomically: either
    /// the whole checkpoint is applied or none of it, so a restart resumes exactly.
    pub fn apply_checkpoint(
        &self,
        updates: &[(BlobId, BlobInfo)],
        state: &[(&str, serde_json::Value)],
        cursor: u64,
    ) -> Result<(), StorageError> {
        let tx = self.db.begin_write()?;
        {
            let mut blobs = tx.open_table(BLOBS)?;
            for (id, info) in updates {
                blobs.insert(&id.0, serde_json::to_vec(info)?.as_slice())?;
            }
            let mut st = tx.open_table(STATE)?;
            for (k, v) in state {
                st.insert(*k, serde_json::to_vec(v)?.as_slice())?;
            }
            st.insert("cursor", serde_json::to_vec(&cursor)?.as_slice())?;
        }
        tx.commit()?;
        Ok(())
    }

    /// A stored state value.
    pub fn state<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StorageError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(STATE)?;
        match table.get(key)? {
            Some(v) => Ok(Some(serde_json::from_slice(v.value())?)),
            None => Ok(None),
        }
    }

    /// Sets one state value.
    pub fn set_state<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StorageError> {
        let tx = self.db.begin_write()?;
        tx.open_table(STATE)?
            .insert(key, serde_json::to_vec(value)?.as_slice())?;
        tx.commit()?;
        Ok(())
    }

    /// The checkpoint cursor (next checkpoint to process).
    pub fn cursor(&self) -> Result<Option<u64>, StorageError> {
        self.state("cursor")
    }

    /// Deletes the metadata and every sliver of `blob` (garbage collection), atomically.
    pub fn delete_blob_data(&self, blob: &BlobId) -> Result<u64, StorageError> {
        let tx = self.db.begin_write()?;
        let mut freed = 0u64;
        {
            let mut meta = tx.open_table(METADATA)?;
            if let Some(v) = meta.remove(&blob.0)? {
                freed += v.value().len() as u64;
            }
            let mut slivers = tx.open_table(SLIVERS)?;
            let lo = sliver_key(blob, SliverPairIndex(0), SliverAxis::Primary);
            let hi = sliver_key(blob, SliverPairIndex(u16::MAX), SliverAxis::Secondary);
            let keys: Vec<[u8; 35]> = slivers
                .range::<&[u8; 35]>(&lo..=&hi)?
                .map(|e| e.map(|(k, _)| *k.value()))
                .collect::<Result<_, _>>()?;
            for key in keys {
                if let Some(v) = slivers.remove(&key)? {
                    freed += v.value().len() as u64;
                }
            }
        }
        tx.commit()?;
        Ok(freed)
    }

    /// Removes the slivers of one pair index of `blob` (a shard the node no longer holds).
    pub fn delete_pair(&self, blob: &BlobId, pair: SliverPairIndex) -> Result<(), StorageError> {
        let tx = self.db.begin_write()?;
        {
            let mut slivers = tx.open_table(SLIVERS)?;
            for axis in [SliverAxis::Primary, SliverAxis::Secondary] {
                slivers.remove(&sliver_key(blob, pair, axis))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// `(count, bytes)` of stored slivers.
    pub fn sliver_stats(&self) -> Result<(u64, u64), StorageError> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(SLIVERS)?;
        let mut count = 0;
        let mut bytes = 0;
        for entry in table.iter()? {
            let (_, v) = entry?;
            count += 1;
            bytes += v.value().len() as u64;
        }
        Ok((count, bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(b: u8) -> BlobId {
        BlobId([b; 32])
    }

    #[test]
    fn committed_writes_survive_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Storage::open(dir.path()).unwrap();
            s.put_metadata(&id(1), b"meta").unwrap();
            s.put_sliver(&id(1), SliverPairIndex(3), SliverAxis::Secondary, b"sliver")
                .unwrap();
            s.apply_checkpoint(&[(id(1), BlobInfo::default())], &[], 42)
                .unwrap();
        }
        let s = Storage::open(dir.path()).unwrap();
        assert_eq!(s.metadata(&id(1)).unwrap().unwrap(), b"meta");
        assert_eq!(
            s.sliver(&id(1), SliverPairIndex(3), SliverAxis::Secondary)
                .unwrap()
                .unwrap(),
            b"sliver"
        );
        assert!(
            s.sliver(&id(1), SliverPairIndex(3), SliverAxis::Primary)
                .unwrap()
                .is_none()
        );
        assert_eq!(s.cursor().unwrap(), Some(42));
    }

    #[test]
    fn uncommitted_write_is_invisible_after_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Storage::open(dir.path()).unwrap();
            let tx = s.db.begin_write().unwrap();
            tx.open_table(SLIVERS)
                .unwrap()
                .insert(
                    &sliver_key(&id(2), SliverPairIndex(0), SliverAxis::Primary),
                    &b"partial"[..],
                )
                .unwrap();
            // Dropped without commit: what a crash mid-write amounts to.
            drop(tx);
        }
        let s = Storage::open(dir.path()).unwrap();
        assert!(
            s.sliver(&id(2), SliverPairIndex(0), SliverAxis::Primary)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn gc_removes_all_data_of_a_blob_only() {
        let dir = tempfile::tempdir().unwrap();
        let s = Storage::open(dir.path()).unwrap();
        for b in [1, 2] {
            s.put_metadata(&id(b), b"m").unwrap();
            for p in [0u16, 7, u16::MAX] {
                for a in [SliverAxis::Primary, SliverAxis::Secondary] {
                    s.put_sliver(&id(b), SliverPairIndex(p), a, b"xy").unwrap();
                }
            }
        }
        assert_eq!(s.delete_blob_data(&id(1)).unwrap(), 1 + 6 * 2);
        assert!(s.metadata(&id(1)).unwrap().is_none());
        assert_eq!(s.sliver_stats().unwrap(), (6, 12));
        assert!(s.metadata(&id(2)).unwrap().is_some());
    }

    #[test]
    fn blob_info_liveness() {
        let mut info = BlobInfo {
            live_objects: 1,
            end_epoch: 5,
            ..BlobInfo::default()
        };
        assert!(info.is_live(4));
        assert!(!info.is_live(5));
        info.deleted = true;
        assert!(!info.is_live(1));
    }
}
