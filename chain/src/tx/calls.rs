//! The Move calls of [`WalrusPtb`]: one method per public (or entry) function of the walrus
//! and wal packages that clients call. Each adds one call (two for `create_proposal` with a
//! built action) and returns the call's result.
//!
//! Arguments follow docs/contracts.md, "Entry points": `&System` / `&mut System`, the `Clock`
//! and `Random` are added by the method; objects the caller passes are [`Argument`]s from
//! [`WalrusPtb::owned`], [`WalrusPtb::shared`] or an earlier call.

use sui_sdk_types::Address;
use walrus_core::{BlobId, Certificate, Digest as CoreDigest};

use super::{Argument, WalrusPtb};
use crate::bindings::{Id, ProposalAction, VoteChoice};
use crate::error::ChainError;

/// What `register_blob` needs to know about a blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlobRegistration {
    /// The blob ID (`blob_id(encoding_type, size, root_hash)`).
    pub blob_id: BlobId,
    /// The blob's Merkle root (`u256`, little-endian bytes).
    pub root_hash: CoreDigest,
    /// Unencoded size in bytes.
    pub size: u64,
    /// Encoding type (1 = RS2).
    pub encoding_type: u8,
    /// Whether the owner may delete the blob before its end epoch.
    pub deletable: bool,
}

impl BlobRegistration {
    /// The registration of a blob encoded with `walrus-core`.
    pub fn of(metadata: &walrus_core::BlobMetadata, deletable: bool) -> Self {
        Self {
            blob_id: metadata.compute_blob_id(),
            root_hash: metadata.blob_root(),
            size: metadata.unencoded_size,
            encoding_type: metadata.encoding_type as u8,
            deletable,
        }
    }
}

/// What `register_candidate` needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRegistration {
    /// Node name (1..=64 bytes).
    pub name: String,
    /// Network address (1..=256 bytes).
    pub network_address: String,
    /// ed25519 protocol public key (32 bytes).
    pub public_key: Vec<u8>,
    /// The protocol key's signature over `[3, 0, 3] ++ sender ++ public_key`.
    pub proof_of_possession: Vec<u8>,
    /// Commission in basis points (0..=10000).
    pub commission_bps: u16,
    /// Price and capacity votes.
    pub votes: NodeVotes,
}

/// A node's price and capacity votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeVotes {
    /// Storage price (FROST per MiB unit per epoch).
    pub storage_price: u64,
    /// Write price (FROST per MiB unit).
    pub write_price: u64,
    /// Encoded bytes the node offers to store.
    pub capacity: u64,
}

/// An auditor's report (`audit::submit_report`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    /// Nodes reported on, a subsequence of the round's committee in committee order.
    pub node_ids: Vec<Id>,
    /// Challenged symbols per node.
    pub challenged: Vec<u64>,
    /// Failed challenges per node.
    pub failed: Vec<u64>,
    /// 32-byte digest of the off-chain evidence.
    pub evidence_digest: Vec<u8>,
}

/// The genesis parameters of `system::create_system`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Genesis {
    /// Number of shards (4..=1000).
    pub n_shards: u16,
    /// Minimum epoch duration (ms).
    pub epoch_duration_ms: u64,
    /// Epochs storage can be bought for at most.
    pub max_epochs_ahead: u32,
    /// Largest committee.
    pub max_committee_size: u16,
    /// Smallest stake of a committee member (FROST).
    pub min_committee_stake: u64,
    /// Encoded bytes for sale in epoch 0.
    pub initial_capacity: u64,
    /// Storage price in epoch 0.
    pub storage_price: u64,
    /// Write price in epoch 0.
    pub write_price: u64,
    /// The first auditors (each receives an `AuditorCap`).
    pub initial_auditors: Vec<Address>,
}

impl WalrusPtb {
    // === Storage ===

    /// `system::reserve_space(&mut System, encoded_size, epochs_ahead, &mut Coin<WAL>): Storage`.
    pub fn reserve_space(
        &mut self,
        payment: Argument,
        encoded_size: u64,
        epochs_ahead: u32,
    ) -> Argument {
        let system = self.system(true);
        let size = self.pure(&encoded_size);
        let epochs = self.pure(&epochs_ahead);
        self.walrus_call(
            "system",
            "reserve_space",
            vec![system, size, epochs, payment],
        )
    }

    /// `storage_resource::split_by_epoch(&mut Storage, split_epoch): Storage`.
    pub fn split_storage_by_epoch(&mut self, storage: Argument, split_epoch: u32) -> Argument {
        let epoch = self.pure(&split_epoch);
        self.walrus_call("storage_resource", "split_by_epoch", vec![storage, epoch])
    }

    /// `storage_resource::split_by_size(&mut Storage, split_size): Storage`.
    pub fn split_storage_by_size(&mut self, storage: Argument, split_size: u64) -> Argument {
        let size = self.pure(&split_size);
        self.walrus_call("storage_resource", "split_by_size", vec![storage, size])
    }

    /// `storage_resource::fuse(&mut Storage, Storage)`.
    pub fn fuse_storage(&mut self, storage: Argument, other: Argument) {
        self.walrus_call("storage_resource", "fuse", vec![storage, other]);
    }

    /// `storage_resource::destroy(Storage)`.
    pub fn destroy_storage(&mut self, storage: Argument) {
        self.walrus_call("storage_resource", "destroy", vec![storage]);
    }

    // === Blobs ===

    /// `system::register_blob(&mut System, Storage, blob_id, root_hash, size, encoding_type,
    /// deletable, &mut Coin<WAL>): Blob`.
    pub fn register_blob(
        &mut self,
        storage: Argument,
        blob: &BlobRegistration,
        write_payment: Argument,
    ) -> Argument {
        let system = self.system(true);
        let blob_id = self.pure(&blob.blob_id.0);
        let root = self.pure(&blob.root_hash.0);
        let size = self.pure(&blob.size);
        let encoding = self.pure(&blob.encoding_type);
        let deletable = self.pure(&blob.deletable);
        self.walrus_call(
            "system",
            "register_blob",
            vec![
                system,
                storage,
                blob_id,
                root,
                size,
                encoding,
                deletable,
                write_payment,
            ],
        )
    }

    /// `system::certify_blob(&System, &mut Blob, signers, signatures, epoch)`.
    pub fn certify_blob(&mut self, blob: Argument, certificate: &Certificate, epoch: u32) {
        let system = self.system(false);
        let signers = self.pure(&certificate.signers);
        let signatures: Vec<Vec<u8>> = certificate
            .signatures
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
        let signatures = self.pure(&signatures);
        let epoch = self.pure(&epoch);
        self.walrus_call(
            "system",
            "certify_blob",
            vec![system, blob, signers, signatures, epoch],
        );
    }

    /// `system::extend_blob(&mut System, &mut Blob, extended_epochs, &mut Coin<WAL>)`.
    pub fn extend_blob(&mut self, blob: Argument, extended_epochs: u32, payment: Argument) {
        let system = self.system(true);
        let epochs = self.pure(&extended_epochs);
        self.walrus_call("system", "extend_blob", vec![system, blob, epochs, payment]);
    }

    /// `system::delete_blob(&System, Blob): Storage`.
    pub fn delete_blob(&mut self, blob: Argument) -> Argument {
        let system = self.system(false);
        self.walrus_call("system", "delete_blob", vec![system, blob])
    }

    /// `system::burn_blob(&System, Blob)`.
    pub fn burn_blob(&mut self, blob: Argument) {
        let system = self.system(false);
        self.walrus_call("system", "burn_blob", vec![system, blob]);
    }

    /// `blob::set_attribute(&mut Blob, key, value)`.
    pub fn set_blob_attribute(&mut self, blob: Argument, key: &str, value: &str) {
        let key = self.pure(&key);
        let value = self.pure(&value);
        self.walrus_call("blob", "set_attribute", vec![blob, key, value]);
    }

    /// `blob::remove_attribute(&mut Blob, key)`.
    pub fn remove_blob_attribute(&mut self, blob: Argument, key: &str) {
        let key = self.pure(&key);
        self.walrus_call("blob", "remove_attribute", vec![blob, key]);
    }

    // === Storage nodes ===

    /// `system::register_candidate(&mut System, name, network_address, public_key,
    /// proof_of_possession, commission_bps, storage_price_vote, write_price_vote,
    /// capacity_vote): StorageNodeCap`.
    pub fn register_candidate(&mut self, node: &NodeRegistration) -> Argument {
        let system = self.system(true);
        let args = vec![
            system,
            self.pure(&node.name),
            self.pure(&node.network_address),
            self.pure(&node.public_key),
            self.pure(&node.proof_of_possession),
            self.pure(&node.commission_bps),
            self.pure(&node.votes.storage_price),
            self.pure(&node.votes.write_price),
            self.pure(&node.votes.capacity),
        ];
        self.walrus_call("system", "register_candidate", args)
    }

    /// `system::set_votes(&mut System, &StorageNodeCap, storage_price_vote, write_price_vote,
    /// capacity_vote)`.
    pub fn set_votes(&mut self, cap: Argument, votes: &NodeVotes) {
        let system = self.system(true);
        let args = vec![
            system,
            cap,
            self.pure(&votes.storage_price),
            self.pure(&votes.write_price),
            self.pure(&votes.capacity),
        ];
        self.walrus_call("system", "set_votes", args);
    }

    /// `system::set_network_address(&mut System, &StorageNodeCap, network_address)`.
    pub fn set_network_address(&mut self, cap: Argument, network_address: &str) {
        let system = self.system(true);
        let address = self.pure(&network_address);
        self.walrus_call("system", "set_network_address", vec![system, cap, address]);
    }

    /// `system::set_commission(&mut System, &StorageNodeCap, commission_bps)`.
    pub fn set_commission(&mut self, cap: Argument, commission_bps: u16) {
        let system = self.system(true);
        let bps = self.pure(&commission_bps);
        self.walrus_call("system", "set_commission", vec![system, cap, bps]);
    }

    /// `system::collect_commission(&mut System, &StorageNodeCap): Coin<WAL>`.
    pub fn collect_commission(&mut self, cap: Argument) -> Argument {
        let system = self.system(true);
        self.walrus_call("system", "collect_commission", vec![system, cap])
    }

    /// `system::reregister_node(&mut System, &StorageNodeCap)`.
    pub fn reregister_node(&mut self, cap: Argument) {
        let system = self.system(true);
        self.walrus_call("system", "reregister_node", vec![system, cap]);
    }

    // === Staking ===

    /// `system::stake_with_pool(&mut System, Coin<WAL>, node_id): StakedWal`.
    pub fn stake_with_pool(&mut self, stake: Argument, node_id: Id) -> Argument {
        let system = self.system(true);
        let node = self.id(node_id);
        self.walrus_call("system", "stake_with_pool", vec![system, stake, node])
    }

    /// `system::request_withdraw_stake(&mut System, &mut StakedWal)`.
    pub fn request_withdraw_stake(&mut self, staked: Argument) {
        let system = self.system(true);
        self.walrus_call("system", "request_withdraw_stake", vec![system, staked]);
    }

    /// `system::withdraw_stake(&mut System, StakedWal): Coin<WAL>`.
    pub fn withdraw_stake(&mut self, staked: Argument) -> Argument {
        let system = self.system(true);
        self.walrus_call("system", "withdraw_stake", vec![system, staked])
    }

    /// `staked_wal::split(&mut StakedWal, amount): StakedWal`.
    pub fn split_staked_wal(&mut self, staked: Argument, amount: u64) -> Argument {
        let amount = self.pure(&amount);
        self.walrus_call("staked_wal", "split", vec![staked, amount])
    }

    /// `staked_wal::join(&mut StakedWal, StakedWal)`.
    pub fn join_staked_wal(&mut self, staked: Argument, other: Argument) {
        self.walrus_call("staked_wal", "join", vec![staked, other]);
    }

    // === Epochs and upgrades ===

    /// `system::advance_epoch(&mut System, &Clock)`.
    pub fn advance_epoch(&mut self) {
        let system = self.system(true);
        let clock = self.clock();
        self.walrus_call("system", "advance_epoch", vec![system, clock]);
    }

    /// `system::migrate(&mut System)`.
    pub fn migrate(&mut self) {
        let system = self.system(true);
        self.walrus_call("system", "migrate", vec![system]);
    }

    // === Governance ===

    /// The `proposal::*_action` call that builds `action`; its result is the `Action`.
    pub fn proposal_action(&mut self, action: &ProposalAction) -> Argument {
        match *action {
            ProposalAction::SetParameter { param, value } => {
                let param = self.pure(&param);
                let value = self.pure(&value);
                self.walrus_call("proposal", "set_parameter_action", vec![param, value])
            }
            ProposalAction::AddAuditor(auditor) => {
                let auditor = self.pure(&auditor);
                self.walrus_call("proposal", "add_auditor_action", vec![auditor])
            }
            ProposalAction::RemoveAuditor(auditor) => {
                let auditor = self.pure(&auditor);
                self.walrus_call("proposal", "remove_auditor_action", vec![auditor])
            }
            ProposalAction::Signal => self.walrus_call("proposal", "signal_action", vec![]),
        }
    }

    /// `governance::create_proposal(&System, &StakedWal, Action, description, &Clock): ID`,
    /// with the action built by [`WalrusPtb::proposal_action`] in the same transaction.
    pub fn create_proposal(
        &mut self,
        staked: Argument,
        action: &ProposalAction,
        description: &str,
    ) -> Argument {
        let action = self.proposal_action(action);
        let system = self.system(false);
        let description = self.pure(&description);
        let clock = self.clock();
        self.walrus_call(
            "governance",
            "create_proposal",
            vec![system, staked, action, description, clock],
        )
    }

    /// `governance::vote(&System, &mut Proposal, &mut StakedWal, choice, &Clock)`.
    pub fn vote(&mut self, proposal: Argument, staked: Argument, choice: VoteChoice) {
        let system = self.system(false);
        let choice = self.pure(&(choice as u8));
        let clock = self.clock();
        self.walrus_call(
            "governance",
            "vote",
            vec![system, proposal, staked, choice, clock],
        );
    }

    /// `governance::finalize_proposal(&System, &mut Proposal, &Clock)`.
    pub fn finalize_proposal(&mut self, proposal: Argument) {
        let system = self.system(false);
        let clock = self.clock();
        self.walrus_call(
            "governance",
            "finalize_proposal",
            vec![system, proposal, clock],
        );
    }

    /// `governance::execute(&mut System, &mut Proposal, &Clock)`.
    pub fn execute_proposal(&mut self, proposal: Argument) {
        let system = self.system(true);
        let clock = self.clock();
        self.walrus_call("governance", "execute", vec![system, proposal, clock]);
    }

    // === Audits ===

    /// `audit::open_round(&mut System, &Random, &Clock)` (an `entry` function: nothing later in
    /// the transaction can use the round).
    pub fn open_round(&mut self) -> Result<(), ChainError> {
        let system = self.system(true);
        let random = self.random()?;
        let clock = self.clock();
        self.walrus_call("audit", "open_round", vec![system, random, clock]);
        Ok(())
    }

    /// `audit::submit_report(&System, &AuditorCap, &mut AuditRound, node_ids, challenged,
    /// failed, evidence_digest, &Clock)`.
    pub fn submit_report(&mut self, cap: Argument, round: Argument, report: &AuditReport) {
        let system = self.system(false);
        let args = vec![
            system,
            cap,
            round,
            self.pure(&report.node_ids),
            self.pure(&report.challenged),
            self.pure(&report.failed),
            self.pure(&report.evidence_digest),
            self.clock(),
        ];
        self.walrus_call("audit", "submit_report", args);
    }

    /// `audit::finalize_round(&mut System, &mut AuditRound, &mut wal::Treasury, &Clock)`.
    pub fn finalize_round(&mut self, round: Argument) {
        let system = self.system(true);
        let treasury = self.wal_treasury();
        let clock = self.clock();
        self.walrus_call(
            "audit",
            "finalize_round",
            vec![system, round, treasury, clock],
        );
    }

    // === WAL ===

    /// `wal::burn(&mut Treasury, Coin<WAL>)`.
    pub fn burn_wal(&mut self, coin: Argument) {
        let treasury = self.wal_treasury();
        self.wal_call("wal", "burn", vec![treasury, coin]);
    }
}
