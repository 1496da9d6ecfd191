/// Protocol parameters: the values governance may change (part 2 of the contracts), each with
/// bounds checked by its setter. The parameters live inside the `System` object; only modules
/// of this package can change them (`public(package)` setters, called by `system` at genesis and
/// by governance when a proposal passes).
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
}

// === Constructor ===

/// Creates parameters after checking each bound. Called by `system::create_system` at genesis.
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
    };
    p.set_epoch_duration_ms(epoch_duration_ms);
    p.set_max_epochs_ahead(max_epochs_ahead);
    p.set_max_committee_size(max_committee_size);
    p.set_min_committee_stake(min_committee_stake);
    p.set_commission_delay_epochs(commission_delay_epochs);
    p
}

// === Setters (governance) ===

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

// === Accessors ===

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
