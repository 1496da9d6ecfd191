/// Tests of genesis, versioning, storage purchases and blob registration, extension, deletion
/// and burning through `walrus::system`, with their events and every abort.
#[test_only]
module walrus::system_tests;

use sui::clock;
use sui::event;
use sui::test_scenario as ts;
use walrus::blob;
use walrus::encoding;
use walrus::events;
use walrus::params;
use walrus::system::{Self, System, InitCap};
use walrus::test_keys;
use walrus::test_utils::{Self as tu, destroy};

const MIB: u64 = 1_048_576;

// === Genesis ===

#[test]
fun genesis_shares_one_system() {
    let mut s = ts::begin(tu::admin());
    let mut clock = clock::create_for_testing(s.ctx());
    clock.set_for_testing(5_000);
    system::init_for_testing(s.ctx());
    s.next_tx(tu::admin());
    let cap = s.take_from_sender<InitCap>();
    system::create_system(cap, 10, 60_000, 5, 7, 0, 1 << 30, 11, 22, vector[], &clock, s.ctx());
    let created = event::events_by_type<events::SystemCreated>();
    assert!(created.length() == 1);
    s.next_tx(tu::admin());
    let system = s.take_shared<System>();
    assert!(
        created[0] == events::system_created(object::id(&system), 0, 5_000, 10, 60_000, 5, 7, 1 << 30, 11, 22),
    );
    assert!(system.version() == system::package_version() && system.version() == 1);
    assert!(system.epoch() == 0 && system.epoch_start_ms() == 5_000 && system.n_shards() == 10);
    assert!(system.params().epoch_duration_ms() == 60_000);
    assert!(system.params().max_epochs_ahead() == 5);
    assert!(system.params().max_committee_size() == 7);
    assert!(system.params().commission_delay_epochs() == 2);
    assert!(system.committee().is_empty() && system.previous_committee().is_empty());
    assert!(system.total_capacity() == 1 << 30 && system.used_capacity() == 0);
    assert!(system.storage_price() == 11 && system.write_price() == 22);
    assert!(system.future_accounting().length() == 5);
    assert!(system.candidates().is_empty() && system.total_active_stake() == 0);
    assert!(system.wal_held() == 0 && system.check_invariants());
    // The cap is gone: the publisher has no InitCap left.
    assert!(!ts::has_most_recent_for_sender<InitCap>(&s));
    ts::return_shared(system);
    clock.destroy_for_testing();
    s.end();
}

#[test]
fun genesis_registers_the_initial_auditors() {
    let mut s = ts::begin(tu::admin());
    let clock = clock::create_for_testing(s.ctx());
    system::init_for_testing(s.ctx());
    s.next_tx(tu::admin());
    let cap = s.take_from_sender<InitCap>();
    let auditors = vector[tu::auditor(0), tu::auditor(1)];
    system::create_system(cap, 10, 60_000, 5, 7, 0, 1 << 30, 11, 22, auditors, &clock, s.ctx());
    let added = event::events_by_type<events::AuditorAdded>();
    s.next_tx(tu::admin());
    let system = s.take_shared<System>();
    let registry = system.auditors();
    assert!(registry.size() == 2 && registry.is_auditor(tu::auditor(1)));
    let cap0 = tu::auditor_cap(&s, 0);
    let cap1 = tu::auditor_cap(&s, 1);
    assert!(registry.cap_of(tu::auditor(0)) == option::some(object::id(&cap0)));
    assert!(
        added == vector[
            events::auditor_added(0, tu::auditor(0), object::id(&cap0), option::none()),
            events::auditor_added(0, tu::auditor(1), object::id(&cap1), option::none()),
        ],
    );
    // Governance and audit parameters start at their defaults; durations follow the epoch.
    let p = system.params();
    assert!(p.voting_period_ms() == 60_000 && p.timelock_ms() == 30_000);
    assert!(p.round_duration_ms() == 7_500 && p.penalty_bps() == 100);
    assert!(system.audit_schedule().next_round() == 0);
    destroy(vector[cap0, cap1]);
    ts::return_shared(system);
    clock.destroy_for_testing();
    s.end();
}

#[test, expected_failure(abort_code = walrus::auditors::EAlreadyAuditor)]
fun genesis_with_a_repeated_auditor_aborts() {
    let (mut s, clock) = tu::begin();
    let auditors = vector[tu::auditor(0), tu::auditor(0)];
    let _system = system::new_with_auditors_for_testing(10, 1_000, 5, 5, 0, 1, 1, 1, auditors, &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = encoding::EInvalidShardCount)]
fun genesis_with_three_shards_aborts() {
    let (mut s, clock) = tu::begin();
    let _system = system::new_for_testing(3, 1_000, 5, 5, 0, 1, 1, 1, &clock, s.ctx());
    abort
}

#[test, expected_failure(abort_code = params::EInvalidMaxEpochsAhead)]
fun genesis_with_bad_params_aborts() {
    let (mut s, clock) = tu::begin();
    let _system = system::new_for_testing(10, 1_000, 0, 5, 0, 1, 1, 1, &clock, s.ctx());
    abort
}

#[test]
fun migrate_moves_the_version_forward() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    system.set_version_for_testing(0);
    system.migrate();
    assert!(system.version() == 1);
    tu::finish(system, clock, s);
}

#[test, expected_failure(abort_code = system::EAlreadyMigrated)]
fun migrate_up_to_date_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    system.migrate();
    abort
}

#[test, expected_failure(abort_code = system::EWrongVersion)]
fun old_version_is_refused() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    system.set_version_for_testing(2);
    let _storage = tu::reserve(&mut system, &mut s, 100, 1);
    abort
}

// === reserve_space ===

#[test]
fun reserve_space_charges_every_epoch() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    s.next_tx(tu::user());
    // 10 MB = 9.54 MiB -> 10 units; 3 epochs at 1000 FROST per unit per epoch = 30,000.
    let mut payment = tu::mint(&mut s, 100_000);
    let storage = system.reserve_space(10_000_000, 3, &mut payment, s.ctx());
    assert!(payment.value() == 70_000);
    assert!(storage.start_epoch() == 0 && storage.end_epoch() == 3 && storage.size() == 10_000_000);
    assert!(system.used_capacity() == 10_000_000);
    assert!(system.used_capacity_at(2) == 10_000_000 && system.used_capacity_at(3) == 0);
    assert!(system.rewards_at(0) == 10_000 && system.rewards_at(2) == 10_000);
    assert!(system.rewards_at(3) == 0 && system.rewards_at(100) == 0);
    assert!(system.wal_paid_in() == 30_000);
    assert!(
        event::events_by_type<events::SpaceReserved>()
            == vector[events::space_reserved(0, object::id(&storage), 0, 3, 10_000_000, 30_000, tu::user())],
    );
    tu::assert_invariants(&system);
    destroy(payment);
    destroy(storage);
    tu::finish(system, clock, s);
}

#[test]
fun reserve_space_up_to_capacity_and_max_epochs() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let a = tu::reserve(&mut system, &mut s, tu::capacity() - 1, 10);
    let b = tu::reserve(&mut system, &mut s, 1, 1);
    assert!(system.used_capacity() == tu::capacity());
    assert!(system.used_capacity_at(1) == tu::capacity() - 1);
    // Epoch 1..9 still have 1 byte left.
    tu::assert_invariants(&system);
    destroy(a);
    destroy(b);
    tu::finish(system, clock, s);
}

#[test]
fun free_storage_when_price_is_zero() {
    let (mut s, clock) = tu::begin();
    let mut system = system::new_for_testing(10, 1_000, 5, 5, 0, MIB, 0, 0, &clock, s.ctx());
    let mut payment = tu::mint(&mut s, 0);
    let storage = system.reserve_space(MIB, 5, &mut payment, s.ctx());
    assert!(system.wal_paid_in() == 0);
    destroy(payment);
    destroy(storage);
    tu::finish(system, clock, s);
}

#[test, expected_failure(abort_code = system::EInvalidSize)]
fun reserve_zero_bytes_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let _st = tu::reserve(&mut system, &mut s, 0, 1);
    abort
}

#[test, expected_failure(abort_code = system::EInvalidEpochsAhead)]
fun reserve_zero_epochs_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let _st = tu::reserve(&mut system, &mut s, 100, 0);
    abort
}

#[test, expected_failure(abort_code = system::EInvalidEpochsAhead)]
fun reserve_beyond_max_epochs_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let _st = tu::reserve(&mut system, &mut s, 100, 11);
    abort
}

#[test, expected_failure(abort_code = system::ENotEnoughCapacity)]
fun overselling_capacity_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let _a = tu::reserve(&mut system, &mut s, tu::capacity() - 10, 2);
    // Epoch 1 has 10 bytes left; asking for 11 over epochs 0..3 fails.
    let _b = tu::reserve(&mut system, &mut s, 11, 3);
    abort
}

#[test, expected_failure(abort_code = system::ENotEnoughCapacity)]
fun reserving_u64_max_aborts_without_overflow() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let _a = tu::reserve(&mut system, &mut s, 1, 1);
    let _b = tu::reserve(&mut system, &mut s, std::u64::max_value!(), 1);
    abort
}

#[test, expected_failure(abort_code = system::EInsufficientPayment)]
fun underpaying_storage_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut payment = tu::mint(&mut s, 29_999);
    let _st = system.reserve_space(10_000_000, 3, &mut payment, s.ctx());
    abort
}

#[test, expected_failure(abort_code = system::EInsufficientPayment)]
fun price_overflowing_u64_is_an_insufficient_payment() {
    let (mut s, clock) = tu::begin();
    let max = std::u64::max_value!();
    let mut system = system::new_for_testing(10, 1_000, 10, 5, 0, max, max, 0, &clock, s.ctx());
    let mut payment = tu::mint(&mut s, max);
    let _st = system.reserve_space(max, 10, &mut payment, s.ctx());
    abort
}

// === register_blob ===

#[test]
fun register_blob_checks_and_charges_the_write_fee() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    s.next_tx(tu::user());
    let encoded = encoding::encoded_size(10, test_keys::blob_a_size());
    assert!(encoded == 10_360);
    let storage = tu::reserve(&mut system, &mut s, encoded, 2);
    let storage_id = object::id(&storage);
    let mut payment = tu::mint(&mut s, 1_000);
    let blob = system.register_blob(
        storage,
        test_keys::blob_a_id(),
        test_keys::blob_a_root(),
        test_keys::blob_a_size(),
        1,
        true,
        &mut payment,
        s.ctx(),
    );
    // Write price 500 x 1 unit.
    assert!(payment.value() == 500);
    assert!(system.rewards_at(0) == 1_000 + 500 && system.rewards_at(1) == 1_000);
    assert!(blob.blob_id() == test_keys::blob_a_id() && blob.size() == 1_000);
    assert!(blob.encoding_type() == 1 && blob.registered_epoch() == 0);
    assert!(!blob.is_certified() && blob.is_deletable() && blob.end_epoch() == 2);
    assert!(blob.storage().size() == encoded);
    assert!(
        event::events_by_type<events::BlobRegistered>() == vector[
            events::blob_registered(
                0,
                blob.object_id(),
                test_keys::blob_a_id(),
                1_000,
                1,
                encoded,
                storage_id,
                encoded,
                2,
                true,
                500,
                tu::user(),
            ),
        ],
    );
    tu::assert_invariants(&system);
    destroy(payment);
    destroy(blob);
    tu::finish(system, clock, s);
}

#[test, expected_failure(abort_code = system::EInvalidEncodingType)]
fun unknown_encoding_type_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let storage = tu::reserve(&mut system, &mut s, 20_000, 1);
    let id = encoding::blob_id(2, 1_000, 7);
    let mut payment = tu::mint(&mut s, 1_000);
    let _b = system.register_blob(storage, id, 7, 1_000, 2, false, &mut payment, s.ctx());
    abort
}

#[test, expected_failure(abort_code = system::EInvalidBlobId)]
fun mismatched_blob_id_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let storage = tu::reserve(&mut system, &mut s, 20_000, 1);
    let mut payment = tu::mint(&mut s, 1_000);
    // Blob A's ID with a size that is one byte off.
    let _b = system.register_blob(
        storage,
        test_keys::blob_a_id(),
        test_keys::blob_a_root(),
        test_keys::blob_a_size() + 1,
        1,
        false,
        &mut payment,
        s.ctx(),
    );
    abort
}

#[test, expected_failure(abort_code = encoding::EBlobTooLarge)]
fun blob_too_large_for_the_shards_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let storage = tu::reserve(&mut system, &mut s, 1 << 30, 1);
    // 10 shards hold at most 28 * 65534 bytes.
    let size = encoding::max_blob_size(10) + 1;
    let id = encoding::blob_id(1, size, 9);
    let mut payment = tu::mint(&mut s, 1_000);
    let _b = system.register_blob(storage, id, 9, size, 1, false, &mut payment, s.ctx());
    abort
}

#[test, expected_failure(abort_code = system::EStorageNotStarted)]
fun future_storage_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut storage = tu::reserve(&mut system, &mut s, 20_000, 3);
    let later = storage.split_by_epoch(1, s.ctx());
    let mut payment = tu::mint(&mut s, 1_000);
    let _b = system.register_blob(
        later,
        test_keys::blob_a_id(),
        test_keys::blob_a_root(),
        test_keys::blob_a_size(),
        1,
        false,
        &mut payment,
        s.ctx(),
    );
    abort
}

#[test, expected_failure(abort_code = system::EStorageExpired)]
fun expired_storage_aborts() {
    let (mut s, mut clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let storage = tu::reserve(&mut system, &mut s, 20_000, 1);
    tu::advance(&mut system, &mut clock);
    let mut payment = tu::mint(&mut s, 1_000);
    let _b = system.register_blob(
        storage,
        test_keys::blob_a_id(),
        test_keys::blob_a_root(),
        test_keys::blob_a_size(),
        1,
        false,
        &mut payment,
        s.ctx(),
    );
    abort
}

#[test, expected_failure(abort_code = system::EStorageTooSmall)]
fun storage_one_byte_short_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let storage = tu::reserve(&mut system, &mut s, 10_359, 1);
    let mut payment = tu::mint(&mut s, 1_000);
    let _b = system.register_blob(
        storage,
        test_keys::blob_a_id(),
        test_keys::blob_a_root(),
        test_keys::blob_a_size(),
        1,
        false,
        &mut payment,
        s.ctx(),
    );
    abort
}

#[test, expected_failure(abort_code = system::EInsufficientPayment)]
fun underpaying_the_write_fee_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let storage = tu::reserve(&mut system, &mut s, 10_360, 1);
    let mut payment = tu::mint(&mut s, 499);
    let _b = system.register_blob(
        storage,
        test_keys::blob_a_id(),
        test_keys::blob_a_root(),
        test_keys::blob_a_size(),
        1,
        false,
        &mut payment,
        s.ctx(),
    );
    abort
}

// === extend_blob ===

#[test]
fun extend_blob_pays_for_the_added_epochs() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut blob = tu::register_test_blob(&mut system, &mut s, 1, 3, false);
    // Blob B: 1,970,780 encoded bytes = 2 units.
    assert!(blob.storage().size() == 1_970_780);
    let mut payment = tu::mint(&mut s, 20_000);
    system.extend_blob(&mut blob, 4, &mut payment);
    assert!(payment.value() == 20_000 - 2 * 1_000 * 4);
    assert!(blob.end_epoch() == 7);
    assert!(system.used_capacity_at(6) == 1_970_780 && system.used_capacity_at(7) == 0);
    assert!(system.rewards_at(3) == 2_000 && system.rewards_at(6) == 2_000);
    assert!(
        event::events_by_type<events::BlobExtended>()
            == vector[events::blob_extended(0, blob.object_id(), test_keys::blob_b_id(), 3, 7, 8_000)],
    );
    // Up to the last epoch of the window.
    system.extend_blob(&mut blob, 3, &mut payment);
    assert!(blob.end_epoch() == 10 && payment.value() == 20_000 - 8_000 - 6_000);
    tu::assert_invariants(&system);
    destroy(payment);
    destroy(blob);
    tu::finish(system, clock, s);
}

#[test, expected_failure(abort_code = system::EInvalidEpochsAhead)]
fun extend_beyond_the_window_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut blob = tu::register_test_blob(&mut system, &mut s, 0, 3, false);
    let mut payment = tu::mint(&mut s, 100_000);
    system.extend_blob(&mut blob, 8, &mut payment);
    abort
}

#[test, expected_failure(abort_code = system::EInvalidEpochsAhead)]
fun extend_by_zero_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut blob = tu::register_test_blob(&mut system, &mut s, 0, 3, false);
    let mut payment = tu::mint(&mut s, 100_000);
    system.extend_blob(&mut blob, 0, &mut payment);
    abort
}

#[test, expected_failure(abort_code = system::EInvalidEpochsAhead)]
fun extend_by_u32_max_aborts_without_overflow() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut blob = tu::register_test_blob(&mut system, &mut s, 0, 3, false);
    let mut payment = tu::mint(&mut s, 100_000);
    system.extend_blob(&mut blob, std::u32::max_value!(), &mut payment);
    abort
}

#[test, expected_failure(abort_code = blob::EBlobExpired)]
fun extend_expired_blob_aborts() {
    let (mut s, mut clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut blob = tu::register_test_blob(&mut system, &mut s, 0, 1, false);
    tu::advance(&mut system, &mut clock);
    let mut payment = tu::mint(&mut s, 100_000);
    system.extend_blob(&mut blob, 1, &mut payment);
    abort
}

#[test, expected_failure(abort_code = system::EInsufficientPayment)]
fun underpaying_an_extension_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut blob = tu::register_test_blob(&mut system, &mut s, 0, 2, false);
    let mut payment = tu::mint(&mut s, 1_999);
    system.extend_blob(&mut blob, 2, &mut payment);
    abort
}

// === delete_blob and burn_blob ===

#[test]
fun delete_deletable_blob_returns_its_storage() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut blob = tu::register_test_blob(&mut system, &mut s, 0, 2, true);
    blob.set_attribute(b"k".to_string(), b"v".to_string());
    let blob_object_id = blob.object_id();
    let storage = system.delete_blob(blob);
    assert!(storage.size() == 10_360 && storage.end_epoch() == 2);
    assert!(
        event::events_by_type<events::BlobDeleted>() == vector[
            events::blob_deleted(0, blob_object_id, test_keys::blob_a_id(), 2, false, object::id(&storage)),
        ],
    );
    // The storage can be reused for the same blob.
    let mut payment = tu::mint(&mut s, 1_000);
    let again = system.register_blob(
        storage,
        test_keys::blob_a_id(),
        test_keys::blob_a_root(),
        test_keys::blob_a_size(),
        1,
        false,
        &mut payment,
        s.ctx(),
    );
    assert!(!again.is_deletable());
    destroy(again);
    destroy(payment);
    tu::finish(system, clock, s);
}

#[test, expected_failure(abort_code = blob::ENotDeletable)]
fun delete_permanent_blob_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let blob = tu::register_test_blob(&mut system, &mut s, 0, 2, false);
    let _st = system.delete_blob(blob);
    abort
}

#[test]
fun burn_expired_blob() {
    let (mut s, mut clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut blob = tu::register_test_blob(&mut system, &mut s, 0, 1, false);
    blob.set_attribute(b"k".to_string(), b"v".to_string());
    let id = blob.object_id();
    tu::advance(&mut system, &mut clock);
    system.burn_blob(blob);
    assert!(
        event::events_by_type<events::BlobBurned>()
            == vector[events::blob_burned(1, id, test_keys::blob_a_id(), 1)],
    );
    tu::finish(system, clock, s);
}

#[test, expected_failure(abort_code = blob::EBlobNotExpired)]
fun burn_live_blob_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let blob = tu::register_test_blob(&mut system, &mut s, 0, 1, false);
    system.burn_blob(blob);
    abort
}

// === Attributes ===

#[test]
fun attributes_set_replace_remove() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut blob = tu::register_test_blob(&mut system, &mut s, 0, 2, false);
    assert!(blob.attribute(b"type".to_string()).is_none());
    assert!(blob.attributes().is_empty());
    blob.set_attribute(b"type".to_string(), b"image/png".to_string());
    blob.set_attribute(b"name".to_string(), b"cat".to_string());
    blob.set_attribute(b"type".to_string(), b"image/jpeg".to_string());
    assert!(blob.attribute(b"type".to_string()) == option::some(b"image/jpeg".to_string()));
    assert!(blob.attributes().length() == 2);
    let set = event::events_by_type<events::BlobAttributeSet>();
    assert!(set.length() == 3);
    assert!(
        set[2] == events::blob_attribute_set(
            blob.object_id(),
            test_keys::blob_a_id(),
            b"type".to_string(),
            b"image/jpeg".to_string(),
        ),
    );
    blob.remove_attribute(b"name".to_string());
    assert!(blob.attribute(b"name".to_string()).is_none());
    assert!(
        event::events_by_type<events::BlobAttributeRemoved>()
            == vector[events::blob_attribute_removed(blob.object_id(), test_keys::blob_a_id(), b"name".to_string())],
    );
    destroy(blob);
    tu::finish(system, clock, s);
}

#[test, expected_failure(abort_code = blob::EAttributeNotFound)]
fun removing_a_missing_attribute_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let mut blob = tu::register_test_blob(&mut system, &mut s, 0, 2, false);
    blob.set_attribute(b"a".to_string(), b"1".to_string());
    blob.remove_attribute(b"b".to_string());
    abort
}
