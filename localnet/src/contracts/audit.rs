//! `walrus::audit_round`, `walrus::audit` and the WAL burn of `wal::wal`.

use sui_sdk_types::{Address, TypeTag};
use walrus_chain::bindings::{
    AuditReportSubmitted, AuditRound, AuditRoundFinalized, AuditRoundOpened, AuditorCap, Id,
    NodePenalized, Report, System, Treasury, Uid, WalBurned,
};

use super::errors::{audit as ea, audit_round as er, wal as ew};
use super::{auditors, framework as fw, penalties, system};
use crate::ensure;
use crate::exec::{Cx, Fail, add, sub};
use crate::ids;

const MAX_BPS: u128 = 10_000;

/// `audit_round::is_failing`.
pub fn is_failing(challenged: u64, failed: u64, threshold_bps: u16) -> bool {
    u128::from(failed) * MAX_BPS > u128::from(threshold_bps) * u128::from(challenged)
}

/// `audit_round::reaches_quorum`.
pub fn reaches_quorum(failing_reports: u64, quorum_bps: u16, n_auditors: u64) -> bool {
    failing_reports >= 1
        && u128::from(failing_reports) * MAX_BPS >= u128::from(quorum_bps) * u128::from(n_auditors)
}

/// `audit::open_round`: the new round (the caller shares it).
pub fn open_round(cx: &mut Cx, sys: &mut System) -> Result<AuditRound, Fail> {
    system::check_version(sys)?;
    ensure!(!sys.committee.members.is_empty(), ea::ENoCommittee);
    let n_auditors = sys.auditors.entries.len() as u64;
    ensure!(n_auditors > 0, ea::ENoAuditors);
    let epoch = sys.epoch;
    let max_rounds = sys.params.max_rounds_per_epoch;
    let s = &mut sys.audit_schedule;
    if s.epoch != epoch {
        s.epoch = epoch;
        s.opened_in_epoch = 0;
    }
    ensure!(s.opened_in_epoch < max_rounds, er::ETooManyRounds);
    s.opened_in_epoch += 1;
    let round_number = s.next_round;
    s.next_round = add(round_number, 1)?;
    let seed = cx.random_bytes(32);
    let p = &sys.params;
    let node_ids: Vec<Id> = sys.committee.members.iter().map(|m| m.node_id).collect();
    let now = cx.now_ms;
    let id = cx.fresh_id();
    let reports = cx.fresh_id();
    let round = AuditRound {
        id: Uid(id),
        round: round_number,
        epoch,
        seed: seed.clone(),
        opened_ms: now,
        deadline_ms: add(now, p.round_duration_ms)?,
        challenged_symbols: p.challenged_symbols,
        failure_threshold_bps: p.failure_threshold_bps,
        auditor_quorum_bps: p.auditor_quorum_bps,
        penalty_bps: p.penalty_bps,
        n_auditors,
        node_ids: node_ids.clone(),
        failing_reports: vec![0; node_ids.len()],
        reporters: vec![],
        reports: fw::new_table(reports),
        finalized: false,
    };
    cx.emit(&AuditRoundOpened {
        round_id: Id(id),
        round: round_number,
        epoch,
        seed,
        opened_ms: round.opened_ms,
        deadline_ms: round.deadline_ms,
        challenged_symbols: round.challenged_symbols,
        failure_threshold_bps: round.failure_threshold_bps,
        auditor_quorum_bps: round.auditor_quorum_bps,
        penalty_bps: round.penalty_bps,
        n_auditors,
        node_ids,
    });
    Ok(round)
}

fn report_tags(cx: &Cx) -> (TypeTag, TypeTag) {
    (TypeTag::Address, ids::tag(cx.tag::<Report>()))
}

/// `audit::submit_report`.
#[allow(clippy::too_many_arguments)]
pub fn submit_report(
    cx: &mut Cx,
    sys: &System,
    cap: &AuditorCap,
    round: &mut AuditRound,
    node_ids: Vec<Id>,
    challenged: Vec<u64>,
    failed: Vec<u64>,
    evidence_digest: Vec<u8>,
) -> Result<(), Fail> {
    system::check_version(sys)?;
    let auditor = auditors::assert_active(&sys.auditors, cap)?;
    let now = cx.now_ms;
    ensure!(now < round.deadline_ms, er::EReportTooLate);
    let (kt, vt) = report_tags(cx);
    ensure!(
        !cx.world.field_exists(round.reports.id.0, &kt, &auditor),
        er::EDuplicateReport
    );
    let m = node_ids.len();
    ensure!(
        m >= 1 && challenged.len() == m && failed.len() == m,
        er::EReportLengthMismatch
    );
    ensure!(evidence_digest.len() == 32, er::EInvalidEvidenceDigest);
    let k = round.node_ids.len();
    let mut failing = Vec::with_capacity(m);
    let mut cursor = 0;
    for j in 0..m {
        let id = node_ids[j];
        while cursor < k && round.node_ids[cursor] != id {
            cursor += 1;
        }
        if cursor == k {
            ensure!(round.node_ids.contains(&id), er::ENotCommitteeMember);
            return Err(Fail::Abort(er::EInvalidNodeOrder));
        }
        ensure!(
            failed[j] <= challenged[j] && challenged[j] <= round.challenged_symbols,
            er::EInvalidCounts
        );
        let f = is_failing(challenged[j], failed[j], round.failure_threshold_bps);
        if f {
            round.failing_reports[cursor] = add(round.failing_reports[cursor], 1)?;
        }
        failing.push(f);
        cursor += 1;
    }
    round.reporters.push(auditor);
    let report = Report {
        auditor,
        cap_id: cap.id.to_id(),
        submitted_ms: now,
        node_ids: node_ids.clone(),
        challenged: challenged.clone(),
        failed: failed.clone(),
        evidence_digest: evidence_digest.clone(),
    };
    cx.world
        .field_put(round.reports.id.0, &kt, &auditor, &vt, &report);
    round.reports.size = add(round.reports.size, 1)?;
    cx.emit(&AuditReportSubmitted {
        round_id: round.id.to_id(),
        round: round.round,
        round_epoch: round.epoch,
        epoch: sys.epoch,
        auditor,
        cap_id: cap.id.to_id(),
        submitted_ms: now,
        node_ids,
        challenged,
        failed,
        failing,
        evidence_digest,
    });
    Ok(())
}

/// `wal::burn_balance`.
pub fn burn_balance(cx: &mut Cx, treasury: &mut Treasury, amount: u64) -> Result<(), Fail> {
    ensure!(amount > 0, ew::EZeroBurn);
    treasury.supply.value = sub(treasury.supply.value, amount)?;
    treasury.burned = add(treasury.burned, amount)?;
    cx.emit(&WalBurned {
        amount,
        total_supply: treasury.supply.value,
        burner: cx.sender,
    });
    Ok(())
}

/// `audit::finalize_round`.
pub fn finalize_round(
    cx: &mut Cx,
    sys: &mut System,
    round: &mut AuditRound,
    treasury: &mut Treasury,
) -> Result<(), Fail> {
    system::check_version(sys)?;
    ensure!(!round.finalized, er::EAlreadyFinalized);
    ensure!(cx.now_ms >= round.deadline_ms, er::EDeadlineNotReached);
    round.finalized = true;
    let flags: Vec<bool> = round
        .failing_reports
        .iter()
        .map(|c| reaches_quorum(*c, round.auditor_quorum_bps, round.n_auditors))
        .collect();
    let epoch = sys.epoch;
    let exclusion_rounds = sys.params.exclusion_rounds;
    let node_ids = round.node_ids.clone();
    let mut burned = 0u64;
    let mut penalized = Vec::new();
    let mut slashed = Vec::new();
    for (i, node_id) in node_ids.iter().copied().enumerate() {
        if flags[i] {
            let p = system::pool(cx, sys, node_id)?;
            let before = p.active_stake.value;
            let shares = p.total_shares;
            let amount = penalties::slash_amount(before, shares, round.penalty_bps);
            burned = add(burned, system::slash_node(cx, sys, node_id, amount)?)?;
            // forfeit_rewards
            let mut p = system::pool(cx, sys, node_id)?;
            p.rewards_forfeited_epoch = Some(epoch);
            system::save_pool(cx, sys, &p);
            let (streak, newly) = penalties::record_penalty(
                cx,
                &mut sys.penalty_records,
                node_id,
                amount,
                exclusion_rounds,
                epoch,
            )?;
            if newly {
                let mut p = system::pool(cx, sys, node_id)?;
                p.excluded = true;
                system::save_pool(cx, sys, &p);
            }
            let excluded = system::pool(cx, sys, node_id)?.excluded;
            cx.emit(&NodePenalized {
                round_id: round.id.to_id(),
                round: round.round,
                round_epoch: round.epoch,
                epoch,
                node_id,
                failing_reports: round.failing_reports[i],
                n_auditors: round.n_auditors,
                slashed: amount,
                active_stake_before: before,
                active_stake_after: before - amount,
                total_shares: shares,
                rewards_forfeited_epoch: epoch,
                consecutive_penalties: streak,
                excluded,
            });
            penalized.push(node_id);
            slashed.push(amount);
        } else {
            penalties::record_pass(cx, &sys.penalty_records, node_id)?;
        }
    }
    if burned > 0 {
        let saved = cx.call.clone();
        burn_balance(cx, treasury, burned)?;
        cx.call = saved;
    }
    cx.emit(&AuditRoundFinalized {
        round_id: round.id.to_id(),
        round: round.round,
        round_epoch: round.epoch,
        epoch,
        reports: round.reporters.len() as u64,
        n_auditors: round.n_auditors,
        node_ids,
        failing_reports: round.failing_reports.clone(),
        penalized,
        slashed,
        total_slashed: burned,
    });
    Ok(())
}

/// `audit_round::has_reported`.
pub fn has_reported(cx: &mut Cx, round: &AuditRound, auditor: Address) -> bool {
    let (kt, _) = report_tags(cx);
    cx.world.field_exists(round.reports.id.0, &kt, &auditor)
}
