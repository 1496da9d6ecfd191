import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
MiB = 1 << 20
def reserve(size, epochs, as_, coin="c0", sender="user", abort=None):
    return call("system::reserve_space", sender, u64(size), u32(epochs), obj(coin), as_=as_, abort=abort)
setup = [mint("user", 10**12, "c0")]
cases = [
    case("reserve_space", [
        reserve(MiB, 2, "st0"),
        check("coin(c0).value", "storage(st0).start_epoch", "storage(st0).end_epoch", "storage(st0).size", "system.used_capacity", "system.wal_paid_in", "system.invariants"),
    ], "Buying 1 MiB for 2 epochs: the price, the event, the accounting."),
    case("reserve_space_rounds_up_to_units", [
        reserve(MiB + 1, 3, "st0"),
        check("coin(c0).value", "system.used_capacity", "system.wal_paid_in"),
    ], "A size just above 1 MiB costs 2 units per epoch."),
    case("reserve_space_zero_size", [reserve(0, 2, "st0", abort="system::EInvalidSize")]),
    case("reserve_space_zero_epochs", [reserve(MiB, 0, "st0", abort="system::EInvalidEpochsAhead")]),
    case("reserve_space_too_many_epochs", [reserve(MiB, 11, "st0", abort="system::EInvalidEpochsAhead")]),
    case("reserve_space_over_capacity", [reserve(2 << 30, 1, "st0", abort="system::ENotEnoughCapacity")]),
    case("reserve_space_capacity_is_per_epoch", [
        reserve(600 * MiB, 2, "st0"),
        reserve(400 * MiB, 1, "st1"),
        check("system.used_capacity"),
        reserve(600 * MiB, 1, "st2", abort="system::ENotEnoughCapacity"),
    ], "Capacity is checked per epoch of the range: the third purchase would overflow epoch 0."),
    case("reserve_space_underpaid", [
        mint("user", 1999, "c1"),
        reserve(MiB, 2, "st0", coin="c1", abort="system::EInsufficientPayment"),
    ]),
    case("split_by_epoch", [
        reserve(MiB, 3, "st0"),
        call("storage_resource::split_by_epoch", "user", obj("st0"), u32(1), as_="st1"),
        check("storage(st0).start_epoch", "storage(st0).end_epoch", "storage(st1).start_epoch", "storage(st1).end_epoch", "storage(st1).size"),
    ]),
    case("split_by_epoch_at_start", [
        reserve(MiB, 3, "st0"),
        call("storage_resource::split_by_epoch", "user", obj("st0"), u32(0), as_="st1", abort="storage_resource::EInvalidSplitEpoch"),
    ]),
    case("split_by_epoch_at_end", [
        reserve(MiB, 3, "st0"),
        call("storage_resource::split_by_epoch", "user", obj("st0"), u32(3), as_="st1", abort="storage_resource::EInvalidSplitEpoch"),
    ]),
    case("split_by_size", [
        reserve(3 * MiB, 2, "st0"),
        call("storage_resource::split_by_size", "user", obj("st0"), u64(MiB), as_="st1"),
        check("storage(st0).size", "storage(st1).size", "storage(st1).end_epoch"),
    ]),
    case("split_by_size_zero", [
        reserve(MiB, 2, "st0"),
        call("storage_resource::split_by_size", "user", obj("st0"), u64(0), as_="st1", abort="storage_resource::EInvalidSplitSize"),
    ]),
    case("split_by_size_whole", [
        reserve(MiB, 2, "st0"),
        call("storage_resource::split_by_size", "user", obj("st0"), u64(MiB), as_="st1", abort="storage_resource::EInvalidSplitSize"),
    ]),
    case("fuse_periods", [
        reserve(MiB, 3, "st0"),
        call("storage_resource::split_by_epoch", "user", obj("st0"), u32(1), as_="st1"),
        call("storage_resource::fuse_periods", "user", obj("st1"), obj("st0")),
        check("storage(st1).start_epoch", "storage(st1).end_epoch", "storage(st1).size"),
    ], "The later part absorbs the earlier one (either order works)."),
    case("fuse_periods_different_sizes", [
        reserve(MiB, 2, "st0"),
        reserve(2 * MiB, 2, "st1"),
        call("storage_resource::fuse_periods", "user", obj("st0"), obj("st1"), abort="storage_resource::EIncompatibleSize"),
    ]),
    case("fuse_periods_not_adjacent", [
        reserve(MiB, 2, "st0"),
        reserve(MiB, 5, "st1"),
        call("storage_resource::split_by_epoch", "user", obj("st1"), u32(3), as_="st2"),
        call("storage_resource::fuse_periods", "user", obj("st0"), obj("st2"), abort="storage_resource::EIncompatibleEpochs"),
    ]),
    case("fuse_amount", [
        reserve(MiB, 2, "st0"),
        reserve(2 * MiB, 2, "st1"),
        call("storage_resource::fuse_amount", "user", obj("st0"), obj("st1")),
        check("storage(st0).size", "storage(st0).end_epoch", "system.used_capacity"),
    ]),
    case("fuse_amount_different_periods", [
        reserve(MiB, 2, "st0"),
        reserve(MiB, 3, "st1"),
        call("storage_resource::fuse_amount", "user", obj("st0"), obj("st1"), abort="storage_resource::EIncompatibleEpochs"),
    ]),
    case("fuse_dispatches", [
        reserve(MiB, 2, "st0"),
        reserve(MiB, 2, "st1"),
        call("storage_resource::fuse", "user", obj("st0"), obj("st1")),
        reserve(2 * MiB, 4, "st2"),
        call("storage_resource::split_by_epoch", "user", obj("st2"), u32(2), as_="st3"),
        call("storage_resource::fuse", "user", obj("st0"), obj("st3")),
        check("storage(st0).size", "storage(st0).start_epoch", "storage(st0).end_epoch"),
    ], "fuse adds sizes for equal periods and joins adjacent periods of equal size."),
    case("destroy", [
        reserve(MiB, 2, "st0"),
        call("storage_resource::destroy", "user", obj("st0")),
        check("system.used_capacity", "system.invariants"),
    ], "Destroying storage keeps its capacity reserved and refunds nothing."),
    case("reserve_in_a_later_epoch", [
        reserve(MiB, 10, "st0"),
        clock(1000),
        call("system::advance_epoch", "user"),
        reserve(MiB, 10, "st1"),
        check("system.epoch", "storage(st1).start_epoch", "storage(st1).end_epoch", "system.used_capacity", "system.invariants"),
    ], "Without a committee the fees of epoch 0 are carried over; storage starts in the current epoch."),
]
write("storage", "storage resources: reserve, split, fuse, destroy", genesis(capacity=1 << 30), setup, cases)
