/// Governance by stake: proposals created by holders of enough active stake, votes weighted by
/// each `StakedWal`'s active stake, and the execution of passed proposals after a timelock.
/// Governance is the only authority over the protocol parameters on the whitelist and the
/// auditor registry; there is no admin.
///
/// Voting rules (see docs/contracts.md, "Governance"):
/// * A position may vote on a proposal iff it was active in the proposal's creation epoch
///   (`activation_epoch <= created_epoch`) and has no requested withdrawal. Its weight is its
///   active stake at the time of the vote (`system::staked_wal_value`).
/// * The vote is recorded in the position itself (`StakedWal.votes`): split halves inherit it,
///   joins union it and transfers carry it, so the same stake never votes twice. Withdrawn and
///   re-staked WAL forms a position activated after the creation epoch, which cannot vote.
module walrus::governance;

use std::string::String;
use sui::clock::Clock;
use walrus::events;
use walrus::proposal::{Self, Action, Proposal};
use walrus::staked_wal::StakedWal;
use walrus::system::System;

// === Errors ===

#[error(code = 0)]
/// The proposer's position holds too little active stake.
const EInsufficientStake: vector<u8> =
    b"not enough stake: the position's active stake is below min_proposal_stake; propose with a larger position (join positions of the same pool and activation epoch)";

#[error(code = 1)]
/// The position may not propose or vote.
const EStakeNotEligible: vector<u8> =
    b"stake not eligible: only positions active when the proposal was created (for proposing: active now) and without a requested withdrawal can propose or vote";

#[error(code = 2)]
/// The position is worth nothing.
const ENoVotingPower: vector<u8> =
    b"no voting power: this position is worth 0 FROST in its pool";

// === Entry points ===

/// Creates and shares a proposal with `action` (built with `proposal::set_parameter_action`,
/// `add_auditor_action`, `remove_auditor_action` or `signal_action`) and returns its ID.
/// `staked` must be active now, not withdrawing, and worth at least `min_proposal_stake`; it
/// does not vote by proposing. The voting period, timelock, quorum, approval threshold and the
/// total active stake are fixed now. Aborts (in this order) with `system::EWrongVersion`,
/// `EStakeNotEligible`, `EInsufficientStake`, `auditors::EAlreadyAuditor` /
/// `auditors::ETooManyAuditors` (add), `auditors::EAuditorNotFound` (remove),
/// `proposal::EInvalidDescription`. Emits `ProposalCreated`.
public fun create_proposal(
    system: &System,
    staked: &StakedWal,
    action: Action,
    description: String,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    system.assert_version();
    let epoch = system.epoch();
    assert!(!staked.is_withdrawing() && staked.activation_epoch() <= epoch, EStakeNotEligible);
    let stake = system.staked_wal_value(staked);
    let params = system.params();
    assert!(stake >= params.min_proposal_stake(), EInsufficientStake);
    let kind = action.action_kind();
    if (kind == proposal::kind_add_auditor()) {
        system.auditors().check_can_add(action.action_auditor());
    } else if (kind == proposal::kind_remove_auditor()) {
        system.auditors().check_can_remove(action.action_auditor());
    };
    let p = proposal::new(
        action,
        description,
        ctx.sender(),
        object::id(staked),
        epoch,
        clock.timestamp_ms(),
        params.voting_period_ms(),
        params.timelock_ms(),
        system.total_active_stake(),
        params.quorum_bps(),
        params.approval_threshold_bps(),
        ctx,
    );
    let proposal_id = p.id();
    events::proposal_created(
        proposal_id,
        epoch,
        ctx.sender(),
        object::id(staked),
        stake,
        kind,
        action.action_param(),
        action.action_value(),
        action.action_auditor(),
        description,
        p.voting_end_ms(),
        p.executable_from_ms(),
        p.total_stake(),
        p.quorum_bps(),
        p.approval_threshold_bps(),
    ).emit();
    p.share();
    proposal_id
}

/// Votes on `proposal` with `staked`'s active stake: `choice` 0 for, 1 against, 2 abstain.
/// Records the vote in the position. Aborts (in this order) with `system::EWrongVersion`,
/// `proposal::EVotingClosed`, `proposal::EInvalidChoice`, `EStakeNotEligible` (activated after
/// the proposal's creation epoch, or withdrawing), `staked_wal::EAlreadyVoted` (this stake, or
/// stake it was split from or joined with, voted already), `ENoVotingPower`. Emits
/// `ProposalVoted`.
public fun vote(
    system: &System,
    proposal: &mut Proposal,
    staked: &mut StakedWal,
    choice: u8,
    clock: &Clock,
    ctx: &TxContext,
) {
    system.assert_version();
    proposal.assert_voting_open(clock.timestamp_ms());
    proposal::check_choice(choice);
    assert!(
        !staked.is_withdrawing() && staked.activation_epoch() <= proposal.created_epoch(),
        EStakeNotEligible,
    );
    staked.add_vote(proposal.id());
    let weight = system.staked_wal_value(staked);
    assert!(weight > 0, ENoVotingPower);
    proposal.add_vote(choice, weight);
    events::proposal_voted(
        proposal.id(),
        system.epoch(),
        ctx.sender(),
        object::id(staked),
        staked.node_id(),
        choice,
        weight,
        proposal.votes_for(),
        proposal.votes_against(),
        proposal.votes_abstain(),
    ).emit();
}

/// Decides `proposal`'s outcome once its voting period is over (anyone may call it, once):
/// passed, rejected or expired (see `proposal`). Aborts (in this order) with
/// `system::EWrongVersion`, `proposal::EAlreadyFinalized`, `proposal::EVotingNotOver`. Emits
/// `ProposalFinalized`.
public fun finalize_proposal(system: &System, proposal: &mut Proposal, clock: &Clock) {
    system.assert_version();
    let status = proposal.finalize(clock.timestamp_ms());
    events::proposal_finalized(
        proposal.id(),
        system.epoch(),
        status,
        proposal.votes_for(),
        proposal.votes_against(),
        proposal.votes_abstain(),
        proposal.total_stake(),
    ).emit();
}

/// Applies a passed proposal once its timelock is over (anyone may call it; it runs exactly
/// once): sets the parameter, registers the auditor (sending it a new `AuditorCap`), removes
/// the auditor (revoking its cap), or does nothing for a signal. Aborts (in this order) with
/// `system::EWrongVersion`, `proposal::EAlreadyExecuted`, `proposal::ENotPassed`,
/// `proposal::ETimelockNotOver`, then `auditors::EAlreadyAuditor` / `ETooManyAuditors` /
/// `EAuditorNotFound` if the registry changed since the proposal was created (the proposal
/// stays passed and can be executed once the action applies again). Emits `AuditorAdded` or
/// `AuditorRemoved` for auditor actions, then `ProposalExecuted`.
public fun execute(
    system: &mut System,
    proposal: &mut Proposal,
    clock: &Clock,
    ctx: &mut TxContext,
) {
    system.assert_version();
    proposal.mark_executed(clock.timestamp_ms());
    let epoch = system.epoch();
    let proposal_id = proposal.id();
    let action = proposal.action();
    let kind = action.action_kind();
    let auditor = action.action_auditor();
    let mut old_value = 0;
    let mut new_value = 0;
    let mut cap_id = option::none();
    if (kind == proposal::kind_set_parameter()) {
        new_value = action.action_value();
        old_value = system.params_mut().set_parameter(action.action_param(), new_value);
    } else if (kind == proposal::kind_add_auditor()) {
        let cap = system.auditors_mut().add(auditor, epoch, ctx);
        cap_id = option::some(object::id(&cap));
        events::auditor_added(epoch, auditor, object::id(&cap), option::some(proposal_id)).emit();
        transfer::public_transfer(cap, auditor);
    } else if (kind == proposal::kind_remove_auditor()) {
        let entry = system.auditors_mut().remove(auditor);
        cap_id = option::some(entry.entry_cap_id());
        events::auditor_removed(epoch, auditor, entry.entry_cap_id(), proposal_id).emit();
    };
    events::proposal_executed(
        proposal_id,
        epoch,
        kind,
        action.action_param(),
        old_value,
        new_value,
        auditor,
        cap_id,
    ).emit();
}
