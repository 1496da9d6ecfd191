import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
MiB = 1 << 20
def advance():
    return [clock(1000), call("system::advance_epoch", "user")]
def open_round(as_="r0", abort=None):
    return call("audit::open_round", "user", as_=as_, abort=abort)
DIG = "11" * 32
ALL = ["n0", "n1", "n2", "n3"]
def report(aud, r="r0", ns=ALL, challenged=None, failed=None, digest=DIG, abort=None):
    challenged = challenged if challenged is not None else [300] * len(ns)
    failed = failed if failed is not None else [0] * len(ns)
    return call("audit::submit_report", aud, obj(f"{aud}_cap"), obj(r), nodes(*ns), u64s(*challenged), u64s(*failed), byts(digest), abort=abort)
def finalize(r="r0", abort=None):
    return call("audit::finalize_round", "user", obj(r), abort=abort)
def penalize_round(r):
    return [open_round(r), report("aud0", r, failed=[5, 0, 0, 0]), report("aud1", r, failed=[7, 0, 0, 0]), clock(1000), finalize(r)]
g = genesis(auditors=["aud0", "aud1", "aud2"])
def over(**kw):
    d = dict(g); d.update(kw); return d
setup = committee_setup(stakes=(4000, 3000, 2000, 1000))
cases = [
    case("open_round", [open_round(), check("round(r0).reports", "round(r0).finalized")],
         "A round of the current committee with the current parameters (its seed differs between the two sides)."),
    case("open_without_committee", [open_round(abort="audit::ENoCommittee")], with_setup=False),
    case("open_without_auditors", [open_round(abort="audit::ENoAuditors")], genesis=over(auditors=[])),
    case("too_many_rounds", [open_round("r0"), open_round("r1"), open_round("r2"), open_round("r3"), open_round("r4", abort="audit_round::ETooManyRounds")]),
    case("rounds_restart_each_epoch", [open_round("r0"), open_round("r1"), open_round("r2"), open_round("r3")] + advance() + [open_round("r4")]),
    case("submit_report", [open_round(), report("aud0", failed=[5, 0, 300, 0]), check("round(r0).reports")],
         "A report finds a node failing when failed * 10000 > failure_threshold_bps * challenged."),
    case("submit_a_partial_report", [open_round(), report("aud0", ns=["n1", "n3"])]),
    case("report_too_late", [open_round(), clock(1000), report("aud0", abort="audit_round::EReportTooLate")]),
    case("report_twice", [open_round(), report("aud0"), report("aud0", abort="audit_round::EDuplicateReport")]),
    case("report_length_mismatch", [open_round(), report("aud0", challenged=[300], abort="audit_round::EReportLengthMismatch")]),
    case("report_about_nobody", [open_round(), report("aud0", ns=[], abort="audit_round::EReportLengthMismatch")]),
    case("report_short_digest", [open_round(), report("aud0", digest="11" * 31, abort="audit_round::EInvalidEvidenceDigest")]),
    case("report_about_a_non_member", [
        call("system::register_candidate", "op4", s("node-4"), s("127.0.0.1:9104"), {"pub_key": 4}, {"pop": {"key": 4, "sender": "op4"}}, u16(0), u64(1), u64(1), u64(1), as_="n4"),
        open_round(), report("aud0", ns=["n0", "n4"], abort="audit_round::ENotCommitteeMember")]),
    case("report_out_of_order", [open_round(), report("aud0", ns=["n1", "n0"], abort="audit_round::EInvalidNodeOrder")]),
    case("report_a_node_twice", [open_round(), report("aud0", ns=["n0", "n0"], abort="audit_round::EInvalidNodeOrder")]),
    case("report_more_failures_than_challenges", [open_round(), report("aud0", failed=[301, 0, 0, 0], challenged=[300, 300, 300, 300], abort="audit_round::EInvalidCounts")]),
    case("report_more_challenges_than_the_round", [open_round(), report("aud0", challenged=[301, 300, 300, 300], abort="audit_round::EInvalidCounts")]),
    case("report_with_a_revoked_cap", [
        call("governance::create_proposal", "op0", obj("w0"), {"action": {"remove_auditor": "aud0"}}, s("revoke aud0"), as_="p0"),
        call("governance::vote", "op0", obj("p0"), obj("w0"), u8(0)),
        call("governance::vote", "op1", obj("p0"), obj("w1"), u8(0)),
        clock(1000), call("governance::finalize_proposal", "user", obj("p0")),
        clock(1000), call("governance::execute", "user", obj("p0")),
        open_round(), report("aud0", abort="auditors::ENotAuditor"),
    ], "A cap removed by governance stops working at once."),
    case("finalize_without_failures", [open_round(), report("aud0"), report("aud1"), clock(1000), finalize(),
        check("round(r0).finalized", "pool(n0).active_stake", "treasury.burned")]),
    case("penalize", [open_round(), report("aud0", failed=[5, 0, 0, 0]), report("aud1", failed=[7, 0, 0, 0]), report("aud2"), clock(1000), finalize(),
        check("pool(n0).active_stake", "pool(n0).total_shares", "treasury.burned", "system.wal_slashed", "system.total_active_stake", "system.invariants")],
        "Two of three auditors find n0 failing (quorum 50.01 %): 1 % of its stake is slashed and burned."),
    case("one_report_is_not_a_quorum", [open_round(), report("aud0", failed=[5, 0, 0, 0]), clock(1000), finalize(),
        check("pool(n0).active_stake", "treasury.burned")]),
    case("finalize_before_the_deadline", [open_round(), finalize(abort="audit_round::EDeadlineNotReached")]),
    case("finalize_twice", [open_round(), clock(1000), finalize(), finalize(abort="audit_round::EAlreadyFinalized")]),
    case("penalty_forfeits_rewards", [
        mint("user", 10**13, "c0"),
        call("system::reserve_space", "user", u64(1000 * MiB), u32(3), obj("c0"), as_="st0"),
    ] + penalize_round("r0") + [clock(1000), call("system::advance_epoch", "user"),
        check("pool(n0).commission", "pool(n1).commission", "system.invariants")],
        "A penalized node's share of the epoch's fees is withheld and carried over."),
    case("exclusion_and_reregistration", penalize_round("r0") + penalize_round("r1") + penalize_round("r2") + [
        check("pool(n0).excluded", "pool(n0).active_stake", "treasury.burned"),
        call("system::reregister_node", "op0", obj("n0"), abort="penalties::EExclusionNotOver"),
    ], "Three penalized rounds in a row exclude the node; it cannot re-register in the same epoch."),
    case("excluded_node_leaves_the_committee_and_returns", penalize_round("r0") + penalize_round("r1") + penalize_round("r2") + [
        call("system::advance_epoch", "user"),
        check("pool(n0).shards", "system.committee_size"),
        call("system::reregister_node", "op0", obj("n0")),
    ] + advance() + [check("pool(n0).shards", "pool(n0).excluded", "system.invariants")]),
    case("burn_wal", [mint("user", 12345, "c1"), call("wal::burn", "user", obj("c1")), check("treasury.burned")]),
    case("burn_nothing", [mint("user", 0, "c1"), call("wal::burn", "user", obj("c1"), abort="wal::EZeroBurn")]),
]
write("audits", "audits: rounds, reports, finalization, penalties, exclusion, WAL burns", g, setup, cases)
