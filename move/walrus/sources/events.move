/// Every event the walrus contracts emit, in one place so that the indexer and the Rust
/// bindings have a single list to mirror. Each event carries the IDs, amounts and epochs needed to
/// understand it without reading any object.
///
/// For each event `Foo` there is a `public(package)` constructor `foo(...)` (other modules of
/// the package build the event, tests build the expected value) and a method `.emit()`.
/// Field order is the BCS layout; do not reorder.
///
/// (Generated once from a table and then maintained by hand; keep the three parts - struct,
/// constructor, emitter - together when editing.)
module walrus::events;

use std::string::String;
use sui::event;

// === SystemCreated ===

/// Emitted when the genesis function `system::create_system` shared the `System` object.
public struct SystemCreated has copy, drop {
    /// ID of the shared `System` object.
    system_id: ID,
    /// The first epoch (0).
    epoch: u32,
    /// Start of epoch 0 (clock time, ms).
    epoch_start_ms: u64,
    /// Number of shards (fixed for the life of the system).
    n_shards: u16,
    /// Minimum epoch duration in ms.
    epoch_duration_ms: u64,
    /// Maximum number of epochs storage can be bought for.
    max_epochs_ahead: u32,
    /// Maximum committee size.
    max_committee_size: u16,
    /// Capacity (bytes of encoded size) for sale in epoch 0.
    total_capacity: u64,
    /// Storage price in epoch 0 (FROST per MiB unit per epoch).
    storage_price: u64,
    /// Write price in epoch 0 (FROST per MiB unit).
    write_price: u64,
}

/// Builds a `SystemCreated` event (called by the module that performs the change).
public(package) fun system_created(
    system_id: ID,
    epoch: u32,
    epoch_start_ms: u64,
    n_shards: u16,
    epoch_duration_ms: u64,
    max_epochs_ahead: u32,
    max_committee_size: u16,
    total_capacity: u64,
    storage_price: u64,
    write_price: u64,
): SystemCreated {
    SystemCreated {
        system_id,
        epoch,
        epoch_start_ms,
        n_shards,
        epoch_duration_ms,
        max_epochs_ahead,
        max_committee_size,
        total_capacity,
        storage_price,
        write_price,
    }
}

/// Emits a `SystemCreated` event.
public(package) fun emit_system_created(e: SystemCreated) { event::emit(e) }

public use fun emit_system_created as SystemCreated.emit;

// === SpaceReserved ===

/// Emitted when `system::reserve_space` sold a storage resource.
public struct SpaceReserved has copy, drop {
    /// Epoch of the purchase.
    epoch: u32,
    /// ID of the new `Storage` object.
    storage_id: ID,
    /// First epoch covered.
    start_epoch: u32,
    /// First epoch no longer covered (exclusive).
    end_epoch: u32,
    /// Reserved encoded size in bytes.
    size: u64,
    /// FROST paid (storage price x units x epochs).
    cost: u64,
    /// Sender of the transaction.
    payer: address,
}

/// Builds a `SpaceReserved` event (called by the module that performs the change).
public(package) fun space_reserved(
    epoch: u32,
    storage_id: ID,
    start_epoch: u32,
    end_epoch: u32,
    size: u64,
    cost: u64,
    payer: address,
): SpaceReserved {
    SpaceReserved { epoch, storage_id, start_epoch, end_epoch, size, cost, payer }
}

/// Emits a `SpaceReserved` event.
public(package) fun emit_space_reserved(e: SpaceReserved) { event::emit(e) }

public use fun emit_space_reserved as SpaceReserved.emit;

// === BlobRegistered ===

/// Emitted when `system::register_blob` created a `Blob`.
public struct BlobRegistered has copy, drop {
    /// Epoch of registration.
    epoch: u32,
    /// ID of the `Blob` object.
    blob_object_id: ID,
    /// The blob ID.
    blob_id: u256,
    /// Unencoded size in bytes.
    size: u64,
    /// Encoding type (1 = RS2).
    encoding_type: u8,
    /// Encoded size in bytes for the current number of shards.
    encoded_size: u64,
    /// ID of the `Storage` object now held by the blob.
    storage_id: ID,
    /// Size of that storage resource in bytes.
    storage_size: u64,
    /// First epoch the blob is no longer stored (exclusive).
    end_epoch: u32,
    /// Whether the owner may delete the blob before it expires.
    deletable: bool,
    /// FROST paid as write fee (write price x units of the encoded size).
    write_cost: u64,
    /// Sender of the transaction.
    owner: address,
}

/// Builds a `BlobRegistered` event (called by the module that performs the change).
public(package) fun blob_registered(
    epoch: u32,
    blob_object_id: ID,
    blob_id: u256,
    size: u64,
    encoding_type: u8,
    encoded_size: u64,
    storage_id: ID,
    storage_size: u64,
    end_epoch: u32,
    deletable: bool,
    write_cost: u64,
    owner: address,
): BlobRegistered {
    BlobRegistered {
        epoch,
        blob_object_id,
        blob_id,
        size,
        encoding_type,
        encoded_size,
        storage_id,
        storage_size,
        end_epoch,
        deletable,
        write_cost,
        owner,
    }
}

/// Emits a `BlobRegistered` event.
public(package) fun emit_blob_registered(e: BlobRegistered) { event::emit(e) }

public use fun emit_blob_registered as BlobRegistered.emit;

// === BlobCertified ===

/// Emitted when `system::certify_blob` accepted a quorum certificate.
public struct BlobCertified has copy, drop {
    /// Epoch of certification (the certificate's epoch).
    epoch: u32,
    /// ID of the `Blob` object.
    blob_object_id: ID,
    /// The blob ID.
    blob_id: u256,
    /// First epoch the blob is no longer stored (exclusive).
    end_epoch: u32,
    /// Whether the blob is deletable.
    deletable: bool,
    /// Shards held by the signers of the certificate.
    signer_shards: u64,
}

/// Builds a `BlobCertified` event (called by the module that performs the change).
public(package) fun blob_certified(
    epoch: u32,
    blob_object_id: ID,
    blob_id: u256,
    end_epoch: u32,
    deletable: bool,
    signer_shards: u64,
): BlobCertified {
    BlobCertified { epoch, blob_object_id, blob_id, end_epoch, deletable, signer_shards }
}

/// Emits a `BlobCertified` event.
public(package) fun emit_blob_certified(e: BlobCertified) { event::emit(e) }

public use fun emit_blob_certified as BlobCertified.emit;

// === BlobExtended ===

/// Emitted when `system::extend_blob` bought more epochs for a blob.
public struct BlobExtended has copy, drop {
    /// Epoch of the extension.
    epoch: u32,
    /// ID of the `Blob` object.
    blob_object_id: ID,
    /// The blob ID.
    blob_id: u256,
    /// End epoch before the extension.
    old_end_epoch: u32,
    /// End epoch after the extension.
    new_end_epoch: u32,
    /// FROST paid.
    cost: u64,
}

/// Builds a `BlobExtended` event (called by the module that performs the change).
public(package) fun blob_extended(
    epoch: u32,
    blob_object_id: ID,
    blob_id: u256,
    old_end_epoch: u32,
    new_end_epoch: u32,
    cost: u64,
): BlobExtended {
    BlobExtended { epoch, blob_object_id, blob_id, old_end_epoch, new_end_epoch, cost }
}

/// Emits a `BlobExtended` event.
public(package) fun emit_blob_extended(e: BlobExtended) { event::emit(e) }

public use fun emit_blob_extended as BlobExtended.emit;

// === BlobDeleted ===

/// Emitted when `system::delete_blob` deleted a deletable blob and returned its storage.
public struct BlobDeleted has copy, drop {
    /// Epoch of the deletion.
    epoch: u32,
    /// ID of the deleted `Blob` object.
    blob_object_id: ID,
    /// The blob ID.
    blob_id: u256,
    /// End epoch the blob had.
    end_epoch: u32,
    /// Whether the blob had been certified.
    was_certified: bool,
    /// ID of the `Storage` object returned to the owner.
    storage_id: ID,
}

/// Builds a `BlobDeleted` event (called by the module that performs the change).
public(package) fun blob_deleted(
    epoch: u32,
    blob_object_id: ID,
    blob_id: u256,
    end_epoch: u32,
    was_certified: bool,
    storage_id: ID,
): BlobDeleted {
    BlobDeleted { epoch, blob_object_id, blob_id, end_epoch, was_certified, storage_id }
}

/// Emits a `BlobDeleted` event.
public(package) fun emit_blob_deleted(e: BlobDeleted) { event::emit(e) }

public use fun emit_blob_deleted as BlobDeleted.emit;

// === BlobBurned ===

/// Emitted when `system::burn_blob` destroyed an expired blob.
public struct BlobBurned has copy, drop {
    /// Epoch of the burn.
    epoch: u32,
    /// ID of the destroyed `Blob` object.
    blob_object_id: ID,
    /// The blob ID.
    blob_id: u256,
    /// End epoch the blob had (at most `epoch`).
    end_epoch: u32,
}

/// Builds a `BlobBurned` event (called by the module that performs the change).
public(package) fun blob_burned(
    epoch: u32,
    blob_object_id: ID,
    blob_id: u256,
    end_epoch: u32,
): BlobBurned {
    BlobBurned { epoch, blob_object_id, blob_id, end_epoch }
}

/// Emits a `BlobBurned` event.
public(package) fun emit_blob_burned(e: BlobBurned) { event::emit(e) }

public use fun emit_blob_burned as BlobBurned.emit;

// === BlobAttributeSet ===

/// Emitted when `blob::set_attribute` inserted or replaced an attribute.
public struct BlobAttributeSet has copy, drop {
    /// ID of the `Blob` object.
    blob_object_id: ID,
    /// The blob ID.
    blob_id: u256,
    /// Attribute key.
    key: String,
    /// New value.
    value: String,
}

/// Builds a `BlobAttributeSet` event (called by the module that performs the change).
public(package) fun blob_attribute_set(
    blob_object_id: ID,
    blob_id: u256,
    key: String,
    value: String,
): BlobAttributeSet {
    BlobAttributeSet { blob_object_id, blob_id, key, value }
}

/// Emits a `BlobAttributeSet` event.
public(package) fun emit_blob_attribute_set(e: BlobAttributeSet) { event::emit(e) }

public use fun emit_blob_attribute_set as BlobAttributeSet.emit;

// === BlobAttributeRemoved ===

/// Emitted when `blob::remove_attribute` removed an attribute.
public struct BlobAttributeRemoved has copy, drop {
    /// ID of the `Blob` object.
    blob_object_id: ID,
    /// The blob ID.
    blob_id: u256,
    /// Removed attribute key.
    key: String,
}

/// Builds a `BlobAttributeRemoved` event (called by the module that performs the change).
public(package) fun blob_attribute_removed(
    blob_object_id: ID,
    blob_id: u256,
    key: String,
): BlobAttributeRemoved {
    BlobAttributeRemoved { blob_object_id, blob_id, key }
}

/// Emits a `BlobAttributeRemoved` event.
public(package) fun emit_blob_attribute_removed(e: BlobAttributeRemoved) { event::emit(e) }

public use fun emit_blob_attribute_removed as BlobAttributeRemoved.emit;

// === StorageSplit ===

/// Emitted when a `Storage` was split (by epoch or by size) into two.
public struct StorageSplit has copy, drop {
    /// ID of the `Storage` that was split (it keeps the first part).
    original_id: ID,
    /// ID of the new `Storage` (the second part).
    new_id: ID,
    /// Start epoch of the original after the split.
    original_start_epoch: u32,
    /// End epoch of the original after the split.
    original_end_epoch: u32,
    /// Size of the original after the split.
    original_size: u64,
    /// Start epoch of the new storage.
    new_start_epoch: u32,
    /// End epoch of the new storage.
    new_end_epoch: u32,
    /// Size of the new storage.
    new_size: u64,
}

/// Builds a `StorageSplit` event (called by the module that performs the change).
public(package) fun storage_split(
    original_id: ID,
    new_id: ID,
    original_start_epoch: u32,
    original_end_epoch: u32,
    original_size: u64,
    new_start_epoch: u32,
    new_end_epoch: u32,
    new_size: u64,
): StorageSplit {
    StorageSplit {
        original_id,
        new_id,
        original_start_epoch,
        original_end_epoch,
        original_size,
        new_start_epoch,
        new_end_epoch,
        new_size,
    }
}

/// Emits a `StorageSplit` event.
public(package) fun emit_storage_split(e: StorageSplit) { event::emit(e) }

public use fun emit_storage_split as StorageSplit.emit;

// === StorageFused ===

/// Emitted when two `Storage` objects were fused into one.
public struct StorageFused has copy, drop {
    /// ID of the `Storage` that remains.
    kept_id: ID,
    /// ID of the `Storage` that was destroyed.
    consumed_id: ID,
    /// Start epoch of the result.
    start_epoch: u32,
    /// End epoch of the result.
    end_epoch: u32,
    /// Size of the result.
    size: u64,
}

/// Builds a `StorageFused` event (called by the module that performs the change).
public(package) fun storage_fused(
    kept_id: ID,
    consumed_id: ID,
    start_epoch: u32,
    end_epoch: u32,
    size: u64,
): StorageFused {
    StorageFused { kept_id, consumed_id, start_epoch, end_epoch, size }
}

/// Emits a `StorageFused` event.
public(package) fun emit_storage_fused(e: StorageFused) { event::emit(e) }

public use fun emit_storage_fused as StorageFused.emit;

// === StorageDestroyed ===

/// Emitted when `storage_resource::destroy` destroyed a `Storage` object.
public struct StorageDestroyed has copy, drop {
    /// ID of the destroyed `Storage`.
    storage_id: ID,
    /// Its start epoch.
    start_epoch: u32,
    /// Its end epoch.
    end_epoch: u32,
    /// Its size.
    size: u64,
}

/// Builds a `StorageDestroyed` event (called by the module that performs the change).
public(package) fun storage_destroyed(
    storage_id: ID,
    start_epoch: u32,
    end_epoch: u32,
    size: u64,
): StorageDestroyed {
    StorageDestroyed { storage_id, start_epoch, end_epoch, size }
}

/// Emits a `StorageDestroyed` event.
public(package) fun emit_storage_destroyed(e: StorageDestroyed) { event::emit(e) }

public use fun emit_storage_destroyed as StorageDestroyed.emit;

// === NodeRegistered ===

/// Emitted when `system::register_candidate` registered a storage node and its staking pool.
public struct NodeRegistered has copy, drop {
    /// Epoch of registration.
    epoch: u32,
    /// The node ID (also the staking pool's ID).
    node_id: ID,
    /// ID of the `StorageNodeCap` given to the operator.
    cap_id: ID,
    /// Sender of the transaction (bound by the proof of possession).
    operator: address,
    /// Node name.
    name: String,
    /// Network address.
    network_address: String,
    /// ed25519 protocol public key (32 bytes).
    public_key: vector<u8>,
    /// Commission in basis points.
    commission_bps: u16,
    /// Storage price vote.
    storage_price_vote: u64,
    /// Write price vote.
    write_price_vote: u64,
    /// Capacity vote (bytes the node offers to store).
    capacity_vote: u64,
}

/// Builds a `NodeRegistered` event (called by the module that performs the change).
public(package) fun node_registered(
    epoch: u32,
    node_id: ID,
    cap_id: ID,
    operator: address,
    name: String,
    network_address: String,
    public_key: vector<u8>,
    commission_bps: u16,
    storage_price_vote: u64,
    write_price_vote: u64,
    capacity_vote: u64,
): NodeRegistered {
    NodeRegistered {
        epoch,
        node_id,
        cap_id,
        operator,
        name,
        network_address,
        public_key,
        commission_bps,
        storage_price_vote,
        write_price_vote,
        capacity_vote,
    }
}

/// Emits a `NodeRegistered` event.
public(package) fun emit_node_registered(e: NodeRegistered) { event::emit(e) }

public use fun emit_node_registered as NodeRegistered.emit;

// === NodeVotesUpdated ===

/// Emitted when `system::set_votes` changed a node's price and capacity votes.
public struct NodeVotesUpdated has copy, drop {
    /// Epoch of the change.
    epoch: u32,
    /// The node.
    node_id: ID,
    /// New storage price vote.
    storage_price_vote: u64,
    /// New write price vote.
    write_price_vote: u64,
    /// New capacity vote.
    capacity_vote: u64,
}

/// Builds a `NodeVotesUpdated` event (called by the module that performs the change).
public(package) fun node_votes_updated(
    epoch: u32,
    node_id: ID,
    storage_price_vote: u64,
    write_price_vote: u64,
    capacity_vote: u64,
): NodeVotesUpdated {
    NodeVotesUpdated { epoch, node_id, storage_price_vote, write_price_vote, capacity_vote }
}

/// Emits a `NodeVotesUpdated` event.
public(package) fun emit_node_votes_updated(e: NodeVotesUpdated) { event::emit(e) }

public use fun emit_node_votes_updated as NodeVotesUpdated.emit;

// === NetworkAddressUpdated ===

/// Emitted when `system::set_network_address` changed a node's network address.
public struct NetworkAddressUpdated has copy, drop {
    /// Epoch of the change.
    epoch: u32,
    /// The node.
    node_id: ID,
    /// New network address.
    network_address: String,
}

/// Builds a `NetworkAddressUpdated` event (called by the module that performs the change).
public(package) fun network_address_updated(
    epoch: u32,
    node_id: ID,
    network_address: String,
): NetworkAddressUpdated {
    NetworkAddressUpdated { epoch, node_id, network_address }
}

/// Emits a `NetworkAddressUpdated` event.
public(package) fun emit_network_address_updated(e: NetworkAddressUpdated) { event::emit(e) }

public use fun emit_network_address_updated as NetworkAddressUpdated.emit;

// === CommissionChangeRequested ===

/// Emitted when `system::set_commission` scheduled a commission change.
public struct CommissionChangeRequested has copy, drop {
    /// Epoch of the request.
    epoch: u32,
    /// The node.
    node_id: ID,
    /// New commission in basis points.
    commission_bps: u16,
    /// First epoch whose rewards use the new commission.
    effective_epoch: u32,
}

/// Builds a `CommissionChangeRequested` event (called by the module that performs the change).
public(package) fun commission_change_requested(
    epoch: u32,
    node_id: ID,
    commission_bps: u16,
    effective_epoch: u32,
): CommissionChangeRequested {
    CommissionChangeRequested { epoch, node_id, commission_bps, effective_epoch }
}

/// Emits a `CommissionChangeRequested` event.
public(package) fun emit_commission_change_requested(e: CommissionChangeRequested) {
    event::emit(e)
}

public use fun emit_commission_change_requested as CommissionChangeRequested.emit;

// === CommissionCollected ===

/// Emitted when `system::collect_commission` paid a node's commission out.
public struct CommissionCollected has copy, drop {
    /// Epoch of collection.
    epoch: u32,
    /// The node.
    node_id: ID,
    /// FROST paid out.
    amount: u64,
    /// Sender of the transaction.
    recipient: address,
}

/// Builds a `CommissionCollected` event (called by the module that performs the change).
public(package) fun commission_collected(
    epoch: u32,
    node_id: ID,
    amount: u64,
    recipient: address,
): CommissionCollected {
    CommissionCollected { epoch, node_id, amount, recipient }
}

/// Emits a `CommissionCollected` event.
public(package) fun emit_commission_collected(e: CommissionCollected) { event::emit(e) }

public use fun emit_commission_collected as CommissionCollected.emit;

// === StakeAdded ===

/// Emitted when `system::stake_with_pool` staked WAL with a node.
public struct StakeAdded has copy, drop {
    /// Epoch of the stake.
    epoch: u32,
    /// ID of the new `StakedWal`.
    staked_wal_id: ID,
    /// The node staked with.
    node_id: ID,
    /// Sender of the transaction.
    staker: address,
    /// FROST staked (the principal).
    amount: u64,
    /// Epoch the stake becomes active (epoch + 1).
    activation_epoch: u32,
}

/// Builds a `StakeAdded` event (called by the module that performs the change).
public(package) fun stake_added(
    epoch: u32,
    staked_wal_id: ID,
    node_id: ID,
    staker: address,
    amount: u64,
    activation_epoch: u32,
): StakeAdded {
    StakeAdded { epoch, staked_wal_id, node_id, staker, amount, activation_epoch }
}

/// Emits a `StakeAdded` event.
public(package) fun emit_stake_added(e: StakeAdded) { event::emit(e) }

public use fun emit_stake_added as StakeAdded.emit;

// === StakeWithdrawRequested ===

/// Emitted when `system::request_withdraw_stake` asked to withdraw active stake.
public struct StakeWithdrawRequested has copy, drop {
    /// Epoch of the request.
    epoch: u32,
    /// The `StakedWal`.
    staked_wal_id: ID,
    /// The node staked with.
    node_id: ID,
    /// Its principal.
    principal: u64,
    /// Pool shares it represents (withdrawn at the next epoch change).
    shares: u128,
    /// First epoch it can be withdrawn in (epoch + 1).
    withdraw_epoch: u32,
}

/// Builds a `StakeWithdrawRequested` event (called by the module that performs the change).
public(package) fun stake_withdraw_requested(
    epoch: u32,
    staked_wal_id: ID,
    node_id: ID,
    principal: u64,
    shares: u128,
    withdraw_epoch: u32,
): StakeWithdrawRequested {
    StakeWithdrawRequested { epoch, staked_wal_id, node_id, principal, shares, withdraw_epoch }
}

/// Emits a `StakeWithdrawRequested` event.
public(package) fun emit_stake_withdraw_requested(e: StakeWithdrawRequested) { event::emit(e) }

public use fun emit_stake_withdraw_requested as StakeWithdrawRequested.emit;

// === StakeWithdrawn ===

/// Emitted when `system::withdraw_stake` paid a stake out.
public struct StakeWithdrawn has copy, drop {
    /// Epoch of the withdrawal.
    epoch: u32,
    /// The destroyed `StakedWal`.
    staked_wal_id: ID,
    /// The node it was staked with.
    node_id: ID,
    /// Sender of the transaction.
    staker: address,
    /// Its principal.
    principal: u64,
    /// FROST paid out (principal plus rewards, or the principal if it never activated).
    amount: u64,
}

/// Builds a `StakeWithdrawn` event (called by the module that performs the change).
public(package) fun stake_withdrawn(
    epoch: u32,
    staked_wal_id: ID,
    node_id: ID,
    staker: address,
    principal: u64,
    amount: u64,
): StakeWithdrawn {
    StakeWithdrawn { epoch, staked_wal_id, node_id, staker, principal, amount }
}

/// Emits a `StakeWithdrawn` event.
public(package) fun emit_stake_withdrawn(e: StakeWithdrawn) { event::emit(e) }

public use fun emit_stake_withdrawn as StakeWithdrawn.emit;

// === StakedWalSplit ===

/// Emitted when `staked_wal::split` split a `StakedWal` in two.
public struct StakedWalSplit has copy, drop {
    /// The `StakedWal` that was split.
    original_id: ID,
    /// The new `StakedWal`.
    new_id: ID,
    /// Their node.
    node_id: ID,
    /// Principal left in the original.
    original_principal: u64,
    /// Principal of the new one.
    new_principal: u64,
}

/// Builds a `StakedWalSplit` event (called by the module that performs the change).
public(package) fun staked_wal_split(
    original_id: ID,
    new_id: ID,
    node_id: ID,
    original_principal: u64,
    new_principal: u64,
): StakedWalSplit {
    StakedWalSplit { original_id, new_id, node_id, original_principal, new_principal }
}

/// Emits a `StakedWalSplit` event.
public(package) fun emit_staked_wal_split(e: StakedWalSplit) { event::emit(e) }

public use fun emit_staked_wal_split as StakedWalSplit.emit;

// === StakedWalJoined ===

/// Emitted when `staked_wal::join` merged one `StakedWal` into another.
public struct StakedWalJoined has copy, drop {
    /// The `StakedWal` that remains.
    kept_id: ID,
    /// The destroyed `StakedWal`.
    consumed_id: ID,
    /// Their node.
    node_id: ID,
    /// Principal of the result.
    principal: u64,
}

/// Builds a `StakedWalJoined` event (called by the module that performs the change).
public(package) fun staked_wal_joined(
    kept_id: ID,
    consumed_id: ID,
    node_id: ID,
    principal: u64,
): StakedWalJoined {
    StakedWalJoined { kept_id, consumed_id, node_id, principal }
}

/// Emits a `StakedWalJoined` event.
public(package) fun emit_staked_wal_joined(e: StakedWalJoined) { event::emit(e) }

public use fun emit_staked_wal_joined as StakedWalJoined.emit;

// === StakingPoolUpdated ===

/// Emitted when an epoch change touched a staking pool (rewards, activations, withdrawals or a
/// commission change); emitted once per touched pool.
public struct StakingPoolUpdated has copy, drop {
    /// The new epoch.
    epoch: u32,
    /// The node (pool).
    node_id: ID,
    /// Active stake (FROST) after the update.
    active_stake: u64,
    /// Pool shares after the update.
    total_shares: u128,
    /// Exchange rate of the new epoch: WAL part (see docs/contracts.md).
    rate_wal: u64,
    /// Exchange rate of the new epoch: shares part.
    rate_shares: u128,
    /// FROST of pending stake that became active.
    stake_activated: u64,
    /// Shares removed for withdrawals requested in the previous epoch.
    shares_withdrawn: u128,
    /// FROST moved from active stake to the withdrawable balance.
    wal_withdrawn: u64,
    /// Commission in force from the new epoch.
    commission_bps: u16,
}

/// Builds a `StakingPoolUpdated` event (called by the module that performs the change).
public(package) fun staking_pool_updated(
    epoch: u32,
    node_id: ID,
    active_stake: u64,
    total_shares: u128,
    rate_wal: u64,
    rate_shares: u128,
    stake_activated: u64,
    shares_withdrawn: u128,
    wal_withdrawn: u64,
    commission_bps: u16,
): StakingPoolUpdated {
    StakingPoolUpdated {
        epoch,
        node_id,
        active_stake,
        total_shares,
        rate_wal,
        rate_shares,
        stake_activated,
        shares_withdrawn,
        wal_withdrawn,
        commission_bps,
    }
}

/// Emits a `StakingPoolUpdated` event.
public(package) fun emit_staking_pool_updated(e: StakingPoolUpdated) { event::emit(e) }

public use fun emit_staking_pool_updated as StakingPoolUpdated.emit;

// === RewardsDistributed ===

/// Emitted when an epoch change paid the ending epoch's fees to its committee.
public struct RewardsDistributed has copy, drop {
    /// The epoch whose fees were paid (the ending epoch).
    epoch: u32,
    /// FROST in that epoch's accounting slot (fees plus carried dust).
    total: u64,
    /// Committee members, in committee order.
    node_ids: vector<ID>,
    /// FROST each member's pool received as stake rewards.
    rewards: vector<u64>,
    /// FROST each member's operator received as commission.
    commissions: vector<u64>,
    /// FROST withheld from members whose rewards were forfeited (carried over).
    forfeited: u64,
    /// FROST carried into the next epoch's slot (rounding dust, forfeits, or everything when the
    /// committee was empty).
    carried_over: u64,
}

/// Builds a `RewardsDistributed` event (called by the module that performs the change).
public(package) fun rewards_distributed(
    epoch: u32,
    total: u64,
    node_ids: vector<ID>,
    rewards: vector<u64>,
    commissions: vector<u64>,
    forfeited: u64,
    carried_over: u64,
): RewardsDistributed {
    RewardsDistributed { epoch, total, node_ids, rewards, commissions, forfeited, carried_over }
}

/// Emits a `RewardsDistributed` event.
public(package) fun emit_rewards_distributed(e: RewardsDistributed) { event::emit(e) }

public use fun emit_rewards_distributed as RewardsDistributed.emit;

// === EpochChanged ===

/// Emitted when `system::advance_epoch` started a new epoch with a new committee.
public struct EpochChanged has copy, drop {
    /// The new epoch.
    epoch: u32,
    /// Its start (clock time, ms).
    epoch_start_ms: u64,
    /// Committee members, in committee order (stake desc, then node ID).
    node_ids: vector<ID>,
    /// Shard indices held by each member (ascending).
    shards: vector<vector<u16>>,
    /// Active stake of each member at selection.
    stakes: vector<u64>,
    /// Sum of the members' stakes.
    committee_stake: u64,
    /// Active stake of all pools.
    total_active_stake: u64,
}

/// Builds a `EpochChanged` event (called by the module that performs the change).
public(package) fun epoch_changed(
    epoch: u32,
    epoch_start_ms: u64,
    node_ids: vector<ID>,
    shards: vector<vector<u16>>,
    stakes: vector<u64>,
    committee_stake: u64,
    total_active_stake: u64,
): EpochChanged {
    EpochChanged {
        epoch,
        epoch_start_ms,
        node_ids,
        shards,
        stakes,
        committee_stake,
        total_active_stake,
    }
}

/// Emits a `EpochChanged` event.
public(package) fun emit_epoch_changed(e: EpochChanged) { event::emit(e) }

public use fun emit_epoch_changed as EpochChanged.emit;

// === PricesUpdated ===

/// Emitted when `system::advance_epoch` set the prices and capacity of the new epoch.
public struct PricesUpdated has copy, drop {
    /// The new epoch.
    epoch: u32,
    /// FROST per MiB unit per epoch.
    storage_price: u64,
    /// FROST per MiB unit, paid once at registration.
    write_price: u64,
    /// Encoded bytes for sale per epoch.
    total_capacity: u64,
}

/// Builds a `PricesUpdated` event (called by the module that performs the change).
public(package) fun prices_updated(
    epoch: u32,
    storage_price: u64,
    write_price: u64,
    total_capacity: u64,
): PricesUpdated {
    PricesUpdated { epoch, storage_price, write_price, total_capacity }
}

/// Emits a `PricesUpdated` event.
public(package) fun emit_prices_updated(e: PricesUpdated) { event::emit(e) }

public use fun emit_prices_updated as PricesUpdated.emit;
