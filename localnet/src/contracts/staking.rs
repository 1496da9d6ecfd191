//! `walrus::staking_pool`, `walrus::staked_wal` and `walrus::storage_accounting`.

use sui_sdk_types::TypeTag;
use walrus_chain::bindings::{
    Balance, EpochAccount, EpochChangeSummary, ExchangeRate, FutureAccounting, Id,
    PendingCommission, StakedWal, StakedWalJoined, StakedWalSplit, StakingPool, Uid,
};

use super::errors::{staked_wal as esw, staking_pool as esp, storage_accounting as esa};
use super::framework::{self as fw, DF_EALREADYEXISTS};
use crate::ensure;
use crate::exec::{Cx, Fail, add, cast, sub};
use crate::ids;

const MAX_BPS: u128 = 10_000;

// === Exchange rates ===

/// `ExchangeRate::shares_for`.
pub fn shares_for(rate: &ExchangeRate, amount: u64) -> Result<u128, Fail> {
    if rate.wal == 0 || rate.shares == 0 {
        return Ok(u128::from(amount));
    }
    // amount * shares fits in 192 bits: compute in two u128 halves.
    let shares = mul_div(u128::from(amount), rate.shares, u128::from(rate.wal));
    match shares {
        Some(s) => Ok(s),
        None => Err(Fail::Abort(esp::EShareOverflow)),
    }
}

/// `ExchangeRate::wal_for`.
pub fn wal_for(rate: &ExchangeRate, shares: u128) -> u64 {
    if rate.wal == 0 || rate.shares == 0 {
        return 0;
    }
    // shares <= total shares in every call, so the result fits in u64; saturate defensively.
    mul_div(shares, u128::from(rate.wal), rate.shares)
        .map_or(u64::MAX, |v| u64::try_from(v).unwrap_or(u64::MAX))
}

/// `floor(a * b / c)` in 256-bit arithmetic; `None` when the result exceeds u128.
pub fn mul_div(a: u128, b: u128, c: u128) -> Option<u128> {
    if c == 0 {
        return None;
    }
    // 256-bit product as (hi, lo).
    let (a_hi, a_lo) = (a >> 64, a & u128::from(u64::MAX));
    let (b_hi, b_lo) = (b >> 64, b & u128::from(u64::MAX));
    let lo_lo = a_lo * b_lo;
    let hi_lo = a_hi * b_lo;
    let lo_hi = a_lo * b_hi;
    let hi_hi = a_hi * b_hi;
    let mid = (lo_lo >> 64) + (hi_lo & u128::from(u64::MAX)) + (lo_hi & u128::from(u64::MAX));
    let lo = (lo_lo & u128::from(u64::MAX)) | (mid << 64);
    let hi = hi_hi + (hi_lo >> 64) + (lo_hi >> 64) + (mid >> 64);
    // Long division of (hi, lo) by c, bit by bit (c < 2^128).
    if hi >= c {
        return None; // quotient >= 2^128
    }
    let mut rem = hi;
    let mut q: u128 = 0;
    for i in (0..128).rev() {
        let carry = rem >> 127;
        rem = (rem << 1) | ((lo >> i) & 1);
        q <<= 1;
        if carry == 1 || rem >= c {
            rem = rem.wrapping_sub(c);
            q |= 1;
        }
    }
    Some(q)
}

fn rate_key_tag() -> TypeTag {
    TypeTag::U32
}

fn rate_value_tag(cx: &Cx) -> TypeTag {
    ids::tag(cx.tag::<ExchangeRate>())
}

/// `staking_pool::exchange_rate_at`.
pub fn exchange_rate_at(cx: &mut Cx, pool: &StakingPool, epoch: u32) -> Result<ExchangeRate, Fail> {
    let vt = rate_value_tag(cx);
    cx.world
        .field_get::<u32, ExchangeRate>(pool.exchange_rates.id.0, &rate_key_tag(), &epoch, &vt)?
        .ok_or(Fail::Abort(esp::EMissingExchangeRate))
}

/// `staking_pool::shares_of`.
pub fn shares_of(
    cx: &mut Cx,
    pool: &StakingPool,
    principal: u64,
    activation_epoch: u32,
) -> Result<u128, Fail> {
    let rate = exchange_rate_at(cx, pool, activation_epoch)?;
    shares_for(&rate, principal)
}

/// `staking_pool::withdraw_amount`.
pub fn withdraw_amount(
    cx: &mut Cx,
    pool: &StakingPool,
    shares: u128,
    withdraw_epoch: u32,
) -> Result<u64, Fail> {
    if shares == 0 {
        return Ok(0);
    }
    let rate = exchange_rate_at(cx, pool, withdraw_epoch)?;
    Ok(wal_for(&rate, shares))
}

/// `staking_pool::current_rate`.
pub fn current_rate(pool: &StakingPool) -> ExchangeRate {
    ExchangeRate {
        wal: pool.active_stake.value,
        shares: pool.total_shares,
    }
}

// === Pool ===

/// `staking_pool::new` (after the node info was checked).
#[allow(clippy::too_many_arguments)]
pub fn new_pool(
    cx: &mut Cx,
    node_info: walrus_chain::bindings::StorageNodeInfo,
    commission_bps: u16,
    storage_price_vote: u64,
    write_price_vote: u64,
    capacity_vote: u64,
    epoch: u32,
) -> Result<StakingPool, Fail> {
    ensure!(
        u128::from(commission_bps) <= MAX_BPS,
        esp::EInvalidCommission
    );
    let id = cx.fresh_id();
    let rates = cx.fresh_id();
    Ok(StakingPool {
        id: Uid(id),
        node_info,
        registered_epoch: epoch,
        commission_bps,
        pending_commission: None,
        storage_price_vote,
        write_price_vote,
        capacity_vote,
        active_stake: Balance::new(0),
        total_shares: 0,
        pending_stake: Balance::new(0),
        pending_withdraw_shares: 0,
        withdrawable: Balance::new(0),
        commission: Balance::new(0),
        exchange_rates: fw::new_table(rates),
        rewards_forfeited_epoch: None,
        excluded: false,
    })
}

/// `staking_pool::add_rewards`: (staker part, commission part).
pub fn add_rewards(pool: &mut StakingPool, total: u64) -> Result<(u64, u64), Fail> {
    let commission = if pool.total_shares == 0 {
        total
    } else {
        (u128::from(total) * u128::from(pool.commission_bps) / MAX_BPS) as u64
    };
    fw::join(&mut pool.commission, commission)?;
    let staker_part = total - commission;
    fw::join(&mut pool.active_stake, staker_part)?;
    Ok((staker_part, commission))
}

/// `staking_pool::process_epoch_change`.
pub fn process_epoch_change(
    cx: &mut Cx,
    pool: &mut StakingPool,
    new_epoch: u32,
) -> Result<EpochChangeSummary, Fail> {
    let mut commission_changed = false;
    if let Some(p) = pool.pending_commission.clone()
        && p.effective_epoch <= new_epoch
    {
        pool.commission_bps = p.commission_bps;
        pool.pending_commission = None;
        commission_changed = true;
    }
    let rate = current_rate(pool);
    let shares_withdrawn = pool.pending_withdraw_shares;
    let mut wal_withdrawn = 0;
    if shares_withdrawn > 0 {
        wal_withdrawn = wal_for(&rate, shares_withdrawn);
        let moved = fw::split(&mut pool.active_stake, wal_withdrawn)?;
        fw::join(&mut pool.withdrawable, moved)?;
        pool.total_shares = sub(pool.total_shares, shares_withdrawn)?;
        pool.pending_withdraw_shares = 0;
    }
    let stake_activated = pool.pending_stake.value;
    if stake_activated > 0 {
        let minted = shares_for(&rate, stake_activated)?;
        let all = fw::withdraw_all(&mut pool.pending_stake);
        fw::join(&mut pool.active_stake, all)?;
        pool.total_shares = add(pool.total_shares, minted)?;
    }
    if shares_withdrawn > 0 || stake_activated > 0 {
        let vt = rate_value_tag(cx);
        let table = pool.exchange_rates.id.0;
        ensure!(
            !cx.world.field_exists(table, &rate_key_tag(), &new_epoch),
            DF_EALREADYEXISTS
        );
        cx.world
            .field_put(table, &rate_key_tag(), &new_epoch, &vt, &rate);
        pool.exchange_rates.size = add(pool.exchange_rates.size, 1)?;
    }
    Ok(EpochChangeSummary {
        rate,
        stake_activated,
        shares_withdrawn,
        wal_withdrawn,
        commission_changed,
    })
}

/// `staking_pool::summary_changed`.
pub fn summary_changed(s: &EpochChangeSummary) -> bool {
    s.stake_activated > 0 || s.shares_withdrawn > 0 || s.commission_changed
}

/// `staking_pool::set_pending_commission`.
pub fn set_pending_commission(
    pool: &mut StakingPool,
    commission_bps: u16,
    effective_epoch: u32,
) -> Result<(), Fail> {
    ensure!(
        u128::from(commission_bps) <= MAX_BPS,
        esp::EInvalidCommission
    );
    pool.pending_commission = Some(PendingCommission {
        commission_bps,
        effective_epoch,
    });
    Ok(())
}

/// `staking_pool::slash`: the slashed amount.
pub fn slash(pool: &mut StakingPool, amount: u64) -> Result<u64, Fail> {
    if amount > 0 {
        let active = pool.active_stake.value;
        ensure!(amount < active, esp::ESlashTooLarge);
        let remaining = u128::from(active - amount);
        // remaining * 2^32 >= total_shares, in 256 bits: remaining < 2^64 so the product < 2^96.
        ensure!((remaining << 32) >= pool.total_shares, esp::ESlashTooLarge);
    }
    fw::split(&mut pool.active_stake, amount)
}

/// `staking_pool::wal_held`.
pub fn wal_held(pool: &StakingPool) -> u128 {
    u128::from(pool.active_stake.value)
        + u128::from(pool.pending_stake.value)
        + u128::from(pool.withdrawable.value)
        + u128::from(pool.commission.value)
}

// === StakedWal ===

/// `staked_wal::mint`.
pub fn mint(cx: &mut Cx, node_id: Id, principal: u64, activation_epoch: u32) -> StakedWal {
    StakedWal {
        id: Uid(cx.fresh_id()),
        node_id,
        principal,
        activation_epoch,
        withdraw_epoch: None,
        votes: Vec::new(),
    }
}

/// `staked_wal::add_vote`.
pub fn add_vote(staked: &mut StakedWal, proposal_id: Id) -> Result<(), Fail> {
    ensure!(!staked.votes.contains(&proposal_id), esw::EAlreadyVoted);
    staked.votes.push(proposal_id);
    Ok(())
}

/// `staked_wal::split`.
pub fn split_staked(cx: &mut Cx, staked: &mut StakedWal, amount: u64) -> Result<StakedWal, Fail> {
    ensure!(staked.withdraw_epoch.is_none(), esw::EWithdrawing);
    ensure!(
        amount > 0 && amount < staked.principal,
        esw::EInvalidSplitAmount
    );
    staked.principal -= amount;
    let new = StakedWal {
        id: Uid(cx.fresh_id()),
        node_id: staked.node_id,
        principal: amount,
        activation_epoch: staked.activation_epoch,
        withdraw_epoch: None,
        votes: staked.votes.clone(),
    };
    cx.emit(&StakedWalSplit {
        original_id: staked.id.to_id(),
        new_id: new.id.to_id(),
        node_id: staked.node_id,
        original_principal: staked.principal,
        new_principal: amount,
    });
    Ok(new)
}

/// `staked_wal::join` (the caller deletes `other`).
pub fn join_staked(cx: &mut Cx, staked: &mut StakedWal, other: StakedWal) -> Result<(), Fail> {
    ensure!(
        staked.withdraw_epoch.is_none() && other.withdraw_epoch.is_none(),
        esw::EWithdrawing
    );
    ensure!(staked.node_id == other.node_id, esw::EDifferentNode);
    ensure!(
        staked.activation_epoch == other.activation_epoch,
        esw::EDifferentActivationEpoch
    );
    staked.principal = add(staked.principal, other.principal)?;
    for v in other.votes {
        if !staked.votes.contains(&v) {
            staked.votes.push(v);
        }
    }
    cx.emit(&StakedWalJoined {
        kept_id: staked.id.to_id(),
        consumed_id: other.id.to_id(),
        node_id: staked.node_id,
        principal: staked.principal,
    });
    Ok(())
}

// === storage_accounting ===

/// `storage_accounting::new`.
pub fn new_accounting(epoch: u32, length: u32) -> Result<FutureAccounting, Fail> {
    let mut a = FutureAccounting {
        slots: vec![EpochAccount {
            epoch,
            used_capacity: 0,
            rewards: Balance::new(0),
        }],
    };
    ensure_length(&mut a, length)?;
    Ok(a)
}

/// `storage_accounting::ensure_length`.
pub fn ensure_length(a: &mut FutureAccounting, length: u32) -> Result<(), Fail> {
    while (a.slots.len() as u64) < u64::from(length) {
        let last = a
            .slots
            .last()
            .ok_or_else(|| Fail::invariant("empty accounting"))?
            .epoch;
        a.slots.push(EpochAccount {
            epoch: add(last, 1)?,
            used_capacity: 0,
            rewards: Balance::new(0),
        });
    }
    Ok(())
}

/// `storage_accounting::has_capacity`.
pub fn has_capacity(
    a: &FutureAccounting,
    from: u64,
    to: u64,
    size: u64,
    total_capacity: u64,
) -> Result<bool, Fail> {
    ensure!(to <= a.slots.len() as u64, esa::EOffsetOutOfRange);
    for i in from..to {
        let used = u128::from(a.slots[i as usize].used_capacity);
        if used + u128::from(size) > u128::from(total_capacity) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `storage_accounting::reserve`.
pub fn reserve(
    a: &mut FutureAccounting,
    from: u64,
    to: u64,
    size: u64,
    per_epoch: u64,
    mut payment: u64,
) -> Result<(), Fail> {
    ensure!(to <= a.slots.len() as u64, esa::EOffsetOutOfRange);
    for i in from..to {
        let slot = &mut a.slots[i as usize];
        slot.used_capacity = add(slot.used_capacity, size)?;
        if payment < per_epoch {
            return Err(Fail::Abort(fw::BALANCE_ENOTENOUGH));
        }
        payment -= per_epoch;
        fw::join(&mut slot.rewards, per_epoch)?;
    }
    ensure!(payment == 0, fw::BALANCE_ENONZERO);
    Ok(())
}

/// `storage_accounting::add_rewards`.
pub fn add_slot_rewards(a: &mut FutureAccounting, offset: u64, amount: u64) -> Result<(), Fail> {
    ensure!(offset < a.slots.len() as u64, esa::EOffsetOutOfRange);
    fw::join(&mut a.slots[offset as usize].rewards, amount)
}

/// `storage_accounting::advance`: the removed slot's rewards.
pub fn advance(a: &mut FutureAccounting, min_length: u32) -> Result<u64, Fail> {
    ensure_length(a, 2)?;
    let slot = a.slots.remove(0);
    ensure_length(a, min_length)?;
    Ok(slot.rewards.value)
}

/// `storage_accounting::max_used_capacity`.
pub fn max_used_capacity(a: &FutureAccounting) -> u64 {
    a.slots.iter().map(|s| s.used_capacity).max().unwrap_or(0)
}

/// `storage_accounting::total_rewards` (as u128; the Move sum is u64 and fits).
pub fn total_rewards(a: &FutureAccounting) -> u128 {
    a.slots.iter().map(|s| u128::from(s.rewards.value)).sum()
}

/// `cast` re-export for callers.
pub fn to_u64(v: u128) -> Result<u64, Fail> {
    cast(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_div_is_exact_in_256_bits() {
        for (a, b, c) in [
            (7u128, 9, 4),
            (0, 5, 3),
            (u128::from(u64::MAX), 3, 7),
            (1 << 100, 1 << 27, 3),
        ] {
            let want = ethnum_like(a, b, c);
            assert_eq!(mul_div(a, b, c), want, "{a} * {b} / {c}");
        }
        assert_eq!(mul_div(u128::MAX, u128::MAX, u128::MAX), Some(u128::MAX));
        assert_eq!(mul_div(u128::MAX, 2, 1), None);
        assert_eq!(mul_div(1, 1, 0), None);
        let rate = ExchangeRate {
            wal: 3,
            shares: u128::MAX,
        };
        assert_eq!(shares_for(&rate, 4), Err(Fail::Abort(esp::EShareOverflow)));
        assert_eq!(wal_for(&ExchangeRate { wal: 0, shares: 5 }, 5), 0);
    }

    /// Reference: exact when the product fits in u128, else by splitting `a`.
    fn ethnum_like(a: u128, b: u128, c: u128) -> Option<u128> {
        match a.checked_mul(b) {
            Some(p) => Some(p / c),
            None => {
                let (q, r) = (a / c, a % c);
                Some(q * b + r * b / c)
            }
        }
    }
}
