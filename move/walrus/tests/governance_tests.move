/// Governance through the system: every action type end to end, rejected, expired and tied
/// proposals, the timelock, execution exactly once, double-vote attempts by every route
/// (same position, split, join, transfer, withdraw and re-stake, withdrawing positions, stake
/// activated after creation) and every abort of `walrus::governance`.
#[test_only]
module walrus::governance_tests;

use std::string::String;
use sui::clock::Clock;
use sui::event;
use sui::test_scenario::{Self as ts, Scenario};
use walrus::auditors;
use walrus::events;
use walrus::governance;
use walrus::params;
use walrus::proposal::{Self, Action, Proposal};
use walrus::staked_wal::{Self, StakedWal};
use walrus::storage_node::StorageNodeCap;
use walrus::system::System;
use walrus::test_keys;
use walrus::test_utils::{Self as tu, destroy};

/// Operators of test keys 0..3 stake 4,000, 3,000, 2,000 and 1,000 WAL (10,000 WAL active in
/// epoch 1); auditor 0 is registered. The default quorum (33.34%) needs 3,334 WAL of turnout.
fun setup(): (Scenario, Clock, System, vector<StorageNodeCap>, vector<ID>, vector<StakedWal>) {
    let (mut s, mut clock) = tu::begin();
    let (system, caps, node_ids, staked) = tu::setup_committee_with(
        &mut s,
        &mut clock,
        vector[4_000, 3_000, 2_000, 1_000],
        1,
    );
    (s, clock, system, caps, node_ids, staked)
}

/// Ends a test.
fun finish(
    system: System,
    clock: Clock,
    s: Scenario,
    caps: vector<StorageNodeCap>,
    staked: vector<StakedWal>,
) {
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

fun text(): String { b"a proposal".to_string() }

/// Creates a proposal with `staked` and returns it, taken from the shared inventory.
fun propose(
    system: &System,
    s: &mut Scenario,
    clock: &Clock,
    staked: &StakedWal,
    action: Action,
): Proposal {
    s.next_tx(tu::user());
    let id = governance::create_proposal(system, staked, action, text(), clock, s.ctx());
    s.next_tx(tu::user());
    s.take_shared_by_id<Proposal>(id)
}

/// Votes with position `i`.
fun vote(
    system: &System,
    p: &mut Proposal,
    staked: &mut vector<StakedWal>,
    i: u64,
    choice: u8,
    clock: &Clock,
    s: &mut Scenario,
) {
    governance::vote(system, p, &mut staked[i], choice, clock, s.ctx());
}

/// Creates a proposal with position 0, votes for it with positions 0 and 1 (7,000 of 10,000
/// WAL), finalizes it at the end of its voting period and executes it at the end of its
/// timelock. Returns the proposal (executed).
fun pass(
    system: &mut System,
    s: &mut Scenario,
    clock: &mut Clock,
    staked: &mut vector<StakedWal>,
    action: Action,
): Proposal {
    let mut p = propose(system, s, clock, &staked[0], action);
    vote(system, &mut p, staked, 0, proposal::vote_for(), clock, s);
    vote(system, &mut p, staked, 1, proposal::vote_for(), clock, s);
    clock.set_for_testing(p.voting_end_ms());
    governance::finalize_proposal(system, &mut p, clock);
    assert!(p.status() == proposal::status_passed());
    clock.set_for_testing(p.executable_from_ms());
    governance::execute(system, &mut p, clock, s.ctx());
    assert!(p.status() == proposal::status_executed());
    p
}

// === Every action type end to end ===

#[test]
fun set_parameter_end_to_end_with_events() {
    let (mut s, mut clock, mut system, caps, node_ids, mut staked) = setup();
    assert!(clock.timestamp_ms() == 1_000 && system.params().penalty_bps() == 100);
    s.next_tx(test_keys::operator(0));
    let action = proposal::set_parameter_action(params::param_penalty_bps(), 250);
    let description = b"raise the penalty to 2.5%".to_string();
    let id = governance::create_proposal(&system, &staked[0], action, description, &clock, s.ctx());
    assert!(
        event::events_by_type<events::ProposalCreated>() == vector[
            events::proposal_created(
                id,
                1,
                test_keys::operator(0),
                object::id(&staked[0]),
                tu::frost(4_000),
                0,
                0,
                250,
                @0x0,
                description,
                2_000,
                3_000,
                tu::frost(10_000),
                3_334,
                5_000,
            ),
        ],
    );
    s.next_tx(test_keys::operator(0));
    let mut p = s.take_shared_by_id<Proposal>(id);
    assert!(p.status() == proposal::status_active() && p.created_epoch() == 1);
    assert!(p.proposer() == test_keys::operator(0) && p.description() == description);
    vote(&system, &mut p, &mut staked, 0, proposal::vote_for(), &clock, &mut s);
    vote(&system, &mut p, &mut staked, 3, proposal::vote_against(), &clock, &mut s);
    assert!(
        event::events_by_type<events::ProposalVoted>() == vector[
            events::proposal_voted(
                id,
                1,
                test_keys::operator(0),
                object::id(&staked[0]),
                node_ids[0],
                0,
                tu::frost(4_000),
                tu::frost(4_000),
                0,
                0,
            ),
            events::proposal_voted(
                id,
                1,
                test_keys::operator(0),
                object::id(&staked[3]),
                node_ids[3],
                1,
                tu::frost(1_000),
                tu::frost(4_000),
                tu::frost(1_000),
                0,
            ),
        ],
    );
    assert!(staked[0].has_voted(id) && staked[3].has_voted(id) && !staked[1].has_voted(id));
    clock.set_for_testing(2_000);
    governance::finalize_proposal(&system, &mut p, &clock);
    assert!(
        event::events_by_type<events::ProposalFinalized>() == vector[
            events::proposal_finalized(
                id,
                1,
                proposal::status_passed(),
                tu::frost(4_000),
                tu::frost(1_000),
                0,
                tu::frost(10_000),
            ),
        ],
    );
    clock.set_for_testing(3_000);
    governance::execute(&mut system, &mut p, &clock, s.ctx());
    assert!(
        event::events_by_type<events::ProposalExecuted>() == vector[
            events::proposal_executed(id, 1, 0, 0, 100, 250, @0x0, option::none()),
        ],
    );
    assert!(system.params().penalty_bps() == 250);
    assert!(p.status() == proposal::status_executed());
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

#[test]
fun every_whitelisted_parameter_can_be_set() {
    let (mut s, mut clock, mut system, caps, _node_ids, mut staked) = setup();
    let values = vector[
        500, // penalty_bps
        200, // failure_threshold_bps
        460, // challenged_symbols
        6_667, // auditor_quorum_bps
        2_000, // epoch_duration_ms
        5, // max_committee_size
        tu::frost(500), // min_proposal_stake
        3_000, // voting_period_ms
        5_000, // quorum_bps
        6_000, // approval_threshold_bps
        4_000, // timelock_ms
        8, // max_rounds_per_epoch
        5_000, // round_duration_ms
        5, // exclusion_rounds
    ];
    assert!(values.length() == (params::param_count() as u64));
    values.length().do!(|i| {
        let param = i as u8;
        let p = pass(
            &mut system,
            &mut s,
            &mut clock,
            &mut staked,
            proposal::set_parameter_action(param, values[i]),
        );
        assert!(system.params().parameter(param) == values[i]);
        ts::return_shared(p);
    });
    let p = system.params();
    assert!(p.penalty_bps() == 500 && p.failure_threshold_bps() == 200);
    assert!(p.challenged_symbols() == 460 && p.auditor_quorum_bps() == 6_667);
    assert!(p.epoch_duration_ms() == 2_000 && p.max_committee_size() == 5);
    assert!(p.min_proposal_stake() == tu::frost(500) && p.voting_period_ms() == 3_000);
    assert!(p.quorum_bps() == 5_000 && p.approval_threshold_bps() == 6_000);
    assert!(p.timelock_ms() == 4_000 && p.max_rounds_per_epoch() == 8);
    assert!(p.round_duration_ms() == 5_000 && p.exclusion_rounds() == 5);
    finish(system, clock, s, caps, staked);
}

#[test]
fun add_auditor_end_to_end() {
    let (mut s, mut clock, mut system, caps, _node_ids, mut staked) = setup();
    let new_auditor = tu::auditor(7);
    let p = pass(
        &mut system,
        &mut s,
        &mut clock,
        &mut staked,
        proposal::add_auditor_action(new_auditor),
    );
    let cap_id = *system.auditors().cap_of(new_auditor).borrow();
    assert!(
        event::events_by_type<events::AuditorAdded>()
            == vector[events::auditor_added(1, new_auditor, cap_id, option::some(p.id()))],
    );
    assert!(
        event::events_by_type<events::ProposalExecuted>() == vector[
            events::proposal_executed(p.id(), 1, 1, 0, 0, 0, new_auditor, option::some(cap_id)),
        ],
    );
    assert!(system.auditors().size() == 2 && system.auditors().is_auditor(new_auditor));
    s.next_tx(new_auditor);
    let cap = s.take_from_sender<auditors::AuditorCap>();
    assert!(object::id(&cap) == cap_id && cap.cap_auditor() == new_auditor);
    assert!(system.auditors().is_active_cap(cap_id));
    destroy(cap);
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

#[test]
fun remove_auditor_end_to_end() {
    let (mut s, mut clock, mut system, caps, _node_ids, mut staked) = setup();
    let old = tu::auditor(0);
    let cap_id = *system.auditors().cap_of(old).borrow();
    let p = pass(&mut system, &mut s, &mut clock, &mut staked, proposal::remove_auditor_action(old));
    assert!(
        event::events_by_type<events::AuditorRemoved>()
            == vector[events::auditor_removed(1, old, cap_id, p.id())],
    );
    assert!(
        event::events_by_type<events::ProposalExecuted>() == vector[
            events::proposal_executed(p.id(), 1, 2, 0, 0, 0, old, option::some(cap_id)),
        ],
    );
    assert!(system.auditors().size() == 0 && !system.auditors().is_active_cap(cap_id));
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

#[test]
fun signal_end_to_end_changes_nothing() {
    let (mut s, mut clock, mut system, caps, _node_ids, mut staked) = setup();
    let before = *system.params();
    let p = pass(&mut system, &mut s, &mut clock, &mut staked, proposal::signal_action());
    assert!(
        event::events_by_type<events::ProposalExecuted>()
            == vector[events::proposal_executed(p.id(), 1, 3, 0, 0, 0, @0x0, option::none())],
    );
    assert!(system.params() == &before && system.auditors().size() == 1);
    assert!(p.action().action_kind() == proposal::kind_signal());
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

#[test]
fun governance_can_add_back_a_removed_auditor_with_a_new_cap() {
    let (mut s, mut clock, mut system, caps, _node_ids, mut staked) = setup();
    let a = tu::auditor(0);
    let old_cap = *system.auditors().cap_of(a).borrow();
    let p1 = pass(&mut system, &mut s, &mut clock, &mut staked, proposal::remove_auditor_action(a));
    // Fresh positions vote on the next proposal (the old ones voted on p1 only).
    let p2 = pass(&mut system, &mut s, &mut clock, &mut staked, proposal::add_auditor_action(a));
    let new_cap = *system.auditors().cap_of(a).borrow();
    assert!(new_cap != old_cap && !system.auditors().is_active_cap(old_cap));
    assert!(system.auditors().is_active_cap(new_cap));
    ts::return_shared(p1);
    ts::return_shared(p2);
    finish(system, clock, s, caps, staked);
}

// === Outcomes ===

#[test]
fun rejected_proposal() {
    let (mut s, mut clock, system, caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    vote(&system, &mut p, &mut staked, 0, proposal::vote_against(), &clock, &mut s);
    vote(&system, &mut p, &mut staked, 1, proposal::vote_for(), &clock, &mut s);
    clock.set_for_testing(p.voting_end_ms());
    governance::finalize_proposal(&system, &mut p, &clock);
    assert!(p.status() == proposal::status_rejected());
    assert!(p.quorum_reached() && !p.approved());
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

#[test]
fun tied_proposal_is_rejected() {
    let (mut s, mut clock, system, caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    // 3,000 for, 2,000 + 1,000 against.
    vote(&system, &mut p, &mut staked, 1, proposal::vote_for(), &clock, &mut s);
    vote(&system, &mut p, &mut staked, 2, proposal::vote_against(), &clock, &mut s);
    vote(&system, &mut p, &mut staked, 3, proposal::vote_against(), &clock, &mut s);
    assert!(p.votes_for() == p.votes_against());
    clock.set_for_testing(p.voting_end_ms());
    governance::finalize_proposal(&system, &mut p, &clock);
    assert!(p.status() == proposal::status_rejected());
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

#[test]
fun proposal_without_quorum_expires() {
    let (mut s, mut clock, system, caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    // 3,000 of 10,000 WAL vote: below the 33.34% quorum.
    vote(&system, &mut p, &mut staked, 1, proposal::vote_for(), &clock, &mut s);
    clock.set_for_testing(p.voting_end_ms());
    governance::finalize_proposal(&system, &mut p, &clock);
    assert!(p.status() == proposal::status_expired());
    assert!(
        event::events_by_type<events::ProposalFinalized>() == vector[
            events::proposal_finalized(
                p.id(),
                1,
                proposal::status_expired(),
                tu::frost(3_000),
                0,
                0,
                tu::frost(10_000),
            ),
        ],
    );
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

#[test]
fun abstentions_count_for_the_quorum_only() {
    let (mut s, mut clock, system, caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    vote(&system, &mut p, &mut staked, 0, proposal::vote_abstain(), &clock, &mut s);
    vote(&system, &mut p, &mut staked, 3, proposal::vote_for(), &clock, &mut s);
    clock.set_for_testing(p.voting_end_ms());
    governance::finalize_proposal(&system, &mut p, &clock);
    assert!(p.status() == proposal::status_passed());
    // Only abstentions: quorum reached, nothing approved.
    s.next_tx(tu::user());
    let mut q = propose(&system, &mut s, &clock, &staked[1], proposal::signal_action());
    vote(&system, &mut q, &mut staked, 1, proposal::vote_abstain(), &clock, &mut s);
    vote(&system, &mut q, &mut staked, 2, proposal::vote_abstain(), &clock, &mut s);
    clock.set_for_testing(q.voting_end_ms());
    governance::finalize_proposal(&system, &mut q, &clock);
    assert!(q.status() == proposal::status_rejected());
    ts::return_shared(p);
    ts::return_shared(q);
    finish(system, clock, s, caps, staked);
}

#[test]
fun running_proposals_keep_their_parameters() {
    let (mut s, clock, mut system, caps, _node_ids, staked) = setup();
    let p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    system.params_mut().set_parameter(params::param_voting_period_ms(), 60_000);
    system.params_mut().set_parameter(params::param_quorum_bps(), 6_000);
    assert!(p.voting_end_ms() == 2_000 && p.quorum_bps() == 3_334);
    let q = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    assert!(q.voting_end_ms() == 61_000 && q.quorum_bps() == 6_000);
    ts::return_shared(p);
    ts::return_shared(q);
    finish(system, clock, s, caps, staked);
}

// === Timelock and execution ===

#[test, expected_failure(abort_code = proposal::ETimelockNotOver)]
fun execute_during_the_timelock_aborts() {
    let (mut s, mut clock, mut system, _caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    vote(&system, &mut p, &mut staked, 0, proposal::vote_for(), &clock, &mut s);
    clock.set_for_testing(p.voting_end_ms());
    governance::finalize_proposal(&system, &mut p, &clock);
    clock.set_for_testing(p.executable_from_ms() - 1);
    governance::execute(&mut system, &mut p, &clock, s.ctx());
    abort
}

#[test]
fun execute_at_the_end_of_the_timelock() {
    let (mut s, mut clock, mut system, caps, _node_ids, mut staked) = setup();
    let action = proposal::set_parameter_action(params::param_max_committee_size(), 3);
    let mut p = propose(&system, &mut s, &clock, &staked[0], action);
    vote(&system, &mut p, &mut staked, 0, proposal::vote_for(), &clock, &mut s);
    clock.set_for_testing(p.voting_end_ms());
    governance::finalize_proposal(&system, &mut p, &clock);
    assert!(p.executable_from_ms() == p.voting_end_ms() + system.params().timelock_ms());
    clock.set_for_testing(p.executable_from_ms());
    governance::execute(&mut system, &mut p, &clock, s.ctx());
    assert!(system.params().max_committee_size() == 3);
    // The new maximum applies at the next epoch change.
    tu::advance(&mut system, &mut clock);
    assert!(system.committee().size() == 3);
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

#[test, expected_failure(abort_code = proposal::EAlreadyExecuted)]
fun execute_twice_aborts() {
    let (mut s, mut clock, mut system, _caps, _node_ids, mut staked) = setup();
    let mut p = pass(&mut system, &mut s, &mut clock, &mut staked, proposal::signal_action());
    governance::execute(&mut system, &mut p, &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = proposal::ENotPassed)]
fun executing_a_rejected_proposal_aborts() {
    let (mut s, mut clock, mut system, _caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    vote(&system, &mut p, &mut staked, 0, proposal::vote_against(), &clock, &mut s);
    clock.set_for_testing(p.voting_end_ms());
    governance::finalize_proposal(&system, &mut p, &clock);
    clock.set_for_testing(p.executable_from_ms());
    governance::execute(&mut system, &mut p, &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = proposal::ENotPassed)]
fun executing_an_unfinalized_proposal_aborts() {
    let (mut s, mut clock, mut system, _caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    vote(&system, &mut p, &mut staked, 0, proposal::vote_for(), &clock, &mut s);
    clock.set_for_testing(p.executable_from_ms());
    governance::execute(&mut system, &mut p, &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = proposal::EVotingNotOver)]
fun finalize_before_the_end_of_voting_aborts() {
    let (mut s, mut clock, system, _caps, _node_ids, staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    clock.set_for_testing(p.voting_end_ms() - 1);
    governance::finalize_proposal(&system, &mut p, &clock);
    abort
}

#[test, expected_failure(abort_code = proposal::EAlreadyFinalized)]
fun finalize_twice_aborts() {
    let (mut s, mut clock, system, _caps, _node_ids, staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    clock.set_for_testing(p.voting_end_ms());
    governance::finalize_proposal(&system, &mut p, &clock);
    governance::finalize_proposal(&system, &mut p, &clock);
    abort
}

#[test, expected_failure(abort_code = auditors::EAlreadyAuditor)]
fun executing_an_add_that_no_longer_applies_aborts() {
    let (mut s, mut clock, mut system, _caps, _node_ids, mut staked) = setup();
    let a = tu::auditor(5);
    let mut p1 = propose(&system, &mut s, &clock, &staked[0], proposal::add_auditor_action(a));
    let mut p2 = propose(&system, &mut s, &clock, &staked[0], proposal::add_auditor_action(a));
    vote(&system, &mut p1, &mut staked, 0, proposal::vote_for(), &clock, &mut s);
    vote(&system, &mut p2, &mut staked, 0, proposal::vote_for(), &clock, &mut s);
    clock.set_for_testing(p2.executable_from_ms());
    governance::finalize_proposal(&system, &mut p1, &clock);
    governance::finalize_proposal(&system, &mut p2, &clock);
    governance::execute(&mut system, &mut p1, &clock, s.ctx());
    governance::execute(&mut system, &mut p2, &clock, s.ctx());
    abort
}

// === Double votes, by every route ===

#[test, expected_failure(abort_code = staked_wal::EAlreadyVoted)]
fun voting_twice_with_the_same_stake_aborts() {
    let (mut s, clock, system, _caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    vote(&system, &mut p, &mut staked, 1, proposal::vote_for(), &clock, &mut s);
    vote(&system, &mut p, &mut staked, 1, proposal::vote_against(), &clock, &mut s);
    abort
}

#[test, expected_failure(abort_code = staked_wal::EAlreadyVoted)]
fun split_off_stake_cannot_vote_again() {
    let (mut s, clock, system, _caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    vote(&system, &mut p, &mut staked, 1, proposal::vote_for(), &clock, &mut s);
    let mut half = staked[1].split(tu::frost(1_500), s.ctx());
    governance::vote(&system, &mut p, &mut half, proposal::vote_for(), &clock, s.ctx());
    abort
}

#[test]
fun stake_split_before_voting_votes_once_in_total() {
    let (mut s, clock, system, caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    let mut half = staked[1].split(tu::frost(1_000), s.ctx());
    vote(&system, &mut p, &mut staked, 1, proposal::vote_for(), &clock, &mut s);
    governance::vote(&system, &mut p, &mut half, proposal::vote_for(), &clock, s.ctx());
    // 2,000 + 1,000: exactly the original position's stake.
    assert!(p.votes_for() == tu::frost(3_000));
    destroy(half);
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

#[test, expected_failure(abort_code = staked_wal::EAlreadyVoted)]
fun joining_a_voted_stake_carries_its_vote() {
    let (mut s, clock, system, _caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    // An unvoted position of the same pool and activation epoch.
    let mut unvoted = staked[1].split(tu::frost(1_000), s.ctx());
    vote(&system, &mut p, &mut staked, 1, proposal::vote_for(), &clock, &mut s);
    unvoted.join(staked.remove(1));
    assert!(unvoted.has_voted(p.id()));
    governance::vote(&system, &mut p, &mut unvoted, proposal::vote_for(), &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = staked_wal::EAlreadyVoted)]
fun joining_an_unvoted_stake_into_a_voted_one_cannot_vote_again() {
    let (mut s, clock, system, _caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    let half = staked[2].split(tu::frost(500), s.ctx());
    vote(&system, &mut p, &mut staked, 2, proposal::vote_for(), &clock, &mut s);
    staked[2].join(half);
    vote(&system, &mut p, &mut staked, 2, proposal::vote_for(), &clock, &mut s);
    abort
}

#[test, expected_failure(abort_code = staked_wal::EAlreadyVoted)]
fun transferred_stake_cannot_vote_again() {
    let (mut s, clock, system, _caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    s.next_tx(test_keys::operator(3));
    vote(&system, &mut p, &mut staked, 3, proposal::vote_for(), &clock, &mut s);
    transfer::public_transfer(staked.remove(3), tu::staker(9));
    s.next_tx(tu::staker(9));
    let mut received = s.take_from_sender<StakedWal>();
    governance::vote(&system, &mut p, &mut received, proposal::vote_against(), &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = governance::EStakeNotEligible)]
fun withdrawn_and_restaked_wal_cannot_vote_again() {
    let (mut s, mut clock, mut system, _caps, node_ids, mut staked) = setup();
    system.params_mut().set_parameter(params::param_voting_period_ms(), 100_000);
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    vote(&system, &mut p, &mut staked, 3, proposal::vote_for(), &clock, &mut s);
    let mut position = staked.remove(3);
    system.request_withdraw_stake(&mut position);
    tu::advance(&mut system, &mut clock);
    let coin = system.withdraw_stake(position, s.ctx());
    assert!(coin.value() == tu::frost(1_000));
    let mut restaked = system.stake_with_pool(coin, node_ids[3], s.ctx());
    tu::advance(&mut system, &mut clock);
    // Active now (epoch 3), but activated after the proposal's creation epoch (1).
    assert!(restaked.is_active_at(system.epoch()));
    governance::vote(&system, &mut p, &mut restaked, proposal::vote_for(), &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = governance::EStakeNotEligible)]
fun withdrawing_stake_cannot_vote() {
    let (mut s, clock, mut system, _caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    system.request_withdraw_stake(&mut staked[2]);
    vote(&system, &mut p, &mut staked, 2, proposal::vote_for(), &clock, &mut s);
    abort
}

#[test, expected_failure(abort_code = governance::EStakeNotEligible)]
fun stake_activated_after_creation_cannot_vote() {
    let (mut s, mut clock, mut system, _caps, node_ids, staked) = setup();
    system.params_mut().set_parameter(params::param_voting_period_ms(), 100_000);
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    let mut late = system.stake_with_pool(tu::mint(&mut s, tu::frost(50_000)), node_ids[2], s.ctx());
    tu::advance(&mut system, &mut clock);
    governance::vote(&system, &mut p, &mut late, proposal::vote_for(), &clock, s.ctx());
    abort
}

#[test]
fun stake_active_at_creation_votes_in_later_epochs() {
    let (mut s, mut clock, mut system, caps, _node_ids, mut staked) = setup();
    system.params_mut().set_parameter(params::param_voting_period_ms(), 100_000);
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    tu::advance(&mut system, &mut clock);
    tu::advance(&mut system, &mut clock);
    vote(&system, &mut p, &mut staked, 0, proposal::vote_for(), &clock, &mut s);
    assert!(p.votes_for() == tu::frost(4_000));
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

// === Weights ===

#[test]
fun weight_is_the_active_stake_after_slashing() {
    let (mut s, clock, mut system, caps, node_ids, mut staked) = setup();
    let slashed = system.slash_node(node_ids[0], tu::frost(400));
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    vote(&system, &mut p, &mut staked, 0, proposal::vote_for(), &clock, &mut s);
    assert!(p.votes_for() == tu::frost(3_600) && p.total_stake() == tu::frost(9_600));
    destroy(slashed);
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

#[test, expected_failure(abort_code = governance::ENoVotingPower)]
fun a_position_worth_nothing_cannot_vote() {
    let (mut s, mut clock, mut system, _caps, node_ids, staked) = setup();
    let mut dust = system.stake_with_pool(tu::mint(&mut s, 1), node_ids[3], s.ctx());
    tu::advance(&mut system, &mut clock);
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    // Halving node 3's pool makes the 1-FROST position worth floor(0.5) = 0.
    let half = system.pool_active_stake(node_ids[3]) / 2;
    destroy(system.slash_node(node_ids[3], half));
    governance::vote(&system, &mut p, &mut dust, proposal::vote_for(), &clock, s.ctx());
    abort
}

// === Creation aborts ===

#[test]
fun a_position_with_exactly_the_minimum_stake_can_propose() {
    let (mut s, clock, system, caps, _node_ids, staked) = setup();
    assert!(system.params().min_proposal_stake() == tu::frost(1_000));
    let p = propose(&system, &mut s, &clock, &staked[3], proposal::signal_action());
    assert!(p.staked_wal_id() == object::id(&staked[3]));
    ts::return_shared(p);
    finish(system, clock, s, caps, staked);
}

#[test, expected_failure(abort_code = governance::EInsufficientStake)]
fun too_little_stake_cannot_propose() {
    let (mut s, clock, system, _caps, _node_ids, mut staked) = setup();
    // 1,000 WAL minus 1 FROST.
    let _one = staked[3].split(1, s.ctx());
    governance::create_proposal(&system, &staked[3], proposal::signal_action(), text(), &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = governance::EStakeNotEligible)]
fun pending_stake_cannot_propose() {
    let (mut s, clock, mut system, _caps, node_ids, _staked) = setup();
    let pending = system.stake_with_pool(tu::mint(&mut s, tu::frost(5_000)), node_ids[0], s.ctx());
    governance::create_proposal(&system, &pending, proposal::signal_action(), text(), &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = params::EInvalidPenaltyRate)]
fun a_penalty_above_100_percent_cannot_be_proposed() {
    proposal::set_parameter_action(params::param_penalty_bps(), 10_001);
}

#[test, expected_failure(abort_code = params::EInvalidEpochDuration)]
fun a_zero_epoch_duration_cannot_be_proposed() {
    proposal::set_parameter_action(params::param_epoch_duration_ms(), 0);
}

#[test, expected_failure(abort_code = params::EInvalidQuorum)]
fun a_zero_quorum_cannot_be_proposed() {
    proposal::set_parameter_action(params::param_quorum_bps(), 0);
}

#[test, expected_failure(abort_code = params::EUnknownParameter)]
fun a_parameter_off_the_whitelist_cannot_be_proposed() {
    proposal::set_parameter_action(params::param_count(), 1);
}

#[test, expected_failure(abort_code = auditors::EAlreadyAuditor)]
fun adding_a_registered_auditor_cannot_be_proposed() {
    let (mut s, clock, system, _caps, _node_ids, staked) = setup();
    let action = proposal::add_auditor_action(tu::auditor(0));
    governance::create_proposal(&system, &staked[0], action, text(), &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = auditors::EAuditorNotFound)]
fun removing_an_unknown_auditor_cannot_be_proposed() {
    let (mut s, clock, system, _caps, _node_ids, staked) = setup();
    let action = proposal::remove_auditor_action(tu::auditor(3));
    governance::create_proposal(&system, &staked[0], action, text(), &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = proposal::EInvalidDescription)]
fun an_empty_description_aborts() {
    let (mut s, clock, system, _caps, _node_ids, staked) = setup();
    let action = proposal::signal_action();
    governance::create_proposal(&system, &staked[0], action, b"".to_string(), &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = proposal::EInvalidActionKind)]
fun an_unknown_action_kind_aborts() {
    let (mut s, clock, system, _caps, _node_ids, staked) = setup();
    let action = proposal::action_for_testing(4, 0, 0, @0x0);
    governance::create_proposal(&system, &staked[0], action, text(), &clock, s.ctx());
    abort
}

// === Vote aborts ===

#[test, expected_failure(abort_code = proposal::EVotingClosed)]
fun voting_after_the_voting_period_aborts() {
    let (mut s, mut clock, system, _caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    clock.set_for_testing(p.voting_end_ms());
    vote(&system, &mut p, &mut staked, 0, proposal::vote_for(), &clock, &mut s);
    abort
}

#[test, expected_failure(abort_code = proposal::EInvalidChoice)]
fun an_invalid_choice_aborts() {
    let (mut s, clock, system, _caps, _node_ids, mut staked) = setup();
    let mut p = propose(&system, &mut s, &clock, &staked[0], proposal::signal_action());
    vote(&system, &mut p, &mut staked, 0, 3, &clock, &mut s);
    abort
}

#[test, expected_failure(abort_code = auditors::ENotAuditor)]
fun an_auditor_removed_by_governance_cannot_report() {
    let (mut s, mut clock) = tu::begin();
    tu::setup_random(&mut s);
    let (mut system, _caps, node_ids, mut staked) = tu::setup_committee_with(
        &mut s,
        &mut clock,
        vector[4_000, 3_000, 2_000, 1_000],
        2,
    );
    system.params_mut().set_parameter(params::param_round_duration_ms(), 100_000);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    let p = pass(
        &mut system,
        &mut s,
        &mut clock,
        &mut staked,
        proposal::remove_auditor_action(tu::auditor(1)),
    );
    ts::return_shared(p);
    s.next_tx(tu::auditor(1));
    let cap = tu::auditor_cap(&s, 1);
    walrus::audit::submit_report(
        &system,
        &cap,
        &mut round,
        vector[node_ids[0]],
        vector[1],
        vector[0],
        tu::digest(1),
        &clock,
    );
    abort
}
