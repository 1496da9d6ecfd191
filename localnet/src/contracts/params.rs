//! `walrus::params`: protocol parameters with bounds checks.

use walrus_chain::bindings::Params;

use super::errors::params as e;
use crate::ensure;
use crate::exec::Fail;

const MIN_EPOCH_DURATION_MS: u64 = 1_000;
const MAX_EPOCH_DURATION_MS: u64 = 31_536_000_000;
const MIN_DURATION_MS: u64 = 1_000;
const MAX_DURATION_MS: u64 = 2_592_000_000;
/// Number of governed parameters (codes `0 .. PARAM_COUNT`).
pub const PARAM_COUNT: u8 = 14;

fn clamp_duration(v: u64) -> u64 {
    v.clamp(MIN_DURATION_MS, MAX_DURATION_MS)
}

/// `params::new`.
pub fn new(
    epoch_duration_ms: u64,
    max_epochs_ahead: u32,
    max_committee_size: u16,
    min_committee_stake: u64,
    commission_delay_epochs: u32,
) -> Result<Params, Fail> {
    ensure!(
        (MIN_EPOCH_DURATION_MS..=MAX_EPOCH_DURATION_MS).contains(&epoch_duration_ms),
        e::EInvalidEpochDuration
    );
    ensure!(
        (1..=1000).contains(&max_epochs_ahead),
        e::EInvalidMaxEpochsAhead
    );
    ensure!(
        (1..=1000).contains(&max_committee_size),
        e::EInvalidMaxCommitteeSize
    );
    ensure!(
        (1..=100).contains(&commission_delay_epochs),
        e::EInvalidCommissionDelay
    );
    Ok(Params {
        epoch_duration_ms,
        max_epochs_ahead,
        max_committee_size,
        min_committee_stake,
        commission_delay_epochs,
        min_proposal_stake: 1_000_000_000_000,
        voting_period_ms: clamp_duration(epoch_duration_ms),
        timelock_ms: clamp_duration(epoch_duration_ms / 2),
        quorum_bps: 3_334,
        approval_threshold_bps: 5_000,
        challenged_symbols: 300,
        max_rounds_per_epoch: 4,
        round_duration_ms: clamp_duration(epoch_duration_ms / 8),
        failure_threshold_bps: 0,
        auditor_quorum_bps: 5_001,
        penalty_bps: 100,
        exclusion_rounds: 3,
    })
}

/// `params::check_parameter`.
pub fn check_parameter(param: u8, value: u64) -> Result<(), Fail> {
    ensure!(param < PARAM_COUNT, e::EUnknownParameter);
    let (ok, abort) = match param {
        0 => (value <= 10_000, e::EInvalidPenaltyRate),
        1 => (value <= 5_000, e::EInvalidFailureThreshold),
        2 => ((1..=10_000).contains(&value), e::EInvalidChallengedSymbols),
        3 => ((1..=10_000).contains(&value), e::EInvalidAuditorQuorum),
        4 => (
            (MIN_EPOCH_DURATION_MS..=MAX_EPOCH_DURATION_MS).contains(&value),
            e::EInvalidEpochDuration,
        ),
        5 => ((1..=1000).contains(&value), e::EInvalidMaxCommitteeSize),
        6 => (
            (1..=1_000_000_000_000_000).contains(&value),
            e::EInvalidMinProposalStake,
        ),
        7 => (
            (MIN_DURATION_MS..=MAX_DURATION_MS).contains(&value),
            e::EInvalidVotingPeriod,
        ),
        8 => ((1_000..=6_667).contains(&value), e::EInvalidQuorum),
        9 => (
            (5_000..=9_000).contains(&value),
            e::EInvalidApprovalThreshold,
        ),
        10 => (
            (MIN_DURATION_MS..=MAX_DURATION_MS).contains(&value),
            e::EInvalidTimelock,
        ),
        11 => ((1..=100).contains(&value), e::EInvalidMaxRoundsPerEpoch),
        12 => (
            (MIN_DURATION_MS..=MAX_DURATION_MS).contains(&value),
            e::EInvalidRoundDuration,
        ),
        _ => ((1..=100).contains(&value), e::EInvalidExclusionRounds),
    };
    ensure!(ok, abort);
    Ok(())
}

/// `params::parameter`.
pub fn parameter(p: &Params, param: u8) -> Result<u64, Fail> {
    ensure!(param < PARAM_COUNT, e::EUnknownParameter);
    Ok(match param {
        0 => p.penalty_bps.into(),
        1 => p.failure_threshold_bps.into(),
        2 => p.challenged_symbols,
        3 => p.auditor_quorum_bps.into(),
        4 => p.epoch_duration_ms,
        5 => p.max_committee_size.into(),
        6 => p.min_proposal_stake,
        7 => p.voting_period_ms,
        8 => p.quorum_bps.into(),
        9 => p.approval_threshold_bps.into(),
        10 => p.timelock_ms,
        11 => p.max_rounds_per_epoch,
        12 => p.round_duration_ms,
        _ => p.exclusion_rounds,
    })
}

/// `params::set_parameter`: returns the old value. The checked bounds make the narrowing
/// casts exact.
pub fn set_parameter(p: &mut Params, param: u8, value: u64) -> Result<u64, Fail> {
    check_parameter(param, value)?;
    let old = parameter(p, param)?;
    let v16 = || value as u16;
    match param {
        0 => p.penalty_bps = v16(),
        1 => p.failure_threshold_bps = v16(),
        2 => p.challenged_symbols = value,
        3 => p.auditor_quorum_bps = v16(),
        4 => p.epoch_duration_ms = value,
        5 => p.max_committee_size = v16(),
        6 => p.min_proposal_stake = value,
        7 => p.voting_period_ms = value,
        8 => p.quorum_bps = v16(),
        9 => p.approval_threshold_bps = v16(),
        10 => p.timelock_ms = value,
        11 => p.max_rounds_per_epoch = value,
        12 => p.round_duration_ms = value,
        _ => p.exclusion_rounds = value,
    }
    Ok(old)
}
