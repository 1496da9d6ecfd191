"""Helpers to author the conformance vectors (localnet/conformance/*.json).

Each suite script (storage.py, blobs.py, ...) writes its JSON file with the steps, hand-written
aborts and probes, but without recorded events and values; then
    UPDATE_VECTORS=1 cargo test -p walrus-localnet --test conformance
records them from the localnet and regenerates move/walrus/tests/conformance_tests.move, and
    scripts/move test move/walrus
checks the Move side. See docs/localnet.md, "Conformance vectors".
"""
import json, os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

def call(fn, sender, *args, as_=None, abort=None, receives=None):
    d = {"op": "call", "call": fn, "sender": sender, "args": list(args)}
    if as_: d["as"] = as_
    if receives: d["receives"] = receives
    if abort: d["abort"] = abort
    return d

def mint(to, amount, as_): return {"op": "mint", "to": to, "amount": amount, "as": as_}
def clock(ms): return {"op": "clock", "ms": ms}
def check(*probes): return {"op": "check", "probes": list(probes)}
def obj(n): return {"obj": n}
def u8(v): return {"u8": v}
def u16(v): return {"u16": v}
def u32(v): return {"u32": v}
def u64(v): return {"u64": v}
def b(v): return {"bool": v}
def s(v): return {"str": v}
def byts(h): return {"bytes": h}
def node(n): return {"node": n}
def nodes(*n): return {"nodes": list(n)}
def u64s(*v): return {"u64s": list(v)}
def addr(a): return {"address": a}
def idof(n): return {"id": n}

def case(name, steps, description="", **kw):
    d = {"name": name, "steps": steps}
    if description: d["description"] = description
    d.update(kw)
    return d

def genesis(n_shards=10, epoch=1000, ahead=10, committee=10, min_stake=0, capacity=1 << 40, sp=1000, wp=500, auditors=()):
    return {"n_shards": n_shards, "epoch_duration_ms": epoch, "max_epochs_ahead": ahead,
            "max_committee_size": committee, "min_committee_stake": min_stake,
            "initial_capacity": capacity, "storage_price": sp, "write_price": wp,
            "auditors": list(auditors)}

def write(name, description, g, setup, cases, blobs=None):
    suite = {"name": name, "description": description, "genesis": g, "blobs": blobs or {}, "setup": setup, "cases": cases}
    path = os.path.join(OUT, f"{name}.json")
    # keep recorded expectations of an existing file? The test re-records with UPDATE_VECTORS.
    with open(path, "w") as f:
        json.dump(suite, f, indent=2)
        f.write("\n")

WAL = 10**9
# Committee setup: 4 nodes (caps n0..n3, operators op0..op3, keys 0..3), stakes 400/300/200/100 WAL
def register(i, commission=1000, sp=1000, wp=500, cap_vote=1 << 40, name=None):
    return call("system::register_candidate", f"op{i}", s(name or f"node-{i}"), s(f"127.0.0.1:91{i:02}"),
                {"pub_key": i}, {"pop": {"key": i, "sender": f"op{i}"}}, u16(commission), u64(sp), u64(wp), u64(cap_vote), as_=f"n{i}")

def committee_setup(stakes=(400, 300, 200, 100), epoch=1000, stakers=None):
    steps = []
    for i, st in enumerate(stakes):
        steps.append(register(i))
        who = (stakers or {}).get(i, f"op{i}")
        steps.append(mint(who, st * WAL, f"sc{i}"))
        steps.append(call("system::stake_with_pool", who, obj(f"sc{i}"), node(f"n{i}"), as_=f"w{i}"))
    steps.append(clock(epoch))
    steps.append(call("system::advance_epoch", "user"))
    return steps
