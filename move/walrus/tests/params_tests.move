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
