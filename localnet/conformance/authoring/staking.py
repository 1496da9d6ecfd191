import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
MiB = 1 << 20
def advance():
    return [clock(1000), call("system::advance_epoch", "user")]
def stake(coin, n, as_, sender="user", abort=None):
    return call("system::stake_with_pool", sender, obj(coin), node(n), as_=as_, abort=abort)
setup = committee_setup() + [mint("user", 10**13, "c0"), mint("user", 500 * WAL, "c1"), mint("user", 300 * WAL, "c2")]
cases = [
    case("stake_with_pool", [
        stake("c1", "n2", "s1"),
        check("pool(n2).pending_stake", "pool(n2).active_stake", "staked(s1).principal", "staked(s1).value", "system.wal_paid_in"),
    ] + advance() + [
        check("pool(n2).pending_stake", "pool(n2).active_stake", "pool(n2).total_shares", "staked(s1).value", "pool(n2).shards", "system.total_active_stake"),
    ], "Stake is pending until the next epoch change, then active and counted in the committee."),
    case("stake_zero", [mint("user", 0, "z"), stake("z", "n0", "s1", abort="system::EZeroStake")]),
    case("withdraw_before_activation", [
        stake("c1", "n1", "s1"),
        call("system::withdraw_stake", "user", obj("s1"), as_="back"),
        check("coin(back).value", "pool(n1).pending_stake", "system.invariants"),
    ], "Stake that never became active is withdrawn directly, at its principal."),
    case("request_withdraw_before_activation", [
        stake("c1", "n1", "s1"),
        call("system::request_withdraw_stake", "user", obj("s1"), abort="system::EStakeNotActive"),
    ]),
    case("request_and_withdraw", [
        call("system::request_withdraw_stake", "op1", obj("w1")),
        check("pool(n1).active_stake"),
    ] + advance() + [
        check("pool(n1).active_stake", "pool(n1).withdrawable", "pool(n1).shards"),
        call("system::withdraw_stake", "op1", obj("w1"), as_="back"),
        check("coin(back).value", "pool(n1).withdrawable", "system.wal_paid_out", "system.invariants"),
    ], "A requested withdrawal leaves the pool at the next epoch change."),
    case("request_withdraw_twice", [
        call("system::request_withdraw_stake", "op1", obj("w1")),
        call("system::request_withdraw_stake", "op1", obj("w1"), abort="system::EAlreadyWithdrawing"),
    ]),
    case("withdraw_without_request", [
        call("system::withdraw_stake", "op1", obj("w1"), as_="back", abort="system::ENotWithdrawing"),
    ]),
    case("withdraw_too_early", [
        call("system::request_withdraw_stake", "op1", obj("w1")),
        call("system::withdraw_stake", "op1", obj("w1"), as_="back", abort="system::EWithdrawEpochNotReached"),
    ]),
    case("split", [
        call("staked_wal::split", "op0", obj("w0"), u64(100 * WAL), as_="half"),
        check("staked(w0).principal", "staked(half).principal", "staked(w0).value", "staked(half).value"),
    ]),
    case("split_zero", [call("staked_wal::split", "op0", obj("w0"), u64(0), as_="half", abort="staked_wal::EInvalidSplitAmount")]),
    case("split_everything", [call("staked_wal::split", "op0", obj("w0"), u64(400 * WAL), as_="half", abort="staked_wal::EInvalidSplitAmount")]),
    case("split_withdrawing", [
        call("system::request_withdraw_stake", "op0", obj("w0")),
        call("staked_wal::split", "op0", obj("w0"), u64(1), as_="half", abort="staked_wal::EWithdrawing"),
    ]),
    case("join", [
        call("staked_wal::split", "op0", obj("w0"), u64(150 * WAL), as_="half"),
        call("staked_wal::join", "op0", obj("w0"), obj("half")),
        check("staked(w0).principal"),
    ]),
    case("join_different_nodes", [
        stake("c1", "n0", "a"), stake("c2", "n1", "b"),
        call("staked_wal::join", "user", obj("a"), obj("b"), abort="staked_wal::EDifferentNode"),
    ]),
    case("join_different_activation_epochs", [
        stake("c1", "n0", "a")] + advance() + [stake("c2", "n0", "b"),
        call("staked_wal::join", "user", obj("a"), obj("b"), abort="staked_wal::EDifferentActivationEpoch"),
    ]),
    case("join_withdrawing", [
        stake("c1", "n0", "a")] + advance() + [
        call("staked_wal::split", "user", obj("a"), u64(WAL), as_="b"),
        call("system::request_withdraw_stake", "user", obj("b")),
        call("staked_wal::join", "user", obj("a"), obj("b"), abort="staked_wal::EWithdrawing"),
    ]),
    case("rewards_compound_into_the_stake", [
        stake("c1", "n0", "s1"),
        call("system::reserve_space", "user", u64(1000 * MiB), u32(3), obj("c0"), as_="st0"),
    ] + advance() + advance() + [
        check("pool(n0).active_stake", "pool(n0).total_shares", "pool(n0).commission", "staked(w0).value", "staked(s1).value", "system.invariants"),
        call("system::request_withdraw_stake", "user", obj("s1")),
    ] + advance() + [
        call("system::withdraw_stake", "user", obj("s1"), as_="back"),
        check("coin(back).value", "system.invariants"),
    ], "Rewards raise the value of every share; a later staker gets fewer shares."),
]
write("staking", "staking: stake, withdraw, split and join positions, rewards", genesis(), setup, cases)
