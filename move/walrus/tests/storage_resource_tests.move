/// Tests of `walrus::storage_resource`: split by epoch and size, fuse by period and amount (in
/// both orders), destroy, their events, and every abort.
#[test_only]
module walrus::storage_resource_tests;

use sui::event;
use sui::test_scenario as ts;
use walrus::events;
use walrus::storage_resource::{Self, Storage};

fun storage(s: &mut ts::Scenario, start: u32, end: u32, size: u64): Storage {
    storage_resource::create_for_testing(start, end, size, s.ctx())
}

#[test]
fun split_by_epoch_and_fuse_back() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 2, 10, 500);
    let b = a.split_by_epoch(6, s.ctx());
    assert!(a.start_epoch() == 2 && a.end_epoch() == 6 && a.size() == 500);
    assert!(b.start_epoch() == 6 && b.end_epoch() == 10 && b.size() == 500);
    let split_events = event::events_by_type<events::StorageSplit>();
    assert!(split_events.length() == 1);
    assert!(
        split_events[0] == events::storage_split(object::id(&a), object::id(&b), 2, 6, 500, 6, 10, 500),
    );
    assert!(a.covers(2) && a.covers(5) && !a.covers(6) && !a.covers(1));
    let b_id = object::id(&b);
    a.fuse_periods(b);
    assert!(a.start_epoch() == 2 && a.end_epoch() == 10 && a.size() == 500);
    let fused = event::events_by_type<events::StorageFused>();
    assert!(fused == vector[events::storage_fused(object::id(&a), b_id, 2, 10, 500)]);
    a.destroy();
    s.end();
}

#[test]
fun fuse_periods_in_reverse_order() {
    let mut s = ts::begin(@0x1);
    let mut later = storage(&mut s, 5, 8, 100);
    let earlier = storage(&mut s, 1, 5, 100);
    later.fuse(earlier);
    assert!(later.start_epoch() == 1 && later.end_epoch() == 8 && later.size() == 100);
    later.destroy();
    s.end();
}

#[test]
fun split_by_size_and_fuse_amount() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 0, 3, 1_000);
    let b = a.split_by_size(300, s.ctx());
    assert!(a.size() == 300 && b.size() == 700);
    assert!(b.start_epoch() == 0 && b.end_epoch() == 3);
    a.fuse(b);
    assert!(a.size() == 1_000);
    a.destroy();
    let destroyed = event::events_by_type<events::StorageDestroyed>();
    assert!(destroyed.length() == 1);
    s.end();
}

#[test]
fun fuse_amount_up_to_u64_max() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 0, 3, std::u64::max_value!() - 1);
    let b = storage(&mut s, 0, 3, 1);
    a.fuse_amount(b);
    assert!(a.size() == std::u64::max_value!());
    a.destroy();
    s.end();
}

#[test, expected_failure(abort_code = storage_resource::EInvalidSplitEpoch)]
fun split_at_start_epoch_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 2, 10, 500);
    let _b = a.split_by_epoch(2, s.ctx());
    abort
}

#[test, expected_failure(abort_code = storage_resource::EInvalidSplitEpoch)]
fun split_at_end_epoch_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 2, 10, 500);
    let _b = a.split_by_epoch(10, s.ctx());
    abort
}

#[test, expected_failure(abort_code = storage_resource::EInvalidSplitSize)]
fun split_zero_size_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 2, 10, 500);
    let _b = a.split_by_size(0, s.ctx());
    abort
}

#[test, expected_failure(abort_code = storage_resource::EInvalidSplitSize)]
fun split_whole_size_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 2, 10, 500);
    let _b = a.split_by_size(500, s.ctx());
    abort
}

#[test, expected_failure(abort_code = storage_resource::EIncompatibleEpochs)]
fun fuse_gap_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 0, 3, 500);
    let b = storage(&mut s, 4, 6, 500);
    a.fuse(b);
    abort
}

#[test, expected_failure(abort_code = storage_resource::EIncompatibleSize)]
fun fuse_adjacent_different_sizes_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 0, 3, 500);
    let b = storage(&mut s, 3, 6, 400);
    a.fuse(b);
    abort
}

#[test, expected_failure(abort_code = storage_resource::EIncompatibleEpochs)]
fun fuse_amount_different_epochs_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 0, 3, 500);
    let b = storage(&mut s, 0, 4, 500);
    a.fuse_amount(b);
    abort
}

#[test, expected_failure(abort_code = storage_resource::ESizeOverflow)]
fun fuse_amount_overflow_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 0, 3, std::u64::max_value!());
    let b = storage(&mut s, 0, 3, 1);
    a.fuse_amount(b);
    abort
}

#[test, expected_failure(abort_code = storage_resource::EInvalidStorage)]
fun create_empty_range_aborts() {
    let mut s = ts::begin(@0x1);
    let _a = storage_resource::create(3, 3, 100, s.ctx());
    abort
}

#[test, expected_failure(abort_code = storage_resource::EInvalidStorage)]
fun extend_backwards_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = storage(&mut s, 0, 3, 500);
    a.extend_end_epoch(3);
    abort
}

#[test]
fun storage_blob_and_stake_are_transferable() {
    let mut s = ts::begin(@0x1);
    let a = storage(&mut s, 0, 3, 500);
    let id = object::id(&a);
    transfer::public_transfer(a, @0x2);
    let position = walrus::staked_wal::mint_for_testing(object::id_from_address(@0x9), 5, 1, s.ctx());
    transfer::public_transfer(position, @0x2);
    s.next_tx(@0x2);
    let a = s.take_from_sender<Storage>();
    assert!(object::id(&a) == id && a.size() == 500);
    let position = s.take_from_sender<walrus::staked_wal::StakedWal>();
    assert!(position.principal() == 5);
    a.destroy();
    position.destroy_for_testing();
    s.end();
}
