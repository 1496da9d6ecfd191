/// Unit tests of `walrus::staking_pool`: share accounting, exchange rates, rewards and
/// commission, withdrawals with rounding, slashing, and every abort.
#[test_only]
module walrus::staking_pool_tests;

use sui::balance;
use sui::test_scenario as ts;
use wal::wal::WAL;
use walrus::staking_pool::{Self, StakingPool};
use walrus::storage_node;
use walrus::test_keys;
use walrus::test_utils::destroy;

fun new_pool(s: &mut ts::Scenario, commission_bps: u16): StakingPool {
    let info = storage_node::new_info(
        b"node".to_string(),
        b"127.0.0.1:1".to_string(),
        test_keys::public_key(0),
        test_keys::proof_of_possession(0),
        test_keys::operator(0),
    );
    staking_pool::new(info, commission_bps, 1, 2, 3, 0, s.ctx())
}

fun wal(amount: u64): balance::Balance<WAL> { balance::create_for_testing(amount) }

#[test]
fun first_stake_activates_one_to_one() {
    let mut s = ts::begin(@0x1);
    let mut pool = new_pool(&mut s, 1_000);
    assert!(pool.commission_bps() == 1_000 && pool.registered_epoch() == 0);
    assert!(pool.storage_price_vote() == 1 && pool.write_price_vote() == 2 && pool.capacity_vote() == 3);
    pool.add_pending_stake(wal(1_000));
    assert!(pool.pending_stake() == 1_000 && pool.active_stake() == 0);
    let summary = pool.process_epoch_change(1);
    assert!(summary.summary_stake_activated() == 1_000 && summary.summary_changed());
    assert!(summary.summary_rate().rate_wal() == 0 && summary.summary_rate().rate_shares() == 0);
    assert!(pool.active_stake() == 1_000 && pool.total_shares() == 1_000);
    assert!(pool.has_exchange_rate(1) && !pool.has_exchange_rate(0));
    assert!(pool.shares_of(1_000, 1) == 1_000);
    // Nothing to do: no rate recorded, nothing changed.
    let summary = pool.process_epoch_change(2);
    assert!(!summary.summary_changed() && !pool.has_exchange_rate(2));
    destroy(pool);
    s.end();
}

#[test]
fun rewards_compound_and_commission_is_split() {
    let mut s = ts::begin(@0x1);
    let mut pool = new_pool(&mut s, 1_000);
    pool.add_pending_stake(wal(1_000));
    pool.process_epoch_change(1);
    let (staker, commission) = pool.add_rewards(wal(101));
    // floor(101 * 10%) = 10 to the operator, 91 to the stakers.
    assert!(staker == 91 && commission == 10);
    assert!(pool.active_stake() == 1_091 && pool.commission() == 10 && pool.total_shares() == 1_000);
    // New stake at the new rate: floor(500 * 1000 / 1091) = 458 shares.
    pool.add_pending_stake(wal(500));
    pool.request_withdraw(400);
    let summary = pool.process_epoch_change(2);
    // Withdrawal at the rate before changes: floor(400 * 1091 / 1000) = 436.
    assert!(summary.summary_wal_withdrawn() == 436 && summary.summary_shares_withdrawn() == 400);
    assert!(pool.withdrawable() == 436);
    assert!(pool.total_shares() == 600 + 458);
    assert!(pool.active_stake() == 1_091 - 436 + 500);
    assert!(pool.withdraw_amount(400, 2) == 436);
    assert!(pool.shares_of(500, 2) == 458);
    let out = pool.take_withdrawable(436);
    assert!(out.value() == 436 && pool.withdrawable() == 0);
    destroy(out);
    let c = pool.withdraw_commission();
    assert!(c.value() == 10 && pool.commission() == 0);
    destroy(c);
    assert!(pool.wal_held() == pool.active_stake());
    destroy(pool);
    s.end();
}

#[test]
fun rewards_to_a_pool_without_shares_go_to_commission() {
    let mut s = ts::begin(@0x1);
    let mut pool = new_pool(&mut s, 0);
    let (staker, commission) = pool.add_rewards(wal(77));
    assert!(staker == 0 && commission == 77 && pool.active_stake() == 0);
    destroy(pool);
    s.end();
}

#[test]
fun per_position_rounding_never_exceeds_what_the_pool_sets_aside() {
    let mut s = ts::begin(@0x1);
    let mut pool = new_pool(&mut s, 0);
    pool.add_pending_stake(wal(2));
    pool.process_epoch_change(1);
    pool.add_rewards(wal(1)); // W = 3, S = 2
    // Three positions of 1 FROST each: floor(1 * 2 / 3) = 0 shares each; the pool mints
    // floor(3 * 2 / 3) = 2 shares for the total.
    pool.add_pending_stake(wal(3));
    pool.process_epoch_change(2);
    assert!(pool.shares_of(1, 2) == 0);
    assert!(pool.total_shares() == 4 && pool.active_stake() == 6);
    destroy(pool);
    s.end();
}

#[test]
fun slashing_lowers_the_rate_pro_rata() {
    let mut s = ts::begin(@0x1);
    let mut pool = new_pool(&mut s, 0);
    pool.add_pending_stake(wal(1_000));
    pool.process_epoch_change(1);
    let slashed = pool.slash(250);
    assert!(slashed.value() == 250 && pool.active_stake() == 750);
    destroy(slashed);
    pool.request_withdraw(400);
    pool.process_epoch_change(2);
    // 400 of 1000 shares at 750 / 1000.
    assert!(pool.withdraw_amount(400, 2) == 300 && pool.withdrawable() == 300);
    let zero = pool.slash(0);
    destroy(zero);
    pool.forfeit_rewards(2);
    assert!(pool.is_rewards_forfeited(2) && !pool.is_rewards_forfeited(3));
    pool.set_excluded(true);
    assert!(pool.is_excluded());
    destroy(pool);
    s.end();
}

#[test]
fun commission_change_applies_at_its_epoch() {
    let mut s = ts::begin(@0x1);
    let mut pool = new_pool(&mut s, 1_000);
    pool.set_pending_commission(2_000, 3);
    let (bps, at) = pool.pending_commission();
    assert!(bps == option::some(2_000) && at == option::some(3));
    assert!(!pool.process_epoch_change(2).summary_changed());
    assert!(pool.commission_bps() == 1_000);
    assert!(pool.process_epoch_change(3).summary_changed());
    assert!(pool.commission_bps() == 2_000);
    let (bps, at) = pool.pending_commission();
    assert!(bps.is_none() && at.is_none());
    destroy(pool);
    s.end();
}

#[test]
fun rate_conversions() {
    let identity = staking_pool::new_rate_for_testing(0, 0);
    assert!(identity.shares_for(123) == 123 && identity.wal_for(123) == 0);
    let rate = staking_pool::new_rate_for_testing(3, 2);
    assert!(rate.shares_for(10) == 6 && rate.wal_for(6) == 9);
    let max = std::u64::max_value!();
    let big = staking_pool::new_rate_for_testing(max, (max as u128) * 1000);
    assert!(big.shares_for(max) == (max as u128) * 1000);
    assert!(big.wal_for((max as u128) * 1000) == max);
}

#[test, expected_failure(abort_code = staking_pool::EShareOverflow)]
fun share_overflow_aborts() {
    let rate = staking_pool::new_rate_for_testing(1, std::u128::max_value!());
    rate.shares_for(2);
}

#[test, expected_failure(abort_code = staking_pool::ESlashTooLarge)]
fun slashing_everything_aborts() {
    let mut s = ts::begin(@0x1);
    let mut pool = new_pool(&mut s, 0);
    pool.add_pending_stake(wal(1_000));
    pool.process_epoch_change(1);
    let _b = pool.slash(1_000);
    abort
}

#[test, expected_failure(abort_code = staking_pool::EMissingExchangeRate)]
fun missing_rate_aborts() {
    let mut s = ts::begin(@0x1);
    let pool = new_pool(&mut s, 0);
    pool.exchange_rate_at(5);
    abort
}

#[test, expected_failure(abort_code = staking_pool::EInvalidCommission)]
fun commission_above_100_percent_aborts() {
    let mut s = ts::begin(@0x1);
    let _pool = new_pool(&mut s, 10_001);
    abort
}

#[test, expected_failure(abort_code = staking_pool::EInvalidCommission)]
fun pending_commission_above_100_percent_aborts() {
    let mut s = ts::begin(@0x1);
    let mut pool = new_pool(&mut s, 10_000);
    pool.set_pending_commission(10_001, 2);
    abort
}

#[test]
fun slash_may_leave_one_frost_per_2_32_shares() {
    let mut s = ts::begin(@0x1);
    let mut pool = new_pool(&mut s, 0);
    pool.add_pending_stake(wal(1 << 40));
    pool.process_epoch_change(1);
    // 2^40 shares: at least 2^8 FROST must remain.
    let b = pool.slash((1 << 40) - 256);
    assert!(pool.active_stake() == 256);
    destroy(b);
    destroy(pool);
    s.end();
}

#[test, expected_failure(abort_code = staking_pool::ESlashTooLarge)]
fun slash_beyond_2_32_shares_per_frost_aborts() {
    let mut s = ts::begin(@0x1);
    let mut pool = new_pool(&mut s, 0);
    pool.add_pending_stake(wal(1 << 40));
    pool.process_epoch_change(1);
    let _b = pool.slash((1 << 40) - 255);
    abort
}

#[test]
fun pending_shares_and_current_rate_accessors() {
    let mut s = ts::begin(@0x1);
    let mut pool = new_pool(&mut s, 0);
    pool.add_pending_stake(wal(100));
    pool.process_epoch_change(1);
    pool.request_withdraw(40);
    assert!(pool.pending_withdraw_shares() == 40);
    let rate = pool.current_rate();
    assert!(rate.rate_wal() == 100 && rate.rate_shares() == 100);
    let back = pool.remove_pending_stake(0);
    destroy(back);
    assert!(storage_node::max_name_length() == 64);
    assert!(storage_node::max_network_address_length() == 256);
    assert!(walrus::encoding::max_symbol_size() == 65_534);
    destroy(pool);
    s.end();
}
