/// The shared `System` object and the entry points of the walrus contracts for genesis, storage
/// purchases, blob registration and certification, storage node registration (and
/// re-registration after an exclusion), staking, and the permissionless epoch change. The entry
/// points of governance and audits are in `governance` and `audit`; they reach the system
/// through the `public(package)` functions at the end of this module.
///
/// The system holds the current epoch and its start, the protocol parameters, the committee of
/// the current and the previous epoch, the number of shards, capacity and prices, the fee
/// accounting of the current and future epochs, the staking pools of all registered nodes, the
/// auditor registry, the audit round schedule and the nodes' penalty records.
/// All WAL paid to the contracts stays in the system (accounting slots and pools) until it is
/// paid out; `wal_paid_in`, `wal_paid_out` and `wal_slashed` count every movement so that
/// `check_invariants` can prove nothing is lost (see docs/contracts.md).
///
/// A `version` field guards against old package versions touching the object after an upgrade:
/// every function that reads or writes state checks it, and `migrate` moves it forward.
module walrus::system;

use std::string::String;
use sui::bag::{Self, Bag};
use sui::balance::Balance;
use sui::clock::Clock;
use sui::coin::{Self, Coin};
use sui::table::{Self, Table};
use wal::wal::WAL;
use walrus::audit_round::{Self, AuditSchedule};
use walrus::auditors::{Self, AuditorRegistry};
use walrus::blob::{Self, Blob};
use walrus::committee::{Self, Committee};
use walrus::encoding;
use walrus::events;
use walrus::messages;
use walrus::params::{Self, Params};
use walrus::penalties::{Self, PenaltyRecords};
use walrus::pricing;
use walrus::staked_wal::{Self, StakedWal};
use walrus::staking_pool::{Self, StakingPool};
use walrus::storage_accounting::{Self, FutureAccounting};
use walrus::storage_node::{Self, StorageNodeCap};
use walrus::storage_resource::{Self, Storage};

// === Constants ===

/// Version of the `System` layout and semantics this package implements.
const VERSION: u64 = 1;
/// Commission change delay at genesis (epochs); governance may change it.
const DEFAULT_COMMISSION_DELAY_EPOCHS: u32 = 2;

// === Errors ===

#[error(code = 0)]
/// The object was created or migrated by another package version.
const EWrongVersion: vector<u8> =
    b"wrong version: the System object has a different version than this package; call the current package (or migrate)";

#[error(code = 1)]
/// `migrate` was called on an up-to-date object.
const EAlreadyMigrated: vector<u8> =
    b"already migrated: the System object is already at this package's version";

#[error(code = 2)]
/// The epoch duration has not passed yet.
const EEpochNotOver: vector<u8> =
    b"epoch not over: advance_epoch can only be called once epoch_start_ms + epoch_duration_ms has passed";

#[error(code = 3)]
/// A zero size was requested.
const EInvalidSize: vector<u8> =
    b"invalid size: the encoded size to reserve must be greater than 0";

#[error(code = 4)]
/// The number of epochs is zero or beyond `max_epochs_ahead`.
const EInvalidEpochsAhead: vector<u8> =
    b"invalid number of epochs: storage must cover at least 1 epoch and end at most max_epochs_ahead epochs after the current epoch starts";

#[error(code = 5)]
/// Not enough capacity left in some epoch of the range.
const ENotEnoughCapacity: vector<u8> =
    b"not enough capacity: some epoch of the requested range has no room for this size; reserve less or fewer epochs";

#[error(code = 6)]
/// The payment coin holds too little WAL.
const EInsufficientPayment: vector<u8> =
    b"insufficient payment: the payment coin holds less WAL than the price (see the storage_price and write_price accessors)";

#[error(code = 7)]
/// Only RS2 (encoding type 1) is accepted.
const EInvalidEncodingType: vector<u8> =
    b"invalid encoding type: only RS2 (encoding_type = 1) is supported";

#[error(code = 8)]
/// The blob ID does not match its encoding type, size and root hash.
const EInvalidBlobId: vector<u8> =
    b"invalid blob ID: it must equal blake2b256(bcs(encoding_type) ++ bcs(size) ++ bcs(root_hash)) as a little-endian u256";

#[error(code = 9)]
/// The storage resource is smaller than the blob's encoded size.
const EStorageTooSmall: vector<u8> =
    b"storage too small: the storage size must be at least encoding::encoded_size(n_shards, size)";

#[error(code = 10)]
/// The storage resource starts in a later epoch.
const EStorageNotStarted: vector<u8> =
    b"storage not started: the storage starts after the current epoch; use storage that covers the current epoch";

#[error(code = 11)]
/// The storage resource has ended.
const EStorageExpired: vector<u8> =
    b"storage expired: the storage ended before or at the current epoch; buy new storage";

#[error(code = 12)]
/// The certificate is for another epoch.
const EWrongEpoch: vector<u8> =
    b"wrong epoch: certificates must be signed by the committee of the current epoch for the current epoch";

#[error(code = 13)]
/// No storage node with this ID.
const ENodeNotFound: vector<u8> =
    b"node not found: no storage node is registered with this node ID";

#[error(code = 14)]
/// Staking needs a positive amount.
const EZeroStake: vector<u8> =
    b"zero stake: the coin to stake must hold at least 1 FROST";

#[error(code = 15)]
/// A withdrawal was already requested.
const EAlreadyWithdrawing: vector<u8> =
    b"already withdrawing: a withdrawal was already requested for this stake; call withdraw_stake once its withdraw epoch is reached";

#[error(code = 16)]
/// The stake is not active yet, so it can be withdrawn directly.
const EStakeNotActive: vector<u8> =
    b"stake not active yet: stake that never became active is withdrawn directly with withdraw_stake";

#[error(code = 17)]
/// Active stake needs a withdrawal request first.
const ENotWithdrawing: vector<u8> =
    b"withdrawal not requested: call request_withdraw_stake first, then withdraw_stake after the next epoch change";

#[error(code = 18)]
/// The withdraw epoch has not started yet.
const EWithdrawEpochNotReached: vector<u8> =
    b"too early: the stake can be withdrawn from its withdraw epoch on (after the next epoch change)";

// === Structs ===

/// One-shot capability given to the publisher; `create_system` consumes it to create and share
/// the `System`, so there is exactly one system per package.
public struct InitCap has key, store {
    id: UID,
}

/// The shared system object.
public struct System has key {
    id: UID,
    /// Layout and semantics version (see `migrate`).
    version: u64,
    /// Current epoch.
    epoch: u32,
    /// Clock time (ms) when the current epoch started.
    epoch_start_ms: u64,
    /// Number of shards (fixed at genesis).
    n_shards: u16,
    /// Protocol parameters (changed by governance).
    params: Params,
    /// Committee of the current epoch.
    committee: Committee,
    /// Committee of the previous epoch (empty in epoch 0).
    previous_committee: Committee,
    /// Encoded bytes for sale per epoch (never below the bytes already reserved).
    total_capacity: u64,
    /// FROST per MiB unit of encoded size per epoch.
    storage_price: u64,
    /// FROST per MiB unit of encoded size, paid once at registration.
    write_price: u64,
    /// Used capacity and fees of the current and future epochs.
    future_accounting: FutureAccounting,
    /// All registered node IDs, in registration order.
    candidates: vector<ID>,
    /// Staking pools by node ID.
    pools: Table<ID, StakingPool>,
    /// Active stake of all pools (set at each epoch change, lowered by slashing).
    total_active_stake: u64,
    /// All FROST ever paid in (storage, write fees, stake).
    wal_paid_in: u128,
    /// All FROST ever paid out (withdrawals, commission).
    wal_paid_out: u128,
    /// All FROST ever removed by slashing.
    wal_slashed: u128,
    /// Auditors allowed to submit audit reports (changed by governance only).
    auditors: AuditorRegistry,
    /// Audit round numbering and the rounds opened in the current epoch.
    audit_schedule: AuditSchedule,
    /// Penalty records of the nodes penalized by audits.
    penalty_records: PenaltyRecords,
    /// Room for fields added by later versions.
    extra_fields: Bag,
}

// === Genesis ===

/// Gives the publisher the one-shot `InitCap`.
fun init(ctx: &mut TxContext) {
    transfer::public_transfer(InitCap { id: object::new(ctx) }, ctx.sender());
}

/// Creates and shares the `System` (genesis), consuming the `InitCap`. Epoch 0 starts now with
/// an empty committee and the given initial capacity and prices; nodes register and stake, and
/// the first `advance_epoch` selects committee 1. Each address of `initial_auditors` is
/// registered as an auditor and receives its `AuditorCap` (the only auditors not added by
/// governance). Governance and audit parameters take their defaults (see `params::new`).
/// Aborts with `encoding::EInvalidShardCount` outside 4..=1000 shards, with the `params`
/// errors for out-of-bounds parameters, and with `auditors::EAlreadyAuditor` (an address listed
/// twice) or `auditors::ETooManyAuditors` (more than 100). Emits `SystemCreated`, then
/// `AuditorAdded` per initial auditor.
public fun create_system(
    cap: InitCap,
    n_shards: u16,
    epoch_duration_ms: u64,
    max_epochs_ahead: u32,
    max_committee_size: u16,
    min_committee_stake: u64,
    initial_capacity: u64,
    storage_price: u64,
    write_price: u64,
    initial_auditors: vector<address>,
    clock: &Clock,
    ctx: &mut TxContext,
) {
    let InitCap { id } = cap;
    id.delete();
    let system = new(
        n_shards,
        epoch_duration_ms,
        max_epochs_ahead,
        max_committee_size,
        min_committee_stake,
        initial_capacity,
        storage_price,
        write_price,
        initial_auditors,
        clock,
        ctx,
    );
    transfer::share_object(system);
}

/// Moves the object to this package's version after an upgrade (permissionless: only the
/// newest package can run it, and it only moves forward). Aborts with `EAlreadyMigrated`.
public fun migrate(self: &mut System) {
    assert!(self.version < VERSION, EAlreadyMigrated);
    self.version = VERSION;
}

// === Storage ===

/// Buys `encoded_size` bytes of storage for the current epoch and the next `epochs_ahead - 1`
/// epochs, i.e. `[epoch, epoch + epochs_ahead)`. Takes `storage_price x units x epochs_ahead`
/// FROST from `payment` (units = encoded_size in MiB, rounded up) and credits
/// `storage_price x units` to the accounting slot of each of those epochs.
/// Aborts (in this order) with `EWrongVersion`, `EInvalidSize` (0 bytes),
/// `EInvalidEpochsAhead` (0 or above `max_epochs_ahead`), `ENotEnoughCapacity`,
/// `EInsufficientPayment`. Emits `SpaceReserved`.
public fun reserve_space(
    self: &mut System,
    encoded_size: u64,
    epochs_ahead: u32,
    payment: &mut Coin<WAL>,
    ctx: &mut TxContext,
): Storage {
    self.check_version();
    assert!(encoded_size > 0, EInvalidSize);
    assert!(
        epochs_ahead >= 1 && epochs_ahead <= self.params.max_epochs_ahead(),
        EInvalidEpochsAhead,
    );
    let cost = self.buy_capacity(0, epochs_ahead as u64, encoded_size, payment);
    let start_epoch = self.epoch;
    let end_epoch = start_epoch + epochs_ahead;
    let storage = storage_resource::create(start_epoch, end_epoch, encoded_size, ctx);
    events::space_reserved(
        self.epoch,
        object::id(&storage),
        start_epoch,
        end_epoch,
        encoded_size,
        cost,
        ctx.sender(),
    ).emit();
    storage
}

// === Blobs ===

/// Registers a blob stored with `storage`. Re-derives the blob ID from `encoding_type`, `size`
/// and `root_hash`, checks that `storage` covers the current epoch and at least the blob's
/// encoded size for this system's number of shards, and takes the write fee
/// (`write_price x units of the encoded size`) from `write_payment` into the current epoch's
/// slot. Aborts (in this order) with `EWrongVersion`, `EInvalidEncodingType`, `EInvalidBlobId`,
/// `encoding::EBlobTooLarge`, `EStorageNotStarted`, `EStorageExpired`, `EStorageTooSmall`,
/// `EInsufficientPayment`. Emits `BlobRegistered`.
public fun register_blob(
    self: &mut System,
    storage: Storage,
    blob_id: u256,
    root_hash: u256,
    size: u64,
    encoding_type: u8,
    deletable: bool,
    write_payment: &mut Coin<WAL>,
    ctx: &mut TxContext,
): Blob {
    self.check_version();
    assert!(encoding_type == encoding::rs2_encoding_type(), EInvalidEncodingType);
    assert!(blob_id == encoding::blob_id(encoding_type, size, root_hash), EInvalidBlobId);
    let encoded_size = encoding::encoded_size(self.n_shards as u64, size);
    assert!(storage.start_epoch() <= self.epoch, EStorageNotStarted);
    assert!(self.epoch < storage.end_epoch(), EStorageExpired);
    assert!(storage.size() >= encoded_size, EStorageTooSmall);
    let cost = (self.write_price as u128) * (encoding::storage_units(encoded_size) as u128);
    assert!(cost <= (write_payment.value() as u128), EInsufficientPayment);
    let cost = cost as u64;
    self.future_accounting.add_rewards(0, write_payment.balance_mut().split(cost));
    self.wal_paid_in = self.wal_paid_in + (cost as u128);
    let storage_id = object::id(&storage);
    let storage_size = storage.size();
    let end_epoch = storage.end_epoch();
    let blob = blob::new(storage, blob_id, size, encoding_type, deletable, self.epoch, ctx);
    events::blob_registered(
        self.epoch,
        blob.object_id(),
        blob_id,
        size,
        encoding_type,
        encoded_size,
        storage_id,
        storage_size,
        end_epoch,
        deletable,
        cost,
        ctx.sender(),
    ).emit();
    blob
}

/// Certifies `blob` with a quorum certificate of the current committee: `signers` is a bitmap
/// over committee order (bit i % 8 of byte i / 8), `signatures` one ed25519 signature per signer
/// in member order over the storage confirmation `[1,0,3] ++ epoch ++ blob_id`. The signers must
/// hold at least 2f + 1 shards. Aborts (in this order) with `EWrongVersion`, `EWrongEpoch`
/// (`epoch` is not the current epoch), `blob::EAlreadyCertified`, `blob::EBlobExpired`,
/// `committee::EInvalidBitmap`, `committee::ESignatureCountMismatch`,
/// `committee::ENotEnoughWeight`, `committee::EInvalidSignature`. Emits `BlobCertified`.
public fun certify_blob(
    self: &System,
    blob: &mut Blob,
    signers: vector<u8>,
    signatures: vector<vector<u8>>,
    epoch: u32,
) {
    self.check_version();
    assert!(epoch == self.epoch, EWrongEpoch);
    blob.certify(epoch);
    let message = messages::storage_confirmation(epoch, blob.blob_id());
    let weight = self
        .committee
        .verify_certificate(self.n_shards as u64, &signers, &signatures, &message);
    events::blob_certified(
        epoch,
        blob.object_id(),
        blob.blob_id(),
        blob.end_epoch(),
        blob.is_deletable(),
        weight,
    ).emit();
}

/// Extends `blob` by `extended_epochs` epochs, paying `storage_price x units x extended_epochs`
/// (units of the blob's storage size) into the slots of the added epochs. The new end epoch may
/// be at most `max_epochs_ahead` epochs after the current epoch starts. Aborts (in this order)
/// with `EWrongVersion`, `blob::EBlobExpired`, `EInvalidEpochsAhead`, `ENotEnoughCapacity`,
/// `EInsufficientPayment`. (`ENotEnoughCapacity` cannot happen while the capacity never drops
/// below the bytes reserved for any epoch: every reservation covering a later epoch also covers
/// the blob's last epoch. It is kept as a guard.) Emits `BlobExtended`.
public fun extend_blob(
    self: &mut System,
    blob: &mut Blob,
    extended_epochs: u32,
    payment: &mut Coin<WAL>,
) {
    self.check_version();
    blob.assert_not_expired(self.epoch);
    let old_end = blob.end_epoch();
    let from = (old_end - self.epoch) as u64;
    let to = from + (extended_epochs as u64);
    assert!(
        extended_epochs >= 1 && to <= (self.params.max_epochs_ahead() as u64),
        EInvalidEpochsAhead,
    );
    let size = blob.storage().size();
    let cost = self.buy_capacity(from, to, size, payment);
    let new_end = old_end + extended_epochs;
    blob.storage_mut().extend_end_epoch(new_end);
    events::blob_extended(
        self.epoch,
        blob.object_id(),
        blob.blob_id(),
        old_end,
        new_end,
        cost,
    ).emit();
}

/// Deletes a deletable blob and returns its storage to the caller (for reuse or resale).
/// Aborts with `EWrongVersion` or `blob::ENotDeletable`. Emits `BlobDeleted`.
public fun delete_blob(self: &System, blob: Blob): Storage {
    self.check_version();
    let blob_object_id = blob.object_id();
    let blob_id = blob.blob_id();
    let end_epoch = blob.end_epoch();
    let was_certified = blob.is_certified();
    let storage = blob.delete();
    events::blob_deleted(
        self.epoch,
        blob_object_id,
        blob_id,
        end_epoch,
        was_certified,
        object::id(&storage),
    ).emit();
    storage
}

/// Destroys an expired blob (its end epoch is at most the current epoch) with its storage and
/// attributes. Aborts with `EWrongVersion` or `blob::EBlobNotExpired`. Emits `BlobBurned`.
public fun burn_blob(self: &System, blob: Blob) {
    self.check_version();
    let blob_object_id = blob.object_id();
    let blob_id = blob.blob_id();
    let end_epoch = blob.end_epoch();
    blob.burn(self.epoch);
    events::blob_burned(self.epoch, blob_object_id, blob_id, end_epoch).emit();
}

// === Storage nodes ===

/// Registers the sender as a storage node candidate and creates its staking pool (whose ID is
/// the node ID). `proof_of_possession` is the protocol key's signature over
/// `[3,0,3] ++ sender ++ public_key`. The node takes part in committee selection from the next
/// epoch change, once it has stake. Aborts (in this order) with `EWrongVersion`,
/// `storage_node::EInvalidName`, `storage_node::EInvalidNetworkAddress`,
/// `storage_node::EInvalidPublicKey`, `storage_node::EInvalidProofOfPossession`,
/// `staking_pool::EInvalidCommission`. Emits `NodeRegistered`.
public fun register_candidate(
    self: &mut System,
    name: String,
    network_address: String,
    public_key: vector<u8>,
    proof_of_possession: vector<u8>,
    commission_bps: u16,
    storage_price_vote: u64,
    write_price_vote: u64,
    capacity_vote: u64,
    ctx: &mut TxContext,
): StorageNodeCap {
    self.check_version();
    let info = storage_node::new_info(
        name,
        network_address,
        public_key,
        proof_of_possession,
        ctx.sender(),
    );
    let pool = staking_pool::new(
        info,
        commission_bps,
        storage_price_vote,
        write_price_vote,
        capacity_vote,
        self.epoch,
        ctx,
    );
    let node_id = pool.node_id();
    self.candidates.push_back(node_id);
    self.pools.add(node_id, pool);
    let cap = storage_node::new_cap(node_id, ctx);
    events::node_registered(
        self.epoch,
        node_id,
        object::id(&cap),
        ctx.sender(),
        name,
        network_address,
        public_key,
        commission_bps,
        storage_price_vote,
        write_price_vote,
        capacity_vote,
    ).emit();
    cap
}

/// Sets the node's price and capacity votes (used from the next epoch change). Aborts with
/// `EWrongVersion` or `ENodeNotFound`. Emits `NodeVotesUpdated`.
public fun set_votes(
    self: &mut System,
    cap: &StorageNodeCap,
    storage_price_vote: u64,
    write_price_vote: u64,
    capacity_vote: u64,
) {
    self.check_version();
    let node_id = cap.cap_node_id();
    self.pool_mut(node_id).set_votes(storage_price_vote, write_price_vote, capacity_vote);
    events::node_votes_updated(
        self.epoch,
        node_id,
        storage_price_vote,
        write_price_vote,
        capacity_vote,
    ).emit();
}

/// Sets the node's network address (effective immediately). Aborts with `EWrongVersion`,
/// `ENodeNotFound` or `storage_node::EInvalidNetworkAddress`. Emits `NetworkAddressUpdated`.
public fun set_network_address(self: &mut System, cap: &StorageNodeCap, network_address: String) {
    self.check_version();
    let node_id = cap.cap_node_id();
    self.pool_mut(node_id).node_info_mut().set_network_address(network_address);
    events::network_address_updated(self.epoch, node_id, network_address).emit();
}

/// Schedules a commission change: rewards of epochs from `epoch + commission_delay_epochs` on
/// use `commission_bps`. Replaces an earlier scheduled change. Aborts with `EWrongVersion`,
/// `ENodeNotFound` or `staking_pool::EInvalidCommission`. Emits `CommissionChangeRequested`.
public fun set_commission(self: &mut System, cap: &StorageNodeCap, commission_bps: u16) {
    self.check_version();
    let node_id = cap.cap_node_id();
    let effective_epoch = self.epoch + self.params.commission_delay_epochs();
    self.pool_mut(node_id).set_pending_commission(commission_bps, effective_epoch);
    events::commission_change_requested(
        self.epoch,
        node_id,
        commission_bps,
        effective_epoch,
    ).emit();
}

/// Pays out all the node's collected commission (possibly 0). Aborts with `EWrongVersion` or
/// `ENodeNotFound`. Emits `CommissionCollected`.
public fun collect_commission(
    self: &mut System,
    cap: &StorageNodeCap,
    ctx: &mut TxContext,
): Coin<WAL> {
    self.check_version();
    let node_id = cap.cap_node_id();
    let commission = self.pool_mut(node_id).withdraw_commission();
    let amount = commission.value();
    self.wal_paid_out = self.wal_paid_out + (amount as u128);
    events::commission_collected(self.epoch, node_id, amount, ctx.sender()).emit();
    coin::from_balance(commission, ctx)
}

/// Re-admits a node that audits excluded (after `exclusion_rounds` consecutive penalized
/// rounds) to committee selection, from the next epoch change on. Allowed from the epoch after
/// the exclusion on, so an excluded node always misses at least one committee. Clears the
/// node's penalty streak; the pool, its stake and its history stay. Aborts (in this order) with
/// `EWrongVersion`, `ENodeNotFound`, `penalties::ENotExcluded`, `penalties::EExclusionNotOver`.
/// Emits `NodeReregistered`.
public fun reregister_node(self: &mut System, cap: &StorageNodeCap) {
    self.check_version();
    let node_id = cap.cap_node_id();
    assert!(self.pools.contains(node_id), ENodeNotFound);
    let excluded_epoch = self.penalty_records.reregister(node_id, self.epoch);
    self.pools[node_id].set_excluded(false);
    events::node_reregistered(self.epoch, node_id, excluded_epoch).emit();
}

// === Staking ===

/// Stakes `stake` with `node_id`. The stake becomes active at the next epoch change (it counts
/// for the next committee selection and earns rewards from the next epoch on). Aborts (in this
/// order) with `EWrongVersion`, `EZeroStake`, `ENodeNotFound`. Emits `StakeAdded`.
public fun stake_with_pool(
    self: &mut System,
    stake: Coin<WAL>,
    node_id: ID,
    ctx: &mut TxContext,
): StakedWal {
    self.check_version();
    let amount = stake.value();
    assert!(amount > 0, EZeroStake);
    let activation_epoch = self.epoch + 1;
    self.pool_mut(node_id).add_pending_stake(stake.into_balance());
    self.wal_paid_in = self.wal_paid_in + (amount as u128);
    let staked = staked_wal::mint(node_id, amount, activation_epoch, ctx);
    events::stake_added(
        self.epoch,
        object::id(&staked),
        node_id,
        ctx.sender(),
        amount,
        activation_epoch,
    ).emit();
    staked
}

/// Requests the withdrawal of active stake: it stops counting at the next epoch change, which
/// sets its value (principal plus rewards up to and including the current epoch); it can be
/// withdrawn from the next epoch on. Aborts (in this order) with `EWrongVersion`,
/// `ENodeNotFound`, `EAlreadyWithdrawing`, `EStakeNotActive` (never activated: withdraw it
/// directly). Emits `StakeWithdrawRequested`.
public fun request_withdraw_stake(self: &mut System, staked: &mut StakedWal) {
    self.check_version();
    let node_id = staked.node_id();
    let epoch = self.epoch;
    let pool = self.pool_mut(node_id);
    assert!(!staked.is_withdrawing(), EAlreadyWithdrawing);
    assert!(staked.activation_epoch() <= epoch, EStakeNotActive);
    let shares = pool.shares_of(staked.principal(), staked.activation_epoch());
    pool.request_withdraw(shares);
    staked.set_withdrawing(epoch + 1);
    events::stake_withdraw_requested(
        epoch,
        object::id(staked),
        node_id,
        staked.principal(),
        shares,
        epoch + 1,
    ).emit();
}

/// Withdraws a stake: immediately (the principal) if it never became active, otherwise (its
/// principal plus rewards, minus any slashing) once a requested withdrawal's epoch is reached.
/// Aborts (in this order) with `EWrongVersion`, `ENodeNotFound`, `ENotWithdrawing` (active
/// stake without a request), `EWithdrawEpochNotReached`. Emits `StakeWithdrawn`.
public fun withdraw_stake(
    self: &mut System,
    staked: StakedWal,
    ctx: &mut TxContext,
): Coin<WAL> {
    self.check_version();
    let node_id = staked.node_id();
    let epoch = self.epoch;
    let pool = self.pool_mut(node_id);
    let principal = staked.principal();
    let payout = if (staked.withdraw_epoch().is_none()) {
        assert!(staked.activation_epoch() > epoch, ENotWithdrawing);
        pool.remove_pending_stake(principal)
    } else {
        let withdraw_epoch = *staked.withdraw_epoch().borrow();
        assert!(epoch >= withdraw_epoch, EWithdrawEpochNotReached);
        let shares = pool.shares_of(principal, staked.activation_epoch());
        let amount = pool.withdraw_amount(shares, withdraw_epoch);
        pool.take_withdrawable(amount)
    };
    let amount = payout.value();
    self.wal_paid_out = self.wal_paid_out + (amount as u128);
    events::stake_withdrawn(
        epoch,
        object::id(&staked),
        node_id,
        ctx.sender(),
        principal,
        amount,
    ).emit();
    staked.burn();
    coin::from_balance(payout, ctx)
}

// === Epoch change ===

/// Ends the current epoch once `epoch_duration_ms` has passed since it started (anyone may
/// call it). In order:
/// 1. pays the ending epoch's accounting slot to its committee by shards (commission to the
///    operators, the rest compounding in the pools), carrying rounding dust, forfeited rewards,
///    or everything if the committee was empty, into the next epoch's slot (`RewardsDistributed`);
/// 2. applies every pool's due commission change, requested withdrawals and pending stake
///    (`StakingPoolUpdated` for each pool touched);
/// 3. selects the new committee from the eligible candidates (active stake >=
///    max(1, min_committee_stake), not excluded) by stake, up to `max_committee_size`, and
///    apportions the shards with minimal moves (`EpochChanged`);
/// 4. sets the storage price, write price and capacity from the new committee's votes
///    (`PricesUpdated`; unchanged if the committee is empty).
/// Aborts with `EWrongVersion` or `EEpochNotOver`.
public fun advance_epoch(self: &mut System, clock: &Clock) {
    self.check_version();
    let now = clock.timestamp_ms();
    let epoch_end = (self.epoch_start_ms as u128) + (self.params.epoch_duration_ms() as u128);
    assert!((now as u128) >= epoch_end, EEpochNotOver);
    let ending_epoch = self.epoch;
    let new_epoch = ending_epoch + 1;

    // 1. Fees of the ending epoch.
    let fees = self.future_accounting.advance(self.params.max_epochs_ahead());
    let carry = self.distribute_rewards(ending_epoch, fees);
    self.future_accounting.add_rewards(0, carry);

    // 2. Pools.
    let mut total_active: u128 = 0;
    let mut i = 0;
    let n_candidates = self.candidates.length();
    while (i < n_candidates) {
        let node_id = self.candidates[i];
        let rewarded = self.committee.contains(node_id);
        let pool = &mut self.pools[node_id];
        let summary = pool.process_epoch_change(new_epoch);
        if (rewarded || summary.summary_changed()) {
            let rate = summary.summary_rate();
            events::staking_pool_updated(
                new_epoch,
                node_id,
                pool.active_stake(),
                pool.total_shares(),
                rate.rate_wal(),
                rate.rate_shares(),
                summary.summary_stake_activated(),
                summary.summary_shares_withdrawn(),
                summary.summary_wal_withdrawn(),
                pool.commission_bps(),
            ).emit();
        };
        total_active = total_active + (pool.active_stake() as u128);
        i = i + 1;
    };
    // All active stake is part of the WAL supply (< 2^63).
    self.total_active_stake = total_active as u64;

    // 3. Committee.
    let new_committee = self.select_committee(new_epoch);
    self.previous_committee = self.committee;
    self.committee = new_committee;
    self.epoch = new_epoch;
    self.epoch_start_ms = now;
    let members = self.committee.members();
    events::epoch_changed(
        new_epoch,
        now,
        self.committee.node_ids(),
        members.map_ref!(|m| *m.member_shards()),
        members.map_ref!(|m| m.member_stake()),
        self.committee.total_stake(),
        self.total_active_stake,
    ).emit();

    // 4. Prices and capacity.
    self.update_prices();
    events::prices_updated(
        new_epoch,
        self.storage_price,
        self.write_price,
        self.total_capacity,
    ).emit();
}

// === Accessors ===

/// Layout version of the object.
public fun version(self: &System): u64 { self.version }

/// The version this package implements.
public fun package_version(): u64 { VERSION }

/// Current epoch.
public fun epoch(self: &System): u32 { self.epoch }

/// Clock time (ms) when the current epoch started.
public fun epoch_start_ms(self: &System): u64 { self.epoch_start_ms }

/// Number of shards.
public fun n_shards(self: &System): u16 { self.n_shards }

/// Protocol parameters.
public fun params(self: &System): &Params { &self.params }

/// Committee of the current epoch.
public fun committee(self: &System): &Committee { &self.committee }

/// Committee of the previous epoch (empty in epoch 0).
public fun previous_committee(self: &System): &Committee { &self.previous_committee }

/// Encoded bytes for sale per epoch.
public fun total_capacity(self: &System): u64 { self.total_capacity }

/// Encoded bytes reserved for the current epoch.
public fun used_capacity(self: &System): u64 { self.future_accounting.used_capacity_at(0) }

/// Encoded bytes reserved for `epoch` (0 outside the accounting window).
public fun used_capacity_at(self: &System, epoch: u32): u64 {
    if (epoch < self.epoch) return 0;
    self.future_accounting.used_capacity_at((epoch - self.epoch) as u64)
}

/// FROST held for the committee of `epoch` (0 outside the accounting window).
public fun rewards_at(self: &System, epoch: u32): u64 {
    if (epoch < self.epoch) return 0;
    self.future_accounting.rewards_at((epoch - self.epoch) as u64)
}

/// FROST per MiB unit of encoded size per epoch.
public fun storage_price(self: &System): u64 { self.storage_price }

/// FROST per MiB unit of encoded size, paid once at registration.
public fun write_price(self: &System): u64 { self.write_price }

/// The fee and capacity accounting of the current and future epochs.
public fun future_accounting(self: &System): &FutureAccounting { &self.future_accounting }

/// All registered node IDs, in registration order.
public fun candidates(self: &System): &vector<ID> { &self.candidates }

/// True iff `node_id` is a registered node.
public fun is_registered(self: &System, node_id: ID): bool { self.pools.contains(node_id) }

/// The staking pool of `node_id`. Aborts with `ENodeNotFound`.
public fun pool(self: &System, node_id: ID): &StakingPool {
    assert!(self.pools.contains(node_id), ENodeNotFound);
    &self.pools[node_id]
}

/// Active stake of `node_id`'s pool. Aborts with `ENodeNotFound`.
public fun pool_active_stake(self: &System, node_id: ID): u64 { self.pool(node_id).active_stake() }

/// Active stake of all pools (set at each epoch change, lowered by slashing).
public fun total_active_stake(self: &System): u64 { self.total_active_stake }

/// All FROST ever paid in.
public fun wal_paid_in(self: &System): u128 { self.wal_paid_in }

/// All FROST ever paid out.
public fun wal_paid_out(self: &System): u128 { self.wal_paid_out }

/// All FROST ever removed by slashing.
public fun wal_slashed(self: &System): u128 { self.wal_slashed }

/// The registered auditors.
public fun auditors(self: &System): &AuditorRegistry { &self.auditors }

/// Audit round numbering and the rounds opened in the current epoch.
public fun audit_schedule(self: &System): &AuditSchedule { &self.audit_schedule }

/// Penalty records of the nodes penalized by audits.
public fun penalty_records(self: &System): &PenaltyRecords { &self.penalty_records }

/// Active stake (FROST) a position is worth now, for governance: its shares
/// (`floor(principal * S_a / W_a)` at the rate of its activation epoch a) at the pool's current
/// rate, `floor(shares * W / S)`. 0 for a position not active yet. Meaningful for positions
/// without a requested withdrawal (governance only counts those). Aborts with `ENodeNotFound`.
public fun staked_wal_value(self: &System, staked: &StakedWal): u64 {
    if (staked.activation_epoch() > self.epoch) return 0;
    let pool = self.pool(staked.node_id());
    let shares = pool.shares_of(staked.principal(), staked.activation_epoch());
    pool.current_rate().wal_for(shares)
}

/// FROST held by the system: the accounting slots plus every pool's balances.
public fun wal_held(self: &System): u128 {
    let mut sum = self.future_accounting.total_rewards() as u128;
    self.candidates.do_ref!(|id| sum = sum + (self.pools[*id].wal_held() as u128));
    sum
}

/// Checks the accounting invariants: (1) WAL conservation,
/// `wal_held == wal_paid_in - wal_paid_out - wal_slashed`; (2) no epoch in the accounting window
/// has more used capacity than `total_capacity`; (3) the committee's shards sum to `n_shards`
/// (or it is empty); (4) `total_active_stake` is the sum of the pools' active stake.
public fun check_invariants(self: &System): bool {
    let conserved = self.wal_held() + self.wal_paid_out + self.wal_slashed == self.wal_paid_in;
    let capacity_ok = self.future_accounting.max_used_capacity() <= self.total_capacity;
    let shards = self.committee.total_shards();
    let shards_ok = shards == 0 || shards == (self.n_shards as u64);
    let mut active: u128 = 0;
    self.candidates.do_ref!(|id| active = active + (self.pools[*id].active_stake() as u128));
    conserved && capacity_ok && shards_ok && active == (self.total_active_stake as u128)
}

// === Package functions (governance, penalties) ===

/// Aborts with `EWrongVersion` unless the object is at this package's version (for the entry
/// points of `governance` and `audit`).
public(package) fun assert_version(self: &System) { self.check_version() }

/// Mutable auditor registry, for governance.
public(package) fun auditors_mut(self: &mut System): &mut AuditorRegistry { &mut self.auditors }

/// Mutable audit schedule, for `audit::open_round`.
public(package) fun audit_schedule_mut(self: &mut System): &mut AuditSchedule {
    &mut self.audit_schedule
}

/// Mutable penalty records, for `audit::finalize_round`.
public(package) fun penalty_records_mut(self: &mut System): &mut PenaltyRecords {
    &mut self.penalty_records
}

/// Mutable protocol parameters, for governance. The setters check bounds.
public(package) fun params_mut(self: &mut System): &mut Params { &mut self.params }

/// Mutable staking pool of `node_id`. Aborts with `ENodeNotFound`.
public(package) fun pool_mut(self: &mut System, node_id: ID): &mut StakingPool {
    assert!(self.pools.contains(node_id), ENodeNotFound);
    &mut self.pools[node_id]
}

/// Slashes `amount` FROST from `node_id`'s active stake (delegators bear it pro rata through
/// the exchange rate) and returns it; the caller burns or redistributes it. Counted in
/// `wal_slashed`. Aborts with `ENodeNotFound` or `staking_pool::ESlashTooLarge`.
public(package) fun slash_node(self: &mut System, node_id: ID, amount: u64): Balance<WAL> {
    let slashed = self.pool_mut(node_id).slash(amount);
    self.wal_slashed = self.wal_slashed + (amount as u128);
    self.total_active_stake = self.total_active_stake - amount;
    slashed
}

/// Forfeits `node_id`'s rewards for the current epoch (carried over to the next epoch's fees
/// when the epoch ends). Aborts with `ENodeNotFound`.
public(package) fun forfeit_rewards(self: &mut System, node_id: ID) {
    let epoch = self.epoch;
    self.pool_mut(node_id).forfeit_rewards(epoch);
}

/// Excludes `node_id` from (or re-admits it to) committee selection at the next epoch changes.
/// Aborts with `ENodeNotFound`.
public(package) fun set_node_excluded(self: &mut System, node_id: ID, excluded: bool) {
    self.pool_mut(node_id).set_excluded(excluded);
}

/// True iff `node_id` may be selected for the next committee: not excluded and active stake of
/// at least max(1, min_committee_stake). The single eligibility filter of committee selection.
/// Aborts with `ENodeNotFound`.
public fun is_eligible(self: &System, node_id: ID): bool {
    let pool = self.pool(node_id);
    let min_stake = self.params.min_committee_stake().max(1);
    !pool.is_excluded() && pool.active_stake() >= min_stake
}

/// Fields added by later versions.
public(package) fun extra_fields_mut(self: &mut System): &mut Bag { &mut self.extra_fields }

// === Internal ===

/// Creates the system object (shared by `create_system`; returned as is in tests).
fun new(
    n_shards: u16,
    epoch_duration_ms: u64,
    max_epochs_ahead: u32,
    max_committee_size: u16,
    min_committee_stake: u64,
    initial_capacity: u64,
    storage_price: u64,
    write_price: u64,
    initial_auditors: vector<address>,
    clock: &Clock,
    ctx: &mut TxContext,
): System {
    // Aborts with encoding::EInvalidShardCount outside 4..=1000.
    encoding::max_faulty(n_shards as u64);
    let params = params::new(
        epoch_duration_ms,
        max_epochs_ahead,
        max_committee_size,
        min_committee_stake,
        DEFAULT_COMMISSION_DELAY_EPOCHS,
    );
    let now = clock.timestamp_ms();
    let mut system = System {
        id: object::new(ctx),
        version: VERSION,
        epoch: 0,
        epoch_start_ms: now,
        n_shards,
        params,
        committee: committee::empty(0),
        previous_committee: committee::empty(0),
        total_capacity: initial_capacity,
        storage_price,
        write_price,
        future_accounting: storage_accounting::new(0, max_epochs_ahead),
        candidates: vector[],
        pools: table::new(ctx),
        total_active_stake: 0,
        wal_paid_in: 0,
        wal_paid_out: 0,
        wal_slashed: 0,
        auditors: auditors::new(),
        audit_schedule: audit_round::new_schedule(),
        penalty_records: penalties::new(ctx),
        extra_fields: bag::new(ctx),
    };
    events::system_created(
        object::id(&system),
        0,
        now,
        n_shards,
        epoch_duration_ms,
        max_epochs_ahead,
        max_committee_size,
        initial_capacity,
        storage_price,
        write_price,
    ).emit();
    initial_auditors.do!(|auditor| {
        let cap = system.auditors.add(auditor, 0, ctx);
        events::auditor_added(0, auditor, object::id(&cap), option::none()).emit();
        transfer::public_transfer(cap, auditor);
    });
    system
}

/// Aborts with `EWrongVersion` unless the object is at this package's version.
fun check_version(self: &System) {
    assert!(self.version == VERSION, EWrongVersion);
}

/// Reserves `size` bytes in the accounting slots `[from, to)` (offsets from the current epoch),
/// taking `storage_price x units(size) x (to - from)` from `payment`. Returns the cost. Aborts
/// with `ENotEnoughCapacity` or `EInsufficientPayment`.
fun buy_capacity(
    self: &mut System,
    from: u64,
    to: u64,
    size: u64,
    payment: &mut Coin<WAL>,
): u64 {
    self.future_accounting.ensure_length(self.params.max_epochs_ahead());
    assert!(
        self.future_accounting.has_capacity(from, to, size, self.total_capacity),
        ENotEnoughCapacity,
    );
    let per_epoch = (self.storage_price as u128) * (encoding::storage_units(size) as u128);
    let cost = per_epoch * ((to - from) as u128);
    assert!(cost <= (payment.value() as u128), EInsufficientPayment);
    let paid = payment.balance_mut().split(cost as u64);
    self.future_accounting.reserve(from, to, size, per_epoch as u64, paid);
    self.wal_paid_in = self.wal_paid_in + cost;
    cost as u64
}

/// Pays `fees` (the ending epoch's slot) to the current committee by shards:
/// `floor(total * shards / n_shards)` per member, split by its pool into commission and stake
/// rewards, or withheld if its rewards for `epoch` are forfeited. Returns what is left (dust,
/// forfeits, or everything for an empty committee) and emits `RewardsDistributed`.
fun distribute_rewards(self: &mut System, epoch: u32, mut fees: Balance<WAL>): Balance<WAL> {
    let total = fees.value();
    let node_ids = self.committee.node_ids();
    let shard_counts = self.committee.shard_counts();
    let n_shards = self.n_shards as u128;
    let mut rewards = vector[];
    let mut commissions = vector[];
    let mut forfeited = 0;
    node_ids.length().do!(|i| {
        let amount = (((total as u128) * (shard_counts[i] as u128) / n_shards) as u64);
        let pool = &mut self.pools[node_ids[i]];
        if (pool.is_rewards_forfeited(epoch)) {
            forfeited = forfeited + amount;
            rewards.push_back(0);
            commissions.push_back(0);
        } else {
            let (staker_part, commission) = pool.add_rewards(fees.split(amount));
            rewards.push_back(staker_part);
            commissions.push_back(commission);
        }
    });
    events::rewards_distributed(
        epoch,
        total,
        node_ids,
        rewards,
        commissions,
        forfeited,
        fees.value(),
    ).emit();
    fees
}

/// Selects the committee of `epoch` from the eligible candidates (see `is_eligible`).
fun select_committee(self: &System, epoch: u32): Committee {
    let mut node_ids = vector[];
    let mut stakes = vector[];
    let mut keys = vector[];
    self.candidates.do_ref!(|id| {
        if (self.is_eligible(*id)) {
            let pool = &self.pools[*id];
            node_ids.push_back(*id);
            stakes.push_back(pool.active_stake());
            keys.push_back(*pool.node_info().public_key());
        }
    });
    committee::select(
        epoch,
        node_ids,
        stakes,
        keys,
        self.n_shards as u64,
        self.params.max_committee_size() as u64,
        &self.committee,
    )
}

/// Sets prices and capacity from the (new) committee's votes, weighted by shards: prices are the
/// 2/3 quantile from below, capacity the 2/3 quantile from above of each member's vote
/// extrapolated to the whole system (`capacity_vote * n_shards / shards`, saturating at
/// u64::MAX). The capacity never drops below the bytes already reserved for any epoch. An empty
/// committee leaves prices and capacity unchanged.
fun update_prices(self: &mut System) {
    if (!self.committee.is_empty()) {
        let n_shards = self.n_shards as u128;
        let mut storage_votes = vector[];
        let mut write_votes = vector[];
        let mut capacity_votes = vector[];
        let weights = self.committee.shard_counts();
        self.committee.members().do_ref!(|m| {
            let pool = &self.pools[m.member_node_id()];
            storage_votes.push_back(pool.storage_price_vote());
            write_votes.push_back(pool.write_price_vote());
            let total = (pool.capacity_vote() as u128) * n_shards / (m.member_weight() as u128);
            capacity_votes.push_back(total.min(std::u64::max_value!() as u128) as u64);
        });
        self.storage_price = pricing::quantile_from_below(&storage_votes, &weights);
        self.write_price = pricing::quantile_from_below(&write_votes, &weights);
        self.total_capacity = pricing::quantile_from_above(&capacity_votes, &weights);
    };
    self.total_capacity = self.total_capacity.max(self.future_accounting.max_used_capacity());
}

// === Test only ===

#[test_only]
/// Runs the publish initializer (gives the sender the `InitCap`).
public fun init_for_testing(ctx: &mut TxContext) {
    init(ctx);
}

#[test_only]
/// Creates an unshared system for tests (same checks and event as `create_system`).
public fun new_for_testing(
    n_shards: u16,
    epoch_duration_ms: u64,
    max_epochs_ahead: u32,
    max_committee_size: u16,
    min_committee_stake: u64,
    initial_capacity: u64,
    storage_price: u64,
    write_price: u64,
    clock: &Clock,
    ctx: &mut TxContext,
): System {
    new(
        n_shards,
        epoch_duration_ms,
        max_epochs_ahead,
        max_committee_size,
        min_committee_stake,
        initial_capacity,
        storage_price,
        write_price,
        vector[],
        clock,
        ctx,
    )
}

#[test_only]
/// Creates an unshared system with initial auditors for tests (same checks and events as
/// `create_system`; the caps are sent to the auditors).
public fun new_with_auditors_for_testing(
    n_shards: u16,
    epoch_duration_ms: u64,
    max_epochs_ahead: u32,
    max_committee_size: u16,
    min_committee_stake: u64,
    initial_capacity: u64,
    storage_price: u64,
    write_price: u64,
    initial_auditors: vector<address>,
    clock: &Clock,
    ctx: &mut TxContext,
): System {
    new(
        n_shards,
        epoch_duration_ms,
        max_epochs_ahead,
        max_committee_size,
        min_committee_stake,
        initial_capacity,
        storage_price,
        write_price,
        initial_auditors,
        clock,
        ctx,
    )
}

#[test_only]
/// Destroys a test system.
public fun destroy_for_testing(self: System) {
    std::unit_test::destroy(self);
}

#[test_only]
/// Overwrites the version (tests of the version guard and of `migrate`).
public fun set_version_for_testing(self: &mut System, version: u64) {
    self.version = version;
}
