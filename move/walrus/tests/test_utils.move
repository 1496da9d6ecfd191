/// Shared helpers of the walrus tests: a standard test system, WAL for tests, node registration
/// with the real test keys (`walrus::test_keys`), epoch changes and certificates.
#[test_only]
module walrus::test_utils;

use std::string::String;
use sui::clock::{Self, Clock};
use sui::coin::{Self, Coin};
use sui::random::{Self, Random};
use sui::test_scenario::{Self as ts, Scenario};
use wal::wal::WAL;
use walrus::audit_round::AuditRound;
use walrus::auditors::AuditorCap;
use walrus::storage_node::StorageNodeCap;
use walrus::system::{Self, System};
use walrus::test_keys;

/// Address used for admin / genesis transactions.
const ADMIN: address = @0xAD;
/// A storage user.
const USER: address = @0xC0;

/// Standard test parameters.
const N_SHARDS: u16 = 10;
const EPOCH_MS: u64 = 1_000;
const MAX_EPOCHS_AHEAD: u32 = 10;
const MAX_COMMITTEE: u16 = 10;
/// 1 TiB of capacity in epoch 0.
const CAPACITY: u64 = 1 << 40;
/// FROST per MiB unit per epoch in epoch 0.
const STORAGE_PRICE: u64 = 1_000;
/// FROST per MiB unit in epoch 0.
const WRITE_PRICE: u64 = 500;
/// FROST per WAL.
const FROST: u64 = 1_000_000_000;

/// Admin address.
public fun admin(): address { ADMIN }
/// Storage user address.
public fun user(): address { USER }
/// Shards of the standard system.
public fun n_shards(): u16 { N_SHARDS }
/// Epoch duration of the standard system.
public fun epoch_ms(): u64 { EPOCH_MS }
/// `max_epochs_ahead` of the standard system.
public fun max_epochs_ahead(): u32 { MAX_EPOCHS_AHEAD }
/// Epoch-0 capacity of the standard system.
public fun capacity(): u64 { CAPACITY }
/// Epoch-0 storage price of the standard system.
public fun storage_price(): u64 { STORAGE_PRICE }
/// Epoch-0 write price of the standard system.
public fun write_price(): u64 { WRITE_PRICE }
/// `wal` WAL in FROST.
public fun frost(wal: u64): u64 { wal * FROST }
/// Staker address `i`.
public fun staker(i: u64): address { sui::address::from_u256(0xB0 + (i as u256)) }

/// Starts a scenario as ADMIN with a clock at 0.
public fun begin(): (Scenario, Clock) {
    let mut s = ts::begin(ADMIN);
    let clock = clock::create_for_testing(s.ctx());
    (s, clock)
}

/// A standard test system (10 shards, 1 s epochs, 10 epochs ahead, committee of up to 10).
public fun new_system(s: &mut Scenario, clock: &Clock): System {
    system::new_for_testing(
        N_SHARDS,
        EPOCH_MS,
        MAX_EPOCHS_AHEAD,
        MAX_COMMITTEE,
        0,
        CAPACITY,
        STORAGE_PRICE,
        WRITE_PRICE,
        clock,
        s.ctx(),
    )
}

/// Test WAL (minted out of thin air; WAL conservation is checked by the system's counters and
/// by tracking what the tests mint).
public fun mint(s: &mut Scenario, amount: u64): Coin<WAL> {
    coin::mint_for_testing(amount, s.ctx())
}

/// Registers test node `key` (sender = its operator address, as its proof of possession
/// requires) with the given commission and votes.
public fun register_with_votes(
    system: &mut System,
    s: &mut Scenario,
    key: u64,
    commission_bps: u16,
    storage_price_vote: u64,
    write_price_vote: u64,
    capacity_vote: u64,
): StorageNodeCap {
    s.next_tx(test_keys::operator(key));
    system.register_candidate(
        node_name(key),
        b"127.0.0.1:9000".to_string(),
        test_keys::public_key(key),
        test_keys::proof_of_possession(key),
        commission_bps,
        storage_price_vote,
        write_price_vote,
        capacity_vote,
        s.ctx(),
    )
}

/// Registers test node `key` with 10% commission and default votes (the epoch-0 prices and a
/// capacity vote of 1 TiB).
public fun register(system: &mut System, s: &mut Scenario, key: u64): StorageNodeCap {
    register_with_votes(system, s, key, 1_000, STORAGE_PRICE, WRITE_PRICE, CAPACITY)
}

/// "node-<key>".
public fun node_name(key: u64): String {
    let mut name = b"node-".to_string();
    name.append(key.to_string());
    name
}

/// Moves the clock past the end of the current epoch and advances the epoch.
public fun advance(system: &mut System, clock: &mut Clock) {
    clock.increment_for_testing(EPOCH_MS);
    system.advance_epoch(clock);
}

/// The committee index of the node registered with test key `key` (`node_ids[key]`), if any.
public fun member_index(system: &System, node_ids: &vector<ID>, key: u64): Option<u64> {
    system.committee().index_of(node_ids[key])
}

/// A certificate for blob `blob` (test_keys index) in `epoch` signed by the test keys `keys`
/// (each must be a committee member), as (signers bitmap, signatures in member order).
public fun certificate(
    system: &System,
    node_ids: &vector<ID>,
    keys: vector<u64>,
    epoch: u32,
    blob: u64,
): (vector<u8>, vector<vector<u8>>) {
    let size = system.committee().size();
    let mut by_member = vector::tabulate!(size, |_| option::none<u64>());
    keys.do!(|key| {
        let idx = member_index(system, node_ids, key).destroy_some();
        *&mut by_member[idx] = option::some(key);
    });
    let mut bitmap = vector::tabulate!((size + 7) / 8, |_| 0u8);
    let mut signatures = vector[];
    size.do!(|i| if (by_member[i].is_some()) {
        let key = *by_member[i].borrow();
        *&mut bitmap[i / 8] = bitmap[i / 8] | (1u8 << ((i % 8) as u8));
        signatures.push_back(test_keys::confirmation(key, epoch, blob));
    });
    (bitmap, signatures)
}

/// Shard count of the node registered with test key `key`.
public fun shards_of(system: &System, node_ids: &vector<ID>, key: u64): u64 {
    system.committee().shards_of(node_ids[key])
}

/// Asserts the system's invariants (WAL conservation, capacity, shards, active stake).
public fun assert_invariants(system: &System) {
    assert!(system.check_invariants());
    let c = system.committee();
    assert!(c.is_empty() || c.total_shards() == (system.n_shards() as u64));
    assert!(system.used_capacity() <= system.total_capacity());
}

/// Destroys a value (coins, caps, blobs, ...).
public fun destroy<T>(x: T) { std::unit_test::destroy(x) }

/// Ends a test: destroys the system and clock, ends the scenario.
public fun finish(system: System, clock: Clock, s: Scenario) {
    system.destroy_for_testing();
    clock.destroy_for_testing();
    s.end();
}

/// Stakes of the standard committee (in WAL): test keys 0..3 get 4, 3, 2 and 1 shards.
public fun standard_stakes(): vector<u64> { vector[400, 300, 200, 100] }

/// A standard system in epoch 1 whose committee is test keys 0..3 (member i = key i) with
/// shards 4, 3, 2, 1, each node's operator having staked `standard_stakes()` WAL.
/// Returns (system, caps, node IDs, staked positions), all indexed by test key.
public fun setup_committee(
    s: &mut Scenario,
    clock: &mut Clock,
): (System, vector<StorageNodeCap>, vector<ID>, vector<walrus::staked_wal::StakedWal>) {
    setup_committee_with(s, clock, standard_stakes(), 0)
}

/// Like `setup_committee`, with the operators of test keys 0..3 staking `stakes` WAL and
/// `n_auditors` initial auditors (`auditor(0) .. auditor(n_auditors - 1)`).
public fun setup_committee_with(
    s: &mut Scenario,
    clock: &mut Clock,
    stakes: vector<u64>,
    n_auditors: u64,
): (System, vector<StorageNodeCap>, vector<ID>, vector<walrus::staked_wal::StakedWal>) {
    let mut system = system::new_with_auditors_for_testing(
        N_SHARDS,
        EPOCH_MS,
        MAX_EPOCHS_AHEAD,
        MAX_COMMITTEE,
        0,
        CAPACITY,
        STORAGE_PRICE,
        WRITE_PRICE,
        vector::tabulate!(n_auditors, |i| auditor(i)),
        clock,
        s.ctx(),
    );
    let mut caps = vector[];
    let mut node_ids = vector[];
    let mut staked = vector[];
    stakes.length().do!(|key| {
        let cap = register(&mut system, s, key);
        let node_id = cap.cap_node_id();
        let coin = mint(s, frost(stakes[key]));
        staked.push_back(system.stake_with_pool(coin, node_id, s.ctx()));
        caps.push_back(cap);
        node_ids.push_back(node_id);
    });
    advance(&mut system, clock);
    s.next_tx(USER);
    (system, caps, node_ids, staked)
}

/// Reserves `size` bytes for `epochs` epochs as the current sender, paying from a fresh coin.
public fun reserve(
    system: &mut System,
    s: &mut Scenario,
    size: u64,
    epochs: u32,
): walrus::storage_resource::Storage {
    let mut payment = mint(s, 1_000_000_000_000);
    let storage = system.reserve_space(size, epochs, &mut payment, s.ctx());
    destroy(payment);
    storage
}

/// Registers test blob `blob` (test_keys index 0 = A, 1 = B) with storage for `epochs` epochs.
public fun register_test_blob(
    system: &mut System,
    s: &mut Scenario,
    blob: u64,
    epochs: u32,
    deletable: bool,
): walrus::blob::Blob {
    let (id, size, root) = if (blob == 0) {
        (test_keys::blob_a_id(), test_keys::blob_a_size(), test_keys::blob_a_root())
    } else {
        (test_keys::blob_b_id(), test_keys::blob_b_size(), test_keys::blob_b_root())
    };
    let encoded = walrus::encoding::encoded_size(system.n_shards() as u64, size);
    let storage = reserve(system, s, encoded, epochs);
    let mut payment = mint(s, 1_000_000_000_000);
    let blob = system.register_blob(storage, id, root, size, 1, deletable, &mut payment, s.ctx());
    destroy(payment);
    blob
}

// === Governance and audits ===

/// Auditor address `i`.
public fun auditor(i: u64): address { sui::address::from_u256(0xAD00 + (i as u256)) }

/// Takes auditor `i`'s most recent `AuditorCap` (sent at genesis or by governance).
public fun auditor_cap(s: &Scenario, i: u64): AuditorCap {
    s.take_from_address<AuditorCap>(auditor(i))
}

/// Creates the shared `Random` object as the system address @0x0 (as Sui's genesis does) with
/// fixed randomness, and continues as ADMIN.
public fun setup_random(s: &mut Scenario) {
    s.next_tx(@0x0);
    random::create_for_testing(s.ctx());
    s.next_tx(@0x0);
    let mut r = s.take_shared<Random>();
    r.update_randomness_state_for_testing(
        0,
        x"5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed",
        s.ctx(),
    );
    ts::return_shared(r);
    s.next_tx(ADMIN);
}

/// Opens an audit round (as USER) and returns it, taken from the shared inventory (give it back
/// with `sui::test_scenario::return_shared`).
public fun open_round(system: &mut System, s: &mut Scenario, clock: &Clock): AuditRound {
    s.next_tx(USER);
    let r = s.take_shared<Random>();
    walrus::audit::open_round(system, &r, clock, s.ctx());
    ts::return_shared(r);
    s.next_tx(USER);
    s.take_shared<AuditRound>()
}

/// A 32-byte evidence digest filled with `b`.
public fun digest(b: u8): vector<u8> { vector::tabulate!(32, |_| b) }
