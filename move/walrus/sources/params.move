/// Protocol parameters: the values governance may change, each with bounds checked by its
/// setter. The parameters live inside the `System` object; only modules of this package can
/// change them (`public(package)` setters, called by `system` at genesis and by `governance`
/// when a proposal passes).
///
/// Governance names a parameter by a stable one-byte code (`PARAM_*`, see `set_parameter`); the
/// whitelist is exactly the codes below. `min_committee_stake`, `max_epochs_ahead` and
/// `commission_delay_epochs` are set at genesis and are not on the whitelist.
///
/// Bounds keep every parameter safe: no penalty above 100%, no zero durations, quorums that can
/// neither be zero nor so high that governance or audits could never reach them.
module walrus::params;

// === Constants ===

/// Shortest epoch (1 second; local test networks use short epochs).
const MIN_EPOCH_DURATION_MS: u64 = 1_000;
/// Longest epoch (365 days).
const MAX_EPOCH_DURATION_MS: u64 = 31_536_000_000;
/// Largest `max_epochs_ahead`.
const MAX_MAX_EPOCHS_AHEAD: u32 = 1000;
/// Largest `max_committee_size` (at most 1000 shards, and members hold at least one each).
const MAX_MAX_COMMITTEE_SIZE: u16 = 1000;
/// Largest commission change delay in epochs.
const MAX_COMMISSION_DELAY_EPOCHS: u32 = 100;

/// 100% in basis points.
const MAX_BPS: u64 = 10_000;
/// Shortest voting period, timelock and audit round (1 second).
const MIN_DURATION_MS: u64 = 1_000;
/// Longest voting period, timelock and audit round (30 days).
const MAX_DURATION_MS: u64 = 2_592_000_000;
/// Largest failure threshold (50%): a node failing more than half of its challenges is always
/// failing.
const MAX_FAILURE_THRESHOLD_BPS: u64 = 5_000;
/// Largest number of challenged symbols per node per round.
const MAX_CHALLENGED_SYMBOLS: u64 = 10_000;
/// Largest minimum proposal stake: 1,000,000 WAL (0.02% of the supply), so that proposing
/// stays possible for many holders.
const MAX_MIN_PROPOSAL_STAKE: u64 = 1_000_000_000_000_000;
/// Smallest governance quorum (10% of the active stake).
const MIN_QUORUM_BPS: u64 = 1_000;
/// Largest governance quorum (2/3 of the active stake).
const MAX_QUORUM_BPS: u64 = 6_667;
/// Smallest approval threshold (a simple majority of the decisive votes).
const MIN_APPROVAL_THRESHOLD_BPS: u64 = 5_000;
/// Largest approval threshold (90% of the decisive votes).
const MAX_APPROVAL_THRESHOLD_BPS: u64 = 9_000;
/// Largest number of audit rounds per epoch.
const MAX_ROUNDS_PER_EPOCH: u64 = 100;
/// Largest number of consecutive penalized rounds before exclusion.
const MAX_EXCLUSION_ROUNDS: u64 = 100;

/// Default penalty: 1% of the pool's active stake per penalized round.
const DEFAULT_PENALTY_BPS: u16 = 100;
/// Default failure threshold: any failed challenge makes a report find the node failing.
const DEFAULT_FAILURE_THRESHOLD_BPS: u16 = 0;
/// Default challenged symbols per node per round (a node that lost 1% of its data is caught
/// with probability 95.1% per round).
const DEFAULT_CHALLENGED_SYMBOLS: u64 = 300;
/// Default auditor quorum: more than half of the registered auditors.
const DEFAULT_AUDITOR_QUORUM_BPS: u16 = 5_001;
/// Default minimum proposal stake: 1,000 WAL.
const DEFAULT_MIN_PROPOSAL_STAKE: u64 = 1_000_000_000_000;
/// Default governance quorum: more than a third of the active stake.
const DEFAULT_QUORUM_BPS: u16 = 3_334;
/// Default approval threshold: more votes for than against.
const DEFAULT_APPROVAL_THRESHOLD_BPS: u16 = 5_000;
/// Default number of audit rounds per epoch.
const DEFAULT_MAX_ROUNDS_PER_EPOCH: u64 = 4;
/// Default number of consecutive penalized rounds before exclusion.
const DEFAULT_EXCLUSION_ROUNDS: u64 = 3;

// Parameter codes (stable; used by governance proposals and events).

/// Penalty rate (bps of the pool's active stake slashed per penalized round).
const PARAM_PENALTY_BPS: u8 = 0;
/// Failure threshold (bps of challenged symbols a report must see fail, strictly exceeded).
const PARAM_FAILURE_THRESHOLD_BPS: u8 = 1;
/// Challenged symbols per node per round.
const PARAM_CHALLENGED_SYMBOLS: u8 = 2;
/// Auditor quorum (bps of the registered auditors whose reports must find a node failing).
const PARAM_AUDITOR_QUORUM_BPS: u8 = 3;
/// Epoch duration in ms.
const PARAM_EPOCH_DURATION_MS: u8 = 4;
/// Maximum committee size.
const PARAM_MAX_COMMITTEE_SIZE: u8 = 5;
/// Minimum active stake (FROST) of a position that creates a proposal.
const PARAM_MIN_PROPOSAL_STAKE: u8 = 6;
/// Voting period in ms.
const PARAM_VOTING_PERIOD_MS: u8 = 7;
/// Governance quorum (bps of the total active stake that must vote).
const PARAM_QUORUM_BPS: u8 = 8;
/// Approval threshold (bps of the for + against votes that must be for, strictly exceeded).
const PARAM_APPROVAL_THRESHOLD_BPS: u8 = 9;
/// Timelock between the end of voting and execution, in ms.
const PARAM_TIMELOCK_MS: u8 = 10;
/// Maximum audit rounds per epoch.
const PARAM_MAX_ROUNDS_PER_EPOCH: u8 = 11;
/// Audit round duration (deadline for reports) in ms.
const PARAM_ROUND_DURATION_MS: u8 = 12;
/// Consecutive penalized rounds after which a node is excluded from the next committee.
const PARAM_EXCLUSION_ROUNDS: u8 = 13;
/// Number of parameter codes.
const PARAM_COUNT: u8 = 14;

// === Errors ===

#[error(code = 0)]
/// The epoch duration is outside 1 s ..= 365 days.
const EInvalidEpochDuration: vector<u8> =
    b"invalid epoch duration: it must be between 1000 ms (1 s) and 31536000000 ms (365 days)";

#[error(code = 1)]
/// `max_epochs_ahead` is outside 1..=1000.
const EInvalidMaxEpochsAhead: vector<u8> =
    b"invalid max_epochs_ahead: it must be between 1 and 1000 epochs";

#[error(code = 2)]
/// `max_committee_size` is outside 1..=1000.
const EInvalidMaxCommitteeSize: vector<u8> =
    b"invalid max_committee_size: it must be between 1 and 1000 members";

#[error(code = 3)]
/// The commission change delay is outside 1..=100 epochs.
const EInvalidCommissionDelay: vector<u8> =
    b"invalid commission_delay_epochs: it must be between 1 and 100 epochs";

#[error(code = 4)]
/// The penalty rate is above 100%.
const EInvalidPenaltyRate: vector<u8> =
    b"invalid penalty rate: it is in basis points of the pool's active stake and must be at most 10000 (100%)";

#[error(code = 5)]
/// The failure threshold is above 50%.
const EInvalidFailureThreshold: vector<u8> =
    b"invalid failure threshold: it is in basis points of the challenged symbols and must be at most 5000 (50%)";

#[error(code = 6)]
/// The number of challenged symbols is outside 1..=10000.
const EInvalidChallengedSymbols: vector<u8> =
    b"invalid challenged symbols: each node must be challenged on 1 to 10000 symbols per round";

#[error(code = 7)]
/// The auditor quorum is outside 1..=10000 bps.
const EInvalidAuditorQuorum: vector<u8> =
    b"invalid auditor quorum: it is in basis points of the registered auditors and must be between 1 and 10000";

#[error(code = 8)]
/// The minimum proposal stake is outside 1 FROST ..= 1,000,000 WAL.
const EInvalidMinProposalStake: vector<u8> =
    b"invalid minimum proposal stake: it must be between 1 FROST and 1000000 WAL (10^15 FROST)";

#[error(code = 9)]
/// The voting period is outside 1 s ..= 30 days.
const EInvalidVotingPeriod: vector<u8> =
    b"invalid voting period: it must be between 1000 ms (1 s) and 2592000000 ms (30 days)";

#[error(code = 10)]
/// The governance quorum is outside 10% ..= 66.67%.
const EInvalidQuorum: vector<u8> =
    b"invalid quorum: it is in basis points of the total active stake and must be between 1000 (10%) and 6667 (66.67%)";

#[error(code = 11)]
/// The approval threshold is outside 50% ..= 90%.
const EInvalidApprovalThreshold: vector<u8> =
    b"invalid approval threshold: it is in basis points of the for + against votes and must be between 5000 (50%) and 9000 (90%)";

#[error(code = 12)]
/// The timelock is outside 1 s ..= 30 days.
const EInvalidTimelock: vector<u8> =
    b"invalid timelock: it must be between 1000 ms (1 s) and 2592000000 ms (30 days)";

#[error(code = 13)]
/// The number of audit rounds per epoch is outside 1..=100.
const EInvalidMaxRoundsPerEpoch: vector<u8> =
    b"invalid rounds per epoch: between 1 and 100 audit rounds may be opened per epoch";

#[error(code = 14)]
/// The audit round duration is outside 1 s ..= 30 days.
const EInvalidRoundDuration: vector<u8> =
    b"invalid round duration: it must be between 1000 ms (1 s) and 2592000000 ms (30 days)";

#[error(code = 15)]
/// The exclusion threshold is outside 1..=100 rounds.
const EInvalidExclusionRounds: vector<u8> =
    b"invalid exclusion rounds: a node is excluded after 1 to 100 consecutive penalized rounds";

#[error(code = 16)]
/// The parameter code is not on the whitelist.
const EUnknownParameter: vector<u8> =
    b"unknown parameter: governance can only set the parameters with codes 0 to 13 (see params::PARAM_* and docs/contracts.md)";

// === Structs ===

/// The protocol parameters of the system.
public struct Params has copy, drop, store {
    /// Minimum time between two epoch changes, in milliseconds.
    epoch_duration_ms: u64,
    /// How many epochs (counting the current one) storage can be bought for at most.
    max_epochs_ahead: u32,
    /// Largest number of storage nodes in a committee.
    max_committee_size: u16,
    /// Smallest active stake (FROST) a node needs to be selected for a committee (a node
    /// always needs at least 1 FROST).
    min_committee_stake: u64,
    /// Epochs between a commission change request and the epoch it takes effect in.
    commission_delay_epochs: u32,
    /// Smallest active stake (FROST) of the position that creates a proposal.
    min_proposal_stake: u64,
    /// How long a proposal accepts votes, in ms.
    voting_period_ms: u64,
    /// Time between the end of voting and the earliest execution of a passed proposal, in ms.
    timelock_ms: u64,
    /// Share of the total active stake (bps) that must vote (for, against or abstain).
    quorum_bps: u16,
    /// Share of the for + against votes (bps) that the for votes must exceed.
    approval_threshold_bps: u16,
    /// Symbols each committee node is challenged on per audit round.
    challenged_symbols: u64,
    /// Most audit rounds that can be opened per epoch.
    max_rounds_per_epoch: u64,
    /// Time between opening an audit round and its report deadline, in ms.
    round_duration_ms: u64,
    /// A report finds a node failing when its failed symbols exceed this share (bps) of its
    /// challenged symbols.
    failure_threshold_bps: u16,
    /// Share of the registered auditors (bps) whose reports must find a node failing.
    auditor_quorum_bps: u16,
    /// Share of a penalized pool's active stake (bps) that is slashed.
    penalty_bps: u16,
    /// Consecutive penalized rounds after which a node is excluded from the next committee.
    exclusion_rounds: u64,
}

// === Constructor ===

/// Creates parameters after checking each bound. Called by `system::create_system` at genesis.
/// Governance and audit parameters take their defaults; the three durations derive from the
/// epoch duration (`voting_period_ms = epoch_duration_ms`, `timelock_ms = epoch_duration_ms / 2`,
/// `round_duration_ms = epoch_duration_ms / 8`, each clamped to 1 s ..= 30 days), so that a
/// local network with short epochs also has short votes and rounds.
public(package) fun new(
    epoch_duration_ms: u64,
    max_epochs_ahead: u32,
    max_committee_size: u16,
    min_committee_stake: u64,
    commission_delay_epochs: u32,
): Params {
    let mut p = Params {
        epoch_duration_ms: MIN_EPOCH_DURATION_MS,
        max_epochs_ahead: 1,
        max_committee_size: 1,
        min_committee_stake: 0,
        commission_delay_epochs: 1,
        min_proposal_stake: DEFAULT_MIN_PROPOSAL_STAKE,
        voting_period_ms: MIN_DURATION_MS,
        timelock_ms: MIN_DURATION_MS,
        quorum_bps: DEFAULT_QUORUM_BPS,
        approval_threshold_bps: DEFAULT_APPROVAL_THRESHOLD_BPS,
        challenged_symbols: DEFAULT_CHALLENGED_SYMBOLS,
        max_rounds_per_epoch: DEFAULT_MAX_ROUNDS_PER_EPOCH,
        round_duration_ms: MIN_DURATION_MS,
        failure_threshold_bps: DEFAULT_FAILURE_THRESHOLD_BPS,
        auditor_quorum_bps: DEFAULT_AUDITOR_QUORUM_BPS,
        penalty_bps: DEFAULT_PENALTY_BPS,
        exclusion_rounds: DEFAULT_EXCLUSION_ROUNDS,
    };
    p.set_epoch_duration_ms(epoch_duration_ms);
    p.set_max_epochs_ahead(max_epochs_ahead);
    p.set_max_committee_size(max_committee_size);
    p.set_min_committee_stake(min_committee_stake);
    p.set_commission_delay_epochs(commission_delay_epochs);
    p.voting_period_ms = clamp_duration(epoch_duration_ms);
    p.timelock_ms = clamp_duration(epoch_duration_ms / 2);
    p.round_duration_ms = clamp_duration(epoch_duration_ms / 8);
    p
}

// === Setters (genesis and governance) ===

/// Sets the epoch duration. Aborts with `EInvalidEpochDuration` outside 1 s ..= 365 days.
public(package) fun set_epoch_duration_ms(self: &mut Params, value: u64) {
    assert!(
        value >= MIN_EPOCH_DURATION_MS && value <= MAX_EPOCH_DURATION_MS,
        EInvalidEpochDuration,
    );
    self.epoch_duration_ms = value;
}

/// Sets the maximum number of epochs ahead. Aborts with `EInvalidMaxEpochsAhead` outside
/// 1..=1000. Existing reservations are unaffected.
public(package) fun set_max_epochs_ahead(self: &mut Params, value: u32) {
    assert!(value >= 1 && value <= MAX_MAX_EPOCHS_AHEAD, EInvalidMaxEpochsAhead);
    self.max_epochs_ahead = value;
}

/// Sets the maximum committee size (applies at the next epoch change). Aborts with
/// `EInvalidMaxCommitteeSize` outside 1..=1000.
public(package) fun set_max_committee_size(self: &mut Params, value: u16) {
    assert!(value >= 1 && value <= MAX_MAX_COMMITTEE_SIZE, EInvalidMaxCommitteeSize);
    self.max_committee_size = value;
}

/// Sets the minimum stake for committee selection (any value; 0 means "any positive stake").
public(package) fun set_min_committee_stake(self: &mut Params, value: u64) {
    self.min_committee_stake = value;
}

/// Sets the commission change delay. Aborts with `EInvalidCommissionDelay` outside 1..=100.
public(package) fun set_commission_delay_epochs(self: &mut Params, value: u32) {
    assert!(value >= 1 && value <= MAX_COMMISSION_DELAY_EPOCHS, EInvalidCommissionDelay);
    self.commission_delay_epochs = value;
}

/// Sets whitelisted parameter `param` (a `PARAM_*` code) to `value` and returns its previous
/// value. Called by `governance::execute` only. Aborts like `check_parameter`.
public(package) fun set_parameter(self: &mut Params, param: u8, value: u64): u64 {
    check_parameter(param, value);
    let old = self.parameter(param);
    if (param == PARAM_PENALTY_BPS) self.penalty_bps = (value as u16)
    else if (param == PARAM_FAILURE_THRESHOLD_BPS) self.failure_threshold_bps = (value as u16)
    else if (param == PARAM_CHALLENGED_SYMBOLS) self.challenged_symbols = value
    else if (param == PARAM_AUDITOR_QUORUM_BPS) self.auditor_quorum_bps = (value as u16)
    else if (param == PARAM_EPOCH_DURATION_MS) self.epoch_duration_ms = value
    else if (param == PARAM_MAX_COMMITTEE_SIZE) self.max_committee_size = (value as u16)
    else if (param == PARAM_MIN_PROPOSAL_STAKE) self.min_proposal_stake = value
    else if (param == PARAM_VOTING_PERIOD_MS) self.voting_period_ms = value
    else if (param == PARAM_QUORUM_BPS) self.quorum_bps = (value as u16)
    else if (param == PARAM_APPROVAL_THRESHOLD_BPS) self.approval_threshold_bps = (value as u16)
    else if (param == PARAM_TIMELOCK_MS) self.timelock_ms = value
    else if (param == PARAM_MAX_ROUNDS_PER_EPOCH) self.max_rounds_per_epoch = value
    else if (param == PARAM_ROUND_DURATION_MS) self.round_duration_ms = value
    else self.exclusion_rounds = value;
    old
}

// === Checks ===

/// Aborts unless `value` is within the bounds of whitelisted parameter `param`: with
/// `EUnknownParameter` for a code outside 0..=13, otherwise with that parameter's error
/// (`EInvalidPenaltyRate`, `EInvalidFailureThreshold`, `EInvalidChallengedSymbols`,
/// `EInvalidAuditorQuorum`, `EInvalidEpochDuration`, `EInvalidMaxCommitteeSize`,
/// `EInvalidMinProposalStake`, `EInvalidVotingPeriod`, `EInvalidQuorum`,
/// `EInvalidApprovalThreshold`, `EInvalidTimelock`, `EInvalidMaxRoundsPerEpoch`,
/// `EInvalidRoundDuration`, `EInvalidExclusionRounds`).
public fun check_parameter(param: u8, value: u64) {
    assert!(param < PARAM_COUNT, EUnknownParameter);
    if (param == PARAM_PENALTY_BPS) {
        assert!(value <= MAX_BPS, EInvalidPenaltyRate)
    } else if (param == PARAM_FAILURE_THRESHOLD_BPS) {
        assert!(value <= MAX_FAILURE_THRESHOLD_BPS, EInvalidFailureThreshold)
    } else if (param == PARAM_CHALLENGED_SYMBOLS) {
        assert!(value >= 1 && value <= MAX_CHALLENGED_SYMBOLS, EInvalidChallengedSymbols)
    } else if (param == PARAM_AUDITOR_QUORUM_BPS) {
        assert!(value >= 1 && value <= MAX_BPS, EInvalidAuditorQuorum)
    } else if (param == PARAM_EPOCH_DURATION_MS) {
        assert!(
            value >= MIN_EPOCH_DURATION_MS && value <= MAX_EPOCH_DURATION_MS,
            EInvalidEpochDuration,
        )
    } else if (param == PARAM_MAX_COMMITTEE_SIZE) {
        assert!(value >= 1 && value <= (MAX_MAX_COMMITTEE_SIZE as u64), EInvalidMaxCommitteeSize)
    } else if (param == PARAM_MIN_PROPOSAL_STAKE) {
        assert!(value >= 1 && value <= MAX_MIN_PROPOSAL_STAKE, EInvalidMinProposalStake)
    } else if (param == PARAM_VOTING_PERIOD_MS) {
        assert!(value >= MIN_DURATION_MS && value <= MAX_DURATION_MS, EInvalidVotingPeriod)
    } else if (param == PARAM_QUORUM_BPS) {
        assert!(value >= MIN_QUORUM_BPS && value <= MAX_QUORUM_BPS, EInvalidQuorum)
    } else if (param == PARAM_APPROVAL_THRESHOLD_BPS) {
        assert!(
            value >= MIN_APPROVAL_THRESHOLD_BPS && value <= MAX_APPROVAL_THRESHOLD_BPS,
            EInvalidApprovalThreshold,
        )
    } else if (param == PARAM_TIMELOCK_MS) {
        assert!(value >= MIN_DURATION_MS && value <= MAX_DURATION_MS, EInvalidTimelock)
    } else if (param == PARAM_MAX_ROUNDS_PER_EPOCH) {
        assert!(value >= 1 && value <= MAX_ROUNDS_PER_EPOCH, EInvalidMaxRoundsPerEpoch)
    } else if (param == PARAM_ROUND_DURATION_MS) {
        assert!(value >= MIN_DURATION_MS && value <= MAX_DURATION_MS, EInvalidRoundDuration)
    } else {
        assert!(value >= 1 && value <= MAX_EXCLUSION_ROUNDS, EInvalidExclusionRounds)
    }
}

// === Accessors ===

/// The value of whitelisted parameter `param` as a u64. Aborts with `EUnknownParameter`.
public fun parameter(self: &Params, param: u8): u64 {
    assert!(param < PARAM_COUNT, EUnknownParameter);
    if (param == PARAM_PENALTY_BPS) (self.penalty_bps as u64)
    else if (param == PARAM_FAILURE_THRESHOLD_BPS) (self.failure_threshold_bps as u64)
    else if (param == PARAM_CHALLENGED_SYMBOLS) self.challenged_symbols
    else if (param == PARAM_AUDITOR_QUORUM_BPS) (self.auditor_quorum_bps as u64)
    else if (param == PARAM_EPOCH_DURATION_MS) self.epoch_duration_ms
    else if (param == PARAM_MAX_COMMITTEE_SIZE) (self.max_committee_size as u64)
    else if (param == PARAM_MIN_PROPOSAL_STAKE) self.min_proposal_stake
    else if (param == PARAM_VOTING_PERIOD_MS) self.voting_period_ms
    else if (param == PARAM_QUORUM_BPS) (self.quorum_bps as u64)
    else if (param == PARAM_APPROVAL_THRESHOLD_BPS) (self.approval_threshold_bps as u64)
    else if (param == PARAM_TIMELOCK_MS) self.timelock_ms
    else if (param == PARAM_MAX_ROUNDS_PER_EPOCH) self.max_rounds_per_epoch
    else if (param == PARAM_ROUND_DURATION_MS) self.round_duration_ms
    else self.exclusion_rounds
}

/// Minimum time between two epoch changes, in milliseconds.
public fun epoch_duration_ms(self: &Params): u64 { self.epoch_duration_ms }

/// How many epochs (counting the current one) storage can be bought for at most.
public fun max_epochs_ahead(self: &Params): u32 { self.max_epochs_ahead }

/// Largest number of storage nodes in a committee.
public fun max_committee_size(self: &Params): u16 { self.max_committee_size }

/// Smallest active stake a node needs to be selected for a committee.
public fun min_committee_stake(self: &Params): u64 { self.min_committee_stake }

/// Epochs between a commission change request and the epoch it takes effect in.
public fun commission_delay_epochs(self: &Params): u32 { self.commission_delay_epochs }

/// Smallest active stake (FROST) of the position that creates a proposal.
public fun min_proposal_stake(self: &Params): u64 { self.min_proposal_stake }

/// How long a proposal accepts votes, in ms.
public fun voting_period_ms(self: &Params): u64 { self.voting_period_ms }

/// Time between the end of voting and the earliest execution, in ms.
public fun timelock_ms(self: &Params): u64 { self.timelock_ms }

/// Governance quorum in bps of the total active stake.
public fun quorum_bps(self: &Params): u16 { self.quorum_bps }

/// Approval threshold in bps of the for + against votes.
public fun approval_threshold_bps(self: &Params): u16 { self.approval_threshold_bps }

/// Symbols each committee node is challenged on per audit round.
public fun challenged_symbols(self: &Params): u64 { self.challenged_symbols }

/// Most audit rounds that can be opened per epoch.
public fun max_rounds_per_epoch(self: &Params): u64 { self.max_rounds_per_epoch }

/// Time between opening an audit round and its report deadline, in ms.
public fun round_duration_ms(self: &Params): u64 { self.round_duration_ms }

/// Failure threshold in bps of the challenged symbols.
public fun failure_threshold_bps(self: &Params): u16 { self.failure_threshold_bps }

/// Auditor quorum in bps of the registered auditors.
public fun auditor_quorum_bps(self: &Params): u16 { self.auditor_quorum_bps }

/// Penalty rate in bps of the pool's active stake.
public fun penalty_bps(self: &Params): u16 { self.penalty_bps }

/// Consecutive penalized rounds after which a node is excluded from the next committee.
public fun exclusion_rounds(self: &Params): u64 { self.exclusion_rounds }

// === Parameter codes ===

/// Code of the penalty rate.
public fun param_penalty_bps(): u8 { PARAM_PENALTY_BPS }
/// Code of the failure threshold.
public fun param_failure_threshold_bps(): u8 { PARAM_FAILURE_THRESHOLD_BPS }
/// Code of the challenged symbols per node per round.
public fun param_challenged_symbols(): u8 { PARAM_CHALLENGED_SYMBOLS }
/// Code of the auditor quorum.
public fun param_auditor_quorum_bps(): u8 { PARAM_AUDITOR_QUORUM_BPS }
/// Code of the epoch duration.
public fun param_epoch_duration_ms(): u8 { PARAM_EPOCH_DURATION_MS }
/// Code of the maximum committee size.
public fun param_max_committee_size(): u8 { PARAM_MAX_COMMITTEE_SIZE }
/// Code of the minimum proposal stake.
public fun param_min_proposal_stake(): u8 { PARAM_MIN_PROPOSAL_STAKE }
/// Code of the voting period.
public fun param_voting_period_ms(): u8 { PARAM_VOTING_PERIOD_MS }
/// Code of the governance quorum.
public fun param_quorum_bps(): u8 { PARAM_QUORUM_BPS }
/// Code of the approval threshold.
public fun param_approval_threshold_bps(): u8 { PARAM_APPROVAL_THRESHOLD_BPS }
/// Code of the timelock.
public fun param_timelock_ms(): u8 { PARAM_TIMELOCK_MS }
/// Code of the maximum rounds per epoch.
public fun param_max_rounds_per_epoch(): u8 { PARAM_MAX_ROUNDS_PER_EPOCH }
/// Code of the round duration.
public fun param_round_duration_ms(): u8 { PARAM_ROUND_DURATION_MS }
/// Code of the exclusion threshold (consecutive penalized rounds).
public fun param_exclusion_rounds(): u8 { PARAM_EXCLUSION_ROUNDS }
/// Number of parameter codes (valid codes are 0 .. count - 1).
public fun param_count(): u8 { PARAM_COUNT }

// === Internal ===

/// `value` clamped to 1 s ..= 30 days.
fun clamp_duration(value: u64): u64 {
    value.max(MIN_DURATION_MS).min(MAX_DURATION_MS)
}
