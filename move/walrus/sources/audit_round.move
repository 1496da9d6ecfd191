/// Audit rounds: the `AuditRound` object (seed, deadline, audited committee, reports) and the
/// schedule that numbers rounds and limits them per epoch. The entry points that open, report
/// on and finalize rounds are in `audit`.
///
/// * A round audits the committee of the epoch it was opened in. Its seed is public from the
///   start; every challenge derives from it off chain (docs/contracts.md, "Audits"), so every
///   auditor challenges the same symbols and anyone can re-check a report.
/// * The parameters that decide the outcome (challenged symbols, failure threshold, auditor
///   quorum, penalty rate, number of registered auditors) are taken when the round opens.
/// * A report lists nodes of the round's committee in committee order, each at most once, with
///   the number of challenged and failed symbols. It finds a node *failing* when
///   `failed * 10000 > failure_threshold_bps * challenged` (so never with 0 challenges).
/// * At finalization a node is penalized when
///   `failing_reports >= 1 && failing_reports * 10000 >= auditor_quorum_bps * n_auditors`.
module walrus::audit_round;

use sui::table::{Self, Table};

// === Constants ===

/// Length of the seed and of an evidence digest in bytes.
const DIGEST_LENGTH: u64 = 32;
/// 100% in basis points.
const MAX_BPS: u128 = 10_000;

// === Errors ===

#[error(code = 0)]
/// The round's deadline has passed.
const EReportTooLate: vector<u8> =
    b"report too late: the round's deadline has passed; reports are accepted only while the clock is below deadline_ms";

#[error(code = 1)]
/// The auditor already reported in this round.
const EDuplicateReport: vector<u8> =
    b"duplicate report: this auditor already reported in this round; each auditor submits at most one report per round";

#[error(code = 2)]
/// The report's vectors differ in length or are empty.
const EReportLengthMismatch: vector<u8> =
    b"invalid report: node_ids, challenged and failed must have the same length, at least 1 (one entry per node reported on)";

#[error(code = 3)]
/// The evidence digest is not 32 bytes.
const EInvalidEvidenceDigest: vector<u8> =
    b"invalid evidence digest: it must be the 32-byte digest of the off-chain evidence";

#[error(code = 4)]
/// A reported node is not in the round's committee.
const ENotCommitteeMember: vector<u8> =
    b"not a committee member: the report names a node outside the round's committee (the committee of the epoch the round was opened in)";

#[error(code = 5)]
/// A reported node is repeated or out of committee order.
const EInvalidNodeOrder: vector<u8> =
    b"invalid node order: list each node at most once, in committee order (the order of the round's node_ids)";

#[error(code = 6)]
/// The counts of an entry are inconsistent.
const EInvalidCounts: vector<u8> =
    b"invalid counts: failed must be at most challenged, and challenged at most the round's challenged_symbols";

#[error(code = 7)]
/// `finalize` before the deadline.
const EDeadlineNotReached: vector<u8> =
    b"round not over: a round can be finalized once its deadline_ms has passed";

#[error(code = 8)]
/// `finalize` on a finalized round.
const EAlreadyFinalized: vector<u8> =
    b"already finalized: each audit round is finalized exactly once";

#[error(code = 9)]
/// The epoch's round budget is used up.
const ETooManyRounds: vector<u8> =
    b"too many rounds: this epoch already had max_rounds_per_epoch audit rounds; open the next one after the epoch change";

// === Structs ===

/// Round numbering and the per-epoch budget (kept in the `System`).
public struct AuditSchedule has store {
    /// Number of the next round.
    next_round: u64,
    /// Epoch that `opened_in_epoch` counts for.
    epoch: u32,
    /// Rounds opened in `epoch`.
    opened_in_epoch: u64,
}

/// One auditor's report (stored in the round, keyed by the auditor's address).
public struct Report has drop, store {
    /// The auditor (the address its cap was issued to).
    auditor: address,
    /// The cap used.
    cap_id: ID,
    /// Clock time of submission (ms).
    submitted_ms: u64,
    /// Nodes reported on, in committee order.
    node_ids: vector<ID>,
    /// Challenged symbols per node.
    challenged: vector<u64>,
    /// Failed challenges per node.
    failed: vector<u64>,
    /// Digest of the off-chain evidence.
    evidence_digest: vector<u8>,
}

/// An audit round (shared object).
public struct AuditRound has key {
    id: UID,
    /// Round number.
    round: u64,
    /// Epoch of the round; its committee is audited.
    epoch: u32,
    /// 32 random bytes from `sui::random`.
    seed: vector<u8>,
    /// Clock time of opening (ms).
    opened_ms: u64,
    /// Reports are accepted while the clock is below this (ms).
    deadline_ms: u64,
    /// Symbols each node is challenged on.
    challenged_symbols: u64,
    /// Failure threshold (bps of the challenged symbols).
    failure_threshold_bps: u16,
    /// Auditor quorum (bps of `n_auditors`).
    auditor_quorum_bps: u16,
    /// Penalty rate (bps of a penalized pool's active stake).
    penalty_bps: u16,
    /// Registered auditors when the round opened.
    n_auditors: u64,
    /// The committee audited, in committee order.
    node_ids: vector<ID>,
    /// Reports that found each member failing (committee order).
    failing_reports: vector<u64>,
    /// Auditors that reported, in submission order.
    reporters: vector<address>,
    /// Reports by auditor address.
    reports: Table<address, Report>,
    /// Set by `finalize`.
    finalized: bool,
}

// === Schedule ===

/// An empty schedule (genesis).
public(package) fun new_schedule(): AuditSchedule {
    AuditSchedule { next_round: 0, epoch: 0, opened_in_epoch: 0 }
}

/// Takes the next round number for `epoch`. Called by `audit::open_round` only. Aborts with
/// `ETooManyRounds` once `max_per_epoch` rounds were opened in `epoch`.
public(package) fun take_round(self: &mut AuditSchedule, epoch: u32, max_per_epoch: u64): u64 {
    if (self.epoch != epoch) {
        self.epoch = epoch;
        self.opened_in_epoch = 0;
    };
    assert!(self.opened_in_epoch < max_per_epoch, ETooManyRounds);
    self.opened_in_epoch = self.opened_in_epoch + 1;
    let round = self.next_round;
    self.next_round = round + 1;
    round
}

/// Number of the next round.
public fun next_round(self: &AuditSchedule): u64 { self.next_round }

/// Rounds opened in `epoch` (0 for any epoch but the last one a round was opened in).
public fun rounds_opened_in(self: &AuditSchedule, epoch: u32): u64 {
    if (self.epoch == epoch) self.opened_in_epoch else 0
}

// === Round ===

/// Creates a round. Called by `audit::open_round` only, with the current committee and
/// parameters.
public(package) fun new(
    round: u64,
    epoch: u32,
    seed: vector<u8>,
    now_ms: u64,
    duration_ms: u64,
    challenged_symbols: u64,
    failure_threshold_bps: u16,
    auditor_quorum_bps: u16,
    penalty_bps: u16,
    n_auditors: u64,
    node_ids: vector<ID>,
    ctx: &mut TxContext,
): AuditRound {
    let k = node_ids.length();
    AuditRound {
        id: object::new(ctx),
        round,
        epoch,
        seed,
        opened_ms: now_ms,
        // The duration is at most 30 days and clock times are far below 2^63.
        deadline_ms: now_ms + duration_ms,
        challenged_symbols,
        failure_threshold_bps,
        auditor_quorum_bps,
        penalty_bps,
        n_auditors,
        node_ids,
        failing_reports: vector::tabulate!(k, |_| 0),
        reporters: vector[],
        reports: table::new(ctx),
        finalized: false,
    }
}

/// Shares the round. Called by `audit::open_round` only.
public(package) fun share(self: AuditRound) {
    transfer::share_object(self);
}

/// Records `auditor`'s report and returns, per entry, whether it finds the node failing.
/// Called by `audit::submit_report` only, after the cap check. Aborts (in this order) with
/// `EReportTooLate`, `EDuplicateReport`, `EReportLengthMismatch`, `EInvalidEvidenceDigest`,
/// then per entry `ENotCommitteeMember`, `EInvalidNodeOrder`, `EInvalidCounts`.
public(package) fun submit(
    self: &mut AuditRound,
    auditor: address,
    cap_id: ID,
    now_ms: u64,
    node_ids: vector<ID>,
    challenged: vector<u64>,
    failed: vector<u64>,
    evidence_digest: vector<u8>,
): vector<bool> {
    assert!(now_ms < self.deadline_ms, EReportTooLate);
    assert!(!self.reports.contains(auditor), EDuplicateReport);
    let m = node_ids.length();
    assert!(m >= 1 && challenged.length() == m && failed.length() == m, EReportLengthMismatch);
    assert!(evidence_digest.length() == DIGEST_LENGTH, EInvalidEvidenceDigest);
    let k = self.node_ids.length();
    let mut failing = vector[];
    let mut cursor = 0;
    m.do!(|j| {
        let id = node_ids[j];
        while (cursor < k && self.node_ids[cursor] != id) cursor = cursor + 1;
        if (cursor == k) {
            assert!(self.node_ids.contains(&id), ENotCommitteeMember);
            abort EInvalidNodeOrder
        };
        assert!(
            failed[j] <= challenged[j] && challenged[j] <= self.challenged_symbols,
            EInvalidCounts,
        );
        let is_failing = is_failing(challenged[j], failed[j], self.failure_threshold_bps);
        if (is_failing) *&mut self.failing_reports[cursor] = self.failing_reports[cursor] + 1;
        failing.push_back(is_failing);
        cursor = cursor + 1;
    });
    self.reporters.push_back(auditor);
    self
        .reports
        .add(
            auditor,
            Report {
                auditor,
                cap_id,
                submitted_ms: now_ms,
                node_ids,
                challenged,
                failed,
                evidence_digest,
            },
        );
    failing
}

/// Closes the round and returns, per member (committee order), whether it is penalized.
/// Called by `audit::finalize_round` only. Aborts with `EAlreadyFinalized` or
/// `EDeadlineNotReached` (in that order).
public(package) fun finalize(self: &mut AuditRound, now_ms: u64): vector<bool> {
    assert!(!self.finalized, EAlreadyFinalized);
    assert!(now_ms >= self.deadline_ms, EDeadlineNotReached);
    self.finalized = true;
    let quorum = self.auditor_quorum_bps;
    let n = self.n_auditors;
    self.failing_reports.map_ref!(|c| reaches_quorum(*c, quorum, n))
}

// === Rules ===

/// True iff a report with these counts finds the node failing:
/// `failed * 10000 > threshold_bps * challenged`.
public fun is_failing(challenged: u64, failed: u64, threshold_bps: u16): bool {
    (failed as u128) * MAX_BPS > (threshold_bps as u128) * (challenged as u128)
}

/// True iff `failing_reports` reports reach the auditor quorum:
/// `failing_reports >= 1 && failing_reports * 10000 >= quorum_bps * n_auditors`.
public fun reaches_quorum(failing_reports: u64, quorum_bps: u16, n_auditors: u64): bool {
    failing_reports >= 1
        && (failing_reports as u128) * MAX_BPS >= (quorum_bps as u128) * (n_auditors as u128)
}

// === Accessors ===

/// The round's object ID.
public fun id(self: &AuditRound): ID { self.id.to_inner() }

/// Round number.
public fun round(self: &AuditRound): u64 { self.round }

/// Epoch of the round.
public fun epoch(self: &AuditRound): u32 { self.epoch }

/// The seed (32 bytes).
public fun seed(self: &AuditRound): vector<u8> { self.seed }

/// Clock time of opening (ms).
public fun opened_ms(self: &AuditRound): u64 { self.opened_ms }

/// Report deadline (ms, exclusive).
public fun deadline_ms(self: &AuditRound): u64 { self.deadline_ms }

/// Symbols each node is challenged on.
public fun challenged_symbols(self: &AuditRound): u64 { self.challenged_symbols }

/// Failure threshold in bps.
public fun failure_threshold_bps(self: &AuditRound): u16 { self.failure_threshold_bps }

/// Auditor quorum in bps.
public fun auditor_quorum_bps(self: &AuditRound): u16 { self.auditor_quorum_bps }

/// Penalty rate in bps.
public fun penalty_bps(self: &AuditRound): u16 { self.penalty_bps }

/// Registered auditors when the round opened.
public fun n_auditors(self: &AuditRound): u64 { self.n_auditors }

/// The committee audited, in committee order.
public fun node_ids(self: &AuditRound): &vector<ID> { &self.node_ids }

/// Reports that found each member failing.
public fun failing_reports(self: &AuditRound): &vector<u64> { &self.failing_reports }

/// Auditors that reported, in submission order.
public fun reporters(self: &AuditRound): &vector<address> { &self.reporters }

/// Number of reports.
public fun report_count(self: &AuditRound): u64 { self.reporters.length() }

/// True iff `auditor` reported.
public fun has_reported(self: &AuditRound, auditor: address): bool {
    self.reports.contains(auditor)
}

/// `auditor`'s report. Aborts if it did not report (check `has_reported`).
public fun report(self: &AuditRound, auditor: address): &Report { &self.reports[auditor] }

/// True iff the round was finalized.
public fun is_finalized(self: &AuditRound): bool { self.finalized }

/// A report's auditor.
public fun report_auditor(r: &Report): address { r.auditor }

/// A report's cap.
public fun report_cap_id(r: &Report): ID { r.cap_id }

/// A report's submission time.
public fun report_submitted_ms(r: &Report): u64 { r.submitted_ms }

/// A report's nodes.
public fun report_node_ids(r: &Report): &vector<ID> { &r.node_ids }

/// A report's challenged counts.
public fun report_challenged(r: &Report): &vector<u64> { &r.challenged }

/// A report's failed counts.
public fun report_failed(r: &Report): &vector<u64> { &r.failed }

/// A report's evidence digest.
public fun report_evidence_digest(r: &Report): &vector<u8> { &r.evidence_digest }

// === Test only ===

#[test_only]
/// Destroys a round (tests only).
public fun destroy_for_testing(self: AuditRound) {
    std::unit_test::destroy(self);
}

#[test_only]
/// Destroys a schedule (tests only).
public fun destroy_schedule_for_testing(self: AuditSchedule) {
    let AuditSchedule { .. } = self;
}
