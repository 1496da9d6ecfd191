/// The staking pool of one storage node: share-based accounting of the WAL staked with the node,
/// its rewards and commission, and the node's votes.
///
/// Accounting (W = active stake in FROST, S = total shares):
/// * Staking adds WAL to `pending_stake`. At the next epoch change it becomes active: the pool
///   mints `floor(P * S / W)` shares for the pending total P (1:1 when the pool is empty), at the
///   exchange rate of that moment, which is recorded for the new epoch.
/// * Rewards (after commission) are added to W without minting shares, so the value of every
///   share grows and rewards compound. Slashing removes WAL from W the same way, so every staker
///   bears it pro rata.
/// * A staker's shares are `floor(principal * S_a / W_a)` at the rate recorded for its
///   activation epoch a. Requesting a withdrawal adds them to `pending_withdraw_shares`; at the
///   next epoch change the pool moves `floor(shares_total * W / S)` from W to `withdrawable`, and
///   each staker later takes `floor(shares * W_e / S_e)` at the rate of its withdraw epoch e.
///   Per-position rounding is always down, so what the pool sets aside is never less than what
///   the positions can claim; the difference (dust) stays in the pool.
/// * The pool keeps `S == 0` exactly when `W == 0`; a rate with a zero part is the identity (1:1).
module walrus::staking_pool;

use sui::balance::{Self, Balance};
use sui::table::{Self, Table};
use wal::wal::WAL;
use walrus::storage_node::StorageNodeInfo;

// === Constants ===

/// 100% in basis points.
const MAX_BPS: u16 = 10_000;
/// Largest shares-per-FROST ratio a slash may leave (2^32).
const MAX_SHARES_PER_FROST: u256 = 0x1_0000_0000;

// === Errors ===

#[error(code = 0)]
/// Commission above 100%.
const EInvalidCommission: vector<u8> =
    b"invalid commission: it is in basis points and must be at most 10000 (100%)";

#[error(code = 1)]
/// A slash would leave less than 1 FROST, or less than 1 FROST per 2^32 shares, of active stake.
const ESlashTooLarge: vector<u8> =
    b"slash too large: a slash must leave at least 1 FROST of active stake, and at least 1 FROST per 2^32 pool shares";

#[error(code = 2)]
/// No exchange rate was recorded for the epoch (internal invariant).
const EMissingExchangeRate: vector<u8> =
    b"missing exchange rate: the pool recorded no rate for this epoch (internal error, please report)";

#[error(code = 3)]
/// The number of shares would exceed u128.
const EShareOverflow: vector<u8> =
    b"share overflow: the pool's share count would exceed u128; stake less or with another pool";

// === Structs ===

/// The WAL per share of a pool at an epoch change, as the pair (wal, shares). Identity (1:1)
/// when either part is 0.
public struct ExchangeRate has copy, drop, store {
    /// Active stake (FROST) when the rate was taken.
    wal: u64,
    /// Total shares when the rate was taken.
    shares: u128,
}

/// A commission change waiting for its epoch.
public struct PendingCommission has copy, drop, store {
    /// New commission in basis points.
    commission_bps: u16,
    /// First epoch whose rewards use it.
    effective_epoch: u32,
}

/// The staking pool of a storage node. Its ID is the node ID.
public struct StakingPool has key, store {
    id: UID,
    /// Node name, network address and protocol key.
    node_info: StorageNodeInfo,
    /// Epoch the node registered in.
    registered_epoch: u32,
    /// Commission on rewards, in basis points.
    commission_bps: u16,
    /// A scheduled commission change, if any.
    pending_commission: Option<PendingCommission>,
    /// Vote: storage price (FROST per MiB unit per epoch).
    storage_price_vote: u64,
    /// Vote: write price (FROST per MiB unit).
    write_price_vote: u64,
    /// Vote: bytes of encoded data this node offers to store.
    capacity_vote: u64,
    /// Active stake W: principals and compounded rewards of active positions.
    active_stake: Balance<WAL>,
    /// Total shares S of active positions (plus rounding dust).
    total_shares: u128,
    /// Stake that becomes active at the next epoch change.
    pending_stake: Balance<WAL>,
    /// Shares to withdraw at the next epoch change.
    pending_withdraw_shares: u128,
    /// WAL set aside for processed withdrawals, until their owners take it.
    withdrawable: Balance<WAL>,
    /// Commission earned and not collected yet.
    commission: Balance<WAL>,
    /// Exchange rates recorded at epoch changes that activated or withdrew stake.
    exchange_rates: Table<u32, ExchangeRate>,
    /// `some(e)`: the node's rewards for epoch `e` are forfeited (penalties, part 2).
    rewards_forfeited_epoch: Option<u32>,
    /// Excluded from committee selection (penalties, part 2).
    excluded: bool,
}

/// What `process_epoch_change` did, for the `StakingPoolUpdated` event.
public struct EpochChangeSummary has copy, drop {
    /// The exchange rate of the new epoch.
    rate: ExchangeRate,
    /// FROST of pending stake activated.
    stake_activated: u64,
    /// Shares withdrawn.
    shares_withdrawn: u128,
    /// FROST moved to `withdrawable`.
    wal_withdrawn: u64,
    /// Whether the commission changed.
    commission_changed: bool,
}

// === Constructor ===

/// Creates the pool of a newly registered node. Called by `system::register_candidate` only.
/// Aborts with `EInvalidCommission` above 10000 bps.
public(package) fun new(
    node_info: StorageNodeInfo,
    commission_bps: u16,
    storage_price_vote: u64,
    write_price_vote: u64,
    capacity_vote: u64,
    epoch: u32,
    ctx: &mut TxContext,
): StakingPool {
    assert!(commission_bps <= MAX_BPS, EInvalidCommission);
    StakingPool {
        id: object::new(ctx),
        node_info,
        registered_epoch: epoch,
        commission_bps,
        pending_commission: option::none(),
        storage_price_vote,
        write_price_vote,
        capacity_vote,
        active_stake: balance::zero(),
        total_shares: 0,
        pending_stake: balance::zero(),
        pending_withdraw_shares: 0,
        withdrawable: balance::zero(),
        commission: balance::zero(),
        exchange_rates: table::new(ctx),
        rewards_forfeited_epoch: option::none(),
        excluded: false,
    }
}

// === Staking ===

/// Adds `stake` to the pending stake (active from the next epoch).
public(package) fun add_pending_stake(self: &mut StakingPool, stake: Balance<WAL>) {
    self.pending_stake.join(stake);
}

/// Takes back `amount` of pending stake (a position withdrawn before it activated).
public(package) fun remove_pending_stake(self: &mut StakingPool, amount: u64): Balance<WAL> {
    self.pending_stake.split(amount)
}

/// Shares of a position with `principal` that activated in `activation_epoch`.
public(package) fun shares_of(self: &StakingPool, principal: u64, activation_epoch: u32): u128 {
    self.exchange_rate_at(activation_epoch).shares_for(principal)
}

/// Queues `shares` for withdrawal at the next epoch change.
public(package) fun request_withdraw(self: &mut StakingPool, shares: u128) {
    self.pending_withdraw_shares = self.pending_withdraw_shares + shares;
}

/// FROST that `shares` withdrawn at `withdraw_epoch` are worth (0 for 0 shares: a position too
/// small to hold a whole share, for which no rate may have been recorded).
public(package) fun withdraw_amount(self: &StakingPool, shares: u128, withdraw_epoch: u32): u64 {
    if (shares == 0) return 0;
    self.exchange_rate_at(withdraw_epoch).wal_for(shares)
}

/// Takes `amount` from the withdrawable balance (a processed withdrawal being paid out).
public(package) fun take_withdrawable(self: &mut StakingPool, amount: u64): Balance<WAL> {
    self.withdrawable.split(amount)
}

// === Epoch change ===

/// Pays `rewards` for an epoch the node served in: the commission share
/// (`floor(rewards * commission_bps / 10000)`) goes to the operator's commission balance, the
/// rest to the active stake. A pool without shares gives everything to the commission (no
/// staker to credit). Returns (staker part, commission part).
public(package) fun add_rewards(self: &mut StakingPool, mut rewards: Balance<WAL>): (u64, u64) {
    let total = rewards.value();
    let commission = if (self.total_shares == 0) {
        total
    } else {
        (((total as u128) * (self.commission_bps as u128) / (MAX_BPS as u128)) as u64)
    };
    self.commission.join(rewards.split(commission));
    let staker_part = rewards.value();
    self.active_stake.join(rewards);
    (staker_part, commission)
}

/// Applies the changes due at the start of `new_epoch`, in this order: a due commission change;
/// the withdrawals requested in the previous epoch; the pending stake. Both use the exchange rate
/// taken before either change, which is recorded for `new_epoch` whenever stake was activated
/// or withdrawn.
public(package) fun process_epoch_change(
    self: &mut StakingPool,
    new_epoch: u32,
): EpochChangeSummary {
    let mut commission_changed = false;
    if (self.pending_commission.is_some()) {
        let pending = *self.pending_commission.borrow();
        if (pending.effective_epoch <= new_epoch) {
            self.commission_bps = pending.commission_bps;
            self.pending_commission = option::none();
            commission_changed = true;
        }
    };

    let rate = ExchangeRate { wal: self.active_stake.value(), shares: self.total_shares };

    let shares_withdrawn = self.pending_withdraw_shares;
    let mut wal_withdrawn = 0;
    if (shares_withdrawn > 0) {
        wal_withdrawn = rate.wal_for(shares_withdrawn);
        self.withdrawable.join(self.active_stake.split(wal_withdrawn));
        self.total_shares = self.total_shares - shares_withdrawn;
        self.pending_withdraw_shares = 0;
    };

    let stake_activated = self.pending_stake.value();
    if (stake_activated > 0) {
        let minted = rate.shares_for(stake_activated);
        self.active_stake.join(self.pending_stake.withdraw_all());
        self.total_shares = self.total_shares + minted;
    };

    if (shares_withdrawn > 0 || stake_activated > 0) {
        self.exchange_rates.add(new_epoch, rate);
    };
    EpochChangeSummary {
        rate,
        stake_activated,
        shares_withdrawn,
        wal_withdrawn,
        commission_changed,
    }
}

// === Node operator ===

/// Sets the price and capacity votes.
public(package) fun set_votes(
    self: &mut StakingPool,
    storage_price: u64,
    write_price: u64,
    capacity: u64,
) {
    self.storage_price_vote = storage_price;
    self.write_price_vote = write_price;
    self.capacity_vote = capacity;
}

/// Schedules a commission change for `effective_epoch`, replacing any earlier scheduled change.
/// Aborts with `EInvalidCommission` above 10000 bps.
public(package) fun set_pending_commission(
    self: &mut StakingPool,
    commission_bps: u16,
    effective_epoch: u32,
) {
    assert!(commission_bps <= MAX_BPS, EInvalidCommission);
    self.pending_commission = option::some(PendingCommission { commission_bps, effective_epoch });
}

/// Takes all the collected commission.
public(package) fun withdraw_commission(self: &mut StakingPool): Balance<WAL> {
    self.commission.withdraw_all()
}

/// Mutable node information (network address changes).
public(package) fun node_info_mut(self: &mut StakingPool): &mut StorageNodeInfo {
    &mut self.node_info
}

// === Penalties (for part 2) ===

/// Removes `amount` FROST from the active stake and returns it, lowering the exchange rate so
/// that all active positions (and withdrawals requested this epoch) bear it pro rata. Aborts
/// with `ESlashTooLarge` unless `amount` is 0 or what remains is at least 1 FROST and at least
/// `total_shares / 2^32`. (Only slashing raises the shares-per-FROST ratio; bounding it by 2^32
/// keeps every share count below 2^96, so share arithmetic can never overflow in an epoch
/// change.)
public(package) fun slash(self: &mut StakingPool, amount: u64): Balance<WAL> {
    if (amount > 0) {
        let active = self.active_stake.value();
        assert!(amount < active, ESlashTooLarge);
        let remaining = (active - amount) as u256;
        assert!(remaining * MAX_SHARES_PER_FROST >= (self.total_shares as u256), ESlashTooLarge);
    };
    self.active_stake.split(amount)
}

/// Forfeits the node's rewards for `epoch`: when that epoch ends, the node's part of the fees is
/// carried over to the next epoch instead of being paid.
public(package) fun forfeit_rewards(self: &mut StakingPool, epoch: u32) {
    self.rewards_forfeited_epoch = option::some(epoch);
}

/// Excludes the node from (or re-admits it to) committee selection at the next epoch changes.
public(package) fun set_excluded(self: &mut StakingPool, excluded: bool) {
    self.excluded = excluded;
}

// === Exchange rates ===

/// Shares worth `amount` FROST at this rate: `floor(amount * shares / wal)`, or `amount` for the
/// identity rate. Aborts with `EShareOverflow` above u128.
public fun shares_for(self: &ExchangeRate, amount: u64): u128 {
    if (self.wal == 0 || self.shares == 0) return (amount as u128);
    let shares = (amount as u256) * (self.shares as u256) / (self.wal as u256);
    assert!(shares <= (std::u128::max_value!() as u256), EShareOverflow);
    shares as u128
}

/// FROST that `shares` are worth at this rate: `floor(shares * wal / shares_total)`, or 0 for the
/// identity rate of an empty pool.
public fun wal_for(self: &ExchangeRate, shares: u128): u64 {
    if (self.wal == 0 || self.shares == 0) return 0;
    let wal = (shares as u256) * (self.wal as u256) / (self.shares as u256);
    // shares <= total shares, so wal <= self.wal: fits in u64.
    wal as u64
}

/// WAL part of the rate.
public fun rate_wal(self: &ExchangeRate): u64 { self.wal }

/// Shares part of the rate.
public fun rate_shares(self: &ExchangeRate): u128 { self.shares }

/// Exchange rate recorded for `epoch`. Aborts with `EMissingExchangeRate` if none.
public fun exchange_rate_at(self: &StakingPool, epoch: u32): ExchangeRate {
    assert!(self.exchange_rates.contains(epoch), EMissingExchangeRate);
    self.exchange_rates[epoch]
}

/// True iff a rate was recorded for `epoch`.
public fun has_exchange_rate(self: &StakingPool, epoch: u32): bool {
    self.exchange_rates.contains(epoch)
}

/// The current exchange rate (W, S).
public fun current_rate(self: &StakingPool): ExchangeRate {
    ExchangeRate { wal: self.active_stake.value(), shares: self.total_shares }
}

// === Summary accessors ===

/// The rate of the new epoch.
public fun summary_rate(s: &EpochChangeSummary): ExchangeRate { s.rate }

/// FROST activated.
public fun summary_stake_activated(s: &EpochChangeSummary): u64 { s.stake_activated }

/// Shares withdrawn.
public fun summary_shares_withdrawn(s: &EpochChangeSummary): u128 { s.shares_withdrawn }

/// FROST moved to `withdrawable`.
public fun summary_wal_withdrawn(s: &EpochChangeSummary): u64 { s.wal_withdrawn }

/// True iff anything changed (stake, withdrawals or commission).
public fun summary_changed(s: &EpochChangeSummary): bool {
    s.stake_activated > 0 || s.shares_withdrawn > 0 || s.commission_changed
}

// === Accessors ===

/// The node ID (the pool's object ID).
public fun node_id(self: &StakingPool): ID { self.id.to_inner() }

/// Node name, network address and protocol key.
public fun node_info(self: &StakingPool): &StorageNodeInfo { &self.node_info }

/// Epoch the node registered in.
public fun registered_epoch(self: &StakingPool): u32 { self.registered_epoch }

/// Commission in basis points in force.
public fun commission_bps(self: &StakingPool): u16 { self.commission_bps }

/// Scheduled commission change: (some(bps), some(effective epoch)) or (none, none).
public fun pending_commission(self: &StakingPool): (Option<u16>, Option<u32>) {
    if (self.pending_commission.is_none()) return (option::none(), option::none());
    let p = self.pending_commission.borrow();
    (option::some(p.commission_bps), option::some(p.effective_epoch))
}

/// Storage price vote.
public fun storage_price_vote(self: &StakingPool): u64 { self.storage_price_vote }

/// Write price vote.
public fun write_price_vote(self: &StakingPool): u64 { self.write_price_vote }

/// Capacity vote.
public fun capacity_vote(self: &StakingPool): u64 { self.capacity_vote }

/// Active stake W in FROST.
public fun active_stake(self: &StakingPool): u64 { self.active_stake.value() }

/// Total shares S.
public fun total_shares(self: &StakingPool): u128 { self.total_shares }

/// FROST waiting to become active at the next epoch change.
public fun pending_stake(self: &StakingPool): u64 { self.pending_stake.value() }

/// Shares to be withdrawn at the next epoch change.
public fun pending_withdraw_shares(self: &StakingPool): u128 { self.pending_withdraw_shares }

/// FROST set aside for processed withdrawals.
public fun withdrawable(self: &StakingPool): u64 { self.withdrawable.value() }

/// Commission not collected yet.
public fun commission(self: &StakingPool): u64 { self.commission.value() }

/// All FROST the pool holds (active, pending, withdrawable and commission).
public fun wal_held(self: &StakingPool): u64 {
    self.active_stake.value() + self.pending_stake.value() + self.withdrawable.value()
        + self.commission.value()
}

/// True iff the node's rewards for `epoch` are forfeited.
public fun is_rewards_forfeited(self: &StakingPool, epoch: u32): bool {
    self.rewards_forfeited_epoch == option::some(epoch)
}

/// True iff the node is excluded from committee selection.
public fun is_excluded(self: &StakingPool): bool { self.excluded }

// === Test only ===

#[test_only]
/// An arbitrary exchange rate (tests of the conversions).
public fun new_rate_for_testing(wal: u64, shares: u128): ExchangeRate {
    ExchangeRate { wal, shares }
}
