/// Storage resources: a reservation of `size` bytes of encoded blob data for the epochs
/// `[start_epoch, end_epoch)`. Sold by `system::reserve_space`; a blob holds one for as long as it
/// is stored. Owners can split a resource by epoch or by size, fuse adjacent or equal ones, and
/// transfer them (`key, store`).
///
/// The capacity a resource represents stays reserved in the system's accounting until its end
/// epoch, whatever happens to the object: splitting and fusing conserve the reserved
/// size x epochs, and destroying a resource does not give capacity back.
module walrus::storage_resource;

use walrus::events;

// === Errors ===

#[error(code = 0)]
/// `split_by_epoch` needs an epoch strictly inside the resource's range.
const EInvalidSplitEpoch: vector<u8> =
    b"invalid split epoch: it must be strictly between the storage's start and end epochs";

#[error(code = 1)]
/// `split_by_size` needs a size strictly between 0 and the resource's size.
const EInvalidSplitSize: vector<u8> =
    b"invalid split size: it must be greater than 0 and smaller than the storage's size";

#[error(code = 2)]
/// Fusing by period needs adjacent periods; fusing by size needs equal periods.
const EIncompatibleEpochs: vector<u8> =
    b"incompatible epochs: fuse needs the same epoch range (to add sizes) or adjacent ranges (to join periods)";

#[error(code = 3)]
/// Fusing adjacent periods needs equal sizes.
const EIncompatibleSize: vector<u8> =
    b"incompatible sizes: storage covering adjacent periods can only be fused when both have the same size";

#[error(code = 4)]
/// An empty epoch range or a zero size was passed to the constructor.
const EInvalidStorage: vector<u8> =
    b"invalid storage: the epoch range must be non-empty and the size positive";

#[error(code = 5)]
/// Fusing by size would overflow u64.
const ESizeOverflow: vector<u8> =
    b"size overflow: the fused size would exceed u64::MAX";

// === Structs ===

/// A reservation of `size` bytes (encoded size) for the epochs `[start_epoch, end_epoch)`.
public struct Storage has key, store {
    id: UID,
    /// First epoch covered.
    start_epoch: u32,
    /// First epoch no longer covered (exclusive).
    end_epoch: u32,
    /// Reserved encoded size in bytes.
    size: u64,
}

// === Constructor ===

/// Creates a storage resource. Only `system` calls this, after charging for the space and
/// recording it in the capacity accounting.
public(package) fun create(
    start_epoch: u32,
    end_epoch: u32,
    size: u64,
    ctx: &mut TxContext,
): Storage {
    assert!(start_epoch < end_epoch && size > 0, EInvalidStorage);
    Storage { id: object::new(ctx), start_epoch, end_epoch, size }
}

/// Moves the end epoch to `new_end_epoch`. Only `system::extend_blob` calls this, after charging
/// for the added epochs.
public(package) fun extend_end_epoch(self: &mut Storage, new_end_epoch: u32) {
    assert!(new_end_epoch > self.end_epoch, EInvalidStorage);
    self.end_epoch = new_end_epoch;
}

// === Public functions ===

/// Splits `self` at `split_epoch`: `self` keeps `[start, split_epoch)` and the returned storage
/// covers `[split_epoch, end)`, both with the same size. Aborts with `EInvalidSplitEpoch` unless
/// start < split_epoch < end.
public fun split_by_epoch(self: &mut Storage, split_epoch: u32, ctx: &mut TxContext): Storage {
    assert!(split_epoch > self.start_epoch && split_epoch < self.end_epoch, EInvalidSplitEpoch);
    let new = Storage {
        id: object::new(ctx),
        start_epoch: split_epoch,
        end_epoch: self.end_epoch,
        size: self.size,
    };
    self.end_epoch = split_epoch;
    emit_split(self, &new);
    new
}

/// Splits `split_size` bytes off `self`: `self` keeps `split_size` and the returned storage has
/// the rest, both over the same epochs. Aborts with `EInvalidSplitSize` unless
/// 0 < split_size < size.
public fun split_by_size(self: &mut Storage, split_size: u64, ctx: &mut TxContext): Storage {
    assert!(split_size > 0 && split_size < self.size, EInvalidSplitSize);
    let new = Storage {
        id: object::new(ctx),
        start_epoch: self.start_epoch,
        end_epoch: self.end_epoch,
        size: self.size - split_size,
    };
    self.size = split_size;
    emit_split(self, &new);
    new
}

/// Fuses `other` into `self` when both have the same size and adjacent periods (in either
/// order). Aborts with `EIncompatibleSize` or `EIncompatibleEpochs` otherwise.
public fun fuse_periods(self: &mut Storage, other: Storage) {
    assert!(self.size == other.size, EIncompatibleSize);
    if (self.end_epoch == other.start_epoch) {
        self.end_epoch = other.end_epoch;
    } else {
        assert!(other.end_epoch == self.start_epoch, EIncompatibleEpochs);
        self.start_epoch = other.start_epoch;
    };
    consume(self, other);
}

/// Fuses `other` into `self` when both cover the same epochs, adding the sizes. Aborts with
/// `EIncompatibleEpochs` otherwise and with `ESizeOverflow` if the sum exceeds u64.
public fun fuse_amount(self: &mut Storage, other: Storage) {
    assert!(
        self.start_epoch == other.start_epoch && self.end_epoch == other.end_epoch,
        EIncompatibleEpochs,
    );
    let sum = (self.size as u128) + (other.size as u128);
    assert!(sum <= (std::u64::max_value!() as u128), ESizeOverflow);
    self.size = sum as u64;
    consume(self, other);
}

/// Fuses `other` into `self`: by size when they cover the same epochs, otherwise by period
/// (adjacent periods, equal sizes).
public fun fuse(self: &mut Storage, other: Storage) {
    if (self.start_epoch == other.start_epoch && self.end_epoch == other.end_epoch) {
        self.fuse_amount(other)
    } else {
        self.fuse_periods(other)
    }
}

/// Destroys a storage resource. The capacity it reserved stays reserved (and paid for) until
/// its end epoch; nothing is refunded.
public fun destroy(self: Storage) {
    let Storage { id, start_epoch, end_epoch, size } = self;
    events::storage_destroyed(id.to_inner(), start_epoch, end_epoch, size).emit();
    id.delete();
}

// === Accessors ===

/// First epoch covered.
public fun start_epoch(self: &Storage): u32 { self.start_epoch }

/// First epoch no longer covered (exclusive).
public fun end_epoch(self: &Storage): u32 { self.end_epoch }

/// Reserved encoded size in bytes.
public fun size(self: &Storage): u64 { self.size }

/// True iff the storage covers `epoch`.
public fun covers(self: &Storage, epoch: u32): bool {
    self.start_epoch <= epoch && epoch < self.end_epoch
}

// === Internal ===

/// Deletes `other` after its range or size was merged into `self`, emitting `StorageFused`.
fun consume(self: &Storage, other: Storage) {
    let Storage { id, .. } = other;
    events::storage_fused(
        self.id.to_inner(),
        id.to_inner(),
        self.start_epoch,
        self.end_epoch,
        self.size,
    ).emit();
    id.delete();
}

/// Emits `StorageSplit` for a split of `original` that produced `new`.
fun emit_split(original: &Storage, new: &Storage) {
    events::storage_split(
        original.id.to_inner(),
        new.id.to_inner(),
        original.start_epoch,
        original.end_epoch,
        original.size,
        new.start_epoch,
        new.end_epoch,
        new.size,
    ).emit();
}

// === Test only ===

#[test_only]
/// Creates a storage resource without paying (tests only; bypasses capacity accounting).
public fun create_for_testing(
    start_epoch: u32,
    end_epoch: u32,
    size: u64,
    ctx: &mut TxContext,
): Storage {
    Storage { id: object::new(ctx), start_epoch, end_epoch, size }
}
