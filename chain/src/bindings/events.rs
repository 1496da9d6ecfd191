//! Bindings of every event: `walrus::events::*` and `wal::wal::WalBurned`.
//!
//! Generated once from `move/walrus/sources/events.move` and maintained by hand; the layout
//! test checks each against the compiled bytecode and fails when an event of the bytecode has
//! no binding here. Add a new event to the `system_events!` list in [`crate::events`] too.

use sui_sdk_types::Address;
use walrus_core::BlobId;

use super::framework::Id;
use crate::move_struct;

move_struct! {
    #[move_type(Wal, "wal", "WalBurned", event)]
    /// `wal::wal::WalBurned`: emitted by every burn of WAL.
    pub struct WalBurned {
        /// FROST destroyed by this burn.
        pub amount: u64 => "u64",
        /// Total supply in FROST after the burn.
        pub total_supply: u64 => "u64",
        /// Address that sent the burning transaction.
        pub burner: Address => "address",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "SystemCreated", event)]
    /// `walrus::events::SystemCreated`: emitted when the genesis function `system::create_system` shared the `System` object.
    pub struct SystemCreated {
        /// ID of the shared `System` object.
        pub system_id: Id => "0x2::object::ID",
        /// The first epoch (0).
        pub epoch: u32 => "u32",
        /// Start of epoch 0 (clock time, ms).
        pub epoch_start_ms: u64 => "u64",
        /// Number of shards (fixed for the life of the system).
        pub n_shards: u16 => "u16",
        /// Minimum epoch duration in ms.
        pub epoch_duration_ms: u64 => "u64",
        /// Maximum number of epochs storage can be bought for.
        pub max_epochs_ahead: u32 => "u32",
        /// Maximum committee size.
        pub max_committee_size: u16 => "u16",
        /// Capacity (bytes of encoded size) for sale in epoch 0.
        pub total_capacity: u64 => "u64",
        /// Storage price in epoch 0 (FROST per MiB unit per epoch).
        pub storage_price: u64 => "u64",
        /// Write price in epoch 0 (FROST per MiB unit).
        pub write_price: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "SpaceReserved", event)]
    /// `walrus::events::SpaceReserved`: emitted when `system::reserve_space` sold a storage resource.
    pub struct SpaceReserved {
        /// Epoch of the purchase.
        pub epoch: u32 => "u32",
        /// ID of the new `Storage` object.
        pub storage_id: Id => "0x2::object::ID",
        /// First epoch covered.
        pub start_epoch: u32 => "u32",
        /// First epoch no longer covered (exclusive).
        pub end_epoch: u32 => "u32",
        /// Reserved encoded size in bytes.
        pub size: u64 => "u64",
        /// FROST paid (storage price x units x epochs).
        pub cost: u64 => "u64",
        /// Sender of the transaction.
        pub payer: Address => "address",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "BlobRegistered", event)]
    /// `walrus::events::BlobRegistered`: emitted when `system::register_blob` created a `Blob`.
    pub struct BlobRegistered {
        /// Epoch of registration.
        pub epoch: u32 => "u32",
        /// ID of the `Blob` object.
        pub blob_object_id: Id => "0x2::object::ID",
        /// The blob ID.
        #[serde(with = "crate::bindings::blob_id_serde")]
        pub blob_id: BlobId => "u256",
        /// Unencoded size in bytes.
        pub size: u64 => "u64",
        /// Encoding type (1 = RS2).
        pub encoding_type: u8 => "u8",
        /// Encoded size in bytes for the current number of shards.
        pub encoded_size: u64 => "u64",
        /// ID of the `Storage` object now held by the blob.
        pub storage_id: Id => "0x2::object::ID",
        /// Size of that storage resource in bytes.
        pub storage_size: u64 => "u64",
        /// First epoch the blob is no longer stored (exclusive).
        pub end_epoch: u32 => "u32",
        /// Whether the owner may delete the blob before it expires.
        pub deletable: bool => "bool",
        /// FROST paid as write fee (write price x units of the encoded size).
        pub write_cost: u64 => "u64",
        /// Sender of the transaction.
        pub owner: Address => "address",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "BlobCertified", event)]
    /// `walrus::events::BlobCertified`: emitted when `system::certify_blob` accepted a quorum certificate.
    pub struct BlobCertified {
        /// Epoch of certification (the certificate's epoch).
        pub epoch: u32 => "u32",
        /// ID of the `Blob` object.
        pub blob_object_id: Id => "0x2::object::ID",
        /// The blob ID.
        #[serde(with = "crate::bindings::blob_id_serde")]
        pub blob_id: BlobId => "u256",
        /// First epoch the blob is no longer stored (exclusive).
        pub end_epoch: u32 => "u32",
        /// Whether the blob is deletable.
        pub deletable: bool => "bool",
        /// Shards held by the signers of the certificate.
        pub signer_shards: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "BlobExtended", event)]
    /// `walrus::events::BlobExtended`: emitted when `system::extend_blob` bought more epochs for a blob.
    pub struct BlobExtended {
        /// Epoch of the extension.
        pub epoch: u32 => "u32",
        /// ID of the `Blob` object.
        pub blob_object_id: Id => "0x2::object::ID",
        /// The blob ID.
        #[serde(with = "crate::bindings::blob_id_serde")]
        pub blob_id: BlobId => "u256",
        /// End epoch before the extension.
        pub old_end_epoch: u32 => "u32",
        /// End epoch after the extension.
        pub new_end_epoch: u32 => "u32",
        /// FROST paid.
        pub cost: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "BlobDeleted", event)]
    /// `walrus::events::BlobDeleted`: emitted when `system::delete_blob` deleted a deletable blob and returned its storage.
    pub struct BlobDeleted {
        /// Epoch of the deletion.
        pub epoch: u32 => "u32",
        /// ID of the deleted `Blob` object.
        pub blob_object_id: Id => "0x2::object::ID",
        /// The blob ID.
        #[serde(with = "crate::bindings::blob_id_serde")]
        pub blob_id: BlobId => "u256",
        /// End epoch the blob had.
        pub end_epoch: u32 => "u32",
        /// Whether the blob had been certified.
        pub was_certified: bool => "bool",
        /// ID of the `Storage` object returned to the owner.
        pub storage_id: Id => "0x2::object::ID",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "BlobBurned", event)]
    /// `walrus::events::BlobBurned`: emitted when `system::burn_blob` destroyed an expired blob.
    pub struct BlobBurned {
        /// Epoch of the burn.
        pub epoch: u32 => "u32",
        /// ID of the destroyed `Blob` object.
        pub blob_object_id: Id => "0x2::object::ID",
        /// The blob ID.
        #[serde(with = "crate::bindings::blob_id_serde")]
        pub blob_id: BlobId => "u256",
        /// End epoch the blob had (at most `epoch`).
        pub end_epoch: u32 => "u32",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "BlobAttributeSet", event)]
    /// `walrus::events::BlobAttributeSet`: emitted when `blob::set_attribute` inserted or replaced an attribute.
    pub struct BlobAttributeSet {
        /// ID of the `Blob` object.
        pub blob_object_id: Id => "0x2::object::ID",
        /// The blob ID.
        #[serde(with = "crate::bindings::blob_id_serde")]
        pub blob_id: BlobId => "u256",
        /// Attribute key.
        pub key: String => "0x1::string::String",
        /// New value.
        pub value: String => "0x1::string::String",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "BlobAttributeRemoved", event)]
    /// `walrus::events::BlobAttributeRemoved`: emitted when `blob::remove_attribute` removed an attribute.
    pub struct BlobAttributeRemoved {
        /// ID of the `Blob` object.
        pub blob_object_id: Id => "0x2::object::ID",
        /// The blob ID.
        #[serde(with = "crate::bindings::blob_id_serde")]
        pub blob_id: BlobId => "u256",
        /// Removed attribute key.
        pub key: String => "0x1::string::String",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "StorageSplit", event)]
    /// `walrus::events::StorageSplit`: emitted when a `Storage` was split (by epoch or by size) into two.
    pub struct StorageSplit {
        /// ID of the `Storage` that was split (it keeps the first part).
        pub original_id: Id => "0x2::object::ID",
        /// ID of the new `Storage` (the second part).
        pub new_id: Id => "0x2::object::ID",
        /// Start epoch of the original after the split.
        pub original_start_epoch: u32 => "u32",
        /// End epoch of the original after the split.
        pub original_end_epoch: u32 => "u32",
        /// Size of the original after the split.
        pub original_size: u64 => "u64",
        /// Start epoch of the new storage.
        pub new_start_epoch: u32 => "u32",
        /// End epoch of the new storage.
        pub new_end_epoch: u32 => "u32",
        /// Size of the new storage.
        pub new_size: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "StorageFused", event)]
    /// `walrus::events::StorageFused`: emitted when two `Storage` objects were fused into one.
    pub struct StorageFused {
        /// ID of the `Storage` that remains.
        pub kept_id: Id => "0x2::object::ID",
        /// ID of the `Storage` that was destroyed.
        pub consumed_id: Id => "0x2::object::ID",
        /// Start epoch of the result.
        pub start_epoch: u32 => "u32",
        /// End epoch of the result.
        pub end_epoch: u32 => "u32",
        /// Size of the result.
        pub size: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "StorageDestroyed", event)]
    /// `walrus::events::StorageDestroyed`: emitted when `storage_resource::destroy` destroyed a `Storage` object.
    pub struct StorageDestroyed {
        /// ID of the destroyed `Storage`.
        pub storage_id: Id => "0x2::object::ID",
        /// Its start epoch.
        pub start_epoch: u32 => "u32",
        /// Its end epoch.
        pub end_epoch: u32 => "u32",
        /// Its size.
        pub size: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "NodeRegistered", event)]
    /// `walrus::events::NodeRegistered`: emitted when `system::register_candidate` registered a storage node and its staking pool.
    pub struct NodeRegistered {
        /// Epoch of registration.
        pub epoch: u32 => "u32",
        /// The node ID (also the staking pool's ID).
        pub node_id: Id => "0x2::object::ID",
        /// ID of the `StorageNodeCap` given to the operator.
        pub cap_id: Id => "0x2::object::ID",
        /// Sender of the transaction (bound by the proof of possession).
        pub operator: Address => "address",
        /// Node name.
        pub name: String => "0x1::string::String",
        /// Network address.
        pub network_address: String => "0x1::string::String",
        /// ed25519 protocol public key (32 bytes).
        pub public_key: Vec<u8> => "vector<u8>",
        /// Commission in basis points.
        pub commission_bps: u16 => "u16",
        /// Storage price vote.
        pub storage_price_vote: u64 => "u64",
        /// Write price vote.
        pub write_price_vote: u64 => "u64",
        /// Capacity vote (bytes the node offers to store).
        pub capacity_vote: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "NodeVotesUpdated", event)]
    /// `walrus::events::NodeVotesUpdated`: emitted when `system::set_votes` changed a node's price and capacity votes.
    pub struct NodeVotesUpdated {
        /// Epoch of the change.
        pub epoch: u32 => "u32",
        /// The node.
        pub node_id: Id => "0x2::object::ID",
        /// New storage price vote.
        pub storage_price_vote: u64 => "u64",
        /// New write price vote.
        pub write_price_vote: u64 => "u64",
        /// New capacity vote.
        pub capacity_vote: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "NetworkAddressUpdated", event)]
    /// `walrus::events::NetworkAddressUpdated`: emitted when `system::set_network_address` changed a node's network address.
    pub struct NetworkAddressUpdated {
        /// Epoch of the change.
        pub epoch: u32 => "u32",
        /// The node.
        pub node_id: Id => "0x2::object::ID",
        /// New network address.
        pub network_address: String => "0x1::string::String",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "CommissionChangeRequested", event)]
    /// `walrus::events::CommissionChangeRequested`: emitted when `system::set_commission` scheduled a commission change.
    pub struct CommissionChangeRequested {
        /// Epoch of the request.
        pub epoch: u32 => "u32",
        /// The node.
        pub node_id: Id => "0x2::object::ID",
        /// New commission in basis points.
        pub commission_bps: u16 => "u16",
        /// First epoch whose rewards use the new commission.
        pub effective_epoch: u32 => "u32",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "CommissionCollected", event)]
    /// `walrus::events::CommissionCollected`: emitted when `system::collect_commission` paid a node's commission out.
    pub struct CommissionCollected {
        /// Epoch of collection.
        pub epoch: u32 => "u32",
        /// The node.
        pub node_id: Id => "0x2::object::ID",
        /// FROST paid out.
        pub amount: u64 => "u64",
        /// Sender of the transaction.
        pub recipient: Address => "address",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "StakeAdded", event)]
    /// `walrus::events::StakeAdded`: emitted when `system::stake_with_pool` staked WAL with a node.
    pub struct StakeAdded {
        /// Epoch of the stake.
        pub epoch: u32 => "u32",
        /// ID of the new `StakedWal`.
        pub staked_wal_id: Id => "0x2::object::ID",
        /// The node staked with.
        pub node_id: Id => "0x2::object::ID",
        /// Sender of the transaction.
        pub staker: Address => "address",
        /// FROST staked (the principal).
        pub amount: u64 => "u64",
        /// Epoch the stake becomes active (epoch + 1).
        pub activation_epoch: u32 => "u32",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "StakeWithdrawRequested", event)]
    /// `walrus::events::StakeWithdrawRequested`: emitted when `system::request_withdraw_stake` asked to withdraw active stake.
    pub struct StakeWithdrawRequested {
        /// Epoch of the request.
        pub epoch: u32 => "u32",
        /// The `StakedWal`.
        pub staked_wal_id: Id => "0x2::object::ID",
        /// The node staked with.
        pub node_id: Id => "0x2::object::ID",
        /// Its principal.
        pub principal: u64 => "u64",
        /// Pool shares it represents (withdrawn at the next epoch change).
        pub shares: u128 => "u128",
        /// First epoch it can be withdrawn in (epoch + 1).
        pub withdraw_epoch: u32 => "u32",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "StakeWithdrawn", event)]
    /// `walrus::events::StakeWithdrawn`: emitted when `system::withdraw_stake` paid a stake out.
    pub struct StakeWithdrawn {
        /// Epoch of the withdrawal.
        pub epoch: u32 => "u32",
        /// The destroyed `StakedWal`.
        pub staked_wal_id: Id => "0x2::object::ID",
        /// The node it was staked with.
        pub node_id: Id => "0x2::object::ID",
        /// Sender of the transaction.
        pub staker: Address => "address",
        /// Its principal.
        pub principal: u64 => "u64",
        /// FROST paid out (principal plus rewards, or the principal if it never activated).
        pub amount: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "StakedWalSplit", event)]
    /// `walrus::events::StakedWalSplit`: emitted when `staked_wal::split` split a `StakedWal` in two.
    pub struct StakedWalSplit {
        /// The `StakedWal` that was split.
        pub original_id: Id => "0x2::object::ID",
        /// The new `StakedWal`.
        pub new_id: Id => "0x2::object::ID",
        /// Their node.
        pub node_id: Id => "0x2::object::ID",
        /// Principal left in the original.
        pub original_principal: u64 => "u64",
        /// Principal of the new one.
        pub new_principal: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "StakedWalJoined", event)]
    /// `walrus::events::StakedWalJoined`: emitted when `staked_wal::join` merged one `StakedWal` into another.
    pub struct StakedWalJoined {
        /// The `StakedWal` that remains.
        pub kept_id: Id => "0x2::object::ID",
        /// The destroyed `StakedWal`.
        pub consumed_id: Id => "0x2::object::ID",
        /// Their node.
        pub node_id: Id => "0x2::object::ID",
        /// Principal of the result.
        pub principal: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "StakingPoolUpdated", event)]
    /// `walrus::events::StakingPoolUpdated`: emitted when an epoch change touched a staking pool (rewards, activations, withdrawals or a
    /// commission change); emitted once per touched pool.
    pub struct StakingPoolUpdated {
        /// The new epoch.
        pub epoch: u32 => "u32",
        /// The node (pool).
        pub node_id: Id => "0x2::object::ID",
        /// Active stake (FROST) after the update.
        pub active_stake: u64 => "u64",
        /// Pool shares after the update.
        pub total_shares: u128 => "u128",
        /// Exchange rate of the new epoch: WAL part (see docs/contracts.md).
        pub rate_wal: u64 => "u64",
        /// Exchange rate of the new epoch: shares part.
        pub rate_shares: u128 => "u128",
        /// FROST of pending stake that became active.
        pub stake_activated: u64 => "u64",
        /// Shares removed for withdrawals requested in the previous epoch.
        pub shares_withdrawn: u128 => "u128",
        /// FROST moved from active stake to the withdrawable balance.
        pub wal_withdrawn: u64 => "u64",
        /// Commission in force from the new epoch.
        pub commission_bps: u16 => "u16",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "RewardsDistributed", event)]
    /// `walrus::events::RewardsDistributed`: emitted when an epoch change paid the ending epoch's fees to its committee.
    pub struct RewardsDistributed {
        /// The epoch whose fees were paid (the ending epoch).
        pub epoch: u32 => "u32",
        /// FROST in that epoch's accounting slot (fees plus carried dust).
        pub total: u64 => "u64",
        /// Committee members, in committee order.
        pub node_ids: Vec<Id> => "vector<0x2::object::ID>",
        /// FROST each member's pool received as stake rewards.
        pub rewards: Vec<u64> => "vector<u64>",
        /// FROST each member's operator received as commission.
        pub commissions: Vec<u64> => "vector<u64>",
        /// FROST withheld from members whose rewards were forfeited (carried over).
        pub forfeited: u64 => "u64",
        /// FROST carried into the next epoch's slot (rounding dust, forfeits, or everything when the
        /// committee was empty).
        pub carried_over: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "EpochChanged", event)]
    /// `walrus::events::EpochChanged`: emitted when `system::advance_epoch` started a new epoch with a new committee.
    pub struct EpochChanged {
        /// The new epoch.
        pub epoch: u32 => "u32",
        /// Its start (clock time, ms).
        pub epoch_start_ms: u64 => "u64",
        /// Committee members, in committee order (stake desc, then node ID).
        pub node_ids: Vec<Id> => "vector<0x2::object::ID>",
        /// Shard indices held by each member (ascending).
        pub shards: Vec<Vec<u16>> => "vector<vector<u16>>",
        /// Active stake of each member at selection.
        pub stakes: Vec<u64> => "vector<u64>",
        /// Sum of the members' stakes.
        pub committee_stake: u64 => "u64",
        /// Active stake of all pools.
        pub total_active_stake: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "PricesUpdated", event)]
    /// `walrus::events::PricesUpdated`: emitted when `system::advance_epoch` set the prices and capacity of the new epoch.
    pub struct PricesUpdated {
        /// The new epoch.
        pub epoch: u32 => "u32",
        /// FROST per MiB unit per epoch.
        pub storage_price: u64 => "u64",
        /// FROST per MiB unit, paid once at registration.
        pub write_price: u64 => "u64",
        /// Encoded bytes for sale per epoch.
        pub total_capacity: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "ProposalCreated", event)]
    /// `walrus::events::ProposalCreated`: emitted when `governance::create_proposal` created (and shared) a proposal.
    pub struct ProposalCreated {
        /// ID of the shared `Proposal`.
        pub proposal_id: Id => "0x2::object::ID",
        /// Epoch of creation (only stake active in it may vote).
        pub epoch: u32 => "u32",
        /// Sender of the transaction.
        pub proposer: Address => "address",
        /// The `StakedWal` that qualified the proposer.
        pub staked_wal_id: Id => "0x2::object::ID",
        /// Active stake (FROST) of that position.
        pub proposer_stake: u64 => "u64",
        /// Action: 0 set parameter, 1 add auditor, 2 remove auditor, 3 signal.
        pub kind: u8 => "u8",
        /// Parameter code (kind 0; otherwise 0).
        pub param: u8 => "u8",
        /// New parameter value (kind 0; otherwise 0).
        pub value: u64 => "u64",
        /// Auditor address (kinds 1 and 2; otherwise @0x0).
        pub auditor: Address => "address",
        /// Text of the proposal.
        pub description: String => "0x1::string::String",
        /// Votes are accepted while the clock is below this (ms).
        pub voting_end_ms: u64 => "u64",
        /// Earliest execution time if it passes (ms).
        pub executable_from_ms: u64 => "u64",
        /// Total active stake at creation (quorum denominator).
        pub total_stake: u64 => "u64",
        /// Quorum in bps of `total_stake`.
        pub quorum_bps: u16 => "u16",
        /// Approval threshold in bps of the for + against votes.
        pub approval_threshold_bps: u16 => "u16",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "ProposalVoted", event)]
    /// `walrus::events::ProposalVoted`: emitted when `governance::vote` counted a position's vote.
    pub struct ProposalVoted {
        /// The proposal.
        pub proposal_id: Id => "0x2::object::ID",
        /// Epoch of the vote.
        pub epoch: u32 => "u32",
        /// Sender of the transaction.
        pub voter: Address => "address",
        /// The `StakedWal` that voted.
        pub staked_wal_id: Id => "0x2::object::ID",
        /// Its staking pool.
        pub node_id: Id => "0x2::object::ID",
        /// 0 for, 1 against, 2 abstain.
        pub choice: u8 => "u8",
        /// The position's active stake (FROST) at the vote.
        pub weight: u64 => "u64",
        /// Stake for after this vote.
        pub votes_for: u64 => "u64",
        /// Stake against after this vote.
        pub votes_against: u64 => "u64",
        /// Stake abstaining after this vote.
        pub votes_abstain: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "ProposalFinalized", event)]
    /// `walrus::events::ProposalFinalized`: emitted when `governance::finalize_proposal` decided a proposal's outcome.
    pub struct ProposalFinalized {
        /// The proposal.
        pub proposal_id: Id => "0x2::object::ID",
        /// Epoch of finalization.
        pub epoch: u32 => "u32",
        /// 1 passed, 2 rejected, 3 expired (quorum not reached).
        pub status: u8 => "u8",
        /// Stake for.
        pub votes_for: u64 => "u64",
        /// Stake against.
        pub votes_against: u64 => "u64",
        /// Stake abstaining.
        pub votes_abstain: u64 => "u64",
        /// Total active stake at creation.
        pub total_stake: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "ProposalExecuted", event)]
    /// `walrus::events::ProposalExecuted`: emitted when `governance::execute` applied a passed proposal.
    pub struct ProposalExecuted {
        /// The proposal.
        pub proposal_id: Id => "0x2::object::ID",
        /// Epoch of execution.
        pub epoch: u32 => "u32",
        /// Action kind (see `ProposalCreated`).
        pub kind: u8 => "u8",
        /// Parameter code (kind 0; otherwise 0).
        pub param: u8 => "u8",
        /// Parameter value before (kind 0; otherwise 0).
        pub old_value: u64 => "u64",
        /// Parameter value after (kind 0; otherwise 0).
        pub new_value: u64 => "u64",
        /// Auditor added or removed (kinds 1 and 2; otherwise @0x0).
        pub auditor: Address => "address",
        /// The new cap (kind 1) or the revoked cap (kind 2).
        pub auditor_cap_id: Option<Id> => "0x1::option::Option<0x2::object::ID>",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "AuditorAdded", event)]
    /// `walrus::events::AuditorAdded`: emitted when an auditor was registered (at genesis or by a proposal) and its `AuditorCap`
    /// sent to it.
    pub struct AuditorAdded {
        /// Epoch of registration.
        pub epoch: u32 => "u32",
        /// The auditor (the cap's recipient).
        pub auditor: Address => "address",
        /// ID of its `AuditorCap`.
        pub cap_id: Id => "0x2::object::ID",
        /// The executed proposal (none at genesis).
        pub proposal_id: Option<Id> => "0x1::option::Option<0x2::object::ID>",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "AuditorRemoved", event)]
    /// `walrus::events::AuditorRemoved`: emitted when a proposal removed an auditor (its cap stops working).
    pub struct AuditorRemoved {
        /// Epoch of removal.
        pub epoch: u32 => "u32",
        /// The removed auditor.
        pub auditor: Address => "address",
        /// ID of its revoked `AuditorCap`.
        pub cap_id: Id => "0x2::object::ID",
        /// The executed proposal.
        pub proposal_id: Id => "0x2::object::ID",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "AuditRoundOpened", event)]
    /// `walrus::events::AuditRoundOpened`: emitted when `audit::open_round` opened an audit round with a fresh seed.
    pub struct AuditRoundOpened {
        /// ID of the shared `AuditRound`.
        pub round_id: Id => "0x2::object::ID",
        /// Round number (0, 1, 2, ... over the life of the system).
        pub round: u64 => "u64",
        /// Epoch of the round (its committee is audited).
        pub epoch: u32 => "u32",
        /// 32 random bytes from `sui::random`; challenges derive from it.
        pub seed: Vec<u8> => "vector<u8>",
        /// Clock time of opening (ms).
        pub opened_ms: u64 => "u64",
        /// Reports are accepted while the clock is below this (ms).
        pub deadline_ms: u64 => "u64",
        /// Symbols each node is challenged on.
        pub challenged_symbols: u64 => "u64",
        /// A report finds a node failing when failed * 10000 > this * challenged.
        pub failure_threshold_bps: u16 => "u16",
        /// Share of `n_auditors` whose reports must find a node failing.
        pub auditor_quorum_bps: u16 => "u16",
        /// Share of a penalized pool's active stake that is slashed.
        pub penalty_bps: u16 => "u16",
        /// Registered auditors when the round opened.
        pub n_auditors: u64 => "u64",
        /// The committee audited, in committee order.
        pub node_ids: Vec<Id> => "vector<0x2::object::ID>",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "AuditReportSubmitted", event)]
    /// `walrus::events::AuditReportSubmitted`: emitted when `audit::submit_report` accepted an auditor's report.
    pub struct AuditReportSubmitted {
        /// The round.
        pub round_id: Id => "0x2::object::ID",
        /// Round number.
        pub round: u64 => "u64",
        /// Epoch of the round.
        pub round_epoch: u32 => "u32",
        /// Epoch of submission.
        pub epoch: u32 => "u32",
        /// The auditor (the address its cap was issued to).
        pub auditor: Address => "address",
        /// Its `AuditorCap`.
        pub cap_id: Id => "0x2::object::ID",
        /// Clock time of submission (ms).
        pub submitted_ms: u64 => "u64",
        /// Nodes reported on, in committee order.
        pub node_ids: Vec<Id> => "vector<0x2::object::ID>",
        /// Challenged symbols per node.
        pub challenged: Vec<u64> => "vector<u64>",
        /// Failed challenges per node.
        pub failed: Vec<u64> => "vector<u64>",
        /// Whether this report finds each node failing (above the threshold).
        pub failing: Vec<bool> => "vector<bool>",
        /// 32-byte digest of the off-chain evidence (signed responses).
        pub evidence_digest: Vec<u8> => "vector<u8>",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "NodePenalized", event)]
    /// `walrus::events::NodePenalized`: emitted by `audit::finalize_round` for each penalized node (committee order).
    pub struct NodePenalized {
        /// The round.
        pub round_id: Id => "0x2::object::ID",
        /// Round number.
        pub round: u64 => "u64",
        /// Epoch of the round.
        pub round_epoch: u32 => "u32",
        /// Epoch of finalization.
        pub epoch: u32 => "u32",
        /// The penalized node.
        pub node_id: Id => "0x2::object::ID",
        /// Reports that found it failing.
        pub failing_reports: u64 => "u64",
        /// Registered auditors when the round opened.
        pub n_auditors: u64 => "u64",
        /// FROST slashed from its pool's active stake (and burned).
        pub slashed: u64 => "u64",
        /// Pool active stake before the slash.
        pub active_stake_before: u64 => "u64",
        /// Pool active stake after the slash.
        pub active_stake_after: u64 => "u64",
        /// Pool shares (unchanged by slashing; the rate drops).
        pub total_shares: u128 => "u128",
        /// Epoch whose rewards the node forfeits (the current epoch).
        pub rewards_forfeited_epoch: u32 => "u32",
        /// Consecutive penalized rounds including this one.
        pub consecutive_penalties: u64 => "u64",
        /// Whether the node is excluded from committee selection after this penalty.
        pub excluded: bool => "bool",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "AuditRoundFinalized", event)]
    /// `walrus::events::AuditRoundFinalized`: emitted when `audit::finalize_round` closed a round (after its `NodePenalized` events).
    pub struct AuditRoundFinalized {
        /// The round.
        pub round_id: Id => "0x2::object::ID",
        /// Round number.
        pub round: u64 => "u64",
        /// Epoch of the round.
        pub round_epoch: u32 => "u32",
        /// Epoch of finalization.
        pub epoch: u32 => "u32",
        /// Reports submitted.
        pub reports: u64 => "u64",
        /// Registered auditors when the round opened.
        pub n_auditors: u64 => "u64",
        /// The committee audited, in committee order.
        pub node_ids: Vec<Id> => "vector<0x2::object::ID>",
        /// Reports that found each node failing.
        pub failing_reports: Vec<u64> => "vector<u64>",
        /// Penalized nodes, in committee order.
        pub penalized: Vec<Id> => "vector<0x2::object::ID>",
        /// FROST slashed from each penalized node.
        pub slashed: Vec<u64> => "vector<u64>",
        /// FROST slashed in this round (burned).
        pub total_slashed: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "events", "NodeReregistered", event)]
    /// `walrus::events::NodeReregistered`: emitted when `system::reregister_node` re-admitted an excluded node to committee selection.
    pub struct NodeReregistered {
        /// Epoch of re-registration.
        pub epoch: u32 => "u32",
        /// The node.
        pub node_id: Id => "0x2::object::ID",
        /// Epoch in which it had been excluded.
        pub excluded_epoch: u32 => "u32",
    }
}
