/// Governance proposals: the `Proposal` object, its action, its tally and its life cycle. The
/// entry points that bind proposals to the `System` (stake checks, execution) are in
/// `governance`.
///
/// Life cycle (`status`):
/// * `ACTIVE` from creation until `voting_end_ms`: positions vote for, against or abstain.
/// * After `voting_end_ms`, `finalize` (permissionless, once) decides:
///   - `EXPIRED` if the turnout missed the quorum:
///     `(for + against + abstain) * 10000 < quorum_bps * total_stake`;
///   - `PASSED` if `for * 10000 > approval_threshold_bps * (for + against)`;
///   - `REJECTED` otherwise (including ties and proposals with only abstentions).
/// * A `PASSED` proposal becomes `EXECUTED` when `governance::execute` applies it, at or after
///   `executable_from_ms = voting_end_ms + timelock_ms`, exactly once.
///
/// The quorum, approval threshold, voting period, timelock and total active stake are taken
/// when the proposal is created, so later parameter changes never affect a running vote.
module walrus::proposal;

use std::string::String;
use walrus::params;

// === Constants ===

/// Action: set one whitelisted protocol parameter.
const KIND_SET_PARAMETER: u8 = 0;
/// Action: register an auditor (a new `AuditorCap` is sent to it).
const KIND_ADD_AUDITOR: u8 = 1;
/// Action: remove an auditor (its cap stops working).
const KIND_REMOVE_AUDITOR: u8 = 2;
/// Action: none; the proposal is a text-only signal.
const KIND_SIGNAL: u8 = 3;

/// Vote choice: for.
const VOTE_FOR: u8 = 0;
/// Vote choice: against.
const VOTE_AGAINST: u8 = 1;
/// Vote choice: abstain (counts for the quorum only).
const VOTE_ABSTAIN: u8 = 2;

/// Status: accepting votes (or waiting for `finalize`).
const STATUS_ACTIVE: u8 = 0;
/// Status: passed, waiting for (or within) its timelock.
const STATUS_PASSED: u8 = 1;
/// Status: quorum reached but not approved.
const STATUS_REJECTED: u8 = 2;
/// Status: quorum not reached by the end of the voting period.
const STATUS_EXPIRED: u8 = 3;
/// Status: passed and executed.
const STATUS_EXECUTED: u8 = 4;

/// Longest description in bytes.
const MAX_DESCRIPTION_LENGTH: u64 = 4096;
/// 100% in basis points.
const MAX_BPS: u128 = 10_000;

// === Errors ===

#[error(code = 0)]
/// The action kind is not 0..=3.
const EInvalidActionKind: vector<u8> =
    b"invalid action: build it with proposal::set_parameter_action, add_auditor_action, remove_auditor_action or signal_action";

#[error(code = 1)]
/// The description is empty or too long.
const EInvalidDescription: vector<u8> =
    b"invalid description: a proposal needs a description of 1 to 4096 bytes (the text of a signal, or the rationale of an action)";

#[error(code = 2)]
/// The vote choice is not 0, 1 or 2.
const EInvalidChoice: vector<u8> =
    b"invalid vote: the choice must be 0 (for), 1 (against) or 2 (abstain)";

#[error(code = 3)]
/// The voting period is over.
const EVotingClosed: vector<u8> =
    b"voting closed: the proposal's voting period has ended; votes are accepted only before voting_end_ms";

#[error(code = 4)]
/// `finalize` before the end of the voting period.
const EVotingNotOver: vector<u8> =
    b"voting not over: a proposal can be finalized only once its voting_end_ms has passed";

#[error(code = 5)]
/// `finalize` on a finalized proposal.
const EAlreadyFinalized: vector<u8> =
    b"already finalized: the proposal's outcome is already decided (see its status)";

#[error(code = 6)]
/// `execute` on a proposal that did not pass.
const ENotPassed: vector<u8> =
    b"not passed: only a proposal finalized as passed can be executed (finalize it first if its voting period is over)";

#[error(code = 7)]
/// `execute` on an executed proposal.
const EAlreadyExecuted: vector<u8> =
    b"already executed: a proposal is executed exactly once";

#[error(code = 8)]
/// `execute` during the timelock.
const ETimelockNotOver: vector<u8> =
    b"timelock not over: a passed proposal can be executed from executable_from_ms (end of voting plus the timelock) on";

// === Structs ===

/// What a proposal does when executed. Fields not used by the kind are 0 (`param`, `value`) or
/// @0x0 (`auditor`).
public struct Action has copy, drop, store {
    /// `KIND_*`: 0 set parameter, 1 add auditor, 2 remove auditor, 3 signal.
    kind: u8,
    /// Parameter code (`params::PARAM_*`), for kind 0.
    param: u8,
    /// New parameter value, for kind 0.
    value: u64,
    /// Auditor address, for kinds 1 and 2.
    auditor: address,
}

/// A governance proposal (shared object).
public struct Proposal has key {
    id: UID,
    /// Sender of the creating transaction.
    proposer: address,
    /// The `StakedWal` whose stake qualified the proposer.
    staked_wal_id: ID,
    /// What the proposal does.
    action: Action,
    /// Text of the proposal (the signal itself for kind 3).
    description: String,
    /// Epoch of creation; only stake active in this epoch may vote.
    created_epoch: u32,
    /// Clock time of creation (ms).
    created_ms: u64,
    /// Votes are accepted while the clock is below this (ms).
    voting_end_ms: u64,
    /// A passed proposal can be executed from this time on (ms).
    executable_from_ms: u64,
    /// Total active stake when the proposal was created (quorum denominator).
    total_stake: u64,
    /// Quorum in bps of `total_stake`.
    quorum_bps: u16,
    /// Approval threshold in bps of the for + against votes.
    approval_threshold_bps: u16,
    /// Stake voting for.
    votes_for: u64,
    /// Stake voting against.
    votes_against: u64,
    /// Stake abstaining.
    votes_abstain: u64,
    /// `STATUS_*`.
    status: u8,
}

// === Actions (public builders, usable in programmable transactions) ===

/// An action setting whitelisted parameter `param` to `value`. Aborts with the parameter's
/// bounds error (see `params::check_parameter`).
public fun set_parameter_action(param: u8, value: u64): Action {
    params::check_parameter(param, value);
    Action { kind: KIND_SET_PARAMETER, param, value, auditor: @0x0 }
}

/// An action registering `auditor` (a new `AuditorCap` is sent to it on execution).
public fun add_auditor_action(auditor: address): Action {
    Action { kind: KIND_ADD_AUDITOR, param: 0, value: 0, auditor }
}

/// An action removing `auditor` (its cap stops working on execution).
public fun remove_auditor_action(auditor: address): Action {
    Action { kind: KIND_REMOVE_AUDITOR, param: 0, value: 0, auditor }
}

/// A text-only signal: executing it changes nothing.
public fun signal_action(): Action {
    Action { kind: KIND_SIGNAL, param: 0, value: 0, auditor: @0x0 }
}

// === Package functions ===

/// Creates a proposal. Called by `governance::create_proposal` only, which checks the
/// proposer's stake and the action against the system. Aborts with `EInvalidActionKind` or
/// `EInvalidDescription`.
public(package) fun new(
    action: Action,
    description: String,
    proposer: address,
    staked_wal_id: ID,
    epoch: u32,
    now_ms: u64,
    voting_period_ms: u64,
    timelock_ms: u64,
    total_stake: u64,
    quorum_bps: u16,
    approval_threshold_bps: u16,
    ctx: &mut TxContext,
): Proposal {
    assert!(action.kind <= KIND_SIGNAL, EInvalidActionKind);
    let len = description.length();
    assert!(len >= 1 && len <= MAX_DESCRIPTION_LENGTH, EInvalidDescription);
    // Durations are at most 30 days and clock times far below 2^63: no overflow.
    let voting_end_ms = now_ms + voting_period_ms;
    Proposal {
        id: object::new(ctx),
        proposer,
        staked_wal_id,
        action,
        description,
        created_epoch: epoch,
        created_ms: now_ms,
        voting_end_ms,
        executable_from_ms: voting_end_ms + timelock_ms,
        total_stake,
        quorum_bps,
        approval_threshold_bps,
        votes_for: 0,
        votes_against: 0,
        votes_abstain: 0,
        status: STATUS_ACTIVE,
    }
}

/// Shares the proposal. Called by `governance::create_proposal` only.
public(package) fun share(self: Proposal) {
    transfer::share_object(self);
}

/// Aborts with `EVotingClosed` unless the proposal accepts votes at `now_ms`.
public(package) fun assert_voting_open(self: &Proposal, now_ms: u64) {
    assert!(self.status == STATUS_ACTIVE && now_ms < self.voting_end_ms, EVotingClosed);
}

/// Aborts with `EInvalidChoice` unless `choice` is 0 (for), 1 (against) or 2 (abstain).
public fun check_choice(choice: u8) {
    assert!(choice <= VOTE_ABSTAIN, EInvalidChoice);
}

/// Adds `weight` to the tally of `choice`. Called by `governance::vote` only (after
/// `assert_voting_open` and its stake checks). Aborts with `EInvalidChoice`.
public(package) fun add_vote(self: &mut Proposal, choice: u8, weight: u64) {
    check_choice(choice);
    // The sum of all stake is below the WAL supply (< 2^63).
    if (choice == VOTE_FOR) self.votes_for = self.votes_for + weight
    else if (choice == VOTE_AGAINST) self.votes_against = self.votes_against + weight
    else self.votes_abstain = self.votes_abstain + weight;
}

/// Decides the outcome once the voting period is over and returns the new status (`PASSED`,
/// `REJECTED` or `EXPIRED`). Called by `governance::finalize_proposal` only. Aborts with
/// `EAlreadyFinalized` or `EVotingNotOver` (in that order).
public(package) fun finalize(self: &mut Proposal, now_ms: u64): u8 {
    assert!(self.status == STATUS_ACTIVE, EAlreadyFinalized);
    assert!(now_ms >= self.voting_end_ms, EVotingNotOver);
    self.status = if (!self.quorum_reached()) STATUS_EXPIRED
    else if (self.approved()) STATUS_PASSED
    else STATUS_REJECTED;
    self.status
}

/// Marks a passed proposal executed. Called by `governance::execute` only, before it applies
/// the action. Aborts with `EAlreadyExecuted`, `ENotPassed` or `ETimelockNotOver` (in that
/// order).
public(package) fun mark_executed(self: &mut Proposal, now_ms: u64) {
    assert!(self.status != STATUS_EXECUTED, EAlreadyExecuted);
    assert!(self.status == STATUS_PASSED, ENotPassed);
    assert!(now_ms >= self.executable_from_ms, ETimelockNotOver);
    self.status = STATUS_EXECUTED;
}

// === Tally ===

/// True iff the turnout reaches the quorum:
/// `(for + against + abstain) * 10000 >= quorum_bps * total_stake`.
public fun quorum_reached(self: &Proposal): bool {
    let turnout = (self.votes_for as u128) + (self.votes_against as u128)
        + (self.votes_abstain as u128);
    turnout * MAX_BPS >= (self.quorum_bps as u128) * (self.total_stake as u128)
}

/// True iff the for votes exceed the approval threshold of the decisive votes:
/// `for * 10000 > approval_threshold_bps * (for + against)` (a tie is not approved).
public fun approved(self: &Proposal): bool {
    let decisive = (self.votes_for as u128) + (self.votes_against as u128);
    (self.votes_for as u128) * MAX_BPS > (self.approval_threshold_bps as u128) * decisive
}

// === Accessors ===

/// The proposal's object ID.
public fun id(self: &Proposal): ID { self.id.to_inner() }

/// Sender of the creating transaction.
public fun proposer(self: &Proposal): address { self.proposer }

/// The `StakedWal` that qualified the proposer.
public fun staked_wal_id(self: &Proposal): ID { self.staked_wal_id }

/// The action.
public fun action(self: &Proposal): Action { self.action }

/// The description.
public fun description(self: &Proposal): String { self.description }

/// Epoch of creation.
public fun created_epoch(self: &Proposal): u32 { self.created_epoch }

/// Clock time of creation (ms).
public fun created_ms(self: &Proposal): u64 { self.created_ms }

/// End of the voting period (ms, exclusive).
public fun voting_end_ms(self: &Proposal): u64 { self.voting_end_ms }

/// Earliest execution time (ms).
public fun executable_from_ms(self: &Proposal): u64 { self.executable_from_ms }

/// Total active stake at creation.
public fun total_stake(self: &Proposal): u64 { self.total_stake }

/// Quorum in bps.
public fun quorum_bps(self: &Proposal): u16 { self.quorum_bps }

/// Approval threshold in bps.
public fun approval_threshold_bps(self: &Proposal): u16 { self.approval_threshold_bps }

/// Stake voting for.
public fun votes_for(self: &Proposal): u64 { self.votes_for }

/// Stake voting against.
public fun votes_against(self: &Proposal): u64 { self.votes_against }

/// Stake abstaining.
public fun votes_abstain(self: &Proposal): u64 { self.votes_abstain }

/// Status (`status_*`).
public fun status(self: &Proposal): u8 { self.status }

/// Kind of an action (`kind_*`).
public fun action_kind(a: &Action): u8 { a.kind }

/// Parameter code of an action (kind 0).
public fun action_param(a: &Action): u8 { a.param }

/// Parameter value of an action (kind 0).
public fun action_value(a: &Action): u64 { a.value }

/// Auditor address of an action (kinds 1 and 2).
public fun action_auditor(a: &Action): address { a.auditor }

// === Codes ===

/// Kind: set parameter (0).
public fun kind_set_parameter(): u8 { KIND_SET_PARAMETER }
/// Kind: add auditor (1).
public fun kind_add_auditor(): u8 { KIND_ADD_AUDITOR }
/// Kind: remove auditor (2).
public fun kind_remove_auditor(): u8 { KIND_REMOVE_AUDITOR }
/// Kind: signal (3).
public fun kind_signal(): u8 { KIND_SIGNAL }
/// Choice: for (0).
public fun vote_for(): u8 { VOTE_FOR }
/// Choice: against (1).
public fun vote_against(): u8 { VOTE_AGAINST }
/// Choice: abstain (2).
public fun vote_abstain(): u8 { VOTE_ABSTAIN }
/// Status: active (0).
public fun status_active(): u8 { STATUS_ACTIVE }
/// Status: passed (1).
public fun status_passed(): u8 { STATUS_PASSED }
/// Status: rejected (2).
public fun status_rejected(): u8 { STATUS_REJECTED }
/// Status: expired (3).
public fun status_expired(): u8 { STATUS_EXPIRED }
/// Status: executed (4).
public fun status_executed(): u8 { STATUS_EXECUTED }
/// Longest description in bytes.
public fun max_description_length(): u64 { MAX_DESCRIPTION_LENGTH }

// === Test only ===

#[test_only]
/// An action with an arbitrary kind (tests of `EInvalidActionKind`).
public fun action_for_testing(kind: u8, param: u8, value: u64, auditor: address): Action {
    Action { kind, param, value, auditor }
}

#[test_only]
/// Destroys a proposal (tests only).
public fun destroy_for_testing(self: Proposal) {
    let Proposal { id, .. } = self;
    id.delete();
}
