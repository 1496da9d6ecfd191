/// Tests of `walrus::params`: construction, every setter at its bounds, every abort.
#[test_only]
module walrus::params_tests;

use walrus::params;

#[test]
fun new_and_accessors() {
    let p = params::new(86_400_000, 52, 100, 5, 2);
    assert!(p.epoch_duration_ms() == 86_400_000);
    assert!(p.max_epochs_ahead() == 52);
    assert!(p.max_committee_size() == 100);
    assert!(p.min_committee_stake() == 5);
    assert!(p.commission_delay_epochs() == 2);
}

#[test]
fun setters_accept_their_bounds() {
    let mut p = params::new(1_000, 1, 1, 0, 1);
    p.set_epoch_duration_ms(31_536_000_000);
    p.set_max_epochs_ahead(1000);
    p.set_max_committee_size(1000);
    p.set_min_committee_stake(std::u64::max_value!());
    p.set_commission_delay_epochs(100);
    assert!(p.epoch_duration_ms() == 31_536_000_000);
    assert!(p.max_epochs_ahead() == 1000);
    assert!(p.max_committee_size() == 1000);
    assert!(p.min_committee_stake() == std::u64::max_value!());
    assert!(p.commission_delay_epochs() == 100);
}

#[test, expected_failure(abort_code = params::EInvalidEpochDuration)]
fun epoch_duration_too_short() {
    params::new(999, 1, 1, 0, 1);
}

#[test, expected_failure(abort_code = params::EInvalidEpochDuration)]
fun epoch_duration_too_long() {
    let mut p = params::new(1_000, 1, 1, 0, 1);
    p.set_epoch_duration_ms(31_536_000_001);
}

#[test, expected_failure(abort_code = params::EInvalidMaxEpochsAhead)]
fun zero_epochs_ahead() {
    params::new(1_000, 0, 1, 0, 1);
}

#[test, expected_failure(abort_code = params::EInvalidMaxEpochsAhead)]
fun too_many_epochs_ahead() {
    let mut p = params::new(1_000, 1, 1, 0, 1);
    p.set_max_epochs_ahead(1001);
}

#[test, expected_failure(abort_code = params::EInvalidMaxCommitteeSize)]
fun zero_committee_size() {
    params::new(1_000, 1, 0, 0, 1);
}

#[test, expected_failure(abort_code = params::EInvalidMaxCommitteeSize)]
fun too_large_committee() {
    let mut p = params::new(1_000, 1, 1, 0, 1);
    p.set_max_committee_size(1001);
}

#[test, expected_failure(abort_code = params::EInvalidCommissionDelay)]
fun zero_commission_delay() {
    params::new(1_000, 1, 1, 0, 0);
}

#[test, expected_failure(abort_code = params::EInvalidCommissionDelay)]
fun too_long_commission_delay() {
    let mut p = params::new(1_000, 1, 1, 0, 1);
    p.set_commission_delay_epochs(101);
}

// === Governance and audit parameters ===

#[test]
fun governance_and_audit_defaults() {
    let p = params::new(1_209_600_000, 52, 100, 5, 2);
    assert!(p.penalty_bps() == 100 && p.failure_threshold_bps() == 0);
    assert!(p.challenged_symbols() == 300 && p.auditor_quorum_bps() == 5_001);
    assert!(p.min_proposal_stake() == 1_000_000_000_000);
    assert!(p.quorum_bps() == 3_334 && p.approval_threshold_bps() == 5_000);
    assert!(p.max_rounds_per_epoch() == 4 && p.exclusion_rounds() == 3);
    // Durations derive from a 14-day epoch: voting 14 days, timelock 7 days, rounds 42 hours.
    assert!(p.voting_period_ms() == 1_209_600_000);
    assert!(p.timelock_ms() == 604_800_000);
    assert!(p.round_duration_ms() == 151_200_000);
}

#[test]
fun derived_durations_are_clamped() {
    // 1 s epochs: every duration is at least 1 s.
    let p = params::new(1_000, 1, 1, 0, 1);
    assert!(p.voting_period_ms() == 1_000 && p.timelock_ms() == 1_000);
    assert!(p.round_duration_ms() == 1_000);
    // 365-day epochs: every duration is at most 30 days.
    let p = params::new(31_536_000_000, 1, 1, 0, 1);
    assert!(p.voting_period_ms() == 2_592_000_000 && p.timelock_ms() == 2_592_000_000);
    assert!(p.round_duration_ms() == 2_592_000_000);
}

#[test]
fun every_parameter_accepts_its_bounds() {
    let lows = vector[0, 0, 1, 1, 1_000, 1, 1, 1_000, 1_000, 5_000, 1_000, 1, 1_000, 1];
    let highs = vector[
        10_000,
        5_000,
        10_000,
        10_000,
        31_536_000_000,
        1_000,
        1_000_000_000_000_000,
        2_592_000_000,
        6_667,
        9_000,
        2_592_000_000,
        100,
        2_592_000_000,
        100,
    ];
    assert!(lows.length() == (params::param_count() as u64));
    let mut p = params::new(1_000, 1, 1, 0, 1);
    lows.length().do!(|i| {
        let param = i as u8;
        params::check_parameter(param, lows[i]);
        params::check_parameter(param, highs[i]);
        let before = p.parameter(param);
        assert!(p.set_parameter(param, lows[i]) == before);
        assert!(p.parameter(param) == lows[i]);
        assert!(p.set_parameter(param, highs[i]) == lows[i]);
        assert!(p.parameter(param) == highs[i]);
    });
    assert!(p.penalty_bps() == 10_000 && p.failure_threshold_bps() == 5_000);
    assert!(p.epoch_duration_ms() == 31_536_000_000 && p.max_committee_size() == 1_000);
    assert!(p.exclusion_rounds() == 100 && p.round_duration_ms() == 2_592_000_000);
}

#[test]
fun parameter_codes_are_stable() {
    assert!(params::param_penalty_bps() == 0);
    assert!(params::param_failure_threshold_bps() == 1);
    assert!(params::param_challenged_symbols() == 2);
    assert!(params::param_auditor_quorum_bps() == 3);
    assert!(params::param_epoch_duration_ms() == 4);
    assert!(params::param_max_committee_size() == 5);
    assert!(params::param_min_proposal_stake() == 6);
    assert!(params::param_voting_period_ms() == 7);
    assert!(params::param_quorum_bps() == 8);
    assert!(params::param_approval_threshold_bps() == 9);
    assert!(params::param_timelock_ms() == 10);
    assert!(params::param_max_rounds_per_epoch() == 11);
    assert!(params::param_round_duration_ms() == 12);
    assert!(params::param_exclusion_rounds() == 13);
    assert!(params::param_count() == 14);
}

#[test, expected_failure(abort_code = params::EInvalidPenaltyRate)]
fun penalty_above_100_percent() {
    params::check_parameter(params::param_penalty_bps(), 10_001);
}

#[test, expected_failure(abort_code = params::EInvalidFailureThreshold)]
fun failure_threshold_above_50_percent() {
    params::check_parameter(params::param_failure_threshold_bps(), 5_001);
}

#[test, expected_failure(abort_code = params::EInvalidChallengedSymbols)]
fun zero_challenged_symbols() {
    params::check_parameter(params::param_challenged_symbols(), 0);
}

#[test, expected_failure(abort_code = params::EInvalidChallengedSymbols)]
fun too_many_challenged_symbols() {
    params::check_parameter(params::param_challenged_symbols(), 10_001);
}

#[test, expected_failure(abort_code = params::EInvalidAuditorQuorum)]
fun zero_auditor_quorum() {
    params::check_parameter(params::param_auditor_quorum_bps(), 0);
}

#[test, expected_failure(abort_code = params::EInvalidAuditorQuorum)]
fun auditor_quorum_above_100_percent() {
    params::check_parameter(params::param_auditor_quorum_bps(), 10_001);
}

#[test, expected_failure(abort_code = params::EInvalidEpochDuration)]
fun zero_epoch_duration_by_code() {
    params::check_parameter(params::param_epoch_duration_ms(), 0);
}

#[test, expected_failure(abort_code = params::EInvalidMaxCommitteeSize)]
fun committee_size_beyond_u16_by_code() {
    params::check_parameter(params::param_max_committee_size(), 65_536 + 5);
}

#[test, expected_failure(abort_code = params::EInvalidMinProposalStake)]
fun zero_min_proposal_stake() {
    params::check_parameter(params::param_min_proposal_stake(), 0);
}

#[test, expected_failure(abort_code = params::EInvalidMinProposalStake)]
fun too_high_min_proposal_stake() {
    params::check_parameter(params::param_min_proposal_stake(), 1_000_000_000_000_001);
}

#[test, expected_failure(abort_code = params::EInvalidVotingPeriod)]
fun zero_voting_period() {
    params::check_parameter(params::param_voting_period_ms(), 0);
}

#[test, expected_failure(abort_code = params::EInvalidVotingPeriod)]
fun too_long_voting_period() {
    params::check_parameter(params::param_voting_period_ms(), 2_592_000_001);
}

#[test, expected_failure(abort_code = params::EInvalidQuorum)]
fun quorum_below_10_percent() {
    params::check_parameter(params::param_quorum_bps(), 999);
}

#[test, expected_failure(abort_code = params::EInvalidQuorum)]
fun quorum_above_two_thirds() {
    params::check_parameter(params::param_quorum_bps(), 6_668);
}

#[test, expected_failure(abort_code = params::EInvalidApprovalThreshold)]
fun approval_below_half() {
    params::check_parameter(params::param_approval_threshold_bps(), 4_999);
}

#[test, expected_failure(abort_code = params::EInvalidApprovalThreshold)]
fun approval_above_90_percent() {
    params::check_parameter(params::param_approval_threshold_bps(), 9_001);
}

#[test, expected_failure(abort_code = params::EInvalidTimelock)]
fun zero_timelock() {
    params::check_parameter(params::param_timelock_ms(), 0);
}

#[test, expected_failure(abort_code = params::EInvalidMaxRoundsPerEpoch)]
fun zero_rounds_per_epoch() {
    params::check_parameter(params::param_max_rounds_per_epoch(), 0);
}

#[test, expected_failure(abort_code = params::EInvalidMaxRoundsPerEpoch)]
fun too_many_rounds_per_epoch() {
    params::check_parameter(params::param_max_rounds_per_epoch(), 101);
}

#[test, expected_failure(abort_code = params::EInvalidRoundDuration)]
fun zero_round_duration() {
    params::check_parameter(params::param_round_duration_ms(), 999);
}

#[test, expected_failure(abort_code = params::EInvalidExclusionRounds)]
fun zero_exclusion_rounds() {
    params::check_parameter(params::param_exclusion_rounds(), 0);
}

#[test, expected_failure(abort_code = params::EInvalidExclusionRounds)]
fun too_many_exclusion_rounds() {
    params::check_parameter(params::param_exclusion_rounds(), 101);
}

#[test, expected_failure(abort_code = params::EUnknownParameter)]
fun unknown_parameter_code() {
    params::check_parameter(14, 1);
}

#[test, expected_failure(abort_code = params::EUnknownParameter)]
fun reading_an_unknown_parameter_aborts() {
    let p = params::new(1_000, 1, 1, 0, 1);
    p.parameter(255);
}

#[test, expected_failure(abort_code = params::EInvalidPenaltyRate)]
fun setting_an_invalid_value_aborts() {
    let mut p = params::new(1_000, 1, 1, 0, 1);
    p.set_parameter(params::param_penalty_bps(), 20_000);
}
