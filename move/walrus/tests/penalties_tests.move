/// Tests of `walrus::penalties`: the slash formula and its bound, streaks, exclusion and
/// re-registration.
#[test_only]
module walrus::penalties_tests;

use sui::test_scenario as ts;
use walrus::penalties;

#[test]
fun slash_amount_rounds_down() {
    assert!(penalties::slash_amount(1_000, 1_000, 100) == 10);
    assert!(penalties::slash_amount(1_099, 1_099, 100) == 10);
    assert!(penalties::slash_amount(99, 99, 100) == 0);
    assert!(penalties::slash_amount(524_456_789_020, 524_456_789_020, 333) == 17_464_411_074);
    assert!(penalties::slash_amount(1_000, 1_000, 0) == 0);
    assert!(penalties::slash_amount(0, 0, 10_000) == 0);
}

#[test]
fun slash_amount_keeps_the_share_bound() {
    // 100%: keep max(1, ceil(S / 2^32)).
    assert!(penalties::slash_amount(1_000, 1_000, 10_000) == 999);
    assert!(penalties::slash_amount(1, 1, 10_000) == 0);
    assert!(penalties::slash_amount(400_000_000_000, 400_000_000_000, 10_000) == 399_999_999_906);
    // Exactly 2^32 shares per FROST may remain.
    let shares = 10 * 0x1_0000_0000;
    assert!(penalties::slash_amount(20, shares, 10_000) == 10);
    assert!(penalties::slash_amount(10, shares, 10_000) == 0);
    // The u64 maximum does not overflow.
    let max = std::u64::max_value!();
    assert!(penalties::slash_amount(max, (max as u128), 10_000) == max - 0x1_0000_0000);
}

#[test]
fun streaks_exclusion_and_re_registration() {
    let mut s = ts::begin(@0x1);
    let mut r = penalties::new(s.ctx());
    let node = object::id_from_address(@0x5);
    r.record_pass(node);
    assert!(r.record(node).is_none() && r.consecutive_penalties(node) == 0);
    let (n, x) = r.record_penalty(node, 10, 2, 4);
    assert!(n == 1 && x == false);
    r.record_pass(node);
    let (n, x) = r.record_penalty(node, 10, 2, 4);
    assert!(n == 1 && x == false);
    let (n, x) = r.record_penalty(node, 5, 2, 5);
    assert!(n == 2 && x == true);
    // Already excluded: further penalties do not move the exclusion epoch.
    let (n, x) = r.record_penalty(node, 1, 2, 6);
    assert!(n == 3 && x == false);
    let rec = r.record(node).destroy_some();
    assert!(rec.record_penalized_rounds() == 4 && rec.record_total_slashed() == 26);
    assert!(rec.record_excluded_epoch() == option::some(5) && r.is_excluded(node));
    assert!(r.reregister(node, 6) == 5);
    assert!(!r.is_excluded(node) && r.consecutive_penalties(node) == 0);
    r.destroy_for_testing();
    s.end();
}

#[test, expected_failure(abort_code = penalties::EExclusionNotOver)]
fun re_registration_in_the_exclusion_epoch_aborts() {
    let mut s = ts::begin(@0x1);
    let mut r = penalties::new(s.ctx());
    let node = object::id_from_address(@0x5);
    r.record_penalty(node, 1, 1, 9);
    r.reregister(node, 9);
    abort
}

#[test, expected_failure(abort_code = penalties::ENotExcluded)]
fun re_registration_without_exclusion_aborts() {
    let mut s = ts::begin(@0x1);
    let mut r = penalties::new(s.ctx());
    let node = object::id_from_address(@0x5);
    r.record_penalty(node, 1, 2, 9);
    r.reregister(node, 10);
    abort
}
