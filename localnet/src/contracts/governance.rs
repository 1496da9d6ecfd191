//! `walrus::proposal` and `walrus::governance`.

use sui_sdk_types::Address;
use walrus_chain::bindings::{
    Action, AuditorAdded, AuditorRemoved, Id, Proposal, ProposalCreated, ProposalExecuted,
    ProposalFinalized, ProposalVoted, StakedWal, System, Uid,
};

use super::errors::{governance as eg, proposal as ep};
use super::{auditors, params, staking, system};
use crate::ensure;
use crate::exec::{Cx, Fail, Recipient, add};

const KIND_SET_PARAMETER: u8 = 0;
const KIND_ADD_AUDITOR: u8 = 1;
const KIND_REMOVE_AUDITOR: u8 = 2;
const KIND_SIGNAL: u8 = 3;
const STATUS_ACTIVE: u8 = 0;
const STATUS_PASSED: u8 = 1;
const STATUS_REJECTED: u8 = 2;
const STATUS_EXPIRED: u8 = 3;
const STATUS_EXECUTED: u8 = 4;
const MAX_BPS: u128 = 10_000;

/// `proposal::set_parameter_action`.
pub fn set_parameter_action(param: u8, value: u64) -> Result<Action, Fail> {
    params::check_parameter(param, value)?;
    Ok(Action {
        kind: KIND_SET_PARAMETER,
        param,
        value,
        auditor: Address::ZERO,
    })
}

/// `proposal::add_auditor_action`.
pub fn add_auditor_action(auditor: Address) -> Action {
    Action {
        kind: KIND_ADD_AUDITOR,
        param: 0,
        value: 0,
        auditor,
    }
}

/// `proposal::remove_auditor_action`.
pub fn remove_auditor_action(auditor: Address) -> Action {
    Action {
        kind: KIND_REMOVE_AUDITOR,
        param: 0,
        value: 0,
        auditor,
    }
}

/// `proposal::signal_action`.
pub fn signal_action() -> Action {
    Action {
        kind: KIND_SIGNAL,
        param: 0,
        value: 0,
        auditor: Address::ZERO,
    }
}

/// `governance::create_proposal`: the proposal (the caller shares it) and its ID.
pub fn create_proposal(
    cx: &mut Cx,
    sys: &System,
    staked: &StakedWal,
    action: Action,
    description: String,
) -> Result<Proposal, Fail> {
    system::check_version(sys)?;
    let epoch = sys.epoch;
    ensure!(
        staked.withdraw_epoch.is_none() && staked.activation_epoch <= epoch,
        eg::EStakeNotEligible
    );
    let stake = system::staked_wal_value(cx, sys, staked)?;
    let p = &sys.params;
    ensure!(stake >= p.min_proposal_stake, eg::EInsufficientStake);
    if action.kind == KIND_ADD_AUDITOR {
        auditors::check_can_add(&sys.auditors, action.auditor)?;
    } else if action.kind == KIND_REMOVE_AUDITOR {
        auditors::check_can_remove(&sys.auditors, action.auditor)?;
    }
    ensure!(action.kind <= KIND_SIGNAL, ep::EInvalidActionKind);
    ensure!(
        (1..=4096).contains(&description.len()),
        ep::EInvalidDescription
    );
    let now = cx.now_ms;
    let voting_end_ms = add(now, p.voting_period_ms)?;
    let proposal = Proposal {
        id: Uid(cx.fresh_id()),
        proposer: cx.sender,
        staked_wal_id: staked.id.to_id(),
        action: action.clone(),
        description: description.clone(),
        created_epoch: epoch,
        created_ms: now,
        voting_end_ms,
        executable_from_ms: add(voting_end_ms, p.timelock_ms)?,
        total_stake: sys.total_active_stake,
        quorum_bps: p.quorum_bps,
        approval_threshold_bps: p.approval_threshold_bps,
        votes_for: 0,
        votes_against: 0,
        votes_abstain: 0,
        status: STATUS_ACTIVE,
    };
    cx.emit(&ProposalCreated {
        proposal_id: proposal.id.to_id(),
        epoch,
        proposer: cx.sender,
        staked_wal_id: staked.id.to_id(),
        proposer_stake: stake,
        kind: action.kind,
        param: action.param,
        value: action.value,
        auditor: action.auditor,
        description,
        voting_end_ms: proposal.voting_end_ms,
        executable_from_ms: proposal.executable_from_ms,
        total_stake: proposal.total_stake,
        quorum_bps: proposal.quorum_bps,
        approval_threshold_bps: proposal.approval_threshold_bps,
    });
    Ok(proposal)
}

/// `governance::vote`.
pub fn vote(
    cx: &mut Cx,
    sys: &System,
    proposal: &mut Proposal,
    staked: &mut StakedWal,
    choice: u8,
) -> Result<(), Fail> {
    system::check_version(sys)?;
    ensure!(
        proposal.status == STATUS_ACTIVE && cx.now_ms < proposal.voting_end_ms,
        ep::EVotingClosed
    );
    ensure!(choice <= 2, ep::EInvalidChoice);
    ensure!(
        staked.withdraw_epoch.is_none() && staked.activation_epoch <= proposal.created_epoch,
        eg::EStakeNotEligible
    );
    staking::add_vote(staked, proposal.id.to_id())?;
    let weight = system::staked_wal_value(cx, sys, staked)?;
    ensure!(weight > 0, eg::ENoVotingPower);
    match choice {
        0 => proposal.votes_for = add(proposal.votes_for, weight)?,
        1 => proposal.votes_against = add(proposal.votes_against, weight)?,
        _ => proposal.votes_abstain = add(proposal.votes_abstain, weight)?,
    }
    cx.emit(&ProposalVoted {
        proposal_id: proposal.id.to_id(),
        epoch: sys.epoch,
        voter: cx.sender,
        staked_wal_id: staked.id.to_id(),
        node_id: staked.node_id,
        choice,
        weight,
        votes_for: proposal.votes_for,
        votes_against: proposal.votes_against,
        votes_abstain: proposal.votes_abstain,
    });
    Ok(())
}

fn quorum_reached(p: &Proposal) -> bool {
    let turnout =
        u128::from(p.votes_for) + u128::from(p.votes_against) + u128::from(p.votes_abstain);
    turnout * MAX_BPS >= u128::from(p.quorum_bps) * u128::from(p.total_stake)
}

fn approved(p: &Proposal) -> bool {
    let decisive = u128::from(p.votes_for) + u128::from(p.votes_against);
    u128::from(p.votes_for) * MAX_BPS > u128::from(p.approval_threshold_bps) * decisive
}

/// `governance::finalize_proposal`.
pub fn finalize_proposal(cx: &mut Cx, sys: &System, proposal: &mut Proposal) -> Result<(), Fail> {
    system::check_version(sys)?;
    ensure!(proposal.status == STATUS_ACTIVE, ep::EAlreadyFinalized);
    ensure!(cx.now_ms >= proposal.voting_end_ms, ep::EVotingNotOver);
    proposal.status = if !quorum_reached(proposal) {
        STATUS_EXPIRED
    } else if approved(proposal) {
        STATUS_PASSED
    } else {
        STATUS_REJECTED
    };
    cx.emit(&ProposalFinalized {
        proposal_id: proposal.id.to_id(),
        epoch: sys.epoch,
        status: proposal.status,
        votes_for: proposal.votes_for,
        votes_against: proposal.votes_against,
        votes_abstain: proposal.votes_abstain,
        total_stake: proposal.total_stake,
    });
    Ok(())
}

/// `governance::execute`.
pub fn execute(cx: &mut Cx, sys: &mut System, proposal: &mut Proposal) -> Result<(), Fail> {
    system::check_version(sys)?;
    ensure!(proposal.status != STATUS_EXECUTED, ep::EAlreadyExecuted);
    ensure!(proposal.status == STATUS_PASSED, ep::ENotPassed);
    ensure!(
        cx.now_ms >= proposal.executable_from_ms,
        ep::ETimelockNotOver
    );
    proposal.status = STATUS_EXECUTED;
    let epoch = sys.epoch;
    let proposal_id = proposal.id.to_id();
    let action = proposal.action.clone();
    let mut old_value = 0;
    let mut new_value = 0;
    let mut cap_id: Option<Id> = None;
    if action.kind == KIND_SET_PARAMETER {
        new_value = action.value;
        old_value = params::set_parameter(&mut sys.params, action.param, new_value)?;
    } else if action.kind == KIND_ADD_AUDITOR {
        let cap = auditors::add(cx, &mut sys.auditors, action.auditor, epoch)?;
        cap_id = Some(cap.id.to_id());
        cx.emit(&AuditorAdded {
            epoch,
            auditor: action.auditor,
            cap_id: cap.id.to_id(),
            proposal_id: Some(proposal_id),
        });
        cx.transfer(cap.id.0, &cap, Recipient::Address(action.auditor));
    } else if action.kind == KIND_REMOVE_AUDITOR {
        let entry = auditors::remove(&mut sys.auditors, action.auditor)?;
        cap_id = Some(entry.cap_id);
        cx.emit(&AuditorRemoved {
            epoch,
            auditor: action.auditor,
            cap_id: entry.cap_id,
            proposal_id,
        });
    }
    cx.emit(&ProposalExecuted {
        proposal_id,
        epoch,
        kind: action.kind,
        param: action.param,
        old_value,
        new_value,
        auditor: action.auditor,
        auditor_cap_id: cap_id,
    });
    Ok(())
}

/// Status codes, for probes.
pub const STATUSES: [u8; 5] = [
    STATUS_ACTIVE,
    STATUS_PASSED,
    STATUS_REJECTED,
    STATUS_EXPIRED,
    STATUS_EXECUTED,
];
