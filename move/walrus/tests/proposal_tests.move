/// Tests of `walrus::proposal`: the quorum and approval rules at their boundaries, the status
/// machine and the action builders.
#[test_only]
module walrus::proposal_tests;

use sui::test_scenario as ts;
use walrus::params;
use walrus::proposal::{Self, Proposal};

/// A proposal over `total` stake with the given quorum and approval threshold, created at
/// time 100 with a 1,000 ms voting period and a 500 ms timelock.
fun new(s: &mut ts::Scenario, total: u64, quorum: u16, approval: u16): Proposal {
    proposal::new(
        proposal::signal_action(),
        b"text".to_string(),
        @0x1,
        object::id_from_address(@0x2),
        7,
        100,
        1_000,
        500,
        total,
        quorum,
        approval,
        s.ctx(),
    )
}

#[test]
fun quorum_boundary() {
    let mut s = ts::begin(@0x1);
    let mut p = new(&mut s, 10_000, 3_334, 5_000);
    p.add_vote(proposal::vote_abstain(), 3_333);
    assert!(!p.quorum_reached());
    p.add_vote(proposal::vote_against(), 1);
    assert!(p.quorum_reached());
    p.destroy_for_testing();
    s.end();
}

#[test]
fun approval_boundary_and_ties() {
    let mut s = ts::begin(@0x1);
    let mut p = new(&mut s, 100, 1_000, 6_000);
    p.add_vote(proposal::vote_for(), 60);
    p.add_vote(proposal::vote_against(), 40);
    // 60% is not above a 60% threshold.
    assert!(!p.approved());
    p.add_vote(proposal::vote_for(), 1);
    assert!(p.approved());
    let mut q = new(&mut s, 100, 1_000, 5_000);
    q.add_vote(proposal::vote_for(), 50);
    q.add_vote(proposal::vote_against(), 50);
    q.add_vote(proposal::vote_abstain(), 1_000);
    assert!(!q.approved());
    p.destroy_for_testing();
    q.destroy_for_testing();
    s.end();
}

#[test]
fun life_cycle_and_accessors() {
    let mut s = ts::begin(@0x1);
    let mut p = new(&mut s, 100, 5_000, 5_000);
    assert!(p.created_epoch() == 7 && p.created_ms() == 100);
    assert!(p.voting_end_ms() == 1_100 && p.executable_from_ms() == 1_600);
    assert!(p.total_stake() == 100 && p.quorum_bps() == 5_000);
    assert!(p.approval_threshold_bps() == 5_000 && p.status() == proposal::status_active());
    p.assert_voting_open(1_099);
    p.add_vote(proposal::vote_for(), 51);
    assert!(p.finalize(1_100) == proposal::status_passed());
    p.mark_executed(1_600);
    assert!(p.status() == proposal::status_executed());
    p.destroy_for_testing();
    s.end();
}

#[test]
fun action_builders() {
    let a = proposal::set_parameter_action(params::param_timelock_ms(), 5_000);
    assert!(a.action_kind() == 0 && a.action_param() == 10 && a.action_value() == 5_000);
    assert!(a.action_auditor() == @0x0);
    let b = proposal::add_auditor_action(@0xAB);
    assert!(b.action_kind() == 1 && b.action_auditor() == @0xAB && b.action_value() == 0);
    let c = proposal::remove_auditor_action(@0xAB);
    assert!(c.action_kind() == 2 && c.action_auditor() == @0xAB);
    let d = proposal::signal_action();
    assert!(d.action_kind() == 3);
    assert!(proposal::kind_set_parameter() == 0 && proposal::kind_add_auditor() == 1);
    assert!(proposal::kind_remove_auditor() == 2 && proposal::kind_signal() == 3);
    assert!(proposal::status_rejected() == 2 && proposal::status_expired() == 3);
}

#[test, expected_failure(abort_code = proposal::EVotingClosed)]
fun votes_at_the_end_of_the_period_are_refused() {
    let mut s = ts::begin(@0x1);
    let p = new(&mut s, 100, 5_000, 5_000);
    p.assert_voting_open(1_100);
    abort
}

#[test, expected_failure(abort_code = proposal::EVotingClosed)]
fun a_finalized_proposal_refuses_votes() {
    let mut s = ts::begin(@0x1);
    let mut p = new(&mut s, 100, 5_000, 5_000);
    p.finalize(1_100);
    p.assert_voting_open(1_000);
    abort
}

#[test, expected_failure(abort_code = proposal::EInvalidDescription)]
fun a_description_above_4096_bytes_aborts() {
    let mut s = ts::begin(@0x1);
    let long = vector::tabulate!(4_097, |_| 0x61u8).to_string();
    let _p = proposal::new(
        proposal::signal_action(),
        long,
        @0x1,
        object::id_from_address(@0x2),
        0,
        0,
        1_000,
        1_000,
        1,
        1_000,
        5_000,
        s.ctx(),
    );
    abort
}
