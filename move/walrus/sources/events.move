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

// === ProposalCreated ===

/// Emitted when `governance::create_proposal` created (and shared) a proposal.
public struct ProposalCreated has copy, drop {
    /// ID of the shared `Proposal`.
    proposal_id: ID,
    /// Epoch of creation (only stake active in it may vote).
    epoch: u32,
    /// Sender of the transaction.
    proposer: address,
    /// The `StakedWal` that qualified the proposer.
    staked_wal_id: ID,
    /// Active stake (FROST) of that position.
    proposer_stake: u64,
    /// Action: 0 set parameter, 1 add auditor, 2 remove auditor, 3 signal.
    kind: u8,
    /// Parameter code (kind 0; otherwise 0).
    param: u8,
    /// New parameter value (kind 0; otherwise 0).
    value: u64,
    /// Auditor address (kinds 1 and 2; otherwise @0x0).
    auditor: address,
    /// Text of the proposal.
    description: String,
    /// Votes are accepted while the clock is below this (ms).
    voting_end_ms: u64,
    /// Earliest execution time if it passes (ms).
    executable_from_ms: u64,
    /// Total active stake at creation (quorum denominator).
    total_stake: u64,
    /// Quorum in bps of `total_stake`.
    quorum_bps: u16,
    /// Approval threshold in bps of the for + against votes.
    approval_threshold_bps: u16,
}

/// Builds a `ProposalCreated` event (called by the module that performs the change).
public(package) fun proposal_created(
    proposal_id: ID,
    epoch: u32,
    proposer: address,
    staked_wal_id: ID,
    proposer_stake: u64,
    kind: u8,
    param: u8,
    value: u64,
    auditor: address,
    description: String,
    voting_end_ms: u64,
    executable_from_ms: u64,
    total_stake: u64,
    quorum_bps: u16,
    approval_threshold_bps: u16,
): ProposalCreated {
    ProposalCreated {
        proposal_id,
        epoch,
        proposer,
        staked_wal_id,
        proposer_stake,
        kind,
        param,
        value,
        auditor,
        description,
        voting_end_ms,
        executable_from_ms,
        total_stake,
        quorum_bps,
        approval_threshold_bps,
    }
}

/// Emits a `ProposalCreated` event.
public(package) fun emit_proposal_created(e: ProposalCreated) { event::emit(e) }

public use fun emit_proposal_created as ProposalCreated.emit;

// === ProposalVoted ===

/// Emitted when `governance::vote` counted a position's vote.
public struct ProposalVoted has copy, drop {
    /// The proposal.
    proposal_id: ID,
    /// Epoch of the vote.
    epoch: u32,
    /// Sender of the transaction.
    voter: address,
    /// The `StakedWal` that voted.
    staked_wal_id: ID,
    /// Its staking pool.
    node_id: ID,
    /// 0 for, 1 against, 2 abstain.
    choice: u8,
    /// The position's active stake (FROST) at the vote.
    weight: u64,
    /// Stake for after this vote.
    votes_for: u64,
    /// Stake against after this vote.
    votes_against: u64,
    /// Stake abstaining after this vote.
    votes_abstain: u64,
}

/// Builds a `ProposalVoted` event (called by the module that performs the change).
public(package) fun proposal_voted(
    proposal_id: ID,
    epoch: u32,
    voter: address,
    staked_wal_id: ID,
    node_id: ID,
    choice: u8,
    weight: u64,
    votes_for: u64,
    votes_against: u64,
    votes_abstain: u64,
): ProposalVoted {
    ProposalVoted {
        proposal_id,
        epoch,
        voter,
        staked_wal_id,
        node_id,
        choice,
        weight,
        votes_for,
        votes_against,
        votes_abstain,
    }
}

/// Emits a `ProposalVoted` event.
public(package) fun emit_proposal_voted(e: ProposalVoted) { event::emit(e) }

public use fun emit_proposal_voted as ProposalVoted.emit;

// === ProposalFinalized ===

/// Emitted when `governance::finalize_proposal` decided a proposal's outcome.
public struct ProposalFinalized has copy, drop {
    /// The proposal.
    proposal_id: ID,
    /// Epoch of finalization.
    epoch: u32,
    /// 1 passed, 2 rejected, 3 expired (quorum not reached).
    status: u8,
    /// Stake for.
    votes_for: u64,
    /// Stake against.
    votes_against: u64,
    /// Stake abstaining.
    votes_abstain: u64,
    /// Total active stake at creation.
    total_stake: u64,
}

/// Builds a `ProposalFinalized` event (called by the module that performs the change).
public(package) fun proposal_finalized(
    proposal_id: ID,
    epoch: u32,
    status: u8,
    votes_for: u64,
    votes_against: u64,
    votes_abstain: u64,
    total_stake: u64,
): ProposalFinalized {
    ProposalFinalized {
        proposal_id,
        epoch,
        status,
        votes_for,
        votes_against,
        votes_abstain,
        total_stake,
    }
}

/// Emits a `ProposalFinalized` event.
public(package) fun emit_proposal_finalized(e: ProposalFinalized) { event::emit(e) }

public use fun emit_proposal_finalized as ProposalFinalized.emit;

// === ProposalExecuted ===

/// Emitted when `governance::execute` applied a passed proposal.
public struct ProposalExecuted has copy, drop {
    /// The proposal.
    proposal_id: ID,
    /// Epoch of execution.
    epoch: u32,
    /// Action kind (see `ProposalCreated`).
    kind: u8,
    /// Parameter code (kind 0; otherwise 0).
    param: u8,
    /// Parameter value before (kind 0; otherwise 0).
    old_value: u64,
    /// Parameter value after (kind 0; otherwise 0).
    new_value: u64,
    /// Auditor added or removed (kinds 1 and 2; otherwise @0x0).
    auditor: address,
    /// The new cap (kind 1) or the revoked cap (kind 2).
    auditor_cap_id: Option<ID>,
}

/// Builds a `ProposalExecuted` event (called by the module that performs the change).
public(package) fun proposal_executed(
    proposal_id: ID,
    epoch: u32,
    kind: u8,
    param: u8,
    old_value: u64,
    new_value: u64,
    auditor: address,
    auditor_cap_id: Option<ID>,
): ProposalExecuted {
    ProposalExecuted {
        proposal_id,
        epoch,
        kind,
        param,
        old_value,
        new_value,
        auditor,
        auditor_cap_id,
    }
}

/// Emits a `ProposalExecuted` event.
public(package) fun emit_proposal_executed(e: ProposalExecuted) { event::emit(e) }

public use fun emit_proposal_executed as ProposalExecuted.emit;

// === AuditorAdded ===

/// Emitted when an auditor was registered (at genesis or by a proposal) and its `AuditorCap`
/// sent to it.
public struct AuditorAdded has copy, drop {
    /// Epoch of registration.
    epoch: u32,
    /// The auditor (the cap's recipient).
    auditor: address,
    /// ID of its `AuditorCap`.
    cap_id: ID,
    /// The executed proposal (none at genesis).
    proposal_id: Option<ID>,
}

/// Builds a `AuditorAdded` event (called by the module that performs the change).
public(package) fun auditor_added(
    epoch: u32,
    auditor: address,
    cap_id: ID,
    proposal_id: Option<ID>,
): AuditorAdded {
    AuditorAdded { epoch, auditor, cap_id, proposal_id }
}

/// Emits a `AuditorAdded` event.
public(package) fun emit_auditor_added(e: AuditorAdded) { event::emit(e) }

public use fun emit_auditor_added as AuditorAdded.emit;

// === AuditorRemoved ===

/// Emitted when a proposal removed an auditor (its cap stops working).
public struct AuditorRemoved has copy, drop {
    /// Epoch of removal.
    epoch: u32,
    /// The removed auditor.
    auditor: address,
    /// ID of its revoked `AuditorCap`.
    cap_id: ID,
    /// The executed proposal.
    proposal_id: ID,
}

/// Builds a `AuditorRemoved` event (called by the module that performs the change).
public(package) fun auditor_removed(
    epoch: u32,
    auditor: address,
    cap_id: ID,
    proposal_id: ID,
): AuditorRemoved {
    AuditorRemoved { epoch, auditor, cap_id, proposal_id }
}

/// Emits a `AuditorRemoved` event.
public(package) fun emit_auditor_removed(e: AuditorRemoved) { event::emit(e) }

public use fun emit_auditor_removed as AuditorRemoved.emit;

// === AuditRoundOpened ===

/// Emitted when `audit::open_round` opened an audit round with a fresh seed.
public struct AuditRoundOpened has copy, drop {
    /// ID of the shared `AuditRound`.
    round_id: ID,
    /// Round number (0, 1, 2, ... over the life of the system).
    round: u64,
    /// Epoch of the round (its committee is audited).
    epoch: u32,
    /// 32 random bytes from `sui::random`; challenges derive from it.
    seed: vector<u8>,
    /// Clock time of opening (ms).
    opened_ms: u64,
    /// Reports are accepted while the clock is below this (ms).
    deadline_ms: u64,
    /// Symbols each node is challenged on.
    challenged_symbols: u64,
    /// A report finds a node failing when failed * 10000 > this * challenged.
    failure_threshold_bps: u16,
    /// Share of `n_auditors` whose reports must find a node failing.
    auditor_quorum_bps: u16,
    /// Share of a penalized pool's active stake that is slashed.
    penalty_bps: u16,
    /// Registered auditors when the round opened.
    n_auditors: u64,
    /// The committee audited, in committee order.
    node_ids: vector<ID>,
}

/// Builds a `AuditRoundOpened` event (called by the module that performs the change).
public(package) fun audit_round_opened(
    round_id: ID,
    round: u64,
    epoch: u32,
    seed: vector<u8>,
    opened_ms: u64,
    deadline_ms: u64,
    challenged_symbols: u64,
    failure_threshold_bps: u16,
    auditor_quorum_bps: u16,
    penalty_bps: u16,
    n_auditors: u64,
    node_ids: vector<ID>,
): AuditRoundOpened {
    AuditRoundOpened {
        round_id,
        round,
        epoch,
        seed,
        opened_ms,
        deadline_ms,
        challenged_symbols,
        failure_threshold_bps,
        auditor_quorum_bps,
        penalty_bps,
        n_auditors,
        node_ids,
    }
}

/// Emits a `AuditRoundOpened` event.
public(package) fun emit_audit_round_opened(e: AuditRoundOpened) { event::emit(e) }

public use fun emit_audit_round_opened as AuditRoundOpened.emit;

// === AuditReportSubmitted ===

/// Emitted when `audit::submit_report` accepted an auditor's report.
public struct AuditReportSubmitted has copy, drop {
    /// The round.
    round_id: ID,
    /// Round number.
    round: u64,
    /// Epoch of the round.
    round_epoch: u32,
    /// Epoch of submission.
    epoch: u32,
    /// The auditor (the address its cap was issued to).
    auditor: address,
    /// Its `AuditorCap`.
    cap_id: ID,
    /// Clock time of submission (ms).
    submitted_ms: u64,
    /// Nodes reported on, in committee order.
    node_ids: vector<ID>,
    /// Challenged symbols per node.
    challenged: vector<u64>,
    /// Failed challenges per node.
    failed: vector<u64>,
    /// Whether this report finds each node failing (above the threshold).
    failing: vector<bool>,
    /// 32-byte digest of the off-chain evidence (signed responses).
    evidence_digest: vector<u8>,
}

/// Builds a `AuditReportSubmitted` event (called by the module that performs the change).
public(package) fun audit_report_submitted(
    round_id: ID,
    round: u64,
    round_epoch: u32,
    epoch: u32,
    auditor: address,
    cap_id: ID,
    submitted_ms: u64,
    node_ids: vector<ID>,
    challenged: vector<u64>,
    failed: vector<u64>,
    failing: vector<bool>,
    evidence_digest: vector<u8>,
): AuditReportSubmitted {
    AuditReportSubmitted {
        round_id,
        round,
        round_epoch,
        epoch,
        auditor,
        cap_id,
        submitted_ms,
        node_ids,
        challenged,
        failed,
        failing,
        evidence_digest,
    }
}

/// Emits a `AuditReportSubmitted` event.
public(package) fun emit_audit_report_submitted(e: AuditReportSubmitted) { event::emit(e) }

public use fun emit_audit_report_submitted as AuditReportSubmitted.emit;

// === NodePenalized ===

/// Emitted by `audit::finalize_round` for each penalized node (committee order).
public struct NodePenalized has copy, drop {
    /// The round.
    round_id: ID,
    /// Round number.
    round: u64,
    /// Epoch of the round.
    round_epoch: u32,
    /// Epoch of finalization.
    epoch: u32,
    /// The penalized node.
    node_id: ID,
    /// Reports that found it failing.
    failing_reports: u64,
    /// Registered auditors when the round opened.
    n_auditors: u64,
    /// FROST slashed from its pool's active stake (and burned).
    slashed: u64,
    /// Pool active stake before the slash.
    active_stake_before: u64,
    /// Pool active stake after the slash.
    active_stake_after: u64,
    /// Pool shares (unchanged by slashing; the rate drops).
    total_shares: u128,
    /// Epoch whose rewards the node forfeits (the current epoch).
    rewards_forfeited_epoch: u32,
    /// Consecutive penalized rounds including this one.
    consecutive_penalties: u64,
    /// Whether the node is excluded from committee selection after this penalty.
    excluded: bool,
}

/// Builds a `NodePenalized` event (called by the module that performs the change).
public(package) fun node_penalized(
    round_id: ID,
    round: u64,
    round_epoch: u32,
    epoch: u32,
    node_id: ID,
    failing_reports: u64,
    n_auditors: u64,
    slashed: u64,
    active_stake_before: u64,
    active_stake_after: u64,
    total_shares: u128,
    rewards_forfeited_epoch: u32,
    consecutive_penalties: u64,
    excluded: bool,
): NodePenalized {
    NodePenalized {
        round_id,
        round,
        round_epoch,
        epoch,
        node_id,
        failing_reports,
        n_auditors,
        slashed,
        active_stake_before,
        active_stake_after,
        total_shares,
        rewards_forfeited_epoch,
        consecutive_penalties,
        excluded,
    }
}

/// Emits a `NodePenalized` event.
public(package) fun emit_node_penalized(e: NodePenalized) { event::emit(e) }

public use fun emit_node_penalized as NodePenalized.emit;

// === AuditRoundFinalized ===

/// Emitted when `audit::finalize_round` closed a round (after its `NodePenalized` events).
public struct AuditRoundFinalized has copy, drop {
    /// The round.
    round_id: ID,
    /// Round number.
    round: u64,
    /// Epoch of the round.
    round_epoch: u32,
    /// Epoch of finalization.
    epoch: u32,
    /// Reports submitted.
    reports: u64,
    /// Registered auditors when the round opened.
    n_auditors: u64,
    /// The committee audited, in committee order.
    node_ids: vector<ID>,
    /// Reports that found each node failing.
    failing_reports: vector<u64>,
    /// Penalized nodes, in committee order.
    penalized: vector<ID>,
    /// FROST slashed from each penalized node.
    slashed: vector<u64>,
    /// FROST slashed in this round (burned).
    total_slashed: u64,
}

/// Builds a `AuditRoundFinalized` event (called by the module that performs the change).
public(package) fun audit_round_finalized(
    round_id: ID,
    round: u64,
    round_epoch: u32,
    epoch: u32,
    reports: u64,
    n_auditors: u64,
    node_ids: vector<ID>,
    failing_reports: vector<u64>,
    penalized: vector<ID>,
    slashed: vector<u64>,
    total_slashed: u64,
): AuditRoundFinalized {
    AuditRoundFinalized {
        round_id,
        round,
        round_epoch,
        epoch,
        reports,
        n_auditors,
        node_ids,
        failing_reports,
        penalized,
        slashed,
        total_slashed,
    }
}

/// Emits a `AuditRoundFinalized` event.
public(package) fun emit_audit_round_finalized(e: AuditRoundFinalized) { event::emit(e) }

public use fun emit_audit_round_finalized as AuditRoundFinalized.emit;

// === NodeReregistered ===

/// Emitted when `system::reregister_node` re-admitted an excluded node to committee selection.
public struct NodeReregistered has copy, drop {
    /// Epoch of re-registration.
    epoch: u32,
    /// The node.
    node_id: ID,
    /// Epoch in which it had been excluded.
    excluded_epoch: u32,
}

/// Builds a `NodeReregistered` event (called by the module that performs the change).
public(package) fun node_reregistered(
    epoch: u32,
    node_id: ID,
    excluded_epoch: u32,
): NodeReregistered {
    NodeReregistered { epoch, node_id, excluded_epoch }
}

/// Emits a `NodeReregistered` event.
public(package) fun emit_node_reregistered(e: NodeReregistered) { event::emit(e) }

public use fun emit_node_reregistered as NodeReregistered.emit;

