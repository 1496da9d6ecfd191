import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
g = genesis(auditors=["aud0", "aud1"])
def over(**kw):
    d = dict(g); d.update(kw); return d
cases = [
    case("create_with_auditors", [
        check("system.epoch", "system.n_auditors", "system.invariants", "system.committee_size", "system.total_capacity",
              "system.param(voting_period_ms)", "system.param(timelock_ms)", "system.param(round_duration_ms)",
              "system.param(min_proposal_stake)", "system.param(penalty_bps)", "system.param(quorum_bps)"),
    ], "Genesis: epoch 0, the initial auditors with their caps, durations derived from the epoch."),
    case("durations_are_derived_and_clamped", [
        check("system.param(voting_period_ms)", "system.param(timelock_ms)", "system.param(round_duration_ms)"),
    ], "A 14-day epoch: 14 days of voting, a 7-day timelock, 42-hour rounds.",
        genesis=over(epoch_duration_ms=14 * 86400000, auditors=[])),
    case("invalid_shard_count", [], genesis=over(n_shards=3), genesis_abort="encoding::EInvalidShardCount"),
    case("too_many_shards", [], genesis=over(n_shards=1001), genesis_abort="encoding::EInvalidShardCount"),
    case("invalid_epoch_duration", [], genesis=over(epoch_duration_ms=999), genesis_abort="params::EInvalidEpochDuration"),
    case("invalid_max_epochs_ahead", [], genesis=over(max_epochs_ahead=0), genesis_abort="params::EInvalidMaxEpochsAhead"),
    case("invalid_max_committee_size", [], genesis=over(max_committee_size=0), genesis_abort="params::EInvalidMaxCommitteeSize"),
    case("duplicate_auditor", [], genesis=over(auditors=["aud0", "aud0"]), genesis_abort="auditors::EAlreadyAuditor"),
    case("too_many_auditors", [], genesis=over(auditors=[f"a{i}" for i in range(101)]), genesis_abort="auditors::ETooManyAuditors"),
    case("migrate_an_up_to_date_system", [call("system::migrate", "user", abort="system::EAlreadyMigrated")]),
]
write("genesis", "create_system and migrate", g, [], cases)
