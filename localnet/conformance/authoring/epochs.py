import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
MiB = 1 << 20
def advance():
    return [clock(1000), call("system::advance_epoch", "user")]
g = genesis()
def over(**kw):
    d = dict(g); d.update(kw); return d
cases = [
    case("advance_too_early", [
        clock(999),
        call("system::advance_epoch", "user", abort="system::EEpochNotOver"),
    ]),
    case("advance_without_nodes", advance() + advance() + [
        check("system.epoch", "system.epoch_start_ms", "system.committee_size"),
    ], "An empty committee: fees are carried over, prices and capacity stay."),
    case("first_committee", committee_setup() + [
        check("system.epoch", "system.committee_size", "pool(n0).shards", "pool(n1).shards", "pool(n2).shards", "pool(n3).shards",
              "system.total_active_stake", "system.invariants"),
    ], "Four nodes with 400, 300, 200, 100 WAL get 4, 3, 2, 1 of 10 shards."),
    case("rewards_and_carry_over", committee_setup() + [
        mint("user", 10**13, "c0"),
        call("system::reserve_space", "user", u64(333 * MiB), u32(3), obj("c0"), as_="st0"),
    ] + advance() + advance() + [
        check("pool(n0).active_stake", "pool(n0).commission", "pool(n3).active_stake", "pool(n3).commission", "system.invariants"),
    ], "Each epoch's fees are split by shards; rounding dust is carried to the next epoch."),
    case("stake_changes_move_few_shards", committee_setup() + [
        mint("op3", 600 * WAL, "more"),
        call("system::stake_with_pool", "op3", obj("more"), node("n3"), as_="w3b"),
    ] + advance() + [
        check("pool(n0).shards", "pool(n1).shards", "pool(n2).shards", "pool(n3).shards", "system.invariants"),
    ], "n3 grows to 700 WAL and becomes the largest member; shards move with minimal changes."),
    case("min_committee_stake", committee_setup() + [
        check("system.committee_size", "pool(n0).shards", "pool(n3).shards"),
    ], "Nodes below min_committee_stake are not selected.", genesis=over(min_committee_stake=250 * WAL)),
    case("max_committee_size", committee_setup() + [
        check("system.committee_size", "pool(n0).shards", "pool(n1).shards", "pool(n2).shards"),
    ], "Only the two largest nodes are selected.", genesis=over(max_committee_size=2)),
    case("capacity_never_below_reserved", committee_setup() + [
        mint("user", 10**13, "c0"),
        call("system::set_votes", "op0", obj("n0"), u64(1000), u64(500), u64(1)),
        call("system::set_votes", "op1", obj("n1"), u64(1000), u64(500), u64(1)),
        call("system::set_votes", "op2", obj("n2"), u64(1000), u64(500), u64(1)),
        call("system::set_votes", "op3", obj("n3"), u64(1000), u64(500), u64(1)),
        call("system::reserve_space", "user", u64(50 * MiB), u32(5), obj("c0"), as_="st0"),
    ] + advance() + [
        check("system.total_capacity", "system.used_capacity", "system.invariants"),
    ], "Votes for almost no capacity cannot push capacity below what was sold."),
]
write("epochs", "epoch changes: committee selection, shards, rewards, prices, capacity", g, [], cases)
