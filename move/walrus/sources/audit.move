/// Audit rounds and penalties, end to end: opening a round from on-chain randomness, auditors'
/// reports, and the permissionless finalization that penalizes failing nodes.
///
/// Penalties at finalization, for each member of the round's committee found failing by the
/// auditor quorum (committee order): `penalties::slash_amount` of its pool's active stake is
/// slashed (delegators bear it pro rata through the pool's exchange rate), the node forfeits
/// its rewards for the current epoch, its streak grows and it is excluded from committee
/// selection once the streak reaches `exclusion_rounds`. All WAL slashed in a round is burned
/// with `wal::burn_balance` in one burn: it leaves the system (`wal_slashed`) and the supply.
/// Burning rather than paying it to the other nodes gives nobody a reason to want a node
/// penalized.
module walrus::audit;

use sui::balance;
use sui::clock::Clock;
use sui::random::{Self, Random};
use wal::wal::{Self, Treasury};
use walrus::audit_round::{Self, AuditRound};
use walrus::auditors::AuditorCap;
use walrus::events;
use walrus::penalties;
use walrus::system::System;

// === Constants ===

/// Length of a round seed in bytes.
const SEED_LENGTH: u16 = 32;

// === Errors ===

#[error(code = 0)]
/// The current committee is empty.
const ENoCommittee: vector<u8> =
    b"no committee: the current epoch has no committee to audit; open rounds once nodes have been selected";

#[error(code = 1)]
/// No auditor is registered.
const ENoAuditors: vector<u8> =
    b"no auditors: nobody could report in this round; governance must register an auditor first";

// === Entry points ===

/// Opens an audit round of the current epoch's committee (anyone may call it, at most
/// `max_rounds_per_epoch` times per epoch): takes a fresh 32-byte seed from `sui::random`, sets
/// the deadline to now + `round_duration_ms`, fixes the round's parameters and shares the
/// `AuditRound`. Aborts (in this order) with `system::EWrongVersion`, `ENoCommittee`,
/// `ENoAuditors`, `audit_round::ETooManyRounds`. Emits `AuditRoundOpened`.
entry fun open_round(system: &mut System, r: &Random, clock: &Clock, ctx: &mut TxContext) {
    system.assert_version();
    assert!(!system.committee().is_empty(), ENoCommittee);
    let n_auditors = system.auditors().size();
    assert!(n_auditors > 0, ENoAuditors);
    let epoch = system.epoch();
    let max_rounds = system.params().max_rounds_per_epoch();
    let round_number = system.audit_schedule_mut().take_round(epoch, max_rounds);
    let mut generator = random::new_generator(r, ctx);
    let seed = generator.generate_bytes(SEED_LENGTH);
    let params = system.params();
    let node_ids = system.committee().node_ids();
    let round = audit_round::new(
        round_number,
        epoch,
        seed,
        clock.timestamp_ms(),
        params.round_duration_ms(),
        params.challenged_symbols(),
        params.failure_threshold_bps(),
        params.auditor_quorum_bps(),
        params.penalty_bps(),
        n_auditors,
        node_ids,
        ctx,
    );
    events::audit_round_opened(
        round.id(),
        round_number,
        epoch,
        seed,
        round.opened_ms(),
        round.deadline_ms(),
        round.challenged_symbols(),
        round.failure_threshold_bps(),
        round.auditor_quorum_bps(),
        round.penalty_bps(),
        n_auditors,
        node_ids,
    ).emit();
    round.share();
}

/// Submits the report of the auditor holding `cap` for `round`: for each listed node of the
/// round's committee (committee order, each at most once), the symbols challenged and failed,
/// plus the 32-byte digest of the off-chain evidence. One report per auditor per round, before
/// the deadline. Aborts (in this order) with `system::EWrongVersion`, `auditors::ENotAuditor`
/// (revoked or foreign cap), `audit_round::EReportTooLate`, `EDuplicateReport`,
/// `EReportLengthMismatch`, `EInvalidEvidenceDigest`, then per entry `ENotCommitteeMember`,
/// `EInvalidNodeOrder`, `EInvalidCounts`. Emits `AuditReportSubmitted`.
public fun submit_report(
    system: &System,
    cap: &AuditorCap,
    round: &mut AuditRound,
    node_ids: vector<ID>,
    challenged: vector<u64>,
    failed: vector<u64>,
    evidence_digest: vector<u8>,
    clock: &Clock,
) {
    system.assert_version();
    let auditor = system.auditors().assert_active(cap);
    let now = clock.timestamp_ms();
    let failing = round.submit(
        auditor,
        object::id(cap),
        now,
        node_ids,
        challenged,
        failed,
        evidence_digest,
    );
    events::audit_report_submitted(
        round.id(),
        round.round(),
        round.epoch(),
        system.epoch(),
        auditor,
        object::id(cap),
        now,
        node_ids,
        challenged,
        failed,
        failing,
        evidence_digest,
    ).emit();
}

/// Finalizes `round` once its deadline has passed (anyone may call it; it runs exactly once)
/// and penalizes every member found failing by the auditor quorum: slash and burn, forfeit of
/// the current epoch's rewards, streak and exclusion (see the module documentation). Members
/// not penalized have their streak reset. Aborts (in this order) with `system::EWrongVersion`,
/// `audit_round::EAlreadyFinalized`, `audit_round::EDeadlineNotReached`. Emits `NodePenalized`
/// per penalized node (committee order), `wal::WalBurned` if anything was slashed, then
/// `AuditRoundFinalized`.
public fun finalize_round(
    system: &mut System,
    round: &mut AuditRound,
    treasury: &mut Treasury,
    clock: &Clock,
    ctx: &TxContext,
) {
    system.assert_version();
    let penalized_flags = round.finalize(clock.timestamp_ms());
    let epoch = system.epoch();
    let exclusion_rounds = system.params().exclusion_rounds();
    let node_ids = *round.node_ids();
    let mut burned = balance::zero();
    let mut penalized = vector[];
    let mut slashed = vector[];
    node_ids.length().do!(|i| {
        let node_id = node_ids[i];
        if (penalized_flags[i]) {
            let pool = system.pool(node_id);
            let before = pool.active_stake();
            let shares = pool.total_shares();
            let amount = penalties::slash_amount(before, shares, round.penalty_bps());
            burned.join(system.slash_node(node_id, amount));
            system.forfeit_rewards(node_id);
            let (streak, newly_excluded) = system
                .penalty_records_mut()
                .record_penalty(node_id, amount, exclusion_rounds, epoch);
            if (newly_excluded) system.set_node_excluded(node_id, true);
            events::node_penalized(
                round.id(),
                round.round(),
                round.epoch(),
                epoch,
                node_id,
                round.failing_reports()[i],
                round.n_auditors(),
                amount,
                before,
                before - amount,
                shares,
                epoch,
                streak,
                system.pool(node_id).is_excluded(),
            ).emit();
            penalized.push_back(node_id);
            slashed.push_back(amount);
        } else {
            system.penalty_records_mut().record_pass(node_id);
        }
    });
    let total_slashed = burned.value();
    if (total_slashed > 0) wal::burn_balance(treasury, burned, ctx) else burned.destroy_zero();
    events::audit_round_finalized(
        round.id(),
        round.round(),
        round.epoch(),
        epoch,
        round.report_count(),
        round.n_auditors(),
        node_ids,
        *round.failing_reports(),
        penalized,
        slashed,
        total_slashed,
    ).emit();
}
