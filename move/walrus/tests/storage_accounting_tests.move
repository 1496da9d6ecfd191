/// Tests of `walrus::storage_accounting`: the window of per-epoch slots, capacity checks,
/// reservations, advancing, and the abort.
#[test_only]
module walrus::storage_accounting_tests;

use sui::balance;
use walrus::storage_accounting;
use walrus::test_utils::destroy;

#[test]
fun window_reserve_and_advance() {
    let mut acc = storage_accounting::new(5, 3);
    assert!(acc.length() == 3 && acc.first_epoch() == 5);
    assert!(acc.has_capacity(0, 3, 100, 100) && !acc.has_capacity(0, 3, 101, 100));
    acc.reserve(0, 2, 60, 7, balance::create_for_testing(14));
    assert!(acc.used_capacity_at(0) == 60 && acc.used_capacity_at(1) == 60 && acc.used_capacity_at(2) == 0);
    assert!(acc.rewards_at(0) == 7 && acc.rewards_at(1) == 7 && acc.total_rewards() == 14);
    assert!(!acc.has_capacity(1, 3, 41, 100) && acc.has_capacity(2, 3, 100, 100));
    acc.add_rewards(2, balance::create_for_testing(5));
    assert!(acc.max_used_capacity() == 60);
    let paid = acc.advance(3);
    assert!(paid.value() == 7);
    assert!(acc.first_epoch() == 6 && acc.length() == 3);
    assert!(acc.used_capacity_at(0) == 60 && acc.rewards_at(1) == 5 && acc.rewards_at(2) == 0);
    assert!(acc.used_capacity_at(10) == 0 && acc.rewards_at(10) == 0);
    acc.ensure_length(5);
    assert!(acc.length() == 5);
    destroy(paid);
    destroy(acc);
}

#[test]
fun a_one_slot_window_advances() {
    let mut acc = storage_accounting::new(0, 1);
    assert!(acc.length() == 1);
    let paid = acc.advance(1);
    assert!(acc.length() == 1 && acc.first_epoch() == 1);
    destroy(paid);
    destroy(acc);
}

#[test, expected_failure(abort_code = storage_accounting::EOffsetOutOfRange)]
fun rewards_beyond_the_window_abort() {
    let mut acc = storage_accounting::new(0, 2);
    acc.add_rewards(2, balance::create_for_testing(1));
    abort
}

#[test, expected_failure(abort_code = storage_accounting::EOffsetOutOfRange)]
fun capacity_check_beyond_the_window_aborts() {
    let acc = storage_accounting::new(0, 2);
    acc.has_capacity(0, 3, 1, 10);
    abort
}
