import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
MiB = 1 << 20
def reg(i, name=None, addr=None, pub=None, pop=None, commission=1000, sender=None, abort=None):
    return call("system::register_candidate", sender or f"op{i}", s(name if name is not None else f"node-{i}"),
                s(addr if addr is not None else f"127.0.0.1:91{i:02}"),
                pub or {"pub_key": i}, pop or {"pop": {"key": i, "sender": f"op{i}"}},
                u16(commission), u64(1000), u64(500), u64(1 << 40), as_=f"n{i}", abort=abort)
def advance():
    return [clock(1000), call("system::advance_epoch", "user")]
setup = committee_setup()
cases = [
    case("register_candidate", [
        reg(4),
        check("pool(n4).commission_bps", "pool(n4).active_stake", "system.committee_size"),
    ]),
    case("register_empty_name", [reg(4, name="", abort="storage_node::EInvalidName")]),
    case("register_long_name", [reg(4, name="x" * 65, abort="storage_node::EInvalidName")]),
    case("register_longest_name", [reg(4, name="y" * 64)]),
    case("register_empty_network_address", [reg(4, addr="", abort="storage_node::EInvalidNetworkAddress")]),
    case("register_long_network_address", [reg(4, addr="h" * 257, abort="storage_node::EInvalidNetworkAddress")]),
    case("register_short_public_key", [reg(4, pub=byts("00" * 31), abort="storage_node::EInvalidPublicKey")]),
    case("register_proof_for_another_sender", [reg(4, pop={"pop": {"key": 4, "sender": "op5"}}, abort="storage_node::EInvalidProofOfPossession")]),
    case("register_proof_of_another_key", [reg(4, pop={"pop": {"key": 5, "sender": "op4"}}, abort="storage_node::EInvalidProofOfPossession")]),
    case("register_commission_too_high", [reg(4, commission=10001, abort="staking_pool::EInvalidCommission")]),
    case("set_votes", [
        call("system::set_votes", "op0", obj("n0"), u64(5000), u64(2000), u64(1 << 30)),
        call("system::set_votes", "op1", obj("n1"), u64(4000), u64(3000), u64(1 << 31)),
        call("system::set_votes", "op2", obj("n2"), u64(3000), u64(4000), u64(1 << 32)),
        call("system::set_votes", "op3", obj("n3"), u64(2000), u64(5000), u64(1 << 33)),
    ] + advance() + [
        check("system.storage_price", "system.write_price", "system.total_capacity"),
    ], "Prices are the 2/3 quantiles of the votes weighted by shards, from the next epoch change."),
    case("set_network_address", [
        call("system::set_network_address", "op1", obj("n1"), s("node-1.example.com:443")),
    ]),
    case("set_network_address_empty", [
        call("system::set_network_address", "op1", obj("n1"), s(""), abort="storage_node::EInvalidNetworkAddress"),
    ]),
    case("set_commission", [
        call("system::set_commission", "op0", obj("n0"), u16(2500)),
        check("pool(n0).commission_bps"),
    ] + advance() + [check("pool(n0).commission_bps")] + advance() + [check("pool(n0).commission_bps")],
        "A commission change takes effect commission_delay_epochs = 2 epochs later."),
    case("set_commission_too_high", [
        call("system::set_commission", "op0", obj("n0"), u16(10001), abort="staking_pool::EInvalidCommission"),
    ]),
    case("collect_commission", [
        mint("user", 10**12, "c0"),
        call("system::reserve_space", "user", u64(100 * MiB), u32(2), obj("c0"), as_="st0"),
    ] + advance() + [
        call("system::collect_commission", "op0", obj("n0"), as_="k0"),
        check("coin(k0).value", "pool(n0).commission", "system.wal_paid_out", "system.invariants"),
        call("system::collect_commission", "op0", obj("n0"), as_="k1"),
        check("coin(k1).value"),
    ], "Fees of epoch 1 are paid at its end; the operator collects its 10 % commission."),
    case("stake_with_unknown_node", [
        mint("user", 1000, "c0"),
        mint("user", 1000, "c1"),
        call("system::stake_with_pool", "user", obj("c0"), idof("c1"), as_="w", abort="system::ENodeNotFound"),
    ]),
    case("reregister_a_node_that_is_not_excluded", [
        call("system::reregister_node", "op0", obj("n0"), abort="penalties::ENotExcluded"),
    ]),
]
write("nodes", "storage nodes: registration, votes, network address, commission", genesis(), setup, cases)
