//! `walrus::system`: genesis, storage, blobs, storage nodes, staking and the epoch change.

use sui_sdk_types::{Address, TypeTag};
use walrus_chain::bindings::{
    AuditSchedule, AuditorAdded, AuditorRegistry, Bag, Blob, BlobBurned, BlobCertified,
    BlobDeleted, BlobExtended, BlobRegistered, Coin, CommissionChangeRequested,
    CommissionCollected, Committee, CommitteeMember, EpochChanged, Id, NetworkAddressUpdated,
    NodeRegistered, NodeReregistered, NodeVotesUpdated, PenaltyRecords, PricesUpdated,
    RewardsDistributed, SpaceReserved, StakeAdded, StakeWithdrawRequested, StakeWithdrawn,
    StakedWal, StakingPool, StakingPoolUpdated, Storage, StorageNodeCap, StorageNodeInfo, System,
    SystemCreated, Uid, Wal,
};
use walrus_core::BlobId;

use super::algo::{self, Member};
use super::errors::{blob as eb, storage_node as esn, system as e};
use super::framework::{self as fw};
use super::{auditors, blob, penalties, staking, storage};
use crate::ensure;
use crate::exec::{Cx, Fail, Recipient, add, cast, sub};
use crate::ids;

/// The package version this implementation is (`system::VERSION`).
pub const VERSION: u64 = 1;
const DEFAULT_COMMISSION_DELAY_EPOCHS: u32 = 2;

// === Pools (the `pools` table: dynamic fields of its UID keyed by node ID) ===

fn pool_value_tag(cx: &Cx) -> TypeTag {
    ids::tag(cx.tag::<StakingPool>())
}

/// The pool of `node_id`, if registered.
pub fn pool_opt(cx: &mut Cx, system: &System, node_id: Id) -> Result<Option<StakingPool>, Fail> {
    let vt = pool_value_tag(cx);
    cx.world
        .field_get::<Id, StakingPool>(system.pools.id.0, &fw::id_tag(), &node_id, &vt)
}

/// `system::pool`: aborts with `ENodeNotFound`.
pub fn pool(cx: &mut Cx, system: &System, node_id: Id) -> Result<StakingPool, Fail> {
    pool_opt(cx, system, node_id)?.ok_or(Fail::Abort(e::ENodeNotFound))
}

/// Writes a pool back into the table.
pub fn save_pool(cx: &mut Cx, system: &System, pool: &StakingPool) {
    let vt = pool_value_tag(cx);
    let key = pool.id.to_id();
    cx.world
        .field_put(system.pools.id.0, &fw::id_tag(), &key, &vt, pool);
}

/// `check_version`.
pub fn check_version(system: &System) -> Result<(), Fail> {
    ensure!(system.version == VERSION, e::EWrongVersion);
    Ok(())
}

fn committee_members(c: &Committee) -> Vec<Member> {
    c.members
        .iter()
        .map(|m| Member {
            node_id: m.node_id.0,
            public_key: m.public_key.clone(),
            stake: m.stake,
            shards: m.shards.clone(),
        })
        .collect()
}

// === Genesis ===

/// `system::create_system` (and `new`): the system object, which the caller shares. Initial
/// auditors get their caps (transferred through `cx`).
#[allow(clippy::too_many_arguments)]
pub fn create_system(
    cx: &mut Cx,
    n_shards: u16,
    epoch_duration_ms: u64,
    max_epochs_ahead: u32,
    max_committee_size: u16,
    min_committee_stake: u64,
    initial_capacity: u64,
    storage_price: u64,
    write_price: u64,
    initial_auditors: &[Address],
) -> Result<System, Fail> {
    algo::max_faulty(u64::from(n_shards))?;
    let params = super::params::new(
        epoch_duration_ms,
        max_epochs_ahead,
        max_committee_size,
        min_committee_stake,
        DEFAULT_COMMISSION_DELAY_EPOCHS,
    )?;
    let now = cx.now_ms;
    let id = cx.fresh_id();
    let future_accounting = staking::new_accounting(0, max_epochs_ahead)?;
    let pools = fw::new_table(cx.fresh_id());
    let records = fw::new_table(cx.fresh_id());
    let extra = cx.fresh_id();
    let mut system = System {
        id: Uid(id),
        version: VERSION,
        epoch: 0,
        epoch_start_ms: now,
        n_shards,
        params,
        committee: Committee {
            epoch: 0,
            members: vec![],
        },
        previous_committee: Committee {
            epoch: 0,
            members: vec![],
        },
        total_capacity: initial_capacity,
        storage_price,
        write_price,
        future_accounting,
        candidates: vec![],
        pools,
        total_active_stake: 0,
        wal_paid_in: 0,
        wal_paid_out: 0,
        wal_slashed: 0,
        auditors: AuditorRegistry { entries: vec![] },
        audit_schedule: AuditSchedule {
            next_round: 0,
            epoch: 0,
            opened_in_epoch: 0,
        },
        penalty_records: PenaltyRecords { records },
        extra_fields: Bag {
            id: Uid(extra),
            size: 0,
        },
    };
    cx.emit(&SystemCreated {
        system_id: Id(id),
        epoch: 0,
        epoch_start_ms: now,
        n_shards,
        epoch_duration_ms,
        max_epochs_ahead,
        max_committee_size,
        total_capacity: initial_capacity,
        storage_price,
        write_price,
    });
    for auditor in initial_auditors {
        let cap = auditors::add(cx, &mut system.auditors, *auditor, 0)?;
        cx.emit(&AuditorAdded {
            epoch: 0,
            auditor: *auditor,
            cap_id: cap.id.to_id(),
            proposal_id: None,
        });
        cx.transfer(cap.id.0, &cap, Recipient::Address(*auditor));
    }
    Ok(system)
}

/// `system::migrate`.
pub fn migrate(system: &mut System) -> Result<(), Fail> {
    ensure!(system.version < VERSION, e::EAlreadyMigrated);
    system.version = VERSION;
    Ok(())
}

// === Storage ===

fn buy_capacity(
    system: &mut System,
    from: u64,
    to: u64,
    size: u64,
    payment: &mut Coin<Wal>,
) -> Result<u64, Fail> {
    staking::ensure_length(
        &mut system.future_accounting,
        system.params.max_epochs_ahead,
    )?;
    ensure!(
        staking::has_capacity(
            &system.future_accounting,
            from,
            to,
            size,
            system.total_capacity
        )?,
        e::ENotEnoughCapacity
    );
    let per_epoch = u128::from(system.storage_price) * u128::from(algo::storage_units(size));
    let cost = per_epoch * u128::from(to - from);
    ensure!(
        cost <= u128::from(payment.balance.value),
        e::EInsufficientPayment
    );
    let paid = fw::split(&mut payment.balance, cast(cost)?)?;
    staking::reserve(
        &mut system.future_accounting,
        from,
        to,
        size,
        cast(per_epoch)?,
        paid,
    )?;
    system.wal_paid_in = add(system.wal_paid_in, cost)?;
    cast(cost)
}

/// `system::reserve_space`.
pub fn reserve_space(
    cx: &mut Cx,
    system: &mut System,
    encoded_size: u64,
    epochs_ahead: u32,
    payment: &mut Coin<Wal>,
) -> Result<Storage, Fail> {
    check_version(system)?;
    ensure!(encoded_size > 0, e::EInvalidSize);
    ensure!(
        epochs_ahead >= 1 && epochs_ahead <= system.params.max_epochs_ahead,
        e::EInvalidEpochsAhead
    );
    let cost = buy_capacity(system, 0, u64::from(epochs_ahead), encoded_size, payment)?;
    let start_epoch = system.epoch;
    let end_epoch = add(start_epoch, epochs_ahead)?;
    let storage = storage::create(cx, start_epoch, end_epoch, encoded_size)?;
    cx.emit(&SpaceReserved {
        epoch: system.epoch,
        storage_id: storage.id.to_id(),
        start_epoch,
        end_epoch,
        size: encoded_size,
        cost,
        payer: cx.sender,
    });
    Ok(storage)
}

// === Blobs ===

/// `system::register_blob`.
#[allow(clippy::too_many_arguments)]
pub fn register_blob(
    cx: &mut Cx,
    system: &mut System,
    storage: Storage,
    blob_id: BlobId,
    root_hash: [u8; 32],
    size: u64,
    encoding_type: u8,
    deletable: bool,
    write_payment: &mut Coin<Wal>,
) -> Result<Blob, Fail> {
    check_version(system)?;
    ensure!(
        encoding_type == algo::RS2_ENCODING_TYPE,
        e::EInvalidEncodingType
    );
    ensure!(
        blob_id.0 == algo::blob_id(encoding_type, size, &root_hash),
        e::EInvalidBlobId
    );
    let encoded_size = algo::encoded_size(u64::from(system.n_shards), size)?;
    ensure!(storage.start_epoch <= system.epoch, e::EStorageNotStarted);
    ensure!(system.epoch < storage.end_epoch, e::EStorageExpired);
    ensure!(storage.size >= encoded_size, e::EStorageTooSmall);
    let cost = u128::from(system.write_price) * u128::from(algo::storage_units(encoded_size));
    ensure!(
        cost <= u128::from(write_payment.balance.value),
        e::EInsufficientPayment
    );
    let cost: u64 = cast(cost)?;
    let paid = fw::split(&mut write_payment.balance, cost)?;
    staking::add_slot_rewards(&mut system.future_accounting, 0, paid)?;
    system.wal_paid_in = add(system.wal_paid_in, u128::from(cost))?;
    let storage_id = storage.id.to_id();
    let storage_size = storage.size;
    let end_epoch = storage.end_epoch;
    let blob = Blob {
        id: Uid(cx.fresh_id()),
        registered_epoch: system.epoch,
        blob_id,
        size,
        encoding_type,
        certified_epoch: None,
        storage,
        deletable,
    };
    cx.emit(&BlobRegistered {
        epoch: system.epoch,
        blob_object_id: blob.id.to_id(),
        blob_id,
        size,
        encoding_type,
        encoded_size,
        storage_id,
        storage_size,
        end_epoch,
        deletable,
        write_cost: cost,
        owner: cx.sender,
    });
    Ok(blob)
}

/// `system::certify_blob`.
pub fn certify_blob(
    cx: &mut Cx,
    system: &System,
    blob: &mut Blob,
    signers: &[u8],
    signatures: &[Vec<u8>],
    epoch: u32,
) -> Result<(), Fail> {
    check_version(system)?;
    ensure!(epoch == system.epoch, e::EWrongEpoch);
    ensure!(blob.certified_epoch.is_none(), eb::EAlreadyCertified);
    ensure!(epoch < blob.storage.end_epoch, eb::EBlobExpired);
    blob.certified_epoch = Some(epoch);
    let message = algo::storage_confirmation(epoch, &blob.blob_id.0);
    let weight = algo::verify_certificate(
        &committee_members(&system.committee),
        u64::from(system.n_shards),
        signers,
        signatures,
        &message,
    )?;
    cx.emit(&BlobCertified {
        epoch,
        blob_object_id: blob.id.to_id(),
        blob_id: blob.blob_id,
        end_epoch: blob.storage.end_epoch,
        deletable: blob.deletable,
        signer_shards: weight,
    });
    Ok(())
}

/// `system::extend_blob`.
pub fn extend_blob(
    cx: &mut Cx,
    system: &mut System,
    blob: &mut Blob,
    extended_epochs: u32,
    payment: &mut Coin<Wal>,
) -> Result<(), Fail> {
    check_version(system)?;
    ensure!(system.epoch < blob.storage.end_epoch, eb::EBlobExpired);
    let old_end = blob.storage.end_epoch;
    let from = u64::from(old_end - system.epoch);
    let to = from + u64::from(extended_epochs);
    ensure!(
        extended_epochs >= 1 && to <= u64::from(system.params.max_epochs_ahead),
        e::EInvalidEpochsAhead
    );
    let size = blob.storage.size;
    let cost = buy_capacity(system, from, to, size, payment)?;
    let new_end = add(old_end, extended_epochs)?;
    storage::extend_end_epoch(&mut blob.storage, new_end)?;
    cx.emit(&BlobExtended {
        epoch: system.epoch,
        blob_object_id: blob.id.to_id(),
        blob_id: blob.blob_id,
        old_end_epoch: old_end,
        new_end_epoch: new_end,
        cost,
    });
    Ok(())
}

/// `system::delete_blob`: the blob's storage (the caller deletes the blob object).
pub fn delete_blob(cx: &mut Cx, system: &System, b: Blob) -> Result<Storage, Fail> {
    check_version(system)?;
    let blob_object_id = b.id.to_id();
    let blob_id = b.blob_id;
    let end_epoch = b.storage.end_epoch;
    let was_certified = b.certified_epoch.is_some();
    ensure!(b.deletable, eb::ENotDeletable);
    let storage = blob::destroy(cx, b);
    cx.emit(&BlobDeleted {
        epoch: system.epoch,
        blob_object_id,
        blob_id,
        end_epoch,
        was_certified,
        storage_id: storage.id.to_id(),
    });
    Ok(storage)
}

/// `system::burn_blob`.
pub fn burn_blob(cx: &mut Cx, system: &System, b: Blob) -> Result<(), Fail> {
    check_version(system)?;
    let blob_object_id = b.id.to_id();
    let blob_id = b.blob_id;
    let end_epoch = b.storage.end_epoch;
    ensure!(b.storage.end_epoch <= system.epoch, eb::EBlobNotExpired);
    let storage = blob::destroy(cx, b);
    storage::destroy(cx, storage);
    cx.emit(&BlobBurned {
        epoch: system.epoch,
        blob_object_id,
        blob_id,
        end_epoch,
    });
    Ok(())
}

// === Storage nodes ===

fn check_network_address(addr: &str) -> Result<(), Fail> {
    ensure!((1..=256).contains(&addr.len()), esn::EInvalidNetworkAddress);
    Ok(())
}

/// `system::register_candidate`.
#[allow(clippy::too_many_arguments)]
pub fn register_candidate(
    cx: &mut Cx,
    system: &mut System,
    name: String,
    network_address: String,
    public_key: Vec<u8>,
    proof_of_possession: Vec<u8>,
    commission_bps: u16,
    storage_price_vote: u64,
    write_price_vote: u64,
    capacity_vote: u64,
) -> Result<StorageNodeCap, Fail> {
    check_version(system)?;
    ensure!((1..=64).contains(&name.len()), esn::EInvalidName);
    check_network_address(&network_address)?;
    ensure!(public_key.len() == 32, esn::EInvalidPublicKey);
    let msg = algo::proof_of_possession(&cx.sender, &public_key);
    ensure!(
        algo::verify(&proof_of_possession, &public_key, &msg),
        esn::EInvalidProofOfPossession
    );
    let info = StorageNodeInfo {
        name: name.clone(),
        network_address: network_address.clone(),
        public_key: public_key.clone(),
    };
    let pool = staking::new_pool(
        cx,
        info,
        commission_bps,
        storage_price_vote,
        write_price_vote,
        capacity_vote,
        system.epoch,
    )?;
    let node_id = pool.id.to_id();
    system.candidates.push(node_id);
    ensure!(
        !cx.world
            .field_exists(system.pools.id.0, &fw::id_tag(), &node_id),
        fw::DF_EALREADYEXISTS
    );
    save_pool(cx, system, &pool);
    system.pools.size = add(system.pools.size, 1)?;
    let cap = StorageNodeCap {
        id: Uid(cx.fresh_id()),
        node_id,
    };
    cx.emit(&NodeRegistered {
        epoch: system.epoch,
        node_id,
        cap_id: cap.id.to_id(),
        operator: cx.sender,
        name,
        network_address,
        public_key,
        commission_bps,
        storage_price_vote,
        write_price_vote,
        capacity_vote,
    });
    Ok(cap)
}

/// `system::set_votes`.
pub fn set_votes(
    cx: &mut Cx,
    system: &mut System,
    cap: &StorageNodeCap,
    storage_price_vote: u64,
    write_price_vote: u64,
    capacity_vote: u64,
) -> Result<(), Fail> {
    check_version(system)?;
    let node_id = cap.node_id;
    let mut p = pool(cx, system, node_id)?;
    p.storage_price_vote = storage_price_vote;
    p.write_price_vote = write_price_vote;
    p.capacity_vote = capacity_vote;
    save_pool(cx, system, &p);
    cx.emit(&NodeVotesUpdated {
        epoch: system.epoch,
        node_id,
        storage_price_vote,
        write_price_vote,
        capacity_vote,
    });
    Ok(())
}

/// `system::set_network_address`.
pub fn set_network_address(
    cx: &mut Cx,
    system: &mut System,
    cap: &StorageNodeCap,
    network_address: String,
) -> Result<(), Fail> {
    check_version(system)?;
    let node_id = cap.node_id;
    let mut p = pool(cx, system, node_id)?;
    check_network_address(&network_address)?;
    p.node_info.network_address = network_address.clone();
    save_pool(cx, system, &p);
    cx.emit(&NetworkAddressUpdated {
        epoch: system.epoch,
        node_id,
        network_address,
    });
    Ok(())
}

/// `system::set_commission`.
pub fn set_commission(
    cx: &mut Cx,
    system: &mut System,
    cap: &StorageNodeCap,
    commission_bps: u16,
) -> Result<(), Fail> {
    check_version(system)?;
    let node_id = cap.node_id;
    let effective_epoch = add(system.epoch, system.params.commission_delay_epochs)?;
    let mut p = pool(cx, system, node_id)?;
    staking::set_pending_commission(&mut p, commission_bps, effective_epoch)?;
    save_pool(cx, system, &p);
    cx.emit(&CommissionChangeRequested {
        epoch: system.epoch,
        node_id,
        commission_bps,
        effective_epoch,
    });
    Ok(())
}

/// `system::collect_commission`.
pub fn collect_commission(
    cx: &mut Cx,
    system: &mut System,
    cap: &StorageNodeCap,
) -> Result<Coin<Wal>, Fail> {
    check_version(system)?;
    let node_id = cap.node_id;
    let mut p = pool(cx, system, node_id)?;
    let amount = fw::withdraw_all(&mut p.commission);
    save_pool(cx, system, &p);
    system.wal_paid_out = add(system.wal_paid_out, u128::from(amount))?;
    cx.emit(&CommissionCollected {
        epoch: system.epoch,
        node_id,
        amount,
        recipient: cx.sender,
    });
    Ok(fw::new_coin(cx.fresh_id(), amount))
}

/// `system::reregister_node`.
pub fn reregister_node(cx: &mut Cx, system: &mut System, cap: &StorageNodeCap) -> Result<(), Fail> {
    check_version(system)?;
    let node_id = cap.node_id;
    let mut p = pool(cx, system, node_id)?;
    let excluded_epoch =
        penalties::reregister(cx, &mut system.penalty_records, node_id, system.epoch)?;
    p.excluded = false;
    save_pool(cx, system, &p);
    cx.emit(&NodeReregistered {
        epoch: system.epoch,
        node_id,
        excluded_epoch,
    });
    Ok(())
}

// === Staking ===

/// `system::stake_with_pool` (the caller deletes the coin).
pub fn stake_with_pool(
    cx: &mut Cx,
    system: &mut System,
    stake: Coin<Wal>,
    node_id: Id,
) -> Result<StakedWal, Fail> {
    check_version(system)?;
    let amount = stake.balance.value;
    ensure!(amount > 0, e::EZeroStake);
    let activation_epoch = add(system.epoch, 1)?;
    let mut p = pool(cx, system, node_id)?;
    fw::join(&mut p.pending_stake, amount)?;
    save_pool(cx, system, &p);
    system.wal_paid_in = add(system.wal_paid_in, u128::from(amount))?;
    let staked = staking::mint(cx, node_id, amount, activation_epoch);
    cx.emit(&StakeAdded {
        epoch: system.epoch,
        staked_wal_id: staked.id.to_id(),
        node_id,
        staker: cx.sender,
        amount,
        activation_epoch,
    });
    Ok(staked)
}

/// `system::request_withdraw_stake`.
pub fn request_withdraw_stake(
    cx: &mut Cx,
    system: &mut System,
    staked: &mut StakedWal,
) -> Result<(), Fail> {
    check_version(system)?;
    let node_id = staked.node_id;
    let epoch = system.epoch;
    let mut p = pool(cx, system, node_id)?;
    ensure!(staked.withdraw_epoch.is_none(), e::EAlreadyWithdrawing);
    ensure!(staked.activation_epoch <= epoch, e::EStakeNotActive);
    let shares = staking::shares_of(cx, &p, staked.principal, staked.activation_epoch)?;
    p.pending_withdraw_shares = add(p.pending_withdraw_shares, shares)?;
    save_pool(cx, system, &p);
    let withdraw_epoch = add(epoch, 1)?;
    staked.withdraw_epoch = Some(withdraw_epoch);
    cx.emit(&StakeWithdrawRequested {
        epoch,
        staked_wal_id: staked.id.to_id(),
        node_id,
        principal: staked.principal,
        shares,
        withdraw_epoch,
    });
    Ok(())
}

/// `system::withdraw_stake` (the caller deletes the position).
pub fn withdraw_stake(
    cx: &mut Cx,
    system: &mut System,
    staked: StakedWal,
) -> Result<Coin<Wal>, Fail> {
    check_version(system)?;
    let node_id = staked.node_id;
    let epoch = system.epoch;
    let mut p = pool(cx, system, node_id)?;
    let principal = staked.principal;
    let amount = match staked.withdraw_epoch {
        None => {
            ensure!(staked.activation_epoch > epoch, e::ENotWithdrawing);
            fw::split(&mut p.pending_stake, principal)?
        }
        Some(withdraw_epoch) => {
            ensure!(epoch >= withdraw_epoch, e::EWithdrawEpochNotReached);
            let shares = staking::shares_of(cx, &p, principal, staked.activation_epoch)?;
            let amount = staking::withdraw_amount(cx, &p, shares, withdraw_epoch)?;
            fw::split(&mut p.withdrawable, amount)?
        }
    };
    save_pool(cx, system, &p);
    system.wal_paid_out = add(system.wal_paid_out, u128::from(amount))?;
    cx.emit(&StakeWithdrawn {
        epoch,
        staked_wal_id: staked.id.to_id(),
        node_id,
        staker: cx.sender,
        principal,
        amount,
    });
    Ok(fw::new_coin(cx.fresh_id(), amount))
}

/// `system::staked_wal_value`.
pub fn staked_wal_value(cx: &mut Cx, system: &System, staked: &StakedWal) -> Result<u64, Fail> {
    if staked.activation_epoch > system.epoch {
        return Ok(0);
    }
    let p = pool(cx, system, staked.node_id)?;
    let shares = staking::shares_of(cx, &p, staked.principal, staked.activation_epoch)?;
    Ok(staking::wal_for(&staking::current_rate(&p), shares))
}

// === Epoch change ===

fn distribute_rewards(
    cx: &mut Cx,
    system: &mut System,
    epoch: u32,
    total: u64,
) -> Result<u64, Fail> {
    let n_shards = u128::from(system.n_shards);
    let mut left = total;
    let mut node_ids = Vec::new();
    let mut rewards = Vec::new();
    let mut commissions = Vec::new();
    let mut forfeited = 0u64;
    let members = system.committee.members.clone();
    for m in &members {
        let amount = (u128::from(total) * m.shards.len() as u128 / n_shards) as u64;
        let mut p = pool(cx, system, m.node_id)?;
        node_ids.push(m.node_id);
        if p.rewards_forfeited_epoch == Some(epoch) {
            forfeited = add(forfeited, amount)?;
            rewards.push(0);
            commissions.push(0);
        } else {
            left = sub(left, amount)?;
            let (staker, commission) = staking::add_rewards(&mut p, amount)?;
            save_pool(cx, system, &p);
            rewards.push(staker);
            commissions.push(commission);
        }
    }
    cx.emit(&RewardsDistributed {
        epoch,
        total,
        node_ids,
        rewards,
        commissions,
        forfeited,
        carried_over: left,
    });
    Ok(left)
}

fn is_eligible(system: &System, p: &StakingPool) -> bool {
    let min_stake = system.params.min_committee_stake.max(1);
    !p.excluded && p.active_stake.value >= min_stake
}

fn update_prices(cx: &mut Cx, system: &mut System) -> Result<(), Fail> {
    if !system.committee.members.is_empty() {
        let n_shards = u128::from(system.n_shards);
        let mut storage_votes = Vec::new();
        let mut write_votes = Vec::new();
        let mut capacity_votes = Vec::new();
        let weights: Vec<u64> = system
            .committee
            .members
            .iter()
            .map(|m| m.shards.len() as u64)
            .collect();
        for m in system.committee.members.clone() {
            let p = pool(cx, system, m.node_id)?;
            storage_votes.push(p.storage_price_vote);
            write_votes.push(p.write_price_vote);
            let total = u128::from(p.capacity_vote) * n_shards / m.shards.len() as u128;
            capacity_votes.push(total.min(u128::from(u64::MAX)) as u64);
        }
        system.storage_price = algo::quantile_from_below(&storage_votes, &weights)?;
        system.write_price = algo::quantile_from_below(&write_votes, &weights)?;
        system.total_capacity = algo::quantile_from_above(&capacity_votes, &weights)?;
    }
    system.total_capacity = system
        .total_capacity
        .max(staking::max_used_capacity(&system.future_accounting));
    Ok(())
}

/// `system::advance_epoch`.
pub fn advance_epoch(cx: &mut Cx, system: &mut System) -> Result<(), Fail> {
    check_version(system)?;
    let now = cx.now_ms;
    let epoch_end = u128::from(system.epoch_start_ms) + u128::from(system.params.epoch_duration_ms);
    ensure!(u128::from(now) >= epoch_end, e::EEpochNotOver);
    let ending = system.epoch;
    let new_epoch = add(ending, 1)?;

    // 1. Fees.
    let fees = staking::advance(
        &mut system.future_accounting,
        system.params.max_epochs_ahead,
    )?;
    let carry = distribute_rewards(cx, system, ending, fees)?;
    staking::add_slot_rewards(&mut system.future_accounting, 0, carry)?;

    // 2. Pools.
    let mut total_active: u128 = 0;
    for node_id in system.candidates.clone() {
        let rewarded = system
            .committee
            .members
            .iter()
            .any(|m| m.node_id == node_id);
        let mut p = pool(cx, system, node_id)?;
        let summary = staking::process_epoch_change(cx, &mut p, new_epoch)?;
        if rewarded || staking::summary_changed(&summary) {
            cx.emit(&StakingPoolUpdated {
                epoch: new_epoch,
                node_id,
                active_stake: p.active_stake.value,
                total_shares: p.total_shares,
                rate_wal: summary.rate.wal,
                rate_shares: summary.rate.shares,
                stake_activated: summary.stake_activated,
                shares_withdrawn: summary.shares_withdrawn,
                wal_withdrawn: summary.wal_withdrawn,
                commission_bps: p.commission_bps,
            });
        }
        total_active += u128::from(p.active_stake.value);
        save_pool(cx, system, &p);
    }
    system.total_active_stake = cast(total_active)?;

    // 3. Committee.
    let mut candidates = Vec::new();
    for node_id in system.candidates.clone() {
        let p = pool(cx, system, node_id)?;
        if is_eligible(system, &p) {
            candidates.push((
                node_id.0,
                p.active_stake.value,
                p.node_info.public_key.clone(),
            ));
        }
    }
    let members = algo::select(
        &candidates,
        u64::from(system.n_shards),
        u64::from(system.params.max_committee_size),
        &committee_members(&system.committee),
    );
    let new_committee = Committee {
        epoch: new_epoch,
        members: members
            .into_iter()
            .map(|m| CommitteeMember {
                node_id: Id(m.node_id),
                public_key: m.public_key,
                stake: m.stake,
                shards: m.shards,
            })
            .collect(),
    };
    system.previous_committee = std::mem::replace(&mut system.committee, new_committee);
    system.epoch = new_epoch;
    system.epoch_start_ms = now;
    let members = &system.committee.members;
    let committee_stake = members.iter().try_fold(0u64, |acc, m| add(acc, m.stake))?;
    cx.emit(&EpochChanged {
        epoch: new_epoch,
        epoch_start_ms: now,
        node_ids: members.iter().map(|m| m.node_id).collect(),
        shards: members.iter().map(|m| m.shards.clone()).collect(),
        stakes: members.iter().map(|m| m.stake).collect(),
        committee_stake,
        total_active_stake: system.total_active_stake,
    });

    // 4. Prices and capacity.
    update_prices(cx, system)?;
    cx.emit(&PricesUpdated {
        epoch: new_epoch,
        storage_price: system.storage_price,
        write_price: system.write_price,
        total_capacity: system.total_capacity,
    });
    Ok(())
}

// === Package functions (governance, penalties) ===

/// `system::slash_node`: the slashed amount (the caller burns it).
pub fn slash_node(cx: &mut Cx, system: &mut System, node_id: Id, amount: u64) -> Result<u64, Fail> {
    let mut p = pool(cx, system, node_id)?;
    let slashed = staking::slash(&mut p, amount)?;
    save_pool(cx, system, &p);
    system.wal_slashed = add(system.wal_slashed, u128::from(amount))?;
    system.total_active_stake = sub(system.total_active_stake, amount)?;
    Ok(slashed)
}

// === Invariants (`check_invariants`) ===

/// `system::wal_held`.
pub fn wal_held(cx: &mut Cx, system: &System) -> Result<u128, Fail> {
    let mut sum = staking::total_rewards(&system.future_accounting);
    for id in &system.candidates {
        sum += staking::wal_held(&pool(cx, system, *id)?);
    }
    Ok(sum)
}

/// `system::check_invariants`.
pub fn check_invariants(cx: &mut Cx, system: &System) -> Result<bool, Fail> {
    let conserved =
        wal_held(cx, system)? + system.wal_paid_out + system.wal_slashed == system.wal_paid_in;
    let capacity_ok =
        staking::max_used_capacity(&system.future_accounting) <= system.total_capacity;
    let shards: u64 = system
        .committee
        .members
        .iter()
        .map(|m| m.shards.len() as u64)
        .sum();
    let shards_ok = shards == 0 || shards == u64::from(system.n_shards);
    let mut active: u128 = 0;
    for id in &system.candidates {
        active += u128::from(pool(cx, system, *id)?.active_stake.value);
    }
    Ok(conserved && capacity_ok && shards_ok && active == u128::from(system.total_active_stake))
}
