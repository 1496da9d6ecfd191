/// Penalties for nodes that fail audits: the slash formula and each node's penalty record
/// (consecutive penalized rounds, exclusion). `audit::finalize_round` applies them;
/// `system::reregister_node` ends an exclusion.
///
/// * Slash: `floor(W * penalty_bps / 10000)` of the pool's active stake W, capped so that at
///   least `max(1, ceil(S / 2^32))` FROST stay active (S = pool shares), which is the bound
///   `staking_pool::slash` enforces to keep share arithmetic safe. Slashed WAL is burned.
/// * Streak: a finalized round in which the node was a committee member adds 1 to its streak if
///   it was penalized, and resets the streak to 0 otherwise. When the streak reaches
///   `exclusion_rounds`, the node is excluded from committee selection (the pool's `excluded`
///   flag) and its record notes the epoch.
/// * Re-registration: from the epoch after its exclusion on, the operator re-admits the node
///   with `system::reregister_node`, which clears the exclusion and the streak. The node thus
///   misses at least the committee selected at the end of the epoch it was excluded in.
module walrus::penalties;

use sui::table::{Self, Table};

// === Constants ===

/// 100% in basis points.
const MAX_BPS: u128 = 10_000;
/// Largest shares-per-FROST ratio a slash may leave (as in `staking_pool`).
const MAX_SHARES_PER_FROST: u256 = 0x1_0000_0000;

// === Errors ===

#[error(code = 0)]
/// The node is not excluded.
const ENotExcluded: vector<u8> =
    b"node not excluded: only a node excluded after repeated penalties needs to re-register";

#[error(code = 1)]
/// The node was excluded in the current epoch.
const EExclusionNotOver: vector<u8> =
    b"too early: an excluded node misses the committee selected at the end of the epoch it was excluded in; re-register from the next epoch on";

// === Structs ===

/// The penalty history of one node.
public struct PenaltyRecord has copy, drop, store {
    /// Consecutive penalized rounds (reset by a round without penalty and by re-registration).
    consecutive_penalties: u64,
    /// All penalized rounds.
    penalized_rounds: u64,
    /// All FROST slashed from the node's pool.
    total_slashed: u64,
    /// `some(e)` while the node is excluded: it was excluded in epoch `e`.
    excluded_epoch: Option<u32>,
}

/// Penalty records by node ID (kept in the `System`; a node has a record from its first
/// penalty on).
public struct PenaltyRecords has store {
    /// The records.
    records: Table<ID, PenaltyRecord>,
}

// === Package functions ===

/// Empty records (genesis).
public(package) fun new(ctx: &mut TxContext): PenaltyRecords {
    PenaltyRecords { records: table::new(ctx) }
}

/// Records a penalty of `slashed` FROST for `node_id` in `epoch` and returns (its streak,
/// whether this penalty newly excludes it). The node is newly excluded when the streak reaches
/// `exclusion_rounds` and it is not excluded already. Called by `audit::finalize_round` only.
public(package) fun record_penalty(
    self: &mut PenaltyRecords,
    node_id: ID,
    slashed: u64,
    exclusion_rounds: u64,
    epoch: u32,
): (u64, bool) {
    if (!self.records.contains(node_id)) {
        self
            .records
            .add(
                node_id,
                PenaltyRecord {
                    consecutive_penalties: 0,
                    penalized_rounds: 0,
                    total_slashed: 0,
                    excluded_epoch: option::none(),
                },
            );
    };
    let r = &mut self.records[node_id];
    r.consecutive_penalties = r.consecutive_penalties + 1;
    r.penalized_rounds = r.penalized_rounds + 1;
    // All slashes of a pool together are below the WAL supply.
    r.total_slashed = r.total_slashed + slashed;
    let newly_excluded = r.consecutive_penalties >= exclusion_rounds && r.excluded_epoch.is_none();
    if (newly_excluded) r.excluded_epoch = option::some(epoch);
    (r.consecutive_penalties, newly_excluded)
}

/// Resets `node_id`'s streak (a finalized round in which it was a member and not penalized).
/// Called by `audit::finalize_round` only.
public(package) fun record_pass(self: &mut PenaltyRecords, node_id: ID) {
    if (self.records.contains(node_id)) {
        self.records[node_id].consecutive_penalties = 0;
    }
}

/// Ends `node_id`'s exclusion in `epoch`, resets its streak and returns the epoch it was
/// excluded in. Called by `system::reregister_node` only. Aborts with `ENotExcluded` or
/// `EExclusionNotOver` (unless `epoch` is after the exclusion epoch).
public(package) fun reregister(self: &mut PenaltyRecords, node_id: ID, epoch: u32): u32 {
    assert!(self.is_excluded(node_id), ENotExcluded);
    let r = &mut self.records[node_id];
    let excluded_epoch = *r.excluded_epoch.borrow();
    assert!(epoch > excluded_epoch, EExclusionNotOver);
    r.excluded_epoch = option::none();
    r.consecutive_penalties = 0;
    excluded_epoch
}

// === Rules ===

/// FROST slashed from a pool with active stake `active_stake` and `total_shares` shares at
/// `penalty_bps`: `min(floor(active_stake * penalty_bps / 10000), active_stake - keep)` with
/// `keep = max(1, ceil(total_shares / 2^32))`, or 0 if `active_stake <= keep`.
public fun slash_amount(active_stake: u64, total_shares: u128, penalty_bps: u16): u64 {
    let wanted = ((active_stake as u128) * (penalty_bps as u128) / MAX_BPS) as u64;
    let keep = ((total_shares as u256) + MAX_SHARES_PER_FROST - 1) / MAX_SHARES_PER_FROST;
    let keep = keep.max(1);
    if ((active_stake as u256) <= keep) return 0;
    let most = ((active_stake as u256) - keep) as u64;
    wanted.min(most)
}

// === Accessors ===

/// `node_id`'s record, if it was ever penalized.
public fun record(self: &PenaltyRecords, node_id: ID): Option<PenaltyRecord> {
    if (self.records.contains(node_id)) option::some(self.records[node_id]) else option::none()
}

/// `node_id`'s current streak of penalized rounds.
public fun consecutive_penalties(self: &PenaltyRecords, node_id: ID): u64 {
    if (self.records.contains(node_id)) self.records[node_id].consecutive_penalties else 0
}

/// True iff `node_id` is excluded after repeated penalties.
public fun is_excluded(self: &PenaltyRecords, node_id: ID): bool {
    self.records.contains(node_id) && self.records[node_id].excluded_epoch.is_some()
}

/// Streak of a record.
public fun record_consecutive_penalties(r: &PenaltyRecord): u64 { r.consecutive_penalties }

/// Penalized rounds of a record.
public fun record_penalized_rounds(r: &PenaltyRecord): u64 { r.penalized_rounds }

/// FROST slashed of a record.
public fun record_total_slashed(r: &PenaltyRecord): u64 { r.total_slashed }

/// Exclusion epoch of a record.
public fun record_excluded_epoch(r: &PenaltyRecord): Option<u32> { r.excluded_epoch }

// === Test only ===

#[test_only]
/// Destroys records (tests only).
public fun destroy_for_testing(self: PenaltyRecords) {
    std::unit_test::destroy(self);
}
