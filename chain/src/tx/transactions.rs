//! Complete transactions, one per entry point: each builds the call(s) with [`WalrusPtb`] and
//! transfers the results to the sender. Complete them with
//! [`SuiChain::prepare`](crate::SuiChain::prepare) (gas) and sign and execute them with
//! [`SuiChain::sign_and_execute`](crate::SuiChain::sign_and_execute).
//!
//! WAL is paid from `wal_coins` (the sender's `Coin<WAL>`s, e.g. from
//! [`SuiChain::wal_coins`](crate::SuiChain::wal_coins)): the fewest coins that cover the amount
//! are merged and the amount split off. Calls that charge what they cost (`reserve_space`,
//! `register_blob`, `extend_blob`) get a coin of `max_payment` (see
//! [`crate::bindings::System::reserve_cost`] and `write_cost`) and the rest goes back into the
//! sender's coin; calls that take a coin by value (`stake_with_pool`, `wal::burn`) get exactly
//! `amount`.

use sui_sdk_types::Address;
use sui_transaction_builder::TransactionBuilder;
use walrus_core::Certificate;

use super::calls::{AuditReport, BlobRegistration, Genesis, NodeRegistration, NodeVotes};
use super::{CoinRef, Deployment, ObjectRef, SharedRef, WalrusPtb, move_call};
use crate::bindings::{Id, ProposalAction, VoteChoice};
use crate::config::PackageConfig;
use crate::error::ChainError;

fn ptb(d: &Deployment, sender: Address) -> WalrusPtb {
    WalrusPtb::new(d, sender)
}

// === Storage and blobs ===

/// `system::reserve_space`: buys `encoded_size` bytes for `epochs_ahead` epochs, paying at most
/// `max_payment` FROST; the `Storage` goes to the sender.
pub fn reserve_space(
    d: &Deployment,
    sender: Address,
    wal_coins: &[CoinRef],
    max_payment: u64,
    encoded_size: u64,
    epochs_ahead: u32,
) -> Result<TransactionBuilder, ChainError> {
    let mut p = ptb(d, sender);
    let payment = p.wal_payment(wal_coins, max_payment)?;
    let storage = p.reserve_space(payment.coin, encoded_size, epochs_ahead);
    p.settle(payment);
    p.transfer_to_sender(vec![storage]);
    Ok(p.into_builder())
}

/// `system::register_blob`: registers `blob` with the sender's `storage`, paying the write fee
/// (at most `max_payment`); the `Blob` goes to the sender.
pub fn register_blob(
    d: &Deployment,
    sender: Address,
    storage: &ObjectRef,
    blob: &BlobRegistration,
    wal_coins: &[CoinRef],
    max_payment: u64,
) -> Result<TransactionBuilder, ChainError> {
    let mut p = ptb(d, sender);
    let payment = p.wal_payment(wal_coins, max_payment)?;
    let storage = p.owned(storage);
    let blob = p.register_blob(storage, blob, payment.coin);
    p.settle(payment);
    p.transfer_to_sender(vec![blob]);
    Ok(p.into_builder())
}

/// `reserve_space` then `register_blob` in one transaction: buys the storage and registers the
/// blob with it, paying both (at most `max_payment` in total); the `Blob` goes to the sender.
pub fn reserve_and_register_blob(
    d: &Deployment,
    sender: Address,
    wal_coins: &[CoinRef],
    max_payment: u64,
    encoded_size: u64,
    epochs_ahead: u32,
    blob: &BlobRegistration,
) -> Result<TransactionBuilder, ChainError> {
    let mut p = ptb(d, sender);
    let payment = p.wal_payment(wal_coins, max_payment)?;
    let storage = p.reserve_space(payment.coin, encoded_size, epochs_ahead);
    let blob = p.register_blob(storage, blob, payment.coin);
    p.settle(payment);
    p.transfer_to_sender(vec![blob]);
    Ok(p.into_builder())
}

/// `system::certify_blob` with a quorum certificate of the current committee for `epoch`.
pub fn certify_blob(
    d: &Deployment,
    sender: Address,
    blob: &ObjectRef,
    certificate: &Certificate,
    epoch: u32,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let blob = p.owned(blob);
    p.certify_blob(blob, certificate, epoch);
    p.into_builder()
}

/// `system::extend_blob` by `extended_epochs`, paying at most `max_payment`.
pub fn extend_blob(
    d: &Deployment,
    sender: Address,
    blob: &ObjectRef,
    extended_epochs: u32,
    wal_coins: &[CoinRef],
    max_payment: u64,
) -> Result<TransactionBuilder, ChainError> {
    let mut p = ptb(d, sender);
    let payment = p.wal_payment(wal_coins, max_payment)?;
    let blob = p.owned(blob);
    p.extend_blob(blob, extended_epochs, payment.coin);
    p.settle(payment);
    Ok(p.into_builder())
}

/// `system::delete_blob`: the freed `Storage` goes to the sender.
pub fn delete_blob(d: &Deployment, sender: Address, blob: &ObjectRef) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let blob = p.owned(blob);
    let storage = p.delete_blob(blob);
    p.transfer_to_sender(vec![storage]);
    p.into_builder()
}

/// `system::burn_blob`: destroys an expired blob.
pub fn burn_blob(d: &Deployment, sender: Address, blob: &ObjectRef) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let blob = p.owned(blob);
    p.burn_blob(blob);
    p.into_builder()
}

/// `blob::set_attribute`.
pub fn set_blob_attribute(
    d: &Deployment,
    sender: Address,
    blob: &ObjectRef,
    key: &str,
    value: &str,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let blob = p.owned(blob);
    p.set_blob_attribute(blob, key, value);
    p.into_builder()
}

/// `blob::remove_attribute`.
pub fn remove_blob_attribute(
    d: &Deployment,
    sender: Address,
    blob: &ObjectRef,
    key: &str,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let blob = p.owned(blob);
    p.remove_blob_attribute(blob, key);
    p.into_builder()
}

/// `storage_resource::split_by_epoch`: the new `Storage` (`[split_epoch, end)`) goes to the
/// sender.
pub fn split_storage_by_epoch(
    d: &Deployment,
    sender: Address,
    storage: &ObjectRef,
    split_epoch: u32,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let storage = p.owned(storage);
    let new = p.split_storage_by_epoch(storage, split_epoch);
    p.transfer_to_sender(vec![new]);
    p.into_builder()
}

/// `storage_resource::split_by_size`: the new `Storage` (the rest of the size) goes to the
/// sender.
pub fn split_storage_by_size(
    d: &Deployment,
    sender: Address,
    storage: &ObjectRef,
    split_size: u64,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let storage = p.owned(storage);
    let new = p.split_storage_by_size(storage, split_size);
    p.transfer_to_sender(vec![new]);
    p.into_builder()
}

/// `storage_resource::fuse`: `other` is fused into `storage`.
pub fn fuse_storage(
    d: &Deployment,
    sender: Address,
    storage: &ObjectRef,
    other: &ObjectRef,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let storage = p.owned(storage);
    let other = p.owned(other);
    p.fuse_storage(storage, other);
    p.into_builder()
}

/// `storage_resource::destroy`.
pub fn destroy_storage(d: &Deployment, sender: Address, storage: &ObjectRef) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let storage = p.owned(storage);
    p.destroy_storage(storage);
    p.into_builder()
}

// === Storage nodes ===

/// `system::register_candidate`: the `StorageNodeCap` goes to the sender.
pub fn register_candidate(
    d: &Deployment,
    sender: Address,
    node: &NodeRegistration,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let cap = p.register_candidate(node);
    p.transfer_to_sender(vec![cap]);
    p.into_builder()
}

/// `system::set_votes`.
pub fn set_votes(
    d: &Deployment,
    sender: Address,
    cap: &ObjectRef,
    votes: &NodeVotes,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let cap = p.owned(cap);
    p.set_votes(cap, votes);
    p.into_builder()
}

/// `system::set_network_address`.
pub fn set_network_address(
    d: &Deployment,
    sender: Address,
    cap: &ObjectRef,
    network_address: &str,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let cap = p.owned(cap);
    p.set_network_address(cap, network_address);
    p.into_builder()
}

/// `system::set_commission`.
pub fn set_commission(
    d: &Deployment,
    sender: Address,
    cap: &ObjectRef,
    commission_bps: u16,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let cap = p.owned(cap);
    p.set_commission(cap, commission_bps);
    p.into_builder()
}

/// `system::collect_commission`: the `Coin<WAL>` goes to the sender.
pub fn collect_commission(d: &Deployment, sender: Address, cap: &ObjectRef) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let cap = p.owned(cap);
    let coin = p.collect_commission(cap);
    p.transfer_to_sender(vec![coin]);
    p.into_builder()
}

/// `system::reregister_node`.
pub fn reregister_node(d: &Deployment, sender: Address, cap: &ObjectRef) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let cap = p.owned(cap);
    p.reregister_node(cap);
    p.into_builder()
}

// === Staking ===

/// `system::stake_with_pool`: stakes exactly `amount` FROST with `node_id`; the `StakedWal`
/// goes to the sender.
pub fn stake_with_pool(
    d: &Deployment,
    sender: Address,
    wal_coins: &[CoinRef],
    amount: u64,
    node_id: Id,
) -> Result<TransactionBuilder, ChainError> {
    let mut p = ptb(d, sender);
    let coin = p.wal_coin(wal_coins, amount)?;
    let staked = p.stake_with_pool(coin, node_id);
    p.transfer_to_sender(vec![staked]);
    Ok(p.into_builder())
}

/// `system::request_withdraw_stake`.
pub fn request_withdraw_stake(
    d: &Deployment,
    sender: Address,
    staked: &ObjectRef,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let staked = p.owned(staked);
    p.request_withdraw_stake(staked);
    p.into_builder()
}

/// `system::withdraw_stake`: the `Coin<WAL>` goes to the sender.
pub fn withdraw_stake(d: &Deployment, sender: Address, staked: &ObjectRef) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let staked = p.owned(staked);
    let coin = p.withdraw_stake(staked);
    p.transfer_to_sender(vec![coin]);
    p.into_builder()
}

/// `staked_wal::split`: the new `StakedWal` (`amount` of principal) goes to the sender.
pub fn split_staked_wal(
    d: &Deployment,
    sender: Address,
    staked: &ObjectRef,
    amount: u64,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let staked = p.owned(staked);
    let new = p.split_staked_wal(staked, amount);
    p.transfer_to_sender(vec![new]);
    p.into_builder()
}

/// `staked_wal::join`: `other` is merged into `staked`.
pub fn join_staked_wal(
    d: &Deployment,
    sender: Address,
    staked: &ObjectRef,
    other: &ObjectRef,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let staked = p.owned(staked);
    let other = p.owned(other);
    p.join_staked_wal(staked, other);
    p.into_builder()
}

// === Epochs ===

/// `system::advance_epoch`.
pub fn advance_epoch(d: &Deployment, sender: Address) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    p.advance_epoch();
    p.into_builder()
}

/// `system::migrate`.
pub fn migrate(d: &Deployment, sender: Address) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    p.migrate();
    p.into_builder()
}

// === Governance ===

/// `proposal::*_action` and `governance::create_proposal` in one transaction.
pub fn create_proposal(
    d: &Deployment,
    sender: Address,
    staked: &ObjectRef,
    action: &ProposalAction,
    description: &str,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let staked = p.owned(staked);
    p.create_proposal(staked, action, description);
    p.into_builder()
}

/// `governance::vote`.
pub fn vote(
    d: &Deployment,
    sender: Address,
    proposal: &SharedRef,
    staked: &ObjectRef,
    choice: VoteChoice,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let proposal = p.shared(proposal, true);
    let staked = p.owned(staked);
    p.vote(proposal, staked, choice);
    p.into_builder()
}

/// `governance::finalize_proposal`.
pub fn finalize_proposal(
    d: &Deployment,
    sender: Address,
    proposal: &SharedRef,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let proposal = p.shared(proposal, true);
    p.finalize_proposal(proposal);
    p.into_builder()
}

/// `governance::execute`.
pub fn execute_proposal(
    d: &Deployment,
    sender: Address,
    proposal: &SharedRef,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let proposal = p.shared(proposal, true);
    p.execute_proposal(proposal);
    p.into_builder()
}

// === Audits ===

/// `audit::open_round` (needs the network's `Random` object).
pub fn open_round(d: &Deployment, sender: Address) -> Result<TransactionBuilder, ChainError> {
    let mut p = ptb(d, sender);
    p.open_round()?;
    Ok(p.into_builder())
}

/// `audit::submit_report` with the sender's `AuditorCap`.
pub fn submit_report(
    d: &Deployment,
    sender: Address,
    cap: &ObjectRef,
    round: &SharedRef,
    report: &AuditReport,
) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let cap = p.owned(cap);
    let round = p.shared(round, true);
    p.submit_report(cap, round, report);
    p.into_builder()
}

/// `audit::finalize_round` (slashed WAL is burned through the WAL `Treasury`).
pub fn finalize_round(d: &Deployment, sender: Address, round: &SharedRef) -> TransactionBuilder {
    let mut p = ptb(d, sender);
    let round = p.shared(round, true);
    p.finalize_round(round);
    p.into_builder()
}

// === WAL and genesis ===

/// `wal::burn` of exactly `amount` FROST.
pub fn burn_wal(
    d: &Deployment,
    sender: Address,
    wal_coins: &[CoinRef],
    amount: u64,
) -> Result<TransactionBuilder, ChainError> {
    let mut p = ptb(d, sender);
    let coin = p.wal_coin(wal_coins, amount)?;
    p.burn_wal(coin);
    Ok(p.into_builder())
}

/// `system::create_system` (genesis): consumes the publisher's `InitCap` and shares the
/// `System`. Needs only the package IDs, since the `System` does not exist yet.
pub fn create_system(
    packages: &PackageConfig,
    init_cap: &ObjectRef,
    genesis: &Genesis,
) -> TransactionBuilder {
    let mut b = TransactionBuilder::new();
    let cap = b.object(sui_transaction_builder::ObjectInput::owned(
        init_cap.id,
        init_cap.version,
        init_cap.digest,
    ));
    let args = vec![
        cap,
        b.pure(&genesis.n_shards),
        b.pure(&genesis.epoch_duration_ms),
        b.pure(&genesis.max_epochs_ahead),
        b.pure(&genesis.max_committee_size),
        b.pure(&genesis.min_committee_stake),
        b.pure(&genesis.initial_capacity),
        b.pure(&genesis.storage_price),
        b.pure(&genesis.write_price),
        b.pure(&genesis.initial_auditors),
        b.object(sui_transaction_builder::ObjectInput::shared(
            SharedRef::CLOCK.id,
            SharedRef::CLOCK.initial_shared_version,
            false,
        )),
    ];
    move_call(
        &mut b,
        packages.walrus_call_target(),
        "system",
        "create_system",
        args,
    );
    b
}
