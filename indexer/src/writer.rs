//! Turns decoded events into the SQL of one batch: raw events, state updates (in event order)
//! and history rows (multi-row inserts, `ON CONFLICT DO NOTHING`).
//!
//! Every statement is idempotent on its own where the event carries absolute values (inserts
//! with `ON CONFLICT DO NOTHING`, updates that set values); the few accumulating updates
//! (`extension_cost`, `commission_collected`) are exactly-once because a batch commits in the
//! same transaction as the watermark, which is checked and advanced first.

use std::collections::BTreeMap;

use walrus_chain::bindings::framework::Id;
use walrus_chain::events::{EventPosition, SystemEvent};

use crate::sql::{boolean, bytes, int_array, json, lit, num, text, text_array};

/// Rows per multi-row INSERT.
pub const ROWS_PER_INSERT: usize = 1000;

enum Stmt {
    Insert {
        header: &'static str,
        tail: &'static str,
        rows: Vec<String>,
    },
    Raw(String),
}

/// The SQL of one batch of checkpoints.
#[derive(Default)]
pub struct Batch {
    ordered: Vec<Stmt>,
    deferred: BTreeMap<&'static str, Vec<String>>,
    /// Rows written per table (for metrics).
    pub rows: BTreeMap<&'static str, u64>,
    /// Events in the batch.
    pub events: u64,
    /// The current epoch as of the end of the batch (tracked from the events).
    pub epoch: Option<u64>,
}

fn table_of(header: &str) -> &'static str {
    // "INSERT INTO name (...)"
    let name = header
        .trim_start_matches("INSERT INTO ")
        .split(' ')
        .next()
        .unwrap_or("");
    TABLES
        .iter()
        .copied()
        .find(|t| *t == name)
        .unwrap_or("other")
}

/// Every table the writer writes.
pub const TABLES: &[&str] = &[
    "events",
    "quarantine",
    "system",
    "epochs",
    "nodes",
    "committee_members",
    "node_votes",
    "staking_pool_updates",
    "stakes",
    "storage_resources",
    "blobs",
    "blob_history",
    "blob_attributes",
    "fees",
    "wal_burns",
    "reward_distributions",
    "rewards",
    "commission_collections",
    "proposals",
    "votes",
    "auditors",
    "audit_rounds",
    "audit_reports",
    "audit_report_nodes",
    "audit_round_results",
    "penalties",
];

const EVENTS: &str = "INSERT INTO events (checkpoint, tx_digest, event_index, event_type, sender, timestamp_ms, bcs, data)";
const QUARANTINE: &str =
    "INSERT INTO quarantine (checkpoint, tx_digest, event_index, event_type, bcs, error)";
const BLOB_HISTORY: &str = "INSERT INTO blob_history (checkpoint, tx_digest, event_index, blob_object_id, epoch, transition, end_epoch, timestamp_ms)";
const FEES: &str =
    "INSERT INTO fees (checkpoint, tx_digest, event_index, epoch, kind, amount, payer)";
const NODE_VOTES: &str = "INSERT INTO node_votes (checkpoint, tx_digest, event_index, node_id, epoch, storage_price_vote, write_price_vote, capacity_vote)";
const POOL_UPDATES: &str = "INSERT INTO staking_pool_updates (checkpoint, tx_digest, event_index, node_id, epoch, active_stake, total_shares, rate_wal, rate_shares, stake_activated, shares_withdrawn, wal_withdrawn, commission_bps)";
const COMMISSIONS: &str = "INSERT INTO commission_collections (checkpoint, tx_digest, event_index, epoch, node_id, amount, recipient)";
const BURNS: &str = "INSERT INTO wal_burns (checkpoint, tx_digest, event_index, epoch, amount, total_supply, burner)";
const NOTHING: &str = " ON CONFLICT DO NOTHING";

fn pos(p: &EventPosition) -> String {
    format!(
        "{}, {}, {}",
        p.checkpoint,
        text(&p.transaction),
        p.event_index
    )
}

fn id(i: &Id) -> String {
    lit(i)
}

fn opt_id(i: &Option<Id>) -> String {
    i.as_ref().map(id).unwrap_or_else(|| "NULL".into())
}

impl Batch {
    fn insert(&mut self, header: &'static str, row: String, tail: &'static str) {
        *self.rows.entry(table_of(header)).or_default() += 1;
        if let Some(Stmt::Insert {
            header: h,
            tail: t,
            rows,
        }) = self.ordered.last_mut()
            && *h == header
            && *t == tail
        {
            rows.push(row);
            return;
        }
        self.ordered.push(Stmt::Insert {
            header,
            tail,
            rows: vec![row],
        });
    }

    fn defer(&mut self, header: &'static str, row: String) {
        *self.rows.entry(table_of(header)).or_default() += 1;
        self.deferred.entry(header).or_default().push(row);
    }

    fn exec(&mut self, table: &'static str, sql: String) {
        *self.rows.entry(table).or_default() += 1;
        self.ordered.push(Stmt::Raw(sql));
    }

    /// Records an event of the system's packages that failed to decode (quarantine mode).
    pub fn quarantine(&mut self, p: &EventPosition, event_type: &str, bcs: &[u8], error: &str) {
        self.defer(
            QUARANTINE,
            format!(
                "({}, {}, {}, {})",
                pos(p),
                text(event_type),
                bytes(bcs),
                text(error)
            ),
        );
    }

    /// Adds the raw row of an event of the system's packages (`event` is `None` for a type
    /// without binding).
    pub fn raw(
        &mut self,
        p: &EventPosition,
        event_type: &str,
        sender: &str,
        timestamp_ms: u64,
        bcs: &[u8],
        event: Option<&SystemEvent>,
    ) {
        self.events += 1;
        let data = event.map(event_json).unwrap_or(serde_json::Value::Null);
        self.defer(
            EVENTS,
            format!(
                "({}, {}, {}, {}, {}, {})",
                pos(p),
                text(event_type),
                text(sender),
                timestamp_ms,
                bytes(bcs),
                json(&data)
            ),
        );
    }

    /// The statements of the batch, in execution order.
    pub fn statements(&self) -> Vec<String> {
        let mut out = Vec::new();
        fn push_insert(out: &mut Vec<String>, header: &str, tail: &str, rows: &[String]) {
            for chunk in rows.chunks(ROWS_PER_INSERT) {
                out.push(format!("{header} VALUES {}{tail}", chunk.join(",")));
            }
        }
        for s in &self.ordered {
            match s {
                Stmt::Insert { header, tail, rows } => push_insert(&mut out, header, tail, rows),
                Stmt::Raw(sql) => out.push(sql.clone()),
            }
        }
        for (header, rows) in &self.deferred {
            push_insert(&mut out, header, NOTHING, rows);
        }
        out
    }

    /// Adds the state updates of one decoded event.
    pub fn apply(
        &mut self,
        p: &EventPosition,
        timestamp_ms: u64,
        sender: &str,
        event: &SystemEvent,
    ) {
        use SystemEvent as E;
        let cp = p.checkpoint;
        let hist = |b: &mut Batch, blob: &Id, epoch: u32, transition: &str, end: u32| {
            b.defer(
                BLOB_HISTORY,
                format!(
                    "({}, {}, {epoch}, {}, {end}, {timestamp_ms})",
                    pos(p),
                    id(blob),
                    text(transition)
                ),
            );
        };
        match event {
            E::WalBurned(e) => self.defer(
                BURNS,
                format!(
                    "({}, {}, {}, {}, {})",
                    pos(p),
                    self.epoch.map(num).unwrap_or_else(|| "NULL".into()),
                    e.amount,
                    e.total_supply,
                    lit(e.burner)
                ),
            ),
            E::SystemCreated(e) => {
                self.epoch = Some(e.epoch.into());
                self.insert(
                    "INSERT INTO system (id, system_id, current_epoch, n_shards, epoch_duration_ms, max_epochs_ahead, max_committee_size, total_capacity, storage_price, write_price)",
                    format!(
                        "(1, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                        id(&e.system_id), e.epoch, e.n_shards, e.epoch_duration_ms, e.max_epochs_ahead,
                        e.max_committee_size, e.total_capacity, e.storage_price, e.write_price
                    ),
                    NOTHING,
                );
                self.insert(
                    "INSERT INTO epochs (epoch, start_ms, storage_price, write_price, total_capacity, checkpoint)",
                    format!("({}, {}, {}, {}, {}, {cp})", e.epoch, e.epoch_start_ms, e.storage_price, e.write_price, e.total_capacity),
                    NOTHING,
                );
            }
            E::SpaceReserved(e) => {
                self.insert(
                    "INSERT INTO storage_resources (storage_id, start_epoch, end_epoch, size, state, payer, cost, parent_id, created_checkpoint, updated_checkpoint)",
                    format!("({}, {}, {}, {}, 'active', {}, {}, NULL, {cp}, {cp})", id(&e.storage_id), e.start_epoch, e.end_epoch, e.size, lit(e.payer), e.cost),
                    NOTHING,
                );
                self.defer(FEES, format!("({}, {}, 'reserve', {}, {})", pos(p), e.epoch, e.cost, lit(e.payer)));
            }
            E::BlobRegistered(e) => {
                self.insert(
                    "INSERT INTO blobs (blob_object_id, blob_id, state, size, encoding_type, encoded_size, storage_id, storage_size, registered_epoch, end_epoch, deletable, owner, write_cost, registered_checkpoint, updated_checkpoint)",
                    format!(
                        "({}, {}, 'registered', {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {cp}, {cp})",
                        id(&e.blob_object_id), lit(e.blob_id), e.size, e.encoding_type, e.encoded_size,
                        id(&e.storage_id), e.storage_size, e.epoch, e.end_epoch, boolean(e.deletable),
                        lit(e.owner), e.write_cost
                    ),
                    NOTHING,
                );
                self.exec("storage_resources", format!(
                    "UPDATE storage_resources SET state = 'in_blob', updated_checkpoint = {cp} WHERE storage_id = {}",
                    id(&e.storage_id)
                ));
                hist(self, &e.blob_object_id, e.epoch, "registered", e.end_epoch);
                self.defer(FEES, format!("({}, {}, 'write', {}, {})", pos(p), e.epoch, e.write_cost, lit(e.owner)));
            }
            E::BlobCertified(e) => {
                self.exec("blobs", format!(
                    "UPDATE blobs SET state = 'certified', certified_epoch = {}, end_epoch = {}, signer_shards = {}, updated_checkpoint = {cp} WHERE blob_object_id = {}",
                    e.epoch, e.end_epoch, e.signer_shards, id(&e.blob_object_id)
                ));
                hist(self, &e.blob_object_id, e.epoch, "certified", e.end_epoch);
            }
            E::BlobExtended(e) => {
                self.exec("blobs", format!(
                    "UPDATE blobs SET end_epoch = {}, extension_cost = extension_cost + {}, updated_checkpoint = {cp} WHERE blob_object_id = {}",
                    e.new_end_epoch, e.cost, id(&e.blob_object_id)
                ));
                hist(self, &e.blob_object_id, e.epoch, "extended", e.new_end_epoch);
                self.defer(FEES, format!("({}, {}, 'extend', {}, {})", pos(p), e.epoch, e.cost, text(sender)));
            }
            E::BlobDeleted(e) => {
                self.exec("blobs", format!(
                    "UPDATE blobs SET state = 'deleted', updated_checkpoint = {cp} WHERE blob_object_id = {}",
                    id(&e.blob_object_id)
                ));
                self.exec("storage_resources", format!(
                    "UPDATE storage_resources SET state = 'active', updated_checkpoint = {cp} WHERE storage_id = {}",
                    id(&e.storage_id)
                ));
                hist(self, &e.blob_object_id, e.epoch, "deleted", e.end_epoch);
            }
            E::BlobBurned(e) => {
                self.exec("blobs", format!(
                    "UPDATE blobs SET state = 'burned', updated_checkpoint = {cp} WHERE blob_object_id = {}",
                    id(&e.blob_object_id)
                ));
                hist(self, &e.blob_object_id, e.epoch, "burned", e.end_epoch);
            }
            E::BlobAttributeSet(e) => self.exec("blob_attributes", format!(
                "INSERT INTO blob_attributes (blob_object_id, key, value) VALUES ({}, {}, {}) ON CONFLICT (blob_object_id, key) DO UPDATE SET value = EXCLUDED.value",
                id(&e.blob_object_id), text(&e.key), text(&e.value)
            )),
            E::BlobAttributeRemoved(e) => self.exec("blob_attributes", format!(
                "DELETE FROM blob_attributes WHERE blob_object_id = {} AND key = {}",
                id(&e.blob_object_id), text(&e.key)
            )),
            E::StorageSplit(e) => {
                self.exec("storage_resources", format!(
                    "UPDATE storage_resources SET start_epoch = {}, end_epoch = {}, size = {}, updated_checkpoint = {cp} WHERE storage_id = {}",
                    e.original_start_epoch, e.original_end_epoch, e.original_size, id(&e.original_id)
                ));
                self.insert(
                    "INSERT INTO storage_resources (storage_id, start_epoch, end_epoch, size, state, payer, cost, parent_id, created_checkpoint, updated_checkpoint)",
                    format!("({}, {}, {}, {}, 'active', NULL, NULL, {}, {cp}, {cp})", id(&e.new_id), e.new_start_epoch, e.new_end_epoch, e.new_size, id(&e.original_id)),
                    NOTHING,
                );
            }
            E::StorageFused(e) => {
                self.exec("storage_resources", format!(
                    "UPDATE storage_resources SET start_epoch = {}, end_epoch = {}, size = {}, updated_checkpoint = {cp} WHERE storage_id = {}",
                    e.start_epoch, e.end_epoch, e.size, id(&e.kept_id)
                ));
                self.exec("storage_resources", format!(
                    "UPDATE storage_resources SET state = 'fused', parent_id = {}, updated_checkpoint = {cp} WHERE storage_id = {}",
                    id(&e.kept_id), id(&e.consumed_id)
                ));
            }
            E::StorageDestroyed(e) => self.exec("storage_resources", format!(
                "UPDATE storage_resources SET state = 'destroyed', updated_checkpoint = {cp} WHERE storage_id = {}",
                id(&e.storage_id)
            )),
            E::NodeRegistered(e) => {
                self.insert(
                    "INSERT INTO nodes (node_id, cap_id, operator, name, network_address, public_key, commission_bps, storage_price_vote, write_price_vote, capacity_vote, registered_epoch)",
                    format!(
                        "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                        id(&e.node_id), id(&e.cap_id), lit(e.operator), text(&e.name), text(&e.network_address),
                        bytes(&e.public_key), e.commission_bps, e.storage_price_vote, e.write_price_vote,
                        e.capacity_vote, e.epoch
                    ),
                    NOTHING,
                );
                self.defer(NODE_VOTES, format!("({}, {}, {}, {}, {}, {})", pos(p), id(&e.node_id), e.epoch, e.storage_price_vote, e.write_price_vote, e.capacity_vote));
            }
            E::NodeVotesUpdated(e) => {
                self.exec("nodes", format!(
                    "UPDATE nodes SET storage_price_vote = {}, write_price_vote = {}, capacity_vote = {} WHERE node_id = {}",
                    e.storage_price_vote, e.write_price_vote, e.capacity_vote, id(&e.node_id)
                ));
                self.defer(NODE_VOTES, format!("({}, {}, {}, {}, {}, {})", pos(p), id(&e.node_id), e.epoch, e.storage_price_vote, e.write_price_vote, e.capacity_vote));
            }
            E::NetworkAddressUpdated(e) => self.exec("nodes", format!(
                "UPDATE nodes SET network_address = {} WHERE node_id = {}",
                text(&e.network_address), id(&e.node_id)
            )),
            E::CommissionChangeRequested(e) => self.exec("nodes", format!(
                "UPDATE nodes SET pending_commission_bps = {}, commission_effective_epoch = {} WHERE node_id = {}",
                e.commission_bps, e.effective_epoch, id(&e.node_id)
            )),
            E::CommissionCollected(e) => {
                self.exec("nodes", format!(
                    "UPDATE nodes SET commission_collected = commission_collected + {} WHERE node_id = {}",
                    e.amount, id(&e.node_id)
                ));
                self.defer(COMMISSIONS, format!("({}, {}, {}, {}, {})", pos(p), e.epoch, id(&e.node_id), e.amount, lit(e.recipient)));
            }
            E::StakeAdded(e) => self.insert(
                "INSERT INTO stakes (staked_wal_id, node_id, staker, principal, activation_epoch, created_epoch, state, updated_checkpoint)",
                format!("({}, {}, {}, {}, {}, {}, 'staked', {cp})", id(&e.staked_wal_id), id(&e.node_id), lit(e.staker), e.amount, e.activation_epoch, e.epoch),
                NOTHING,
            ),
            E::StakeWithdrawRequested(e) => self.exec("stakes", format!(
                "UPDATE stakes SET state = 'withdrawing', principal = {}, shares = {}, withdraw_epoch = {}, updated_checkpoint = {cp} WHERE staked_wal_id = {}",
                e.principal, e.shares, e.withdraw_epoch, id(&e.staked_wal_id)
            )),
            E::StakeWithdrawn(e) => self.exec("stakes", format!(
                "UPDATE stakes SET state = 'withdrawn', withdrawn_amount = {}, updated_checkpoint = {cp} WHERE staked_wal_id = {}",
                e.amount, id(&e.staked_wal_id)
            )),
            E::StakedWalSplit(e) => {
                self.exec("stakes", format!(
                    "INSERT INTO stakes (staked_wal_id, node_id, staker, principal, activation_epoch, created_epoch, split_from, state, shares, withdraw_epoch, updated_checkpoint) \
                     SELECT {}, node_id, staker, {}, activation_epoch, created_epoch, staked_wal_id, state, NULL, withdraw_epoch, {cp} FROM stakes WHERE staked_wal_id = {} ON CONFLICT DO NOTHING",
                    id(&e.new_id), e.new_principal, id(&e.original_id)
                ));
                self.exec("stakes", format!(
                    "UPDATE stakes SET principal = {}, updated_checkpoint = {cp} WHERE staked_wal_id = {}",
                    e.original_principal, id(&e.original_id)
                ));
            }
            E::StakedWalJoined(e) => {
                self.exec("stakes", format!(
                    "UPDATE stakes SET principal = {}, updated_checkpoint = {cp} WHERE staked_wal_id = {}",
                    e.principal, id(&e.kept_id)
                ));
                self.exec("stakes", format!(
                    "UPDATE stakes SET state = 'joined', joined_into = {}, updated_checkpoint = {cp} WHERE staked_wal_id = {}",
                    id(&e.kept_id), id(&e.consumed_id)
                ));
            }
            E::StakingPoolUpdated(e) => {
                self.exec("nodes", format!(
                    "UPDATE nodes SET active_stake = {}, total_shares = {}, commission_bps = {} WHERE node_id = {}",
                    e.active_stake, e.total_shares, e.commission_bps, id(&e.node_id)
                ));
                self.defer(POOL_UPDATES, format!(
                    "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                    pos(p), id(&e.node_id), e.epoch, e.active_stake, e.total_shares, e.rate_wal, e.rate_shares,
                    e.stake_activated, e.shares_withdrawn, e.wal_withdrawn, e.commission_bps
                ));
            }
            E::RewardsDistributed(e) => {
                self.insert(
                    "INSERT INTO reward_distributions (epoch, total, forfeited, carried_over, checkpoint)",
                    format!("({}, {}, {}, {}, {cp})", e.epoch, e.total, e.forfeited, e.carried_over),
                    NOTHING,
                );
                for (i, n) in e.node_ids.iter().enumerate() {
                    self.insert(
                        "INSERT INTO rewards (epoch, node_id, reward, commission)",
                        format!(
                            "({}, {}, {}, {})",
                            e.epoch, id(n),
                            e.rewards.get(i).copied().unwrap_or(0),
                            e.commissions.get(i).copied().unwrap_or(0)
                        ),
                        NOTHING,
                    );
                }
            }
            E::EpochChanged(e) => {
                self.epoch = Some(e.epoch.into());
                self.exec("epochs", format!(
                    "INSERT INTO epochs (epoch, start_ms, committee_stake, total_active_stake, checkpoint) VALUES ({}, {}, {}, {}, {cp}) \
                     ON CONFLICT (epoch) DO UPDATE SET start_ms = EXCLUDED.start_ms, committee_stake = EXCLUDED.committee_stake, total_active_stake = EXCLUDED.total_active_stake",
                    e.epoch, e.epoch_start_ms, e.committee_stake, e.total_active_stake
                ));
                for (i, n) in e.node_ids.iter().enumerate() {
                    let shards = e.shards.get(i).cloned().unwrap_or_default();
                    self.insert(
                        "INSERT INTO committee_members (epoch, node_id, shards, n_shards, stake)",
                        format!(
                            "({}, {}, {}, {}, {})",
                            e.epoch, id(n), int_array(&shards), shards.len(),
                            e.stakes.get(i).copied().unwrap_or(0)
                        ),
                        NOTHING,
                    );
                }
                self.exec("system", format!("UPDATE system SET current_epoch = {}", e.epoch));
            }
            E::PricesUpdated(e) => {
                self.exec("epochs", format!(
                    "INSERT INTO epochs (epoch, start_ms, storage_price, write_price, total_capacity, checkpoint) VALUES ({}, {}, {}, {}, {}, {cp}) \
                     ON CONFLICT (epoch) DO UPDATE SET storage_price = EXCLUDED.storage_price, write_price = EXCLUDED.write_price, total_capacity = EXCLUDED.total_capacity",
                    e.epoch, timestamp_ms, e.storage_price, e.write_price, e.total_capacity
                ));
                self.exec("system", format!(
                    "UPDATE system SET storage_price = {}, write_price = {}, total_capacity = {}",
                    e.storage_price, e.write_price, e.total_capacity
                ));
            }
            E::ProposalCreated(e) => self.insert(
                "INSERT INTO proposals (proposal_id, created_epoch, proposer, staked_wal_id, proposer_stake, kind, param, value, auditor, description, voting_end_ms, executable_from_ms, total_stake, quorum_bps, approval_threshold_bps)",
                format!(
                    "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                    id(&e.proposal_id), e.epoch, lit(e.proposer), id(&e.staked_wal_id), e.proposer_stake,
                    e.kind, e.param, e.value, lit(e.auditor), text(&e.description), e.voting_end_ms,
                    e.executable_from_ms, e.total_stake, e.quorum_bps, e.approval_threshold_bps
                ),
                NOTHING,
            ),
            E::ProposalVoted(e) => {
                self.insert(
                    "INSERT INTO votes (proposal_id, staked_wal_id, voter, node_id, epoch, choice, weight, checkpoint)",
                    format!(
                        "({}, {}, {}, {}, {}, {}, {}, {cp})",
                        id(&e.proposal_id), id(&e.staked_wal_id), lit(e.voter), id(&e.node_id), e.epoch, e.choice, e.weight
                    ),
                    NOTHING,
                );
                self.exec("proposals", format!(
                    "UPDATE proposals SET votes_for = {}, votes_against = {}, votes_abstain = {} WHERE proposal_id = {}",
                    e.votes_for, e.votes_against, e.votes_abstain, id(&e.proposal_id)
                ));
            }
            E::ProposalFinalized(e) => self.exec("proposals", format!(
                "UPDATE proposals SET status = {}, votes_for = {}, votes_against = {}, votes_abstain = {}, total_stake = {}, finalized_epoch = {} WHERE proposal_id = {}",
                e.status, e.votes_for, e.votes_against, e.votes_abstain, e.total_stake, e.epoch, id(&e.proposal_id)
            )),
            E::ProposalExecuted(e) => self.exec("proposals", format!(
                "UPDATE proposals SET executed_epoch = {}, old_value = {}, new_value = {}, auditor_cap_id = {} WHERE proposal_id = {}",
                e.epoch, e.old_value, e.new_value, opt_id(&e.auditor_cap_id), id(&e.proposal_id)
            )),
            E::AuditorAdded(e) => self.insert(
                "INSERT INTO auditors (cap_id, auditor, added_epoch, added_by_proposal)",
                format!("({}, {}, {}, {})", id(&e.cap_id), lit(e.auditor), e.epoch, opt_id(&e.proposal_id)),
                NOTHING,
            ),
            E::AuditorRemoved(e) => self.exec("auditors", format!(
                "UPDATE auditors SET removed_epoch = {}, removed_by_proposal = {} WHERE cap_id = {}",
                e.epoch, id(&e.proposal_id), id(&e.cap_id)
            )),
            E::AuditRoundOpened(e) => self.insert(
                "INSERT INTO audit_rounds (round_id, round, epoch, seed, opened_ms, deadline_ms, challenged_symbols, failure_threshold_bps, auditor_quorum_bps, penalty_bps, n_auditors, node_ids)",
                format!(
                    "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                    id(&e.round_id), e.round, e.epoch, bytes(&e.seed), e.opened_ms, e.deadline_ms,
                    e.challenged_symbols, e.failure_threshold_bps, e.auditor_quorum_bps, e.penalty_bps,
                    e.n_auditors, text_array(&e.node_ids)
                ),
                NOTHING,
            ),
            E::AuditReportSubmitted(e) => {
                self.insert(
                    "INSERT INTO audit_reports (round_id, cap_id, auditor, epoch, submitted_ms, evidence_digest)",
                    format!("({}, {}, {}, {}, {}, {})", id(&e.round_id), id(&e.cap_id), lit(e.auditor), e.epoch, e.submitted_ms, bytes(&e.evidence_digest)),
                    NOTHING,
                );
                for (i, n) in e.node_ids.iter().enumerate() {
                    self.insert(
                        "INSERT INTO audit_report_nodes (round_id, cap_id, node_id, challenged, failed, failing)",
                        format!(
                            "({}, {}, {}, {}, {}, {})",
                            id(&e.round_id), id(&e.cap_id), id(n),
                            e.challenged.get(i).copied().unwrap_or(0),
                            e.failed.get(i).copied().unwrap_or(0),
                            boolean(e.failing.get(i).copied().unwrap_or(false))
                        ),
                        NOTHING,
                    );
                }
            }
            E::NodePenalized(e) => {
                self.insert(
                    "INSERT INTO penalties (round_id, node_id, round, round_epoch, epoch, failing_reports, n_auditors, slashed, active_stake_before, active_stake_after, total_shares, rewards_forfeited_epoch, consecutive_penalties, excluded)",
                    format!(
                        "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                        id(&e.round_id), id(&e.node_id), e.round, e.round_epoch, e.epoch, e.failing_reports,
                        e.n_auditors, e.slashed, e.active_stake_before, e.active_stake_after, e.total_shares,
                        e.rewards_forfeited_epoch, e.consecutive_penalties, boolean(e.excluded)
                    ),
                    NOTHING,
                );
                self.exec("nodes", format!(
                    "UPDATE nodes SET active_stake = {}, total_shares = {}, consecutive_penalties = {}, excluded = {}, excluded_epoch = CASE WHEN {} THEN {} ELSE excluded_epoch END WHERE node_id = {}",
                    e.active_stake_after, e.total_shares, e.consecutive_penalties, boolean(e.excluded),
                    boolean(e.excluded), e.epoch, id(&e.node_id)
                ));
            }
            E::AuditRoundFinalized(e) => {
                self.exec("audit_rounds", format!(
                    "UPDATE audit_rounds SET finalized_epoch = {}, reports = {}, total_slashed = {} WHERE round_id = {}",
                    e.epoch, e.reports, e.total_slashed, id(&e.round_id)
                ));
                for (i, n) in e.node_ids.iter().enumerate() {
                    let k = e.penalized.iter().position(|x| x == n);
                    self.insert(
                        "INSERT INTO audit_round_results (round_id, node_id, failing_reports, penalized, slashed)",
                        format!(
                            "({}, {}, {}, {}, {})",
                            id(&e.round_id), id(n),
                            e.failing_reports.get(i).copied().unwrap_or(0),
                            boolean(k.is_some()),
                            k.and_then(|k| e.slashed.get(k).copied()).unwrap_or(0)
                        ),
                        NOTHING,
                    );
                }
            }
            E::NodeReregistered(e) => self.exec("nodes", format!(
                "UPDATE nodes SET excluded = false, consecutive_penalties = 0 WHERE node_id = {}",
                id(&e.node_id)
            )),
            _ => {}
        }
    }
}

/// The decoded JSON of an event (IDs and addresses as hex, blob IDs as their decimal/hex
/// display, u128 as numbers).
pub fn event_json(event: &SystemEvent) -> serde_json::Value {
    macro_rules! j {
        ($($v:ident),* $(,)?) => {
            match event {
                $( SystemEvent::$v(e) => serde_json::to_value(e), )*
                _ => Ok(serde_json::Value::Null),
            }
        };
    }
    let mut v = j!(
        WalBurned,
        SystemCreated,
        SpaceReserved,
        BlobRegistered,
        BlobCertified,
        BlobExtended,
        BlobDeleted,
        BlobBurned,
        BlobAttributeSet,
        BlobAttributeRemoved,
        StorageSplit,
        StorageFused,
        StorageDestroyed,
        NodeRegistered,
        NodeVotesUpdated,
        NetworkAddressUpdated,
        CommissionChangeRequested,
        CommissionCollected,
        StakeAdded,
        StakeWithdrawRequested,
        StakeWithdrawn,
        StakedWalSplit,
        StakedWalJoined,
        StakingPoolUpdated,
        RewardsDistributed,
        EpochChanged,
        PricesUpdated,
        ProposalCreated,
        ProposalVoted,
        ProposalFinalized,
        ProposalExecuted,
        AuditorAdded,
        AuditorRemoved,
        AuditRoundOpened,
        AuditReportSubmitted,
        NodePenalized,
        AuditRoundFinalized,
        NodeReregistered,
    )
    .unwrap_or(serde_json::Value::Null);
    let blob_id = match event {
        SystemEvent::BlobRegistered(e) => Some(e.blob_id),
        SystemEvent::BlobCertified(e) => Some(e.blob_id),
        SystemEvent::BlobExtended(e) => Some(e.blob_id),
        SystemEvent::BlobDeleted(e) => Some(e.blob_id),
        SystemEvent::BlobBurned(e) => Some(e.blob_id),
        SystemEvent::BlobAttributeSet(e) => Some(e.blob_id),
        SystemEvent::BlobAttributeRemoved(e) => Some(e.blob_id),
        _ => None,
    };
    if let (Some(b), Some(obj)) = (blob_id, v.as_object_mut()) {
        obj.insert("blob_id".into(), serde_json::Value::String(b.to_string()));
    }
    v
}
