/// Audit rounds and penalties through the system: opening rounds from `sui::random`, reports
/// (from non-auditors, revoked auditors, late, duplicate, about non-members, malformed),
/// finalization with and without the auditor quorum, slashing arithmetic to the last FROST with
/// several delegators, forfeited rewards, exclusion after consecutive penalties and
/// re-registration, and WAL conservation across penalties and burns.
#[test_only]
module walrus::audit_tests;

use sui::clock::Clock;
use sui::coin::Coin;
use sui::event;
use sui::random::Random;
use sui::test_scenario::{Self as ts, Scenario};
use wal::wal::{Self, WAL, Treasury};
use walrus::audit;
use walrus::audit_round::{Self, AuditRound};
use walrus::auditors;
use walrus::events;
use walrus::params;
use walrus::penalties;
use walrus::staked_wal::StakedWal;
use walrus::storage_node::StorageNodeCap;
use walrus::system::{Self, System};
use walrus::test_keys;
use walrus::test_utils::{Self as tu, destroy};

/// The standard committee (test keys 0..3 with 400, 300, 200, 100 WAL and 4, 3, 2, 1 shards) in
/// epoch 1, `n_auditors` auditors, the `Random` object and the WAL `Treasury`.
fun setup(
    n_auditors: u64,
): (Scenario, Clock, System, vector<StorageNodeCap>, vector<ID>, vector<StakedWal>, Treasury) {
    let (mut s, mut clock) = tu::begin();
    tu::setup_random(&mut s);
    wal::init_for_testing(s.ctx());
    s.next_tx(tu::admin());
    let treasury = s.take_shared<Treasury>();
    let (system, caps, node_ids, staked) = tu::setup_committee_with(
        &mut s,
        &mut clock,
        tu::standard_stakes(),
        n_auditors,
    );
    (s, clock, system, caps, node_ids, staked, treasury)
}

/// Ends a test.
fun finish(
    system: System,
    clock: Clock,
    s: Scenario,
    caps: vector<StorageNodeCap>,
    staked: vector<StakedWal>,
    treasury: Treasury,
) {
    destroy(caps);
    destroy(staked);
    ts::return_shared(treasury);
    tu::finish(system, clock, s);
}

/// Submits auditor `i`'s report.
fun report(
    system: &System,
    s: &mut Scenario,
    clock: &Clock,
    round: &mut AuditRound,
    i: u64,
    node_ids: vector<ID>,
    challenged: vector<u64>,
    failed: vector<u64>,
) {
    s.next_tx(tu::auditor(i));
    let cap = tu::auditor_cap(s, i);
    audit::submit_report(system, &cap, round, node_ids, challenged, failed, tu::digest(i as u8), clock);
    ts::return_to_address(tu::auditor(i), cap);
}

/// Auditor `i` reports on the whole committee of `round` with 300 challenges per node; the
/// members at the committee indices in `failing` fail 5 of them, the others none.
fun report_failing(
    system: &System,
    s: &mut Scenario,
    clock: &Clock,
    round: &mut AuditRound,
    i: u64,
    failing: vector<u64>,
) {
    let node_ids = *round.node_ids();
    let k = node_ids.length();
    let challenged = vector::tabulate!(k, |_| 300);
    let failed = vector::tabulate!(k, |j| if (failing.contains(&j)) 5 else 0);
    report(system, s, clock, round, i, node_ids, challenged, failed);
}

/// Moves the clock to the round's deadline and finalizes it.
fun finalize(
    system: &mut System,
    s: &mut Scenario,
    clock: &mut Clock,
    round: &mut AuditRound,
    treasury: &mut Treasury,
) {
    s.next_tx(tu::user());
    if (clock.timestamp_ms() < round.deadline_ms()) clock.set_for_testing(round.deadline_ms());
    audit::finalize_round(system, round, treasury, clock, s.ctx());
}

/// Opens a round in which auditors `auditors` find the members at `failing` failing, and
/// finalizes it.
fun penalize(
    system: &mut System,
    s: &mut Scenario,
    clock: &mut Clock,
    treasury: &mut Treasury,
    auditors: vector<u64>,
    failing: vector<u64>,
) {
    let mut round = tu::open_round(system, s, clock);
    auditors.do!(|i| report_failing(system, s, clock, &mut round, i, failing));
    finalize(system, s, clock, &mut round, treasury);
    ts::return_shared(round);
}

// === Opening rounds ===

#[test]
fun open_round_records_seed_deadline_and_committee() {
    let (mut s, clock, mut system, caps, node_ids, staked, treasury) = setup(3);
    s.next_tx(tu::user());
    let r = s.take_shared<Random>();
    audit::open_round(&mut system, &r, &clock, s.ctx());
    let opened = event::events_by_type<events::AuditRoundOpened>();
    ts::return_shared(r);
    s.next_tx(tu::user());
    let round = s.take_shared<AuditRound>();
    assert!(round.round() == 0 && round.epoch() == 1 && round.seed().length() == 32);
    assert!(round.opened_ms() == 1_000 && round.deadline_ms() == 2_000);
    assert!(round.node_ids() == &node_ids && round.n_auditors() == 3);
    assert!(round.challenged_symbols() == 300 && round.failure_threshold_bps() == 0);
    assert!(round.auditor_quorum_bps() == 5_001 && round.penalty_bps() == 100);
    assert!(round.failing_reports() == &vector[0, 0, 0, 0] && !round.is_finalized());
    assert!(
        opened == vector[
            events::audit_round_opened(
                round.id(),
                0,
                1,
                round.seed(),
                1_000,
                2_000,
                300,
                0,
                5_001,
                100,
                3,
                node_ids,
            ),
        ],
    );
    assert!(system.audit_schedule().next_round() == 1);
    assert!(system.audit_schedule().rounds_opened_in(1) == 1);
    ts::return_shared(round);
    finish(system, clock, s, caps, staked, treasury);
}

#[test]
fun every_round_gets_a_fresh_seed() {
    let (mut s, clock, mut system, caps, _node_ids, staked, treasury) = setup(1);
    let a = tu::open_round(&mut system, &mut s, &clock);
    let b = tu::open_round(&mut system, &mut s, &clock);
    assert!(a.round() == 0 && b.round() == 1);
    assert!(a.seed() != b.seed());
    ts::return_shared(a);
    ts::return_shared(b);
    finish(system, clock, s, caps, staked, treasury);
}

#[test, expected_failure(abort_code = audit_round::ETooManyRounds)]
fun rounds_per_epoch_are_limited() {
    let (mut s, clock, mut system, _caps, _node_ids, _staked, _treasury) = setup(1);
    assert!(system.params().max_rounds_per_epoch() == 4);
    4u64.do!(|_| {
        let r = tu::open_round(&mut system, &mut s, &clock);
        ts::return_shared(r);
    });
    let _r = tu::open_round(&mut system, &mut s, &clock);
    abort
}

#[test]
fun the_round_budget_resets_each_epoch() {
    let (mut s, mut clock, mut system, caps, _node_ids, staked, treasury) = setup(1);
    4u64.do!(|_| {
        let r = tu::open_round(&mut system, &mut s, &clock);
        ts::return_shared(r);
    });
    tu::advance(&mut system, &mut clock);
    let r = tu::open_round(&mut system, &mut s, &clock);
    assert!(r.round() == 4 && r.epoch() == 2);
    assert!(system.audit_schedule().rounds_opened_in(2) == 1);
    assert!(system.audit_schedule().rounds_opened_in(1) == 0);
    ts::return_shared(r);
    finish(system, clock, s, caps, staked, treasury);
}

#[test, expected_failure(abort_code = audit::ENoCommittee)]
fun open_round_without_committee_aborts() {
    let (mut s, clock) = tu::begin();
    tu::setup_random(&mut s);
    let mut system = system::new_with_auditors_for_testing(
        10,
        1_000,
        10,
        10,
        0,
        1 << 40,
        1,
        1,
        vector[tu::auditor(0)],
        &clock,
        s.ctx(),
    );
    let _r = tu::open_round(&mut system, &mut s, &clock);
    abort
}

#[test, expected_failure(abort_code = audit::ENoAuditors)]
fun open_round_without_auditors_aborts() {
    let (mut s, clock, mut system, _caps, _node_ids, _staked, _treasury) = setup(0);
    let _r = tu::open_round(&mut system, &mut s, &clock);
    abort
}

// === Reports ===

#[test]
fun a_report_is_recorded_with_its_event() {
    let (mut s, clock, mut system, caps, node_ids, staked, treasury) = setup(3);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    s.next_tx(tu::auditor(1));
    let cap = tu::auditor_cap(&s, 1);
    let nodes = vector[node_ids[0], node_ids[2]];
    audit::submit_report(
        &system,
        &cap,
        &mut round,
        nodes,
        vector[300, 300],
        vector[0, 4],
        tu::digest(7),
        &clock,
    );
    assert!(
        event::events_by_type<events::AuditReportSubmitted>() == vector[
            events::audit_report_submitted(
                round.id(),
                0,
                1,
                1,
                tu::auditor(1),
                object::id(&cap),
                1_000,
                nodes,
                vector[300, 300],
                vector[0, 4],
                vector[false, true],
                tu::digest(7),
            ),
        ],
    );
    assert!(round.failing_reports() == &vector[0, 0, 1, 0]);
    assert!(round.has_reported(tu::auditor(1)) && !round.has_reported(tu::auditor(0)));
    assert!(round.reporters() == &vector[tu::auditor(1)] && round.report_count() == 1);
    let r = round.report(tu::auditor(1));
    assert!(r.report_auditor() == tu::auditor(1) && r.report_cap_id() == object::id(&cap));
    assert!(r.report_node_ids() == &nodes && r.report_failed() == &vector[0, 4]);
    assert!(r.report_challenged() == &vector[300, 300] && r.report_submitted_ms() == 1_000);
    assert!(r.report_evidence_digest() == &tu::digest(7));
    ts::return_to_address(tu::auditor(1), cap);
    ts::return_shared(round);
    finish(system, clock, s, caps, staked, treasury);
}

#[test]
fun a_moved_cap_still_reports_for_its_auditor() {
    let (mut s, clock, mut system, caps, node_ids, staked, treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    s.next_tx(tu::auditor(0));
    let cap = tu::auditor_cap(&s, 0);
    transfer::public_transfer(cap, @0x4071);
    s.next_tx(@0x4071);
    let cap = s.take_from_sender<auditors::AuditorCap>();
    audit::submit_report(&system, &cap, &mut round, vector[node_ids[3]], vector[10], vector[0], tu::digest(1), &clock);
    assert!(round.has_reported(tu::auditor(0)));
    destroy(cap);
    ts::return_shared(round);
    finish(system, clock, s, caps, staked, treasury);
}

#[test]
fun a_report_just_before_the_deadline_is_accepted() {
    let (mut s, mut clock, mut system, caps, node_ids, staked, treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    clock.set_for_testing(round.deadline_ms() - 1);
    report(&system, &mut s, &clock, &mut round, 0, vector[node_ids[0]], vector[1], vector[1]);
    assert!(round.failing_reports() == &vector[1, 0, 0, 0]);
    ts::return_shared(round);
    finish(system, clock, s, caps, staked, treasury);
}

#[test, expected_failure(abort_code = auditors::ENotAuditor)]
fun a_report_from_a_non_auditor_aborts() {
    let (mut s, clock, mut system, _caps, node_ids, _staked, _treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    let fake = auditors::new_cap_for_testing(tu::user(), s.ctx());
    audit::submit_report(&system, &fake, &mut round, vector[node_ids[0]], vector[1], vector[1], tu::digest(0), &clock);
    abort
}

#[test, expected_failure(abort_code = auditors::ENotAuditor)]
fun a_report_from_a_revoked_auditor_aborts() {
    let (mut s, clock, mut system, _caps, node_ids, _staked, _treasury) = setup(2);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    system.auditors_mut().remove(tu::auditor(1));
    report(&system, &mut s, &clock, &mut round, 1, vector[node_ids[0]], vector[1], vector[1]);
    abort
}

#[test, expected_failure(abort_code = audit_round::EReportTooLate)]
fun a_late_report_aborts() {
    let (mut s, mut clock, mut system, _caps, node_ids, _staked, _treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    clock.set_for_testing(round.deadline_ms());
    report(&system, &mut s, &clock, &mut round, 0, vector[node_ids[0]], vector[1], vector[1]);
    abort
}

#[test, expected_failure(abort_code = audit_round::EDuplicateReport)]
fun a_duplicate_report_aborts() {
    let (mut s, clock, mut system, _caps, node_ids, _staked, _treasury) = setup(2);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    report(&system, &mut s, &clock, &mut round, 0, vector[node_ids[0]], vector[1], vector[0]);
    report(&system, &mut s, &clock, &mut round, 0, vector[node_ids[1]], vector[1], vector[1]);
    abort
}

#[test, expected_failure(abort_code = audit_round::EDuplicateReport)]
fun a_re_added_auditor_cannot_report_twice_in_a_round() {
    let (mut s, clock, mut system, _caps, node_ids, _staked, _treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    report(&system, &mut s, &clock, &mut round, 0, vector[node_ids[0]], vector[1], vector[0]);
    system.auditors_mut().remove(tu::auditor(0));
    let cap = system.auditors_mut().add(tu::auditor(0), 1, s.ctx());
    audit::submit_report(&system, &cap, &mut round, vector[node_ids[0]], vector[1], vector[1], tu::digest(0), &clock);
    abort
}

#[test, expected_failure(abort_code = audit_round::ENotCommitteeMember)]
fun a_report_about_a_non_member_aborts() {
    let (mut s, clock, mut system, _caps, node_ids, _staked, _treasury) = setup(1);
    // Node 4 is registered but has no stake, so it is not in the committee.
    let outsider = tu::register(&mut system, &mut s, 4);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    let nodes = vector[node_ids[0], outsider.cap_node_id()];
    report(&system, &mut s, &clock, &mut round, 0, nodes, vector[1, 1], vector[0, 1]);
    abort
}

#[test, expected_failure(abort_code = audit_round::ENotCommitteeMember)]
fun a_round_audits_the_committee_of_its_epoch() {
    let (mut s, mut clock, mut system, _caps, _node_ids, _staked, _treasury) = setup(1);
    system.params_mut().set_parameter(params::param_round_duration_ms(), 10_000);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    // Node 4 joins the committee of epoch 2, but the round audits epoch 1's committee.
    let newcomer = tu::register(&mut system, &mut s, 4);
    let st = system.stake_with_pool(tu::mint(&mut s, tu::frost(1_000)), newcomer.cap_node_id(), s.ctx());
    tu::advance(&mut system, &mut clock);
    assert!(system.committee().contains(newcomer.cap_node_id()));
    let nodes = vector[newcomer.cap_node_id()];
    report(&system, &mut s, &clock, &mut round, 0, nodes, vector[1], vector[1]);
    destroy(st);
    abort
}

#[test, expected_failure(abort_code = audit_round::EInvalidNodeOrder)]
fun a_report_out_of_committee_order_aborts() {
    let (mut s, clock, mut system, _caps, node_ids, _staked, _treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    let nodes = vector[node_ids[2], node_ids[1]];
    report(&system, &mut s, &clock, &mut round, 0, nodes, vector[1, 1], vector[0, 0]);
    abort
}

#[test, expected_failure(abort_code = audit_round::EInvalidNodeOrder)]
fun a_report_naming_a_node_twice_aborts() {
    let (mut s, clock, mut system, _caps, node_ids, _staked, _treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    let nodes = vector[node_ids[1], node_ids[1]];
    report(&system, &mut s, &clock, &mut round, 0, nodes, vector[1, 1], vector[0, 1]);
    abort
}

#[test, expected_failure(abort_code = audit_round::EReportLengthMismatch)]
fun a_report_with_mismatched_lengths_aborts() {
    let (mut s, clock, mut system, _caps, node_ids, _staked, _treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    report(&system, &mut s, &clock, &mut round, 0, vector[node_ids[0]], vector[1, 1], vector[0]);
    abort
}

#[test, expected_failure(abort_code = audit_round::EReportLengthMismatch)]
fun an_empty_report_aborts() {
    let (mut s, clock, mut system, _caps, _node_ids, _staked, _treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    report(&system, &mut s, &clock, &mut round, 0, vector[], vector[], vector[]);
    abort
}

#[test, expected_failure(abort_code = audit_round::EInvalidCounts)]
fun more_failures_than_challenges_abort() {
    let (mut s, clock, mut system, _caps, node_ids, _staked, _treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    report(&system, &mut s, &clock, &mut round, 0, vector[node_ids[0]], vector[3], vector[4]);
    abort
}

#[test, expected_failure(abort_code = audit_round::EInvalidCounts)]
fun more_challenges_than_the_round_allows_abort() {
    let (mut s, clock, mut system, _caps, node_ids, _staked, _treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    report(&system, &mut s, &clock, &mut round, 0, vector[node_ids[0]], vector[301], vector[0]);
    abort
}

#[test, expected_failure(abort_code = audit_round::EInvalidEvidenceDigest)]
fun a_short_evidence_digest_aborts() {
    let (mut s, clock, mut system, _caps, node_ids, _staked, _treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    s.next_tx(tu::auditor(0));
    let cap = tu::auditor_cap(&s, 0);
    audit::submit_report(&system, &cap, &mut round, vector[node_ids[0]], vector[1], vector[0], vector[1, 2, 3], &clock);
    abort
}

// === Finalization ===

#[test, expected_failure(abort_code = audit_round::EDeadlineNotReached)]
fun finalize_before_the_deadline_aborts() {
    let (mut s, mut clock, mut system, _caps, _node_ids, _staked, mut treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    clock.set_for_testing(round.deadline_ms() - 1);
    audit::finalize_round(&mut system, &mut round, &mut treasury, &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = audit_round::EAlreadyFinalized)]
fun finalize_twice_aborts() {
    let (mut s, mut clock, mut system, _caps, _node_ids, _staked, mut treasury) = setup(1);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    finalize(&mut system, &mut s, &mut clock, &mut round, &mut treasury);
    audit::finalize_round(&mut system, &mut round, &mut treasury, &clock, s.ctx());
    abort
}

#[test]
fun without_the_auditor_quorum_nobody_is_penalized() {
    let (mut s, mut clock, mut system, caps, node_ids, staked, mut treasury) = setup(3);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    // One of three auditors finds node 1 failing: 1 * 10000 < 5001 * 3.
    report_failing(&system, &mut s, &clock, &mut round, 0, vector[1]);
    report_failing(&system, &mut s, &clock, &mut round, 2, vector[]);
    finalize(&mut system, &mut s, &mut clock, &mut round, &mut treasury);
    assert!(event::events_by_type<events::NodePenalized>().is_empty());
    assert!(event::events_by_type<wal::WalBurned>().is_empty());
    assert!(
        event::events_by_type<events::AuditRoundFinalized>() == vector[
            events::audit_round_finalized(
                round.id(),
                0,
                1,
                1,
                2,
                3,
                node_ids,
                vector[0, 1, 0, 0],
                vector[],
                vector[],
                0,
            ),
        ],
    );
    assert!(round.is_finalized() && system.wal_slashed() == 0);
    assert!(system.pool_active_stake(node_ids[1]) == tu::frost(300));
    assert!(!system.pool(node_ids[1]).is_rewards_forfeited(1));
    assert!(treasury.total_supply() == wal::initial_supply());
    ts::return_shared(round);
    finish(system, clock, s, caps, staked, treasury);
}

#[test]
fun with_the_auditor_quorum_the_node_is_slashed_burned_and_forfeits() {
    let (mut s, mut clock, mut system, caps, node_ids, staked, mut treasury) = setup(3);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    // Two of three auditors find node 1 failing: 2 * 10000 >= 5001 * 3.
    report_failing(&system, &mut s, &clock, &mut round, 0, vector[1]);
    report_failing(&system, &mut s, &clock, &mut round, 1, vector[1, 3]);
    report_failing(&system, &mut s, &clock, &mut round, 2, vector[]);
    finalize(&mut system, &mut s, &mut clock, &mut round, &mut treasury);
    let slashed = tu::frost(3);
    assert!(
        event::events_by_type<events::NodePenalized>() == vector[
            events::node_penalized(
                round.id(),
                0,
                1,
                1,
                node_ids[1],
                2,
                3,
                slashed,
                tu::frost(300),
                tu::frost(297),
                (tu::frost(300) as u128),
                1,
                1,
                false,
            ),
        ],
    );
    let burns = event::events_by_type<wal::WalBurned>();
    assert!(burns.length() == 1 && burns[0].burned_amount() == slashed);
    assert!(burns[0].burned_total_supply() == wal::initial_supply() - slashed);
    assert!(
        event::events_by_type<events::AuditRoundFinalized>() == vector[
            events::audit_round_finalized(
                round.id(),
                0,
                1,
                1,
                3,
                3,
                node_ids,
                vector[0, 2, 0, 1],
                vector[node_ids[1]],
                vector[slashed],
                slashed,
            ),
        ],
    );
    assert!(system.pool_active_stake(node_ids[1]) == tu::frost(297));
    assert!(system.total_active_stake() == tu::frost(997));
    assert!(system.wal_slashed() == (slashed as u128));
    assert!(treasury.total_supply() == wal::initial_supply() - slashed);
    assert!(treasury.total_burned() == slashed);
    assert!(system.pool(node_ids[1]).is_rewards_forfeited(1));
    assert!(!system.pool(node_ids[3]).is_rewards_forfeited(1));
    let record = system.penalty_records().record(node_ids[1]).destroy_some();
    assert!(record.record_consecutive_penalties() == 1 && record.record_penalized_rounds() == 1);
    assert!(record.record_total_slashed() == slashed && record.record_excluded_epoch().is_none());
    tu::assert_invariants(&system);
    ts::return_shared(round);
    finish(system, clock, s, caps, staked, treasury);
}

#[test]
fun the_failure_threshold_must_be_exceeded() {
    let (mut s, mut clock, mut system, caps, node_ids, staked, mut treasury) = setup(1);
    // 1%: 3 failures of 300 are not above it, 4 are.
    system.params_mut().set_parameter(params::param_failure_threshold_bps(), 100);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    let nodes = vector[node_ids[0], node_ids[1], node_ids[2], node_ids[3]];
    report(&system, &mut s, &clock, &mut round, 0, nodes, vector[300, 300, 0, 299], vector[3, 4, 0, 3]);
    assert!(round.failing_reports() == &vector[0, 1, 0, 1]);
    finalize(&mut system, &mut s, &mut clock, &mut round, &mut treasury);
    assert!(system.pool_active_stake(node_ids[0]) == tu::frost(400));
    assert!(system.pool_active_stake(node_ids[1]) == tu::frost(297));
    assert!(system.pool_active_stake(node_ids[2]) == tu::frost(200));
    assert!(system.pool_active_stake(node_ids[3]) == tu::frost(99));
    ts::return_shared(round);
    finish(system, clock, s, caps, staked, treasury);
}

#[test]
fun a_rounds_parameters_are_fixed_when_it_opens() {
    let (mut s, mut clock, mut system, caps, node_ids, staked, mut treasury) = setup(2);
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    // Raising the penalty and the quorum after the round opened changes nothing for it.
    system.params_mut().set_parameter(params::param_penalty_bps(), 5_000);
    system.params_mut().set_parameter(params::param_auditor_quorum_bps(), 10_000);
    report_failing(&system, &mut s, &clock, &mut round, 0, vector[0]);
    report_failing(&system, &mut s, &clock, &mut round, 1, vector[0]);
    finalize(&mut system, &mut s, &mut clock, &mut round, &mut treasury);
    assert!(system.pool_active_stake(node_ids[0]) == tu::frost(396));
    ts::return_shared(round);
    finish(system, clock, s, caps, staked, treasury);
}

#[test]
fun forfeited_rewards_are_withheld_at_the_epoch_change() {
    let (mut s, mut clock, mut system, caps, node_ids, staked, mut treasury) = setup(1);
    // 10 MiB for one epoch: 10,000 FROST of fees for epoch 1.
    let st = tu::reserve(&mut system, &mut s, 10 * 1_048_576, 1);
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0], vector[2]);
    s.next_tx(tu::admin());
    tu::advance(&mut system, &mut clock);
    assert!(
        event::events_by_type<events::RewardsDistributed>() == vector[
            events::rewards_distributed(
                1,
                10_000,
                node_ids,
                vector[3_600, 2_700, 0, 900],
                vector[400, 300, 0, 100],
                2_000,
                2_000,
            ),
        ],
    );
    tu::assert_invariants(&system);
    destroy(st);
    finish(system, clock, s, caps, staked, treasury);
}

// === Slashing arithmetic ===

#[test]
fun delegators_bear_the_slash_pro_rata_to_the_last_frost() {
    let (mut s, mut clock, mut system, caps, node_ids, mut staked, mut treasury) = setup(2);
    let node = node_ids[0];
    // Three delegators join node 0 in epoch 1 (active from epoch 2, at the rate 1 share/FROST).
    let amounts = vector[123_456_789_012, 7, 1_000_000_001];
    let mut delegated = vector[];
    amounts.length().do!(|i| {
        s.next_tx(tu::staker(i));
        delegated.push_back(system.stake_with_pool(tu::mint(&mut s, amounts[i]), node, s.ctx()));
    });
    tu::advance(&mut system, &mut clock);
    let active = 524_456_789_020;
    assert!(system.pool_active_stake(node) == active);
    assert!(system.pool(node).total_shares() == (active as u128));
    // A 3.33% penalty: floor(524,456,789,020 * 333 / 10000) = 17,464,411,074 FROST.
    system.params_mut().set_parameter(params::param_penalty_bps(), 333);
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0, 1], vector[0]);
    let slashed = 17_464_411_074;
    assert!(system.pool_active_stake(node) == active - slashed);
    assert!(treasury.total_burned() == slashed && system.wal_slashed() == (slashed as u128));
    // Everyone leaves node 0 at the slashed rate (506,992,377,946 FROST / 524,456,789,020 shares).
    let mut operator = staked.remove(0);
    system.request_withdraw_stake(&mut operator);
    delegated.do_mut!(|d| system.request_withdraw_stake(d));
    tu::advance(&mut system, &mut clock);
    let out = system.withdraw_stake(operator, s.ctx());
    assert!(out.value() == 386_680_000_000);
    let expected = vector[119_345_677_937, 6, 966_700_000];
    let mut paid = out.value();
    destroy(out);
    delegated.reverse();
    expected.length().do!(|i| {
        let d = delegated.pop_back();
        let coin = system.withdraw_stake(d, s.ctx());
        assert!(coin.value() == expected[i]);
        paid = paid + coin.value();
        destroy(coin);
    });
    delegated.destroy_empty();
    // 3 FROST of rounding dust stay in the pool; nothing is lost.
    assert!(paid == active - slashed - 3);
    assert!(system.pool(node).wal_held() == 3);
    tu::assert_invariants(&system);
    finish(system, clock, s, caps, staked, treasury);
}

#[test]
fun pending_stake_is_not_slashed() {
    let (mut s, mut clock, mut system, caps, node_ids, staked, mut treasury) = setup(1);
    let pending = system.stake_with_pool(tu::mint(&mut s, tu::frost(50)), node_ids[0], s.ctx());
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0], vector[0]);
    assert!(system.pool(node_ids[0]).pending_stake() == tu::frost(50));
    let coin = system.withdraw_stake(pending, s.ctx());
    assert!(coin.value() == tu::frost(50));
    destroy(coin);
    tu::assert_invariants(&system);
    finish(system, clock, s, caps, staked, treasury);
}

#[test]
fun a_full_penalty_keeps_the_share_bound() {
    let (mut s, mut clock, mut system, caps, node_ids, staked, mut treasury) = setup(1);
    system.params_mut().set_parameter(params::param_penalty_bps(), 10_000);
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0], vector[0]);
    // 400e9 shares need at least ceil(400e9 / 2^32) = 94 FROST.
    assert!(system.pool_active_stake(node_ids[0]) == 94);
    assert!(treasury.total_burned() == 399_999_999_906);
    // A second full penalty cannot take more.
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0], vector[0]);
    assert!(system.pool_active_stake(node_ids[0]) == 94);
    tu::assert_invariants(&system);
    finish(system, clock, s, caps, staked, treasury);
}

// === Exclusion and re-registration ===

#[test]
fun consecutive_penalties_exclude_until_re_registration() {
    let (mut s, mut clock, mut system, caps, node_ids, staked, mut treasury) = setup(1);
    let node = node_ids[3];
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0], vector[3]);
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0], vector[3]);
    assert!(system.penalty_records().consecutive_penalties(node) == 2);
    assert!(!system.pool(node).is_excluded());
    let mut round = tu::open_round(&mut system, &mut s, &clock);
    report_failing(&system, &mut s, &clock, &mut round, 0, vector[3]);
    finalize(&mut system, &mut s, &mut clock, &mut round, &mut treasury);
    // 100 WAL -1% -1% -1%: 99, 98.01, 97.0299 WAL; the third slash is 980,100,000 FROST.
    let before = 98_010_000_000;
    assert!(
        event::events_by_type<events::NodePenalized>() == vector[
            events::node_penalized(
                round.id(),
                2,
                1,
                1,
                node,
                1,
                1,
                980_100_000,
                before,
                before - 980_100_000,
                (tu::frost(100) as u128),
                1,
                3,
                true,
            ),
        ],
    );
    ts::return_shared(round);
    assert!(system.pool(node).is_excluded() && system.penalty_records().is_excluded(node));
    assert!(system.pool_active_stake(node) == 97_029_900_000);
    // Excluded from the next committee.
    s.next_tx(tu::admin());
    tu::advance(&mut system, &mut clock);
    assert!(!system.committee().contains(node) && system.committee().size() == 3);
    // Re-registration from the epoch after the exclusion on.
    s.next_tx(test_keys::operator(3));
    system.reregister_node(&caps[3]);
    assert!(
        event::events_by_type<events::NodeReregistered>()
            == vector[events::node_reregistered(2, node, 1)],
    );
    assert!(!system.pool(node).is_excluded() && !system.penalty_records().is_excluded(node));
    assert!(system.penalty_records().consecutive_penalties(node) == 0);
    let record = system.penalty_records().record(node).destroy_some();
    assert!(record.record_penalized_rounds() == 3);
    tu::advance(&mut system, &mut clock);
    assert!(system.committee().contains(node));
    tu::assert_invariants(&system);
    finish(system, clock, s, caps, staked, treasury);
}

#[test]
fun a_clean_round_resets_the_streak() {
    let (mut s, mut clock, mut system, caps, node_ids, staked, mut treasury) = setup(1);
    let node = node_ids[2];
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0], vector[2]);
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0], vector[2]);
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0], vector[]);
    assert!(system.penalty_records().consecutive_penalties(node) == 0);
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0], vector[2]);
    assert!(system.penalty_records().consecutive_penalties(node) == 1);
    assert!(!system.pool(node).is_excluded());
    finish(system, clock, s, caps, staked, treasury);
}

#[test, expected_failure(abort_code = penalties::EExclusionNotOver)]
fun re_registering_in_the_exclusion_epoch_aborts() {
    let (mut s, mut clock, mut system, caps, _node_ids, _staked, mut treasury) = setup(1);
    system.params_mut().set_parameter(params::param_exclusion_rounds(), 1);
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0], vector[1]);
    system.reregister_node(&caps[1]);
    abort
}

#[test, expected_failure(abort_code = penalties::ENotExcluded)]
fun re_registering_a_node_in_good_standing_aborts() {
    let (_s, _clock, mut system, caps, _node_ids, _staked, _treasury) = setup(1);
    system.reregister_node(&caps[0]);
    abort
}

#[test, expected_failure(abort_code = system::ENodeNotFound)]
fun re_registering_an_unknown_node_aborts() {
    let (mut s, _clock, mut system, _caps, _node_ids, _staked, _treasury) = setup(1);
    let cap = walrus::storage_node::new_cap_for_testing(object::id_from_address(@0x99), s.ctx());
    system.reregister_node(&cap);
    abort
}

// === WAL conservation ===

/// Asserts the invariants, that the WAL outside the system (`bank`) plus the system's WAL is
/// the current supply, and that everything slashed was burned.
fun check(system: &System, bank: &Coin<WAL>, treasury: &Treasury) {
    tu::assert_invariants(system);
    assert!((bank.value() as u128) + system.wal_held() == (treasury.total_supply() as u128));
    assert!(system.wal_slashed() == (treasury.total_burned() as u128));
    assert!(
        (treasury.total_supply() as u128) + system.wal_slashed() == (wal::initial_supply() as u128),
    );
}

#[test]
fun wal_is_conserved_across_penalties_and_burns() {
    let (mut s, mut clock) = tu::begin();
    tu::setup_random(&mut s);
    wal::init_for_testing(s.ctx());
    s.next_tx(tu::admin());
    let mut bank = s.take_from_sender<Coin<WAL>>();
    let mut treasury = s.take_shared<Treasury>();
    let mut system = system::new_with_auditors_for_testing(
        10,
        1_000,
        10,
        10,
        0,
        1 << 40,
        1_000,
        500,
        vector[tu::auditor(0), tu::auditor(1)],
        &clock,
        s.ctx(),
    );
    let mut caps = vector[];
    let mut positions = vector[];
    let own = vector[400, 300, 200, 100];
    4u64.do!(|key| {
        let cap = tu::register(&mut system, &mut s, key);
        let coin = bank.split(tu::frost(own[key]), s.ctx());
        positions.push_back(system.stake_with_pool(coin, cap.cap_node_id(), s.ctx()));
        caps.push_back(cap);
    });
    let nodes = vector::tabulate!(4, |i| caps[i].cap_node_id());
    s.next_tx(tu::staker(0));
    positions.push_back(system.stake_with_pool(bank.split(tu::frost(77), s.ctx()), nodes[2], s.ctx()));
    check(&system, &bank, &treasury);
    s.next_tx(tu::admin());
    tu::advance(&mut system, &mut clock);
    // Fees for epochs 1..3.
    s.next_tx(tu::user());
    let mut pay = bank.split(100_000_000, s.ctx());
    let storage = system.reserve_space(40 * 1_048_576, 3, &mut pay, s.ctx());
    bank.join(pay);
    check(&system, &bank, &treasury);
    // Epoch 1: node 2 (with a delegator) is penalized by both auditors.
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0, 1], vector[2]);
    check(&system, &bank, &treasury);
    s.next_tx(tu::admin());
    tu::advance(&mut system, &mut clock);
    check(&system, &bank, &treasury);
    // Epoch 2: nodes 0 and 3 are penalized in one round (one burn).
    penalize(&mut system, &mut s, &mut clock, &mut treasury, vector[0, 1], vector[0, 3]);
    check(&system, &bank, &treasury);
    s.next_tx(tu::admin());
    tu::advance(&mut system, &mut clock);
    check(&system, &bank, &treasury);
    assert!(system.wal_slashed() > 0);
    // Everyone leaves.
    positions.do_mut!(|p| system.request_withdraw_stake(p));
    tu::advance(&mut system, &mut clock);
    positions.destroy!(|p| bank.join(system.withdraw_stake(p, s.ctx())));
    4u64.do!(|key| {
        s.next_tx(test_keys::operator(key));
        bank.join(system.collect_commission(&caps[key], s.ctx()));
    });
    check(&system, &bank, &treasury);
    assert!(treasury.total_supply() < wal::initial_supply());
    destroy(storage);
    destroy(caps);
    destroy(bank);
    ts::return_shared(treasury);
    tu::finish(system, clock, s);
}
