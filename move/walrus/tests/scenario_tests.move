/// Multi-epoch scenarios with several storage nodes, delegators and storage users, paid from the
/// real WAL supply (`wal::wal::init_for_testing`), checking the accounting invariants after
/// every step: WAL is conserved to the last FROST (everything paid in is held by the system or
/// was paid out; the users' WAL plus the system's WAL always equals the total supply), used
/// capacity never exceeds the total, and the shards always sum to n_shards.
#[test_only]
module walrus::scenario_tests;

use sui::clock::Clock;
use sui::coin::Coin;
use sui::test_scenario::{Self as ts, Scenario};
use wal::wal::{Self, WAL, Treasury};
use walrus::staked_wal::StakedWal;
use walrus::system::System;
use walrus::test_keys;
use walrus::test_utils::{Self as tu, destroy};

/// Asserts the invariants and that `bank` (all WAL outside the system) plus the system's WAL is
/// the whole supply.
fun check(system: &System, bank: &Coin<WAL>) {
    tu::assert_invariants(system);
    assert!((bank.value() as u128) + system.wal_held() == (wal::initial_supply() as u128));
}

/// Advances the epoch and checks.
fun next_epoch(system: &mut System, clock: &mut Clock, s: &mut Scenario, bank: &Coin<WAL>) {
    s.next_tx(tu::admin());
    tu::advance(system, clock);
    check(system, bank);
}

/// Stakes `amount` FROST from the bank with `node` as `staker`.
fun stake(
    system: &mut System,
    s: &mut Scenario,
    bank: &mut Coin<WAL>,
    staker: address,
    node: ID,
    amount: u64,
): StakedWal {
    s.next_tx(staker);
    let coin = bank.split(amount, s.ctx());
    system.stake_with_pool(coin, node, s.ctx())
}

#[test]
fun five_nodes_three_delegators_six_epochs() {
    let (mut s, mut clock) = tu::begin();
    wal::init_for_testing(s.ctx());
    s.next_tx(tu::admin());
    let mut bank = s.take_from_sender<Coin<WAL>>();
    let treasury = s.take_shared<Treasury>();
    let mut system = tu::new_system(&mut s, &clock);
    check(&system, &bank);

    // Epoch 0: five nodes with different commissions and votes; operators and delegators stake.
    let mut caps = vector[];
    let mut nodes = vector[];
    let mut positions = vector[];
    5u64.do!(|key| {
        let commission = (key as u16) * 500;
        let cap = tu::register_with_votes(
            &mut system,
            &mut s,
            key,
            commission,
            900 + key * 50,
            400 + key * 25,
            1 << 40,
        );
        nodes.push_back(cap.cap_node_id());
        caps.push_back(cap);
    });
    let own = vector[500, 400, 300, 200, 100];
    5u64.do!(|key| {
        let p = stake(&mut system, &mut s, &mut bank, test_keys::operator(key), nodes[key], tu::frost(own[key]));
        positions.push_back(p);
    });
    let d0 = stake(&mut system, &mut s, &mut bank, tu::staker(0), nodes[1], tu::frost(50));
    let mut d1 = stake(&mut system, &mut s, &mut bank, tu::staker(1), nodes[2], tu::frost(150));
    check(&system, &bank);

    // A user buys storage and registers two blobs in epoch 0 (no committee yet).
    s.next_tx(tu::user());
    let mut pay = bank.split(1_000_000, s.ctx());
    let encoded_a = walrus::encoding::encoded_size(10, test_keys::blob_a_size());
    let encoded_b = walrus::encoding::encoded_size(10, test_keys::blob_b_size());
    let storage_a = system.reserve_space(encoded_a, 4, &mut pay, s.ctx());
    let storage_b = system.reserve_space(encoded_b, 6, &mut pay, s.ctx());
    let mut blob_a = system.register_blob(
        storage_a,
        test_keys::blob_a_id(),
        test_keys::blob_a_root(),
        test_keys::blob_a_size(),
        1,
        true,
        &mut pay,
        s.ctx(),
    );
    let mut blob_b = system.register_blob(
        storage_b,
        test_keys::blob_b_id(),
        test_keys::blob_b_root(),
        test_keys::blob_b_size(),
        1,
        false,
        &mut pay,
        s.ctx(),
    );
    bank.join(pay);
    check(&system, &bank);

    // Epoch 1: stakes 500, 450, 450, 200, 100 -> shards 3, 3, 3, 1, 0 (node 4 has none).
    next_epoch(&mut system, &mut clock, &mut s, &bank);
    assert!(system.committee().size() == 4);
    assert!(tu::shards_of(&system, &nodes, 0) == 3 && tu::shards_of(&system, &nodes, 3) == 1);
    assert!(!system.committee().contains(nodes[4]));
    // Prices: votes 900..1100 weighted 3, 3, 3, 1 -> the lowest price with 2/3 of the weight
    // at or below it.
    assert!(system.storage_price() == 1_000 && system.write_price() == 450);
    let (signers, sigs) = tu::certificate(&system, &nodes, vector[0, 1, 2], 1, test_keys::blob_a());
    system.certify_blob(&mut blob_a, signers, sigs, 1);
    let (signers, sigs) = tu::certificate(&system, &nodes, vector[0, 1, 2, 3], 1, test_keys::blob_b());
    system.certify_blob(&mut blob_b, signers, sigs, 1);
    // More storage bought in epoch 1, a new delegator, a withdrawal request, a commission change.
    s.next_tx(tu::user());
    let mut pay = bank.split(10_000_000, s.ctx());
    let extra = system.reserve_space(50 * 1_048_576, 3, &mut pay, s.ctx());
    system.extend_blob(&mut blob_b, 2, &mut pay);
    bank.join(pay);
    let d2 = stake(&mut system, &mut s, &mut bank, tu::staker(2), nodes[4], tu::frost(600));
    let mut d0 = d0;
    s.next_tx(tu::staker(0));
    system.request_withdraw_stake(&mut d0);
    s.next_tx(test_keys::operator(3));
    system.set_commission(&caps[3], 0);
    check(&system, &bank);

    // Epoch 2: node 4 (now 700) leads; delegator 0 leaves node 1.
    next_epoch(&mut system, &mut clock, &mut s, &bank);
    assert!(system.committee().member(0).member_node_id() == nodes[4]);
    s.next_tx(tu::staker(0));
    let out = system.withdraw_stake(d0, s.ctx());
    // Principal plus its share of node 1's epoch-1 rewards after 5% commission.
    assert!(out.value() > tu::frost(50));
    bank.join(out);
    check(&system, &bank);
    // Delegator 1 splits and withdraws half; the deletable blob is deleted and its storage
    // reused for a new registration of the same blob.
    s.next_tx(tu::staker(1));
    let mut half = d1.split(tu::frost(75), s.ctx());
    system.request_withdraw_stake(&mut half);
    s.next_tx(tu::user());
    let storage = system.delete_blob(blob_a);
    let mut pay = bank.split(1_000_000, s.ctx());
    let mut blob_a = system.register_blob(
        storage,
        test_keys::blob_a_id(),
        test_keys::blob_a_root(),
        test_keys::blob_a_size(),
        1,
        false,
        &mut pay,
        s.ctx(),
    );
    bank.join(pay);
    let (signers, sigs) = tu::certificate(&system, &nodes, vector[4, 0, 1], 2, test_keys::blob_a());
    system.certify_blob(&mut blob_a, signers, sigs, 2);
    // Operators collect their commission.
    5u64.do!(|key| {
        s.next_tx(test_keys::operator(key));
        let c = system.collect_commission(&caps[key], s.ctx());
        bank.join(c);
    });
    check(&system, &bank);

    // Epochs 3 and 4: the half withdrawal completes; node 3's commission drops to 0 in epoch 3.
    next_epoch(&mut system, &mut clock, &mut s, &bank);
    assert!(system.pool(nodes[3]).commission_bps() == 0);
    s.next_tx(tu::staker(1));
    let out = system.withdraw_stake(half, s.ctx());
    bank.join(out);
    check(&system, &bank);
    next_epoch(&mut system, &mut clock, &mut s, &bank);
    // Blob A's storage ended with epoch 4 (bought for epochs 0..3): burn it.
    s.next_tx(tu::user());
    system.burn_blob(blob_a);
    next_epoch(&mut system, &mut clock, &mut s, &bank);
    assert!(system.epoch() == 5);

    // Everyone leaves: request, cross the boundary, withdraw; collect all commission.
    positions.push_back(d1);
    positions.push_back(d2);
    positions.do_mut!(|p| system.request_withdraw_stake(p));
    next_epoch(&mut system, &mut clock, &mut s, &bank);
    assert!(system.committee().is_empty() && system.total_active_stake() == 0);
    positions.destroy!(|p| {
        let out = system.withdraw_stake(p, s.ctx());
        bank.join(out);
    });
    5u64.do!(|key| {
        let c = system.collect_commission(&caps[key], s.ctx());
        bank.join(c);
    });
    check(&system, &bank);
    // What is left in the system is rounding dust in the pools plus fees of future epochs.
    let mut pool_dust = 0;
    nodes.do_ref!(|n| pool_dust = pool_dust + system.pool(*n).wal_held());
    assert!(pool_dust < 100);
    assert!(treasury.total_supply() == wal::initial_supply());

    destroy(blob_b);
    destroy(extra);
    destroy(caps);
    destroy(bank);
    ts::return_shared(treasury);
    tu::finish(system, clock, s);
}

#[test]
fun rewards_compound_across_epochs() {
    let (mut s, mut clock) = tu::begin();
    let mut system = walrus::system::new_for_testing(4, 1_000, 10, 10, 0, 1 << 40, 1_000, 0, &clock, s.ctx());
    let cap = tu::register_with_votes(&mut system, &mut s, 0, 0, 1_000, 0, 1 << 40);
    let node = cap.cap_node_id();
    let mut early = system.stake_with_pool(tu::mint(&mut s, 1_000_000), node, s.ctx());
    tu::advance(&mut system, &mut clock);
    // 1 unit for 3 epochs: 1,000 FROST per epoch to the single node (no commission).
    let st = tu::reserve(&mut system, &mut s, 1, 3);
    tu::advance(&mut system, &mut clock);
    assert!(system.pool_active_stake(node) == 1_001_000);
    // A late staker joins at the rate of epoch 3 (after epoch 2's reward is added).
    let mut late = system.stake_with_pool(tu::mint(&mut s, 1_001_000), node, s.ctx());
    tu::advance(&mut system, &mut clock);
    tu::advance(&mut system, &mut clock);
    // Epochs 2 and 3 each paid 1,000 more.
    assert!(system.pool_active_stake(node) == 1_001_000 + 1_000 + 1_001_000 + 1_000);
    system.request_withdraw_stake(&mut early);
    system.request_withdraw_stake(&mut late);
    tu::advance(&mut system, &mut clock);
    let a = system.withdraw_stake(early, s.ctx());
    let b = system.withdraw_stake(late, s.ctx());
    // Early: 1,000,000 + 1,000 (epoch 1) + 1,000 (epoch 2) + ~half of epoch 3's 1,000.
    // The late staker joined at epoch 3 with 1,001,000 FROST = ~0.99900 shares per FROST.
    assert!(a.value() + b.value() <= 1_000_000 + 1_001_000 + 3_000);
    assert!(a.value() + b.value() >= 1_000_000 + 1_001_000 + 3_000 - 2);
    assert!(a.value() >= 1_002_499 && a.value() <= 1_002_501);
    tu::assert_invariants(&system);
    destroy(vector[a, b]);
    destroy(st);
    destroy(cap);
    tu::finish(system, clock, s);
}
