/// Tests of `walrus::audit_round`: the failing and quorum rules at their boundaries, the round
/// schedule, and report aggregation.
#[test_only]
module walrus::audit_round_tests;

use sui::test_scenario as ts;
use walrus::audit_round;

#[test]
fun failing_rule_boundaries() {
    // Threshold 0: any failure; never with 0 challenges.
    assert!(!audit_round::is_failing(300, 0, 0));
    assert!(audit_round::is_failing(300, 1, 0));
    assert!(!audit_round::is_failing(0, 0, 0));
    // 1%: 3 of 300 is not above it, 4 is.
    assert!(!audit_round::is_failing(300, 3, 100));
    assert!(audit_round::is_failing(300, 4, 100));
    // 50%: exactly half is not above it.
    assert!(!audit_round::is_failing(10_000, 5_000, 5_000));
    assert!(audit_round::is_failing(10_000, 5_001, 5_000));
}

#[test]
fun quorum_rule_boundaries() {
    // Default 50.01%: a strict majority of the registered auditors.
    assert!(audit_round::reaches_quorum(1, 5_001, 1));
    assert!(!audit_round::reaches_quorum(1, 5_001, 2));
    assert!(audit_round::reaches_quorum(2, 5_001, 2));
    assert!(audit_round::reaches_quorum(2, 5_001, 3));
    assert!(!audit_round::reaches_quorum(2, 5_001, 4));
    assert!(audit_round::reaches_quorum(3, 5_001, 4));
    // Never without a failing report.
    assert!(!audit_round::reaches_quorum(0, 1, 0));
    assert!(audit_round::reaches_quorum(1, 10_000, 1));
}

#[test]
fun the_schedule_numbers_rounds_and_counts_per_epoch() {
    let mut sched = audit_round::new_schedule();
    assert!(sched.take_round(1, 2) == 0);
    assert!(sched.take_round(1, 2) == 1);
    assert!(sched.rounds_opened_in(1) == 2 && sched.rounds_opened_in(2) == 0);
    assert!(sched.take_round(3, 2) == 2);
    assert!(sched.rounds_opened_in(3) == 1 && sched.rounds_opened_in(1) == 0);
    assert!(sched.next_round() == 3);
    sched.destroy_schedule_for_testing();
}

#[test]
fun reports_aggregate_per_member() {
    let mut s = ts::begin(@0x1);
    let ids = vector::tabulate!(3, |i| object::id_from_address(sui::address::from_u256((i as u256) + 1)));
    let mut round = audit_round::new(5, 2, vector[7], 1_000, 100, 50, 1_000, 5_001, 100, 3, ids, s.ctx());
    let cap = object::id_from_address(@0xCA);
    let digest = vector::tabulate!(32, |_| 1u8);
    let f = round.submit(@0xA, cap, 1_050, vector[ids[0], ids[2]], vector[50, 10], vector[6, 1], digest);
    assert!(f == vector[true, false]);
    let f = round.submit(@0xB, cap, 1_099, vector[ids[0], ids[1], ids[2]], vector[50, 0, 10], vector[5, 0, 2], digest);
    assert!(f == vector[false, false, true]);
    assert!(round.failing_reports() == &vector[1, 0, 1]);
    assert!(round.reporters() == &vector[@0xA, @0xB]);
    assert!(round.finalize(1_100) == vector[false, false, false]);
    assert!(round.report_count() == 2 && round.is_finalized());
    round.destroy_for_testing();
    s.end();
}

#[test, expected_failure(abort_code = audit_round::EReportTooLate)]
fun no_report_after_finalization() {
    let mut s = ts::begin(@0x1);
    let ids = vector[object::id_from_address(@0x1)];
    let mut round = audit_round::new(0, 0, vector[], 0, 10, 5, 0, 1, 0, 1, ids, s.ctx());
    round.finalize(10);
    round.submit(@0xA, ids[0], 10, ids, vector[1], vector[1], vector::tabulate!(32, |_| 0u8));
    abort
}
