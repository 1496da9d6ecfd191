/// A staker's position in a node's staking pool. It holds no WAL itself: the WAL sits in the
/// pool inside the `System`, and the position records the principal and the epoch it became
/// active, from which the pool derives its shares (see `staking_pool`).
///
/// A `StakedWal` is `Staked` until `system::request_withdraw_stake` marks it withdrawing (with a
/// withdraw epoch); `system::withdraw_stake` then consumes it. Staked positions can be split and
/// joined. The set of governance proposals a position has voted on travels with it (copied to
/// both halves on split, unioned on join) so that the same stake can never vote twice.
module walrus::staked_wal;

use walrus::events;

// === Errors ===

#[error(code = 0)]
/// A split amount must leave something on both sides.
const EInvalidSplitAmount: vector<u8> =
    b"invalid split amount: it must be greater than 0 and smaller than the principal";

#[error(code = 1)]
/// Withdrawing positions cannot be split or joined.
const EWithdrawing: vector<u8> =
    b"stake is withdrawing: positions with a pending withdrawal cannot be split or joined; withdraw them instead";

#[error(code = 2)]
/// Only positions with the same node can be joined.
const EDifferentNode: vector<u8> =
    b"different nodes: only stakes with the same node can be joined";

#[error(code = 3)]
/// Only positions with the same activation epoch can be joined.
const EDifferentActivationEpoch: vector<u8> =
    b"different activation epochs: only stakes that became active in the same epoch can be joined";

#[error(code = 4)]
/// The position already voted on this proposal.
const EAlreadyVoted: vector<u8> =
    b"already voted: this stake (or a stake it was split from or joined with) has already voted on this proposal";

// === Structs ===

/// Staked WAL: a position in the staking pool of `node_id`.
public struct StakedWal has key, store {
    id: UID,
    /// The node (staking pool) the WAL is staked with.
    node_id: ID,
    /// FROST staked (the principal, without rewards).
    principal: u64,
    /// First epoch in which the stake is active (the epoch after it was staked).
    activation_epoch: u32,
    /// `some(e)` once a withdrawal was requested: the stake can be withdrawn from epoch `e` on.
    withdraw_epoch: Option<u32>,
    /// Governance proposals this stake has voted on.
    votes: vector<ID>,
}

// === Package functions ===

/// Creates a position. Called by `system::stake_with_pool` only, after the WAL went to the pool.
public(package) fun mint(
    node_id: ID,
    principal: u64,
    activation_epoch: u32,
    ctx: &mut TxContext,
): StakedWal {
    StakedWal {
        id: object::new(ctx),
        node_id,
        principal,
        activation_epoch,
        withdraw_epoch: option::none(),
        votes: vector[],
    }
}

/// Marks the position as withdrawing from `withdraw_epoch`. Called by
/// `system::request_withdraw_stake` only.
public(package) fun set_withdrawing(self: &mut StakedWal, withdraw_epoch: u32) {
    self.withdraw_epoch = option::some(withdraw_epoch);
}

/// Destroys the position, returning its principal. Called by `system::withdraw_stake` only,
/// which pays the WAL out of the pool.
public(package) fun burn(self: StakedWal): u64 {
    let StakedWal { id, principal, .. } = self;
    id.delete();
    principal
}

/// Records a vote on `proposal_id`. Aborts with `EAlreadyVoted` if the position (or one it was
/// split from or joined with) voted on it before. For governance (part 2).
public(package) fun add_vote(self: &mut StakedWal, proposal_id: ID) {
    assert!(!self.votes.contains(&proposal_id), EAlreadyVoted);
    self.votes.push_back(proposal_id);
}

// === Public functions ===

/// Splits `amount` of principal off into a new position with the same node, activation epoch
/// and votes. Aborts with `EWithdrawing` for a withdrawing position and `EInvalidSplitAmount`
/// unless 0 < amount < principal.
public fun split(self: &mut StakedWal, amount: u64, ctx: &mut TxContext): StakedWal {
    assert!(self.withdraw_epoch.is_none(), EWithdrawing);
    assert!(amount > 0 && amount < self.principal, EInvalidSplitAmount);
    self.principal = self.principal - amount;
    let new = StakedWal {
        id: object::new(ctx),
        node_id: self.node_id,
        principal: amount,
        activation_epoch: self.activation_epoch,
        withdraw_epoch: option::none(),
        votes: self.votes,
    };
    events::staked_wal_split(
        self.id.to_inner(),
        new.id.to_inner(),
        self.node_id,
        self.principal,
        amount,
    ).emit();
    new
}

/// Merges `other` into `self` (principals add, votes are unioned). Aborts with `EWithdrawing`
/// if either is withdrawing, `EDifferentNode` or `EDifferentActivationEpoch` if they differ.
public fun join(self: &mut StakedWal, other: StakedWal) {
    assert!(self.withdraw_epoch.is_none() && other.withdraw_epoch.is_none(), EWithdrawing);
    assert!(self.node_id == other.node_id, EDifferentNode);
    assert!(self.activation_epoch == other.activation_epoch, EDifferentActivationEpoch);
    let StakedWal { id, principal, votes, .. } = other;
    // Both principals are parts of the WAL supply (< 2^63): the sum fits in u64.
    self.principal = self.principal + principal;
    votes.do!(|v| if (!self.votes.contains(&v)) self.votes.push_back(v));
    events::staked_wal_joined(
        self.id.to_inner(),
        id.to_inner(),
        self.node_id,
        self.principal,
    ).emit();
    id.delete();
}

// === Accessors ===

/// The node (staking pool) the WAL is staked with.
public fun node_id(self: &StakedWal): ID { self.node_id }

/// FROST staked (without rewards).
public fun principal(self: &StakedWal): u64 { self.principal }

/// First epoch in which the stake is active.
public fun activation_epoch(self: &StakedWal): u32 { self.activation_epoch }

/// `some(e)` if a withdrawal was requested (withdrawable from epoch `e`), else `none`.
public fun withdraw_epoch(self: &StakedWal): Option<u32> { self.withdraw_epoch }

/// True iff a withdrawal was requested.
public fun is_withdrawing(self: &StakedWal): bool { self.withdraw_epoch.is_some() }

/// True iff the stake is active in `epoch`: activated and not withdrawn before it.
public fun is_active_at(self: &StakedWal, epoch: u32): bool {
    self.activation_epoch <= epoch
        && (self.withdraw_epoch.is_none() || epoch < *self.withdraw_epoch.borrow())
}

/// Proposals this stake has voted on.
public fun votes(self: &StakedWal): &vector<ID> { &self.votes }

/// True iff this stake has voted on `proposal_id`.
public fun has_voted(self: &StakedWal, proposal_id: ID): bool { self.votes.contains(&proposal_id) }

// === Test only ===

#[test_only]
/// Creates a position without staking (tests of split and join only).
public fun mint_for_testing(
    node_id: ID,
    principal: u64,
    activation_epoch: u32,
    ctx: &mut TxContext,
): StakedWal {
    mint(node_id, principal, activation_epoch, ctx)
}

#[test_only]
/// Destroys a position (tests only).
public fun destroy_for_testing(self: StakedWal) {
    burn(self);
}
