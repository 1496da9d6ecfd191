/// Storage node registration and management, staking, withdrawals (immediate and after the
/// epoch boundary), rewards compounding and commission, through `walrus::system`, with their
/// events and every abort.
#[test_only]
module walrus::staking_tests;

use sui::event;
use walrus::events;
use walrus::staking_pool;
use walrus::storage_node;
use walrus::system;
use walrus::test_keys;
use walrus::test_utils::{Self as tu, destroy};

// === Registration ===

#[test]
fun register_candidate_creates_a_pool_and_cap() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let cap = tu::register_with_votes(&mut system, &mut s, 2, 500, 7, 8, 9);
    let node_id = cap.cap_node_id();
    assert!(system.is_registered(node_id) && system.candidates() == &vector[node_id]);
    let pool = system.pool(node_id);
    assert!(pool.node_id() == node_id && pool.commission_bps() == 500);
    assert!(pool.storage_price_vote() == 7 && pool.write_price_vote() == 8 && pool.capacity_vote() == 9);
    assert!(pool.node_info().name() == b"node-2".to_string());
    assert!(pool.node_info().public_key() == &test_keys::public_key(2));
    assert!(pool.active_stake() == 0 && pool.registered_epoch() == 0);
    assert!(
        event::events_by_type<events::NodeRegistered>() == vector[
            events::node_registered(
                0,
                node_id,
                object::id(&cap),
                test_keys::operator(2),
                b"node-2".to_string(),
                b"127.0.0.1:9000".to_string(),
                test_keys::public_key(2),
                500,
                7,
                8,
                9,
            ),
        ],
    );
    destroy(cap);
    tu::finish(system, clock, s);
}

/// Registers test key `key` from `sender` with the given name, address, key, commission.
fun register_raw(
    sender: address,
    name: vector<u8>,
    addr: vector<u8>,
    public_key: vector<u8>,
    key: u64,
    commission_bps: u16,
) {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    s.next_tx(sender);
    let cap = system.register_candidate(
        name.to_string(),
        addr.to_string(),
        public_key,
        test_keys::proof_of_possession(key),
        commission_bps,
        1,
        1,
        1,
        s.ctx(),
    );
    destroy(cap);
    tu::finish(system, clock, s);
}

#[test]
fun longest_name_and_address_are_accepted() {
    let name = vector::tabulate!(64, |_| 0x61u8);
    let addr = vector::tabulate!(256, |_| 0x62u8);
    register_raw(test_keys::operator(0), name, addr, test_keys::public_key(0), 0, 10_000);
}

#[test, expected_failure(abort_code = storage_node::EInvalidName)]
fun empty_name_aborts() {
    register_raw(test_keys::operator(0), b"", b"a:1", test_keys::public_key(0), 0, 0);
}

#[test, expected_failure(abort_code = storage_node::EInvalidName)]
fun long_name_aborts() {
    let name = vector::tabulate!(65, |_| 0x61u8);
    register_raw(test_keys::operator(0), name, b"a:1", test_keys::public_key(0), 0, 0);
}

#[test, expected_failure(abort_code = storage_node::EInvalidNetworkAddress)]
fun empty_network_address_aborts() {
    register_raw(test_keys::operator(0), b"n", b"", test_keys::public_key(0), 0, 0);
}

#[test, expected_failure(abort_code = storage_node::EInvalidNetworkAddress)]
fun long_network_address_aborts() {
    let addr = vector::tabulate!(257, |_| 0x62u8);
    register_raw(test_keys::operator(0), b"n", addr, test_keys::public_key(0), 0, 0);
}

#[test, expected_failure(abort_code = storage_node::EInvalidPublicKey)]
fun short_public_key_aborts() {
    let mut pk = test_keys::public_key(0);
    pk.pop_back();
    register_raw(test_keys::operator(0), b"n", b"a:1", pk, 0, 0);
}

#[test, expected_failure(abort_code = storage_node::EInvalidProofOfPossession)]
fun proof_of_possession_from_another_sender_aborts() {
    register_raw(test_keys::operator(1), b"n", b"a:1", test_keys::public_key(0), 0, 0);
}

#[test, expected_failure(abort_code = storage_node::EInvalidProofOfPossession)]
fun proof_of_possession_for_another_key_aborts() {
    // Key 0's proof with key 1's public key.
    register_raw(test_keys::operator(0), b"n", b"a:1", test_keys::public_key(1), 0, 0);
}

#[test, expected_failure(abort_code = staking_pool::EInvalidCommission)]
fun commission_above_100_percent_aborts() {
    register_raw(test_keys::operator(0), b"n", b"a:1", test_keys::public_key(0), 0, 10_001);
}

// === Node management ===

#[test]
fun votes_address_and_commission_updates() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, caps, node_ids, staked) = tu::setup_committee(&mut s, &mut clock);
    let node = node_ids[1];
    system.set_votes(&caps[1], 11, 12, 13);
    assert!(system.pool(node).storage_price_vote() == 11);
    assert!(system.pool(node).write_price_vote() == 12 && system.pool(node).capacity_vote() == 13);
    assert!(
        event::events_by_type<events::NodeVotesUpdated>()
            == vector[events::node_votes_updated(1, node, 11, 12, 13)],
    );
    system.set_network_address(&caps[1], b"10.0.0.1:80".to_string());
    assert!(system.pool(node).node_info().network_address() == b"10.0.0.1:80".to_string());
    assert!(
        event::events_by_type<events::NetworkAddressUpdated>()
            == vector[events::network_address_updated(1, node, b"10.0.0.1:80".to_string())],
    );
    // Requested in epoch 1 with a delay of 2: rewards of epoch 3 on use it.
    system.set_commission(&caps[1], 2_500);
    assert!(
        event::events_by_type<events::CommissionChangeRequested>()
            == vector[events::commission_change_requested(1, node, 2_500, 3)],
    );
    tu::advance(&mut system, &mut clock);
    assert!(system.pool(node).commission_bps() == 1_000);
    tu::advance(&mut system, &mut clock);
    assert!(system.epoch() == 3 && system.pool(node).commission_bps() == 2_500);
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

#[test, expected_failure(abort_code = storage_node::EInvalidNetworkAddress)]
fun setting_an_empty_address_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let cap = tu::register(&mut system, &mut s, 0);
    system.set_network_address(&cap, b"".to_string());
    abort
}

#[test, expected_failure(abort_code = staking_pool::EInvalidCommission)]
fun setting_commission_above_100_percent_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let cap = tu::register(&mut system, &mut s, 0);
    system.set_commission(&cap, 10_001);
    abort
}

#[test, expected_failure(abort_code = system::ENodeNotFound)]
fun cap_of_an_unknown_node_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let cap = storage_node::new_cap_for_testing(object::id_from_address(@0x123), s.ctx());
    system.set_votes(&cap, 1, 1, 1);
    abort
}

// === Staking and withdrawal ===

#[test]
fun stake_is_pending_until_the_next_epoch() {
    let (mut s, mut clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let cap = tu::register(&mut system, &mut s, 0);
    let node = cap.cap_node_id();
    s.next_tx(tu::staker(0));
    let coin = tu::mint(&mut s, 5_000);
    let staked = system.stake_with_pool(coin, node, s.ctx());
    assert!(staked.principal() == 5_000 && staked.activation_epoch() == 1 && staked.node_id() == node);
    assert!(system.pool(node).pending_stake() == 5_000 && system.pool_active_stake(node) == 0);
    assert!(
        event::events_by_type<events::StakeAdded>()
            == vector[events::stake_added(0, object::id(&staked), node, tu::staker(0), 5_000, 1)],
    );
    tu::assert_invariants(&system);
    tu::advance(&mut system, &mut clock);
    assert!(system.pool_active_stake(node) == 5_000 && system.total_active_stake() == 5_000);
    assert!(system.committee().node_ids() == vector[node]);
    assert!(system.committee().member(0).member_shards().length() == 10);
    tu::assert_invariants(&system);
    destroy(staked);
    destroy(cap);
    tu::finish(system, clock, s);
}

#[test]
fun stake_that_never_activated_is_withdrawn_immediately() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let cap = tu::register(&mut system, &mut s, 0);
    let node = cap.cap_node_id();
    s.next_tx(tu::staker(0));
    let coin = tu::mint(&mut s, 5_000);
    let mut staked = system.stake_with_pool(coin, node, s.ctx());
    let half = staked.split(2_000, s.ctx());
    let half_id = object::id(&half);
    let out = system.withdraw_stake(half, s.ctx());
    assert!(out.value() == 2_000 && system.pool(node).pending_stake() == 3_000);
    assert!(
        event::events_by_type<events::StakeWithdrawn>()
            == vector[events::stake_withdrawn(0, half_id, node, tu::staker(0), 2_000, 2_000)],
    );
    let rest = system.withdraw_stake(staked, s.ctx());
    assert!(rest.value() == 3_000 && system.pool(node).pending_stake() == 0);
    assert!(system.wal_paid_in() == 5_000 && system.wal_paid_out() == 5_000);
    tu::assert_invariants(&system);
    destroy(out);
    destroy(rest);
    destroy(cap);
    tu::finish(system, clock, s);
}

#[test]
fun withdrawal_after_the_boundary_pays_principal_and_rewards() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, caps, node_ids, mut staked) = tu::setup_committee(&mut s, &mut clock);
    // 10 MiB for epoch 1 only: 10 units x 1000 = 10,000 FROST for epoch 1's committee.
    let storage = tu::reserve(&mut system, &mut s, 10 * 1_048_576, 1);
    assert!(system.rewards_at(1) == 10_000);
    tu::advance(&mut system, &mut clock);
    // Node 0 (4 shards): 4,000 -> 400 commission, 3,600 to the stakers.
    assert!(system.pool(node_ids[0]).commission() == 400);
    assert!(system.pool_active_stake(node_ids[0]) == tu::frost(400) + 3_600);
    assert!(system.pool_active_stake(node_ids[3]) == tu::frost(100) + 900);
    let mut position = staked.remove(0);
    system.request_withdraw_stake(&mut position);
    assert!(position.withdraw_epoch() == option::some(3) && position.is_withdrawing());
    assert!(
        event::events_by_type<events::StakeWithdrawRequested>() == vector[
            events::stake_withdraw_requested(
                2,
                object::id(&position),
                node_ids[0],
                tu::frost(400),
                (tu::frost(400) as u128),
                3,
            ),
        ],
    );
    // Still active (and in the committee) for the rest of epoch 2.
    assert!(system.pool_active_stake(node_ids[0]) == tu::frost(400) + 3_600);
    tu::advance(&mut system, &mut clock);
    assert!(system.pool_active_stake(node_ids[0]) == 0);
    assert!(system.pool(node_ids[0]).withdrawable() == tu::frost(400) + 3_600);
    // Node 0 left the committee; the others share the 10 shards.
    assert!(!system.committee().contains(node_ids[0]));
    assert!(system.committee().total_shards() == 10);
    let out = system.withdraw_stake(position, s.ctx());
    assert!(out.value() == tu::frost(400) + 3_600);
    assert!(system.pool(node_ids[0]).withdrawable() == 0);
    let commission = system.collect_commission(&caps[0], s.ctx());
    assert!(commission.value() == 400);
    assert!(
        event::events_by_type<events::CommissionCollected>()
            == vector[events::commission_collected(3, node_ids[0], 400, tu::user())],
    );
    let again = system.collect_commission(&caps[0], s.ctx());
    assert!(again.value() == 0);
    tu::assert_invariants(&system);
    destroy(vector[out, commission, again]);
    destroy(storage);
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

#[test, expected_failure(abort_code = system::EZeroStake)]
fun zero_stake_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let cap = tu::register(&mut system, &mut s, 0);
    let coin = tu::mint(&mut s, 0);
    let _st = system.stake_with_pool(coin, cap.cap_node_id(), s.ctx());
    abort
}

#[test, expected_failure(abort_code = system::ENodeNotFound)]
fun staking_with_an_unknown_node_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let coin = tu::mint(&mut s, 10);
    let _st = system.stake_with_pool(coin, object::id_from_address(@0x99), s.ctx());
    abort
}

#[test, expected_failure(abort_code = system::EStakeNotActive)]
fun requesting_withdrawal_of_pending_stake_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let cap = tu::register(&mut system, &mut s, 0);
    let coin = tu::mint(&mut s, 10);
    let mut staked = system.stake_with_pool(coin, cap.cap_node_id(), s.ctx());
    system.request_withdraw_stake(&mut staked);
    abort
}

#[test, expected_failure(abort_code = system::EAlreadyWithdrawing)]
fun requesting_withdrawal_twice_aborts() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, _caps, _node_ids, mut staked) = tu::setup_committee(&mut s, &mut clock);
    system.request_withdraw_stake(&mut staked[0]);
    system.request_withdraw_stake(&mut staked[0]);
    abort
}

#[test, expected_failure(abort_code = system::ENotWithdrawing)]
fun withdrawing_active_stake_without_request_aborts() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, _caps, _node_ids, mut staked) = tu::setup_committee(&mut s, &mut clock);
    let position = staked.remove(0);
    let _coin = system.withdraw_stake(position, s.ctx());
    abort
}

#[test, expected_failure(abort_code = system::EWithdrawEpochNotReached)]
fun withdrawing_before_the_boundary_aborts() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, _caps, _node_ids, mut staked) = tu::setup_committee(&mut s, &mut clock);
    let mut position = staked.remove(0);
    system.request_withdraw_stake(&mut position);
    let _coin = system.withdraw_stake(position, s.ctx());
    abort
}

#[test]
fun split_positions_withdraw_separately() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, caps, node_ids, mut staked) = tu::setup_committee(&mut s, &mut clock);
    let mut a = staked.remove(1);
    let mut b = a.split(tu::frost(100), s.ctx());
    system.request_withdraw_stake(&mut a);
    tu::advance(&mut system, &mut clock);
    // b is still active; a is withdrawable.
    assert!(system.pool_active_stake(node_ids[1]) == tu::frost(100));
    let out_a = system.withdraw_stake(a, s.ctx());
    assert!(out_a.value() == tu::frost(200));
    system.request_withdraw_stake(&mut b);
    tu::advance(&mut system, &mut clock);
    let out_b = system.withdraw_stake(b, s.ctx());
    assert!(out_b.value() == tu::frost(100));
    assert!(system.pool(node_ids[1]).wal_held() == system.pool(node_ids[1]).commission());
    tu::assert_invariants(&system);
    destroy(vector[out_a, out_b]);
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

#[test]
fun position_worth_less_than_a_share_withdraws_zero() {
    let (mut s, mut clock) = tu::begin();
    let mut system = system::new_for_testing(4, 1_000, 5, 5, 0, 1 << 40, 1, 0, &clock, s.ctx());
    let cap = tu::register_with_votes(&mut system, &mut s, 0, 0, 1, 0, 1 << 40);
    let node = cap.cap_node_id();
    let first = system.stake_with_pool(tu::mint(&mut s, 2), node, s.ctx());
    tu::advance(&mut system, &mut clock);
    // 1 FROST of fees for epoch 1, and a 1-FROST stake that activates in epoch 2.
    let st = tu::reserve(&mut system, &mut s, 1, 1);
    let mut tiny = system.stake_with_pool(tu::mint(&mut s, 1), node, s.ctx());
    tu::advance(&mut system, &mut clock);
    // Rate of epoch 2: 3 FROST for 2 shares; 1 FROST buys floor(2/3) = 0 shares.
    assert!(system.pool(node).exchange_rate_at(2).rate_wal() == 3);
    system.request_withdraw_stake(&mut tiny);
    tu::advance(&mut system, &mut clock);
    assert!(!system.pool(node).has_exchange_rate(3));
    let out = system.withdraw_stake(tiny, s.ctx());
    assert!(out.value() == 0);
    tu::assert_invariants(&system);
    destroy(out);
    destroy(first);
    destroy(st);
    destroy(cap);
    tu::finish(system, clock, s);
}

#[test, expected_failure(abort_code = system::EWrongVersion)]
fun staking_on_an_old_version_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let cap = tu::register(&mut system, &mut s, 0);
    system.set_version_for_testing(0);
    let _st = system.stake_with_pool(tu::mint(&mut s, 1), cap.cap_node_id(), s.ctx());
    abort
}

#[test, expected_failure(abort_code = system::EWrongVersion)]
fun registering_on_an_old_version_aborts() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    system.set_version_for_testing(0);
    let _cap = tu::register(&mut system, &mut s, 0);
    abort
}
