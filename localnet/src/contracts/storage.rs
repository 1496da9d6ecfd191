//! `walrus::storage_resource`.

use walrus_chain::bindings::{Storage, StorageDestroyed, StorageFused, StorageSplit, Uid};

use super::errors::storage_resource as e;
use crate::ensure;
use crate::exec::{Cx, Fail};

/// `storage_resource::create`.
pub fn create(cx: &mut Cx, start_epoch: u32, end_epoch: u32, size: u64) -> Result<Storage, Fail> {
    ensure!(start_epoch < end_epoch && size > 0, e::EInvalidStorage);
    Ok(Storage {
        id: Uid(cx.fresh_id()),
        start_epoch,
        end_epoch,
        size,
    })
}

/// `storage_resource::extend_end_epoch`.
pub fn extend_end_epoch(s: &mut Storage, new_end_epoch: u32) -> Result<(), Fail> {
    ensure!(new_end_epoch > s.end_epoch, e::EInvalidStorage);
    s.end_epoch = new_end_epoch;
    Ok(())
}

fn emit_split(cx: &mut Cx, original: &Storage, new: &Storage) {
    cx.emit(&StorageSplit {
        original_id: original.id.to_id(),
        new_id: new.id.to_id(),
        original_start_epoch: original.start_epoch,
        original_end_epoch: original.end_epoch,
        original_size: original.size,
        new_start_epoch: new.start_epoch,
        new_end_epoch: new.end_epoch,
        new_size: new.size,
    });
}

/// `storage_resource::split_by_epoch`.
pub fn split_by_epoch(cx: &mut Cx, s: &mut Storage, split_epoch: u32) -> Result<Storage, Fail> {
    ensure!(
        split_epoch > s.start_epoch && split_epoch < s.end_epoch,
        e::EInvalidSplitEpoch
    );
    let new = Storage {
        id: Uid(cx.fresh_id()),
        start_epoch: split_epoch,
        end_epoch: s.end_epoch,
        size: s.size,
    };
    s.end_epoch = split_epoch;
    emit_split(cx, s, &new);
    Ok(new)
}

/// `storage_resource::split_by_size`.
pub fn split_by_size(cx: &mut Cx, s: &mut Storage, split_size: u64) -> Result<Storage, Fail> {
    ensure!(split_size > 0 && split_size < s.size, e::EInvalidSplitSize);
    let new = Storage {
        id: Uid(cx.fresh_id()),
        start_epoch: s.start_epoch,
        end_epoch: s.end_epoch,
        size: s.size - split_size,
    };
    s.size = split_size;
    emit_split(cx, s, &new);
    Ok(new)
}

fn consume(cx: &mut Cx, s: &Storage, other: &Storage) {
    cx.emit(&StorageFused {
        kept_id: s.id.to_id(),
        consumed_id: other.id.to_id(),
        start_epoch: s.start_epoch,
        end_epoch: s.end_epoch,
        size: s.size,
    });
}

/// `storage_resource::fuse_periods` (the caller deletes `other`).
pub fn fuse_periods(cx: &mut Cx, s: &mut Storage, other: &Storage) -> Result<(), Fail> {
    ensure!(s.size == other.size, e::EIncompatibleSize);
    if s.end_epoch == other.start_epoch {
        s.end_epoch = other.end_epoch;
    } else {
        ensure!(other.end_epoch == s.start_epoch, e::EIncompatibleEpochs);
        s.start_epoch = other.start_epoch;
    }
    consume(cx, s, other);
    Ok(())
}

/// `storage_resource::fuse_amount` (the caller deletes `other`).
pub fn fuse_amount(cx: &mut Cx, s: &mut Storage, other: &Storage) -> Result<(), Fail> {
    ensure!(
        s.start_epoch == other.start_epoch && s.end_epoch == other.end_epoch,
        e::EIncompatibleEpochs
    );
    let sum = u128::from(s.size) + u128::from(other.size);
    ensure!(sum <= u128::from(u64::MAX), e::ESizeOverflow);
    s.size = sum as u64;
    consume(cx, s, other);
    Ok(())
}

/// `storage_resource::fuse`.
pub fn fuse(cx: &mut Cx, s: &mut Storage, other: &Storage) -> Result<(), Fail> {
    if s.start_epoch == other.start_epoch && s.end_epoch == other.end_epoch {
        fuse_amount(cx, s, other)
    } else {
        fuse_periods(cx, s, other)
    }
}

/// `storage_resource::destroy` (the caller deletes the object).
pub fn destroy(cx: &mut Cx, s: Storage) {
    cx.emit(&StorageDestroyed {
        storage_id: s.id.to_id(),
        start_epoch: s.start_epoch,
        end_epoch: s.end_epoch,
        size: s.size,
    });
}
