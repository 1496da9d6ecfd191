//! Bindings of the structs of `move/walrus` and `move/wal`: the shared `System` object and its
//! parts, storage resources, blobs, staking pools and positions, proposals, audit rounds,
//! penalty records, capabilities and the WAL treasury.
//!
//! Field order is the BCS layout (docs/contracts.md, "Objects"); the layout test checks every
//! binding against the compiled bytecode.

use sui_sdk_types::{Address, Identifier, StructTag, TypeTag};
use walrus_core::BlobId;

use super::framework::{Bag, Balance, Id, Supply, Table, Uid, VecMap};
use crate::events::PackageIds;
use crate::move_struct;

// === wal ===

move_struct! {
    #[move_type(Wal, "wal", "WAL")]
    /// `wal::wal::WAL`: the coin type of WAL (`Coin<WAL>`, `Balance<WAL>`), also the package's
    /// one-time witness. Empty in Move (compiled with a dummy field).
    pub struct Wal {
        /// The field the compiler adds to an empty struct (always `false`).
        pub dummy_field: bool => "bool",
    }
}

move_struct! {
    #[move_type(Wal, "wal", "Treasury")]
    /// `wal::wal::Treasury` (shared): the locked WAL supply.
    pub struct Treasury {
        /// Object ID.
        pub id: Uid => "0x2::object::UID",
        /// The supply; its value is the current total supply in FROST.
        pub supply: Supply<Wal> => "0x2::balance::Supply<0x0::wal::WAL>",
        /// Total FROST burned since publish.
        pub burned: u64 => "u64",
    }
}

// === walrus::system ===

move_struct! {
    #[move_type(Walrus, "system", "InitCap")]
    /// `walrus::system::InitCap`: the one-shot capability of genesis (`create_system`).
    pub struct InitCap {
        /// Object ID.
        pub id: Uid => "0x2::object::UID",
    }
}

move_struct! {
    #[move_type(Walrus, "system", "System")]
    /// `walrus::system::System` (shared): the state of the whole system.
    pub struct System {
        /// Object ID.
        pub id: Uid => "0x2::object::UID",
        /// Layout and semantics version (see `migrate`).
        pub version: u64 => "u64",
        /// Current epoch.
        pub epoch: u32 => "u32",
        /// Clock time (ms) when the current epoch started.
        pub epoch_start_ms: u64 => "u64",
        /// Number of shards (fixed at genesis).
        pub n_shards: u16 => "u16",
        /// Protocol parameters (changed by governance).
        pub params: Params => "0x0::params::Params",
        /// Committee of the current epoch.
        pub committee: Committee => "0x0::committee::Committee",
        /// Committee of the previous epoch (empty in epoch 0).
        pub previous_committee: Committee => "0x0::committee::Committee",
        /// Encoded bytes for sale per epoch.
        pub total_capacity: u64 => "u64",
        /// FROST per MiB unit of encoded size per epoch.
        pub storage_price: u64 => "u64",
        /// FROST per MiB unit of encoded size, paid once at registration.
        pub write_price: u64 => "u64",
        /// Used capacity and fees of the current and future epochs.
        pub future_accounting: FutureAccounting => "0x0::storage_accounting::FutureAccounting",
        /// All registered node IDs, in registration order.
        pub candidates: Vec<Id> => "vector<0x2::object::ID>",
        /// Staking pools by node ID (read entries with `SuiChain::staking_pool`).
        pub pools: Table<Id, StakingPool> => "0x2::table::Table<0x2::object::ID, 0x0::staking_pool::StakingPool>",
        /// Active stake of all pools.
        pub total_active_stake: u64 => "u64",
        /// All FROST ever paid in (storage, write fees, stake).
        pub wal_paid_in: u128 => "u128",
        /// All FROST ever paid out (withdrawals, commission).
        pub wal_paid_out: u128 => "u128",
        /// All FROST ever removed by slashing.
        pub wal_slashed: u128 => "u128",
        /// Auditors allowed to submit audit reports.
        pub auditors: AuditorRegistry => "0x0::auditors::AuditorRegistry",
        /// Audit round numbering and the rounds opened in the current epoch.
        pub audit_schedule: AuditSchedule => "0x0::audit_round::AuditSchedule",
        /// Penalty records of the nodes penalized by audits.
        pub penalty_records: PenaltyRecords => "0x0::penalties::PenaltyRecords",
        /// Room for fields added by later versions.
        pub extra_fields: Bag => "0x2::bag::Bag",
    }
}

impl System {
    /// The object ID.
    pub fn object_id(&self) -> Address {
        self.id.0
    }

    /// What `reserve_space(encoded_size, epochs_ahead)` costs at the current price (FROST):
    /// `storage_price * units(encoded_size) * epochs_ahead`, `None` above `u64::MAX` (the
    /// contract then fails the payment check).
    pub fn reserve_cost(&self, encoded_size: u64, epochs_ahead: u32) -> Option<u64> {
        let cost = u128::from(self.storage_price)
            * u128::from(walrus_core::storage_units(encoded_size))
            * u128::from(epochs_ahead);
        u64::try_from(cost).ok()
    }

    /// The encoded size of a blob of `size` bytes in this system, as `register_blob` computes
    /// it (`None` if the blob is too large).
    pub fn encoded_size(&self, size: u64) -> Option<u64> {
        walrus_core::encoded_size(u64::from(self.n_shards), size)
    }

    /// The write fee of `register_blob` for a blob of `size` unencoded bytes (FROST):
    /// `write_price * units(encoded_size(n_shards, size))`.
    pub fn write_cost(&self, size: u64) -> Option<u64> {
        let encoded = self.encoded_size(size)?;
        let cost = u128::from(self.write_price) * u128::from(walrus_core::storage_units(encoded));
        u64::try_from(cost).ok()
    }

    /// What `extend_blob` costs to extend storage of `storage_size` bytes by `epochs`.
    pub fn extend_cost(&self, storage_size: u64, epochs: u32) -> Option<u64> {
        self.reserve_cost(storage_size, epochs)
    }
}

// === walrus::params ===

move_struct! {
    #[move_type(Walrus, "params", "Params")]
    /// `walrus::params::Params`: the protocol parameters (docs/contracts.md, "Governance and
    /// audit parameters").
    pub struct Params {
        /// Minimum time between two epoch changes (ms).
        pub epoch_duration_ms: u64 => "u64",
        /// Epochs (counting the current one) storage can be bought for at most.
        pub max_epochs_ahead: u32 => "u32",
        /// Largest number of storage nodes in a committee.
        pub max_committee_size: u16 => "u16",
        /// Smallest active stake of a committee member (FROST).
        pub min_committee_stake: u64 => "u64",
        /// Epochs between a commission change request and the epoch it takes effect in.
        pub commission_delay_epochs: u32 => "u32",
        /// Smallest active stake (FROST) of the position that creates a proposal.
        pub min_proposal_stake: u64 => "u64",
        /// How long a proposal accepts votes (ms).
        pub voting_period_ms: u64 => "u64",
        /// Time between the end of voting and the earliest execution (ms).
        pub timelock_ms: u64 => "u64",
        /// Share of the total active stake (bps) that must vote.
        pub quorum_bps: u16 => "u16",
        /// Share of the for + against votes (bps) that the for votes must exceed.
        pub approval_threshold_bps: u16 => "u16",
        /// Symbols each committee node is challenged on per audit round.
        pub challenged_symbols: u64 => "u64",
        /// Most audit rounds that can be opened per epoch.
        pub max_rounds_per_epoch: u64 => "u64",
        /// Time between opening an audit round and its report deadline (ms).
        pub round_duration_ms: u64 => "u64",
        /// A report finds a node failing when failed * 10000 > this * challenged.
        pub failure_threshold_bps: u16 => "u16",
        /// Share of the registered auditors (bps) whose reports must find a node failing.
        pub auditor_quorum_bps: u16 => "u16",
        /// Share of a penalized pool's active stake (bps) that is slashed.
        pub penalty_bps: u16 => "u16",
        /// Consecutive penalized rounds after which a node is excluded.
        pub exclusion_rounds: u64 => "u64",
    }
}

// === walrus::committee ===

move_struct! {
    #[move_type(Walrus, "committee", "CommitteeMember")]
    /// `walrus::committee::CommitteeMember`.
    pub struct CommitteeMember {
        /// The node ID.
        pub node_id: Id => "0x2::object::ID",
        /// The node's ed25519 protocol key for this epoch (32 bytes).
        pub public_key: Vec<u8> => "vector<u8>",
        /// The node's active stake at selection.
        pub stake: u64 => "u64",
        /// Shard indices held by the node, ascending.
        pub shards: Vec<u16> => "vector<u16>",
    }
}

move_struct! {
    #[move_type(Walrus, "committee", "Committee")]
    /// `walrus::committee::Committee`: the storage nodes of an epoch and their shards.
    pub struct Committee {
        /// The epoch this committee serves.
        pub epoch: u32 => "u32",
        /// Members in committee order (stake descending, then node ID ascending).
        pub members: Vec<CommitteeMember> => "vector<0x0::committee::CommitteeMember>",
    }
}

impl Committee {
    /// The member with this node ID.
    pub fn member(&self, node_id: &Id) -> Option<&CommitteeMember> {
        self.members.iter().find(|m| &m.node_id == node_id)
    }

    /// The member holding `shard`.
    pub fn holder_of(&self, shard: u16) -> Option<&CommitteeMember> {
        self.members.iter().find(|m| m.shards.contains(&shard))
    }

    /// Whether the committee has no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The sum of the members' stakes.
    pub fn total_stake(&self) -> u128 {
        self.members.iter().map(|m| u128::from(m.stake)).sum()
    }

    /// The node IDs in committee order.
    pub fn node_ids(&self) -> Vec<Id> {
        self.members.iter().map(|m| m.node_id).collect()
    }
}

// === walrus::storage_accounting ===

move_struct! {
    #[move_type(Walrus, "storage_accounting", "EpochAccount")]
    /// `walrus::storage_accounting::EpochAccount`: one epoch's used capacity and fees.
    pub struct EpochAccount {
        /// The epoch this slot accounts for.
        pub epoch: u32 => "u32",
        /// Encoded bytes reserved for this epoch.
        pub used_capacity: u64 => "u64",
        /// WAL to be paid to this epoch's committee when the epoch ends.
        pub rewards: Balance<Wal> => "0x2::balance::Balance<0x0::wal::WAL>",
    }
}

move_struct! {
    #[move_type(Walrus, "storage_accounting", "FutureAccounting")]
    /// `walrus::storage_accounting::FutureAccounting`: `slots[i]` accounts for epoch
    /// `current_epoch + i`.
    pub struct FutureAccounting {
        /// The slots.
        pub slots: Vec<EpochAccount> => "vector<0x0::storage_accounting::EpochAccount>",
    }
}

impl FutureAccounting {
    /// The slot of `epoch`, if it is in the window.
    pub fn slot(&self, epoch: u32) -> Option<&EpochAccount> {
        self.slots.iter().find(|s| s.epoch == epoch)
    }
}

// === walrus::storage_resource ===

move_struct! {
    #[move_type(Walrus, "storage_resource", "Storage")]
    /// `walrus::storage_resource::Storage`: `size` encoded bytes for epochs
    /// `[start_epoch, end_epoch)`.
    pub struct Storage {
        /// Object ID.
        pub id: Uid => "0x2::object::UID",
        /// First epoch covered.
        pub start_epoch: u32 => "u32",
        /// First epoch no longer covered.
        pub end_epoch: u32 => "u32",
        /// Encoded bytes.
        pub size: u64 => "u64",
    }
}

// === walrus::blob ===

move_struct! {
    #[move_type(Walrus, "blob", "Blob")]
    /// `walrus::blob::Blob`: a registered (and possibly certified) blob.
    pub struct Blob {
        /// Object ID.
        pub id: Uid => "0x2::object::UID",
        /// Epoch of registration.
        pub registered_epoch: u32 => "u32",
        /// The blob ID.
        #[serde(with = "crate::bindings::blob_id_serde")]
        pub blob_id: BlobId => "u256",
        /// Unencoded size in bytes.
        pub size: u64 => "u64",
        /// Encoding type (1 = RS2).
        pub encoding_type: u8 => "u8",
        /// `Some(e)` once certified in epoch `e`.
        pub certified_epoch: Option<u32> => "0x1::option::Option<u32>",
        /// The storage the blob uses (its `end_epoch` is the blob's end epoch).
        pub storage: Storage => "0x0::storage_resource::Storage",
        /// Whether the owner may delete it before its end epoch.
        pub deletable: bool => "bool",
    }
}

impl Blob {
    /// The object ID.
    pub fn object_id(&self) -> Address {
        self.id.0
    }

    /// First epoch the blob is no longer stored.
    pub fn end_epoch(&self) -> u32 {
        self.storage.end_epoch
    }

    /// Whether it is certified.
    pub fn is_certified(&self) -> bool {
        self.certified_epoch.is_some()
    }
}

move_struct! {
    #[move_type(Walrus, "blob", "AttributesKey")]
    /// `walrus::blob::AttributesKey`: the name of the dynamic field that holds a blob's
    /// attributes. Empty in Move (compiled with a dummy field).
    pub struct AttributesKey {
        /// The field the compiler adds to an empty struct (always `false`).
        pub dummy_field: bool => "bool",
    }
}

move_struct! {
    #[move_type(Walrus, "blob", "Attributes")]
    /// `walrus::blob::Attributes`: a blob's key-value attributes, in insertion order.
    pub struct Attributes {
        /// The attributes.
        pub entries: VecMap<String, String> => "0x2::vec_map::VecMap<0x1::string::String, 0x1::string::String>",
    }
}

// === walrus::storage_node ===

move_struct! {
    #[move_type(Walrus, "storage_node", "StorageNodeInfo")]
    /// `walrus::storage_node::StorageNodeInfo`: how to reach a node and verify its signatures.
    pub struct StorageNodeInfo {
        /// Node name (1..=64 bytes).
        pub name: String => "0x1::string::String",
        /// Network address (1..=256 bytes).
        pub network_address: String => "0x1::string::String",
        /// ed25519 protocol public key (32 bytes).
        pub public_key: Vec<u8> => "vector<u8>",
    }
}

move_struct! {
    #[move_type(Walrus, "storage_node", "StorageNodeCap")]
    /// `walrus::storage_node::StorageNodeCap`: the operator capability of a node.
    pub struct StorageNodeCap {
        /// Object ID.
        pub id: Uid => "0x2::object::UID",
        /// The node it operates.
        pub node_id: Id => "0x2::object::ID",
    }
}

// === walrus::staking_pool ===

move_struct! {
    #[move_type(Walrus, "staking_pool", "ExchangeRate")]
    /// `walrus::staking_pool::ExchangeRate`: a pool's `(W, S)` at an epoch change.
    pub struct ExchangeRate {
        /// Active stake (FROST) when the rate was taken.
        pub wal: u64 => "u64",
        /// Total shares when the rate was taken.
        pub shares: u128 => "u128",
    }
}

move_struct! {
    #[move_type(Walrus, "staking_pool", "PendingCommission")]
    /// `walrus::staking_pool::PendingCommission`: a scheduled commission change.
    pub struct PendingCommission {
        /// New commission in basis points.
        pub commission_bps: u16 => "u16",
        /// First epoch whose rewards use it.
        pub effective_epoch: u32 => "u32",
    }
}

move_struct! {
    #[move_type(Walrus, "staking_pool", "StakingPool")]
    /// `walrus::staking_pool::StakingPool`: a storage node and its stake (an entry of
    /// `System.pools`; its ID is the node ID).
    pub struct StakingPool {
        /// Object ID (the node ID).
        pub id: Uid => "0x2::object::UID",
        /// Node name, network address and protocol key.
        pub node_info: StorageNodeInfo => "0x0::storage_node::StorageNodeInfo",
        /// Epoch the node registered in.
        pub registered_epoch: u32 => "u32",
        /// Commission on rewards (bps).
        pub commission_bps: u16 => "u16",
        /// A scheduled commission change, if any.
        pub pending_commission: Option<PendingCommission> => "0x1::option::Option<0x0::staking_pool::PendingCommission>",
        /// Vote: storage price (FROST per MiB unit per epoch).
        pub storage_price_vote: u64 => "u64",
        /// Vote: write price (FROST per MiB unit).
        pub write_price_vote: u64 => "u64",
        /// Vote: encoded bytes this node offers to store.
        pub capacity_vote: u64 => "u64",
        /// Active stake W.
        pub active_stake: Balance<Wal> => "0x2::balance::Balance<0x0::wal::WAL>",
        /// Total shares S of active positions.
        pub total_shares: u128 => "u128",
        /// Stake that becomes active at the next epoch change.
        pub pending_stake: Balance<Wal> => "0x2::balance::Balance<0x0::wal::WAL>",
        /// Shares to withdraw at the next epoch change.
        pub pending_withdraw_shares: u128 => "u128",
        /// WAL set aside for processed withdrawals.
        pub withdrawable: Balance<Wal> => "0x2::balance::Balance<0x0::wal::WAL>",
        /// Commission earned and not collected yet.
        pub commission: Balance<Wal> => "0x2::balance::Balance<0x0::wal::WAL>",
        /// Exchange rates by epoch (read entries with `SuiChain::exchange_rate`).
        pub exchange_rates: Table<u32, ExchangeRate> => "0x2::table::Table<u32, 0x0::staking_pool::ExchangeRate>",
        /// `Some(e)`: the node's rewards for epoch `e` are forfeited.
        pub rewards_forfeited_epoch: Option<u32> => "0x1::option::Option<u32>",
        /// Excluded from committee selection by audits.
        pub excluded: bool => "bool",
    }
}

impl StakingPool {
    /// The node ID (the pool's object ID).
    pub fn node_id(&self) -> Id {
        Id(self.id.0)
    }
}

move_struct! {
    #[move_type(Walrus, "staking_pool", "EpochChangeSummary")]
    /// `walrus::staking_pool::EpochChangeSummary`: what an epoch change did to a pool (returned
    /// inside the package; its contents reach clients as `StakingPoolUpdated`).
    pub struct EpochChangeSummary {
        /// The exchange rate of the new epoch.
        pub rate: ExchangeRate => "0x0::staking_pool::ExchangeRate",
        /// FROST of pending stake activated.
        pub stake_activated: u64 => "u64",
        /// Shares withdrawn.
        pub shares_withdrawn: u128 => "u128",
        /// FROST moved to `withdrawable`.
        pub wal_withdrawn: u64 => "u64",
        /// Whether the commission changed.
        pub commission_changed: bool => "bool",
    }
}

// === walrus::staked_wal ===

move_struct! {
    #[move_type(Walrus, "staked_wal", "StakedWal")]
    /// `walrus::staked_wal::StakedWal`: a staking position.
    pub struct StakedWal {
        /// Object ID.
        pub id: Uid => "0x2::object::UID",
        /// The node (staking pool) the WAL is staked with.
        pub node_id: Id => "0x2::object::ID",
        /// FROST staked (without rewards).
        pub principal: u64 => "u64",
        /// First epoch in which the stake is active.
        pub activation_epoch: u32 => "u32",
        /// `Some(e)` once a withdrawal was requested: withdrawable from epoch `e` on.
        pub withdraw_epoch: Option<u32> => "0x1::option::Option<u32>",
        /// Proposals this stake has voted on.
        pub votes: Vec<Id> => "vector<0x2::object::ID>",
    }
}

// === walrus::auditors ===

move_struct! {
    #[move_type(Walrus, "auditors", "AuditorCap")]
    /// `walrus::auditors::AuditorCap`: lets its holder submit audit reports.
    pub struct AuditorCap {
        /// Object ID.
        pub id: Uid => "0x2::object::UID",
        /// The address the cap was issued to.
        pub auditor: Address => "address",
    }
}

move_struct! {
    #[move_type(Walrus, "auditors", "AuditorEntry")]
    /// `walrus::auditors::AuditorEntry`: a registered auditor.
    pub struct AuditorEntry {
        /// The auditor's address.
        pub auditor: Address => "address",
        /// ID of the auditor's only valid `AuditorCap`.
        pub cap_id: Id => "0x2::object::ID",
        /// Epoch in which the auditor was added.
        pub added_epoch: u32 => "u32",
    }
}

move_struct! {
    #[move_type(Walrus, "auditors", "AuditorRegistry")]
    /// `walrus::auditors::AuditorRegistry`: the auditors, in insertion order.
    pub struct AuditorRegistry {
        /// The auditors.
        pub entries: Vec<AuditorEntry> => "vector<0x0::auditors::AuditorEntry>",
    }
}

// === walrus::proposal ===

move_struct! {
    #[move_type(Walrus, "proposal", "Action")]
    /// `walrus::proposal::Action`: what a proposal does ([`ProposalAction`] is the typed form).
    pub struct Action {
        /// 0 set parameter, 1 add auditor, 2 remove auditor, 3 signal.
        pub kind: u8 => "u8",
        /// Parameter code, for kind 0.
        pub param: u8 => "u8",
        /// New parameter value, for kind 0.
        pub value: u64 => "u64",
        /// Auditor address, for kinds 1 and 2.
        pub auditor: Address => "address",
    }
}

impl Action {
    /// The typed action, `None` for an unknown kind.
    pub fn typed(&self) -> Option<ProposalAction> {
        Some(match self.kind {
            0 => ProposalAction::SetParameter {
                param: self.param,
                value: self.value,
            },
            1 => ProposalAction::AddAuditor(self.auditor),
            2 => ProposalAction::RemoveAuditor(self.auditor),
            3 => ProposalAction::Signal,
            _ => return None,
        })
    }
}

move_struct! {
    #[move_type(Walrus, "proposal", "Proposal")]
    /// `walrus::proposal::Proposal` (shared): a governance proposal.
    pub struct Proposal {
        /// Object ID.
        pub id: Uid => "0x2::object::UID",
        /// Sender of the creating transaction.
        pub proposer: Address => "address",
        /// The `StakedWal` whose stake qualified the proposer.
        pub staked_wal_id: Id => "0x2::object::ID",
        /// What the proposal does.
        pub action: Action => "0x0::proposal::Action",
        /// Text of the proposal.
        pub description: String => "0x1::string::String",
        /// Epoch of creation; only stake active in it may vote.
        pub created_epoch: u32 => "u32",
        /// Clock time of creation (ms).
        pub created_ms: u64 => "u64",
        /// Votes are accepted while the clock is below this (ms).
        pub voting_end_ms: u64 => "u64",
        /// A passed proposal can be executed from this time on (ms).
        pub executable_from_ms: u64 => "u64",
        /// Total active stake at creation (quorum denominator).
        pub total_stake: u64 => "u64",
        /// Quorum in bps of `total_stake`.
        pub quorum_bps: u16 => "u16",
        /// Approval threshold in bps of the for + against votes.
        pub approval_threshold_bps: u16 => "u16",
        /// Stake voting for.
        pub votes_for: u64 => "u64",
        /// Stake voting against.
        pub votes_against: u64 => "u64",
        /// Stake abstaining.
        pub votes_abstain: u64 => "u64",
        /// 0 active, 1 passed, 2 rejected, 3 expired, 4 executed.
        pub status: u8 => "u8",
    }
}

impl Proposal {
    /// The typed status, `None` for an unknown code.
    pub fn status(&self) -> Option<ProposalStatus> {
        ProposalStatus::from_code(self.status)
    }
}

/// A proposal's action, as built by `proposal::*_action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalAction {
    /// Set a governed parameter (`proposal::set_parameter_action(param, value)`).
    SetParameter {
        /// Parameter code ([`GovernedParameter::code`]).
        param: u8,
        /// New value.
        value: u64,
    },
    /// Register an auditor (`proposal::add_auditor_action`).
    AddAuditor(Address),
    /// Remove an auditor (`proposal::remove_auditor_action`).
    RemoveAuditor(Address),
    /// No effect: a signal (`proposal::signal_action`).
    Signal,
}

impl ProposalAction {
    /// Sets `parameter` to `value`.
    pub fn set(parameter: GovernedParameter, value: u64) -> Self {
        ProposalAction::SetParameter {
            param: parameter.code(),
            value,
        }
    }
}

/// The status of a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalStatus {
    /// Accepting votes (or waiting for finalization).
    Active = 0,
    /// Passed: executable after the timelock.
    Passed = 1,
    /// Rejected.
    Rejected = 2,
    /// Quorum not reached.
    Expired = 3,
    /// Executed.
    Executed = 4,
}

impl ProposalStatus {
    /// The status of a code.
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::Active,
            1 => Self::Passed,
            2 => Self::Rejected,
            3 => Self::Expired,
            4 => Self::Executed,
            _ => return None,
        })
    }
}

/// A vote's choice (`governance::vote`'s `choice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteChoice {
    /// For (0).
    For = 0,
    /// Against (1).
    Against = 1,
    /// Abstain (2).
    Abstain = 2,
}

/// The parameters governance can set, with their stable codes (`params::PARAM_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GovernedParameter {
    /// `penalty_bps` (0).
    PenaltyBps = 0,
    /// `failure_threshold_bps` (1).
    FailureThresholdBps = 1,
    /// `challenged_symbols` (2).
    ChallengedSymbols = 2,
    /// `auditor_quorum_bps` (3).
    AuditorQuorumBps = 3,
    /// `epoch_duration_ms` (4).
    EpochDurationMs = 4,
    /// `max_committee_size` (5).
    MaxCommitteeSize = 5,
    /// `min_proposal_stake` (6).
    MinProposalStake = 6,
    /// `voting_period_ms` (7).
    VotingPeriodMs = 7,
    /// `quorum_bps` (8).
    QuorumBps = 8,
    /// `approval_threshold_bps` (9).
    ApprovalThresholdBps = 9,
    /// `timelock_ms` (10).
    TimelockMs = 10,
    /// `max_rounds_per_epoch` (11).
    MaxRoundsPerEpoch = 11,
    /// `round_duration_ms` (12).
    RoundDurationMs = 12,
    /// `exclusion_rounds` (13).
    ExclusionRounds = 13,
}

impl GovernedParameter {
    /// Every parameter, by code.
    pub const ALL: [GovernedParameter; 14] = [
        Self::PenaltyBps,
        Self::FailureThresholdBps,
        Self::ChallengedSymbols,
        Self::AuditorQuorumBps,
        Self::EpochDurationMs,
        Self::MaxCommitteeSize,
        Self::MinProposalStake,
        Self::VotingPeriodMs,
        Self::QuorumBps,
        Self::ApprovalThresholdBps,
        Self::TimelockMs,
        Self::MaxRoundsPerEpoch,
        Self::RoundDurationMs,
        Self::ExclusionRounds,
    ];

    /// The parameter's code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The parameter's field name in `Params`.
    pub fn name(self) -> &'static str {
        match self {
            Self::PenaltyBps => "penalty_bps",
            Self::FailureThresholdBps => "failure_threshold_bps",
            Self::ChallengedSymbols => "challenged_symbols",
            Self::AuditorQuorumBps => "auditor_quorum_bps",
            Self::EpochDurationMs => "epoch_duration_ms",
            Self::MaxCommitteeSize => "max_committee_size",
            Self::MinProposalStake => "min_proposal_stake",
            Self::VotingPeriodMs => "voting_period_ms",
            Self::QuorumBps => "quorum_bps",
            Self::ApprovalThresholdBps => "approval_threshold_bps",
            Self::TimelockMs => "timelock_ms",
            Self::MaxRoundsPerEpoch => "max_rounds_per_epoch",
            Self::RoundDurationMs => "round_duration_ms",
            Self::ExclusionRounds => "exclusion_rounds",
        }
    }

    /// The parameter with this code.
    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.get(usize::from(code)).copied()
    }

    /// The parameter with this name (`penalty_bps`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The parameter's current value in `params`.
    pub fn value_in(self, p: &Params) -> u64 {
        match self {
            Self::PenaltyBps => p.penalty_bps.into(),
            Self::FailureThresholdBps => p.failure_threshold_bps.into(),
            Self::ChallengedSymbols => p.challenged_symbols,
            Self::AuditorQuorumBps => p.auditor_quorum_bps.into(),
            Self::EpochDurationMs => p.epoch_duration_ms,
            Self::MaxCommitteeSize => p.max_committee_size.into(),
            Self::MinProposalStake => p.min_proposal_stake,
            Self::VotingPeriodMs => p.voting_period_ms,
            Self::QuorumBps => p.quorum_bps.into(),
            Self::ApprovalThresholdBps => p.approval_threshold_bps.into(),
            Self::TimelockMs => p.timelock_ms,
            Self::MaxRoundsPerEpoch => p.max_rounds_per_epoch,
            Self::RoundDurationMs => p.round_duration_ms,
            Self::ExclusionRounds => p.exclusion_rounds,
        }
    }
}

// === walrus::audit_round ===

move_struct! {
    #[move_type(Walrus, "audit_round", "AuditSchedule")]
    /// `walrus::audit_round::AuditSchedule`: round numbering and this epoch's round count.
    pub struct AuditSchedule {
        /// Number of the next round.
        pub next_round: u64 => "u64",
        /// Epoch that `opened_in_epoch` counts for.
        pub epoch: u32 => "u32",
        /// Rounds opened in `epoch`.
        pub opened_in_epoch: u64 => "u64",
    }
}

move_struct! {
    #[move_type(Walrus, "audit_round", "Report")]
    /// `walrus::audit_round::Report`: an auditor's report (an entry of `AuditRound.reports`).
    pub struct Report {
        /// The auditor (the address its cap was issued to).
        pub auditor: Address => "address",
        /// The cap used.
        pub cap_id: Id => "0x2::object::ID",
        /// Clock time of submission (ms).
        pub submitted_ms: u64 => "u64",
        /// Nodes reported on, in committee order.
        pub node_ids: Vec<Id> => "vector<0x2::object::ID>",
        /// Challenged symbols per node.
        pub challenged: Vec<u64> => "vector<u64>",
        /// Failed challenges per node.
        pub failed: Vec<u64> => "vector<u64>",
        /// Digest of the off-chain evidence (32 bytes).
        pub evidence_digest: Vec<u8> => "vector<u8>",
    }
}

move_struct! {
    #[move_type(Walrus, "audit_round", "AuditRound")]
    /// `walrus::audit_round::AuditRound` (shared): one audit round.
    pub struct AuditRound {
        /// Object ID.
        pub id: Uid => "0x2::object::UID",
        /// Round number.
        pub round: u64 => "u64",
        /// Epoch of the round; its committee is audited.
        pub epoch: u32 => "u32",
        /// 32 random bytes from `sui::random`.
        pub seed: Vec<u8> => "vector<u8>",
        /// Clock time of opening (ms).
        pub opened_ms: u64 => "u64",
        /// Reports are accepted while the clock is below this (ms).
        pub deadline_ms: u64 => "u64",
        /// Symbols each node is challenged on.
        pub challenged_symbols: u64 => "u64",
        /// Failure threshold (bps of the challenged symbols).
        pub failure_threshold_bps: u16 => "u16",
        /// Auditor quorum (bps of `n_auditors`).
        pub auditor_quorum_bps: u16 => "u16",
        /// Penalty rate (bps of a penalized pool's active stake).
        pub penalty_bps: u16 => "u16",
        /// Registered auditors when the round opened.
        pub n_auditors: u64 => "u64",
        /// The committee audited, in committee order.
        pub node_ids: Vec<Id> => "vector<0x2::object::ID>",
        /// Reports that found each member failing.
        pub failing_reports: Vec<u64> => "vector<u64>",
        /// Auditors that reported, in submission order.
        pub reporters: Vec<Address> => "vector<address>",
        /// Reports by auditor address (read entries with `SuiChain::audit_report`).
        pub reports: Table<Address, Report> => "0x2::table::Table<address, 0x0::audit_round::Report>",
        /// Set by `finalize_round`.
        pub finalized: bool => "bool",
    }
}

// === walrus::penalties ===

move_struct! {
    #[move_type(Walrus, "penalties", "PenaltyRecord")]
    /// `walrus::penalties::PenaltyRecord`: a node's audit penalty history.
    pub struct PenaltyRecord {
        /// Consecutive penalized rounds.
        pub consecutive_penalties: u64 => "u64",
        /// All penalized rounds.
        pub penalized_rounds: u64 => "u64",
        /// All FROST slashed from the node's pool.
        pub total_slashed: u64 => "u64",
        /// `Some(e)` while the node is excluded (excluded in epoch `e`).
        pub excluded_epoch: Option<u32> => "0x1::option::Option<u32>",
    }
}

move_struct! {
    #[move_type(Walrus, "penalties", "PenaltyRecords")]
    /// `walrus::penalties::PenaltyRecords`: penalty records by node ID.
    pub struct PenaltyRecords {
        /// The records (read entries with `SuiChain::penalty_record`).
        pub records: Table<Id, PenaltyRecord> => "0x2::table::Table<0x2::object::ID, 0x0::penalties::PenaltyRecord>",
    }
}

/// The struct tag of `Coin<WAL>` (`0x2::coin::Coin<wal::wal::WAL>`).
pub fn wal_coin_tag(ids: &PackageIds) -> StructTag {
    StructTag::new(
        Address::TWO,
        Identifier::new("coin").expect("valid identifier"),
        Identifier::new("Coin").expect("valid identifier"),
        vec![TypeTag::Struct(Box::new(ids.wal_coin_type()))],
    )
}
