/// Accounting for the current and future epochs: one slot per epoch from the current epoch on,
/// holding the encoded bytes reserved for that epoch and the WAL that will be paid to that epoch's
/// committee. Slot 0 is always the current epoch; `system::advance_epoch` pays slot 0 out, drops
/// it and appends a fresh slot at the end, so the slots always cover
/// `[current_epoch, current_epoch + length)`.
///
/// Storage payments are spread evenly over the slots of the epochs they pay for (the price is
/// per epoch, so every slot gets exactly `price x units`); write payments and rounding dust go to
/// the current or next slot.
module walrus::storage_accounting;

use sui::balance::{Self, Balance};
use wal::wal::WAL;

// === Errors ===

#[error(code = 0)]
/// An epoch offset beyond the accounting window was requested.
const EOffsetOutOfRange: vector<u8> =
    b"epoch out of range: the accounting only covers the current epoch and the next max_epochs_ahead - 1";

// === Structs ===

/// The accounting of one epoch.
public struct EpochAccount has store {
    /// The epoch this slot accounts for.
    epoch: u32,
    /// Encoded bytes reserved for this epoch by storage resources.
    used_capacity: u64,
    /// WAL to be paid to this epoch's committee when the epoch ends.
    rewards: Balance<WAL>,
}

/// The slots of the current and future epochs, in epoch order.
public struct FutureAccounting has store {
    /// `slots[i]` accounts for epoch `current_epoch + i`.
    slots: vector<EpochAccount>,
}

// === Constructor ===

/// Creates `length` empty slots starting at `epoch`. Called by `system::create_system`.
public(package) fun new(epoch: u32, length: u32): FutureAccounting {
    let mut self = FutureAccounting { slots: vector[] };
    let first = EpochAccount { epoch, used_capacity: 0, rewards: balance::zero() };
    self.slots.push_back(first);
    self.ensure_length(length);
    self
}

// === Package functions ===

/// Appends empty slots until there are at least `length` (after governance raised
/// `max_epochs_ahead`). Never removes slots.
public(package) fun ensure_length(self: &mut FutureAccounting, length: u32) {
    while (self.slots.length() < (length as u64)) {
        let next_epoch = self.slots[self.slots.length() - 1].epoch + 1;
        let slot = EpochAccount { epoch: next_epoch, used_capacity: 0, rewards: balance::zero() };
        self.slots.push_back(slot);
    }
}

/// True iff adding `size` to the used capacity of each slot in `[from, to)` keeps every one of
/// them at most `total_capacity`.
public(package) fun has_capacity(
    self: &FutureAccounting,
    from: u64,
    to: u64,
    size: u64,
    total_capacity: u64,
): bool {
    assert!(to <= self.slots.length(), EOffsetOutOfRange);
    let mut i = from;
    while (i < to) {
        let used = self.slots[i].used_capacity as u128;
        if (used + (size as u128) > (total_capacity as u128)) return false;
        i = i + 1;
    };
    true
}

/// Adds `size` to the used capacity of the slots `[from, to)` and `per_epoch` FROST from
/// `payment` to each of their reward balances. `payment` must hold exactly
/// `per_epoch x (to - from)`; the caller checked the capacity.
public(package) fun reserve(
    self: &mut FutureAccounting,
    from: u64,
    to: u64,
    size: u64,
    per_epoch: u64,
    mut payment: Balance<WAL>,
) {
    assert!(to <= self.slots.length(), EOffsetOutOfRange);
    let mut i = from;
    while (i < to) {
        let slot = &mut self.slots[i];
        slot.used_capacity = slot.used_capacity + size;
        slot.rewards.join(payment.split(per_epoch));
        i = i + 1;
    };
    payment.destroy_zero();
}

/// Adds `amount` to the rewards of the slot at `offset` (0 = current epoch).
public(package) fun add_rewards(self: &mut FutureAccounting, offset: u64, amount: Balance<WAL>) {
    assert!(offset < self.slots.length(), EOffsetOutOfRange);
    self.slots[offset].rewards.join(amount);
}

/// Removes the current epoch's slot, returning its rewards, and appends slots so that at least
/// `min_length` remain. The next epoch's slot becomes slot 0.
public(package) fun advance(self: &mut FutureAccounting, min_length: u32): Balance<WAL> {
    // Keep at least two slots so that the next epoch's slot exists before removing slot 0.
    self.ensure_length(2);
    let EpochAccount { epoch: _, used_capacity: _, rewards } = self.slots.remove(0);
    self.ensure_length(min_length);
    rewards
}

// === Accessors ===

/// Number of slots.
public fun length(self: &FutureAccounting): u64 { self.slots.length() }

/// The epoch of slot 0 (the current epoch).
public fun first_epoch(self: &FutureAccounting): u32 { self.slots[0].epoch }

/// Encoded bytes reserved for the epoch at `offset` (0 = current epoch). 0 beyond the window.
public fun used_capacity_at(self: &FutureAccounting, offset: u64): u64 {
    if (offset >= self.slots.length()) 0 else self.slots[offset].used_capacity
}

/// FROST held for the epoch at `offset` (0 = current epoch). 0 beyond the window.
public fun rewards_at(self: &FutureAccounting, offset: u64): u64 {
    if (offset >= self.slots.length()) 0 else self.slots[offset].rewards.value()
}

/// Largest used capacity over all slots.
public fun max_used_capacity(self: &FutureAccounting): u64 {
    let mut max = 0;
    self.slots.do_ref!(|slot| if (slot.used_capacity > max) max = slot.used_capacity);
    max
}

/// Total FROST held over all slots.
public fun total_rewards(self: &FutureAccounting): u64 {
    let mut sum = 0;
    self.slots.do_ref!(|slot| sum = sum + slot.rewards.value());
    sum
}
