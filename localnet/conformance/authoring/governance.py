import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
MiB = 1 << 20
def advance():
    return [clock(1000), call("system::advance_epoch", "user")]
def propose(action, staked="w0", sender="op0", as_="p0", desc="raise the penalty", abort=None):
    return call("governance::create_proposal", sender, obj(staked), {"action": action}, s(desc), as_=as_, abort=abort)
def vote(p, staked, sender, choice, abort=None):
    return call("governance::vote", sender, obj(p), obj(staked), u8(choice), abort=abort)
def finalize(p="p0", abort=None):
    return call("governance::finalize_proposal", "user", obj(p), abort=abort)
def execute(p="p0", abort=None, receives=None):
    return call("governance::execute", "user", obj(p), abort=abort, receives=receives)
SET = {"set_parameter": {"param": 0, "value": 250}}
g = genesis(auditors=["aud0"])
def over(**kw):
    d = dict(g); d.update(kw); return d
setup = committee_setup(stakes=(4000, 3000, 2000, 1000))
def passed(action=SET):
    return [propose(action), vote("p0", "w0", "op0", 0), vote("p0", "w1", "op1", 0), clock(1000), finalize()]
cases = [
    case("set_parameter", passed() + [
        check("proposal(p0).status", "proposal(p0).votes_for"),
        clock(1000), execute(),
        check("proposal(p0).status", "system.param(penalty_bps)"),
    ], "Create, vote (7000 of 10000 WAL for), finalize after the voting period, execute after the timelock."),
    case("add_auditor", passed({"add_auditor": "aud1"}) + [clock(1000), execute(receives=["aud1_cap", "aud1"]),
        check("system.n_auditors")]),
    case("remove_auditor", passed({"remove_auditor": "aud0"}) + [clock(1000), execute(), check("system.n_auditors")]),
    case("signal", passed("signal") + [clock(1000), execute()]),
    case("rejected", [propose(SET), vote("p0", "w0", "op0", 1), vote("p0", "w1", "op1", 0), clock(1000), finalize(),
        check("proposal(p0).status")], "More stake against than for."),
    case("tie_is_rejected", [propose(SET), vote("p0", "w1", "op1", 0), vote("p0", "w2", "op2", 1), vote("p0", "w3", "op3", 1), clock(1000), finalize(),
        check("proposal(p0).status")]),
    case("abstain_only_is_rejected", [propose(SET), vote("p0", "w0", "op0", 2), clock(1000), finalize(), check("proposal(p0).status")]),
    case("expired_without_quorum", [propose(SET), vote("p0", "w3", "op3", 0), clock(1000), finalize(),
        check("proposal(p0).status")], "1000 of 10000 WAL voted: below the 33.34 % quorum."),
    case("propose_with_inactive_stake", [mint("op0", 2000 * WAL, "c"), call("system::stake_with_pool", "op0", obj("c"), node("n0"), as_="fresh"),
        propose(SET, staked="fresh", abort="governance::EStakeNotEligible")]),
    case("propose_while_withdrawing", [call("system::request_withdraw_stake", "op0", obj("w0")),
        propose(SET, abort="governance::EStakeNotEligible")]),
    case("propose_with_too_little_stake", [call("staked_wal::split", "op3", obj("w3"), u64(500 * WAL), as_="half"),
        propose(SET, staked="w3", sender="op3", abort="governance::EInsufficientStake")]),
    case("propose_adding_an_auditor_twice", [propose({"add_auditor": "aud0"}, abort="auditors::EAlreadyAuditor")]),
    case("propose_removing_an_unknown_auditor", [propose({"remove_auditor": "aud9"}, abort="auditors::EAuditorNotFound")]),
    case("propose_an_auditor_beyond_the_limit", [propose({"add_auditor": "aud_extra"}, abort="auditors::ETooManyAuditors")],
         genesis=over(auditors=[f"a{i}" for i in range(100)])),
    case("propose_without_description", [propose(SET, desc="", abort="proposal::EInvalidDescription")]),
    case("vote_after_the_voting_period", [propose(SET), clock(1000), vote("p0", "w0", "op0", 0, abort="proposal::EVotingClosed")]),
    case("vote_after_finalization", [propose(SET), vote("p0", "w0", "op0", 0), vote("p0", "w1", "op1", 0), clock(1000), finalize(),
        vote("p0", "w2", "op2", 0, abort="proposal::EVotingClosed")]),
    case("vote_invalid_choice", [propose(SET), vote("p0", "w0", "op0", 3, abort="proposal::EInvalidChoice")]),
    case("vote_with_stake_activated_later", [clock(500), propose(SET), mint("op1", 2000 * WAL, "c"),
        call("system::stake_with_pool", "op1", obj("c"), node("n1"), as_="fresh"), clock(500),
        call("system::advance_epoch", "user"),
        vote("p0", "fresh", "op1", 0, abort="governance::EStakeNotEligible")]),
    case("vote_while_withdrawing", [propose(SET), call("system::request_withdraw_stake", "op1", obj("w1")),
        vote("p0", "w1", "op1", 0, abort="governance::EStakeNotEligible")]),
    case("vote_twice", [propose(SET), vote("p0", "w0", "op0", 0), vote("p0", "w0", "op0", 1, abort="staked_wal::EAlreadyVoted")]),
    case("vote_with_a_split_of_a_voted_position", [propose(SET), vote("p0", "w0", "op0", 0),
        call("staked_wal::split", "op0", obj("w0"), u64(WAL), as_="half"),
        vote("p0", "half", "op0", 0, abort="staked_wal::EAlreadyVoted")]),
    case("vote_without_voting_power", [
        mint("user", 10**13, "c0"),
        call("system::reserve_space", "user", u64(1000 * MiB), u32(3), obj("c0"), as_="st0"),
    ] + advance() + [
        mint("op0", 1, "dust"),
        call("system::stake_with_pool", "op0", obj("dust"), node("n0"), as_="tiny"),
    ] + advance() + [
        propose(SET),
        check("staked(tiny).value"),
        vote("p0", "tiny", "op0", 0, abort="governance::ENoVotingPower"),
    ], "1 FROST staked after rewards raised the pool's rate is worth less than a share: no weight."),
    case("finalize_during_voting", [propose(SET), finalize(abort="proposal::EVotingNotOver")]),
    case("finalize_twice", passed() + [finalize(abort="proposal::EAlreadyFinalized")]),
    case("execute_rejected", [propose(SET), vote("p0", "w0", "op0", 1), clock(1000), finalize(), clock(1000), execute(abort="proposal::ENotPassed")]),
    case("execute_during_timelock", passed() + [execute(abort="proposal::ETimelockNotOver")]),
    case("execute_twice", passed() + [clock(1000), execute(), execute(abort="proposal::EAlreadyExecuted")]),
    case("execute_after_the_registry_changed", [
        propose({"add_auditor": "aud1"}, as_="p0"),
        propose({"add_auditor": "aud1"}, as_="p1", staked="w1", sender="op1"),
        vote("p0", "w0", "op0", 0), vote("p0", "w1", "op1", 0),
        vote("p1", "w0", "op0", 0), vote("p1", "w1", "op1", 0),
        clock(1000), finalize("p0"), finalize("p1"), clock(1000),
        execute("p0", receives=["aud1_cap", "aud1"]),
        execute("p1", abort="auditors::EAlreadyAuditor"),
    ], "Two proposals add the same auditor: the second cannot be executed."),
]
bad = [(0, 10001, "EInvalidPenaltyRate"), (1, 5001, "EInvalidFailureThreshold"), (2, 0, "EInvalidChallengedSymbols"),
       (2, 10001, "EInvalidChallengedSymbols"), (3, 0, "EInvalidAuditorQuorum"), (4, 999, "EInvalidEpochDuration"),
       (5, 1001, "EInvalidMaxCommitteeSize"), (6, 0, "EInvalidMinProposalStake"), (7, 999, "EInvalidVotingPeriod"),
       (8, 999, "EInvalidQuorum"), (8, 6668, "EInvalidQuorum"), (9, 4999, "EInvalidApprovalThreshold"),
       (10, 2592000001, "EInvalidTimelock"), (11, 0, "EInvalidMaxRoundsPerEpoch"), (12, 999, "EInvalidRoundDuration"),
       (13, 101, "EInvalidExclusionRounds"), (14, 1, "EUnknownParameter")]
for (param, value, err) in bad:
    cases.append(case(f"action_param_{param}_{value}", [
        call("proposal::set_parameter_action", "user", u8(param), u64(value), abort=f"params::{err}")],
        with_setup=False))
cases.append(case("action_in_bounds", [call("proposal::set_parameter_action", "user", u8(13), u64(100))], with_setup=False))
write("governance", "governance: proposals, votes, finalization, execution, parameter bounds", g, setup, cases)
