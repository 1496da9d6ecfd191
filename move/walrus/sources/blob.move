/// Blobs: the on-chain record of a stored blob. A `Blob` holds the storage resource that pays
/// for it, its blob ID (which commits to its size, encoding type and content) and its
/// certification status. `system` creates, certifies, extends, deletes and burns blobs; owners
/// attach key/value attributes (kept in a dynamic field of the blob).
module walrus::blob;

use std::string::String;
use sui::dynamic_field;
use sui::vec_map::{Self, VecMap};
use walrus::events;
use walrus::storage_resource::Storage;

// === Errors ===

#[error(code = 0)]
/// The blob is certified already.
const EAlreadyCertified: vector<u8> =
    b"blob already certified: a blob is certified once; nothing to do";

#[error(code = 1)]
/// The blob's storage has ended.
const EBlobExpired: vector<u8> =
    b"blob expired: its storage ended; register the blob again with new storage";

#[error(code = 2)]
/// Only deletable blobs can be deleted.
const ENotDeletable: vector<u8> =
    b"blob not deletable: it was registered with deletable = false and stays stored until its end epoch";

#[error(code = 3)]
/// Only expired blobs can be burned.
const EBlobNotExpired: vector<u8> =
    b"blob not expired: only blobs whose end epoch has been reached can be burned (use delete_blob for deletable blobs)";

#[error(code = 4)]
/// The attribute does not exist.
const EAttributeNotFound: vector<u8> =
    b"attribute not found: the blob has no attribute with this key";

// === Structs ===

/// A registered blob.
public struct Blob has key, store {
    id: UID,
    /// Epoch the blob was registered in.
    registered_epoch: u32,
    /// The blob ID (u256, see `encoding::blob_id`).
    blob_id: u256,
    /// Unencoded size in bytes.
    size: u64,
    /// Encoding type (1 = RS2).
    encoding_type: u8,
    /// `some(e)` once certified in epoch `e`.
    certified_epoch: Option<u32>,
    /// The storage resource paying for the blob; its end epoch is the blob's end epoch.
    storage: Storage,
    /// Whether the owner may delete the blob before it expires.
    deletable: bool,
}

/// Dynamic field key of a blob's attributes.
public struct AttributesKey has copy, drop, store {}

/// A blob's attributes (the value of the `AttributesKey` dynamic field).
public struct Attributes has drop, store {
    /// Key/value pairs in insertion order.
    entries: VecMap<String, String>,
}

// === Package functions ===

/// Creates a blob. Called by `system::register_blob` only, after checking the blob ID, the
/// storage and the payment.
public(package) fun new(
    storage: Storage,
    blob_id: u256,
    size: u64,
    encoding_type: u8,
    deletable: bool,
    epoch: u32,
    ctx: &mut TxContext,
): Blob {
    Blob {
        id: object::new(ctx),
        registered_epoch: epoch,
        blob_id,
        size,
        encoding_type,
        certified_epoch: option::none(),
        storage,
        deletable,
    }
}

/// Marks the blob certified in `epoch`. Called by `system::certify_blob` only, after verifying
/// the certificate. Aborts with `EAlreadyCertified` or `EBlobExpired`.
public(package) fun certify(self: &mut Blob, epoch: u32) {
    assert!(self.certified_epoch.is_none(), EAlreadyCertified);
    assert!(epoch < self.storage.end_epoch(), EBlobExpired);
    self.certified_epoch = option::some(epoch);
}

/// Aborts with `EBlobExpired` unless the blob is stored in `epoch`.
public(package) fun assert_not_expired(self: &Blob, epoch: u32) {
    assert!(epoch < self.storage.end_epoch(), EBlobExpired);
}

/// The blob's storage, to extend it. Called by `system::extend_blob` only.
public(package) fun storage_mut(self: &mut Blob): &mut Storage { &mut self.storage }

/// Deletes a deletable blob (and its attributes), returning its storage. Called by
/// `system::delete_blob` only. Aborts with `ENotDeletable`.
public(package) fun delete(self: Blob): Storage {
    assert!(self.deletable, ENotDeletable);
    self.destroy()
}

/// Destroys a blob whose end epoch is at most `epoch` (and its attributes and storage). Called
/// by `system::burn_blob` only. Aborts with `EBlobNotExpired`.
public(package) fun burn(self: Blob, epoch: u32) {
    assert!(self.storage.end_epoch() <= epoch, EBlobNotExpired);
    self.destroy().destroy();
}

// === Attributes ===

/// Inserts or replaces the attribute `key`.
public fun set_attribute(self: &mut Blob, key: String, value: String) {
    if (!dynamic_field::exists_(&self.id, AttributesKey {})) {
        let attrs = Attributes { entries: vec_map::empty() };
        dynamic_field::add(&mut self.id, AttributesKey {}, attrs);
    };
    let attrs: &mut Attributes = dynamic_field::borrow_mut(&mut self.id, AttributesKey {});
    if (attrs.entries.contains(&key)) {
        *attrs.entries.get_mut(&key) = value;
    } else {
        attrs.entries.insert(key, value);
    };
    events::blob_attribute_set(self.id.to_inner(), self.blob_id, key, value).emit();
}

/// Removes the attribute `key`. Aborts with `EAttributeNotFound` if it does not exist.
public fun remove_attribute(self: &mut Blob, key: String) {
    assert!(self.attribute(key).is_some(), EAttributeNotFound);
    let attrs: &mut Attributes = dynamic_field::borrow_mut(&mut self.id, AttributesKey {});
    attrs.entries.remove(&key);
    events::blob_attribute_removed(self.id.to_inner(), self.blob_id, key).emit();
}

/// The value of attribute `key`, if set.
public fun attribute(self: &Blob, key: String): Option<String> {
    if (!dynamic_field::exists_(&self.id, AttributesKey {})) return option::none();
    let attrs: &Attributes = dynamic_field::borrow(&self.id, AttributesKey {});
    attrs.entries.try_get(&key)
}

/// All attributes (empty if none were set).
public fun attributes(self: &Blob): VecMap<String, String> {
    if (!dynamic_field::exists_(&self.id, AttributesKey {})) return vec_map::empty();
    let attrs: &Attributes = dynamic_field::borrow(&self.id, AttributesKey {});
    attrs.entries
}

// === Accessors ===

/// The `Blob` object's ID.
public fun object_id(self: &Blob): ID { self.id.to_inner() }

/// Epoch of registration.
public fun registered_epoch(self: &Blob): u32 { self.registered_epoch }

/// The blob ID.
public fun blob_id(self: &Blob): u256 { self.blob_id }

/// Unencoded size in bytes.
public fun size(self: &Blob): u64 { self.size }

/// Encoding type.
public fun encoding_type(self: &Blob): u8 { self.encoding_type }

/// `some(e)` once certified in epoch `e`.
public fun certified_epoch(self: &Blob): Option<u32> { self.certified_epoch }

/// True iff certified.
public fun is_certified(self: &Blob): bool { self.certified_epoch.is_some() }

/// The storage resource.
public fun storage(self: &Blob): &Storage { &self.storage }

/// First epoch the blob is no longer stored (exclusive).
public fun end_epoch(self: &Blob): u32 { self.storage.end_epoch() }

/// Whether the blob is deletable.
public fun is_deletable(self: &Blob): bool { self.deletable }

// === Internal ===

/// Removes the attributes, deletes the object and returns the storage.
fun destroy(mut self: Blob): Storage {
    if (dynamic_field::exists_(&self.id, AttributesKey {})) {
        let _: Attributes = dynamic_field::remove(&mut self.id, AttributesKey {});
    };
    let Blob { id, storage, .. } = self;
    id.delete();
    storage
}
