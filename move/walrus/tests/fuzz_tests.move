/// A deterministic pseudo-random walk (linear congruential generator, fixed seed) over staking,
/// withdrawals, storage purchases, blob registration and extension, commission collection,
/// slashing and forfeits across 12 epochs with five nodes, paid from the real WAL supply. After
/// every operation: the system's invariants hold and the WAL outside the system plus the WAL
/// inside plus the WAL slashed is exactly the total supply.
#[test_only]
module walrus::fuzz_tests;

use sui::balance::Balance;
use sui::coin::Coin;
use wal::wal::{Self, WAL, Treasury};
use walrus::blob::Blob;
use walrus::staked_wal::StakedWal;
use walrus::storage_node::StorageNodeCap;
use walrus::storage_resource::Storage;
use walrus::system::System;
use walrus::test_keys;
use walrus::test_utils::{Self as tu, destroy};

/// Next value of the generator.
fun next(seed: &mut u64): u64 {
    *seed = ((((*seed as u128) * 6364136223846793005 + 1442695040888963407) % (1u128 << 64)) as u64);
    *seed >> 33
}

fun check(system: &System, bank: &Coin<WAL>, slashed: &Balance<WAL>) {
    tu::assert_invariants(system);
    let outside = (bank.value() as u128) + (slashed.value() as u128);
    assert!(outside + system.wal_held() == (wal::initial_supply() as u128));
    assert!(system.wal_slashed() == (slashed.value() as u128));
}

#[test]
fun random_walk_keeps_every_invariant() {
    let (mut s, mut clock) = tu::begin();
    wal::init_for_testing(s.ctx());
    s.next_tx(tu::admin());
    let mut bank = s.take_from_sender<Coin<WAL>>();
    let treasury = s.take_shared<Treasury>();
    let mut slashed = sui::balance::zero<WAL>();
    let mut system = tu::new_system(&mut s, &clock);
    let mut caps: vector<StorageNodeCap> = vector[];
    let mut nodes = vector[];
    5u64.do!(|key| {
        let cap = tu::register_with_votes(&mut system, &mut s, key, (key as u16) * 700, 800 + key * 100, 300, 1 << 36);
        nodes.push_back(cap.cap_node_id());
        caps.push_back(cap);
    });
    let mut positions: vector<StakedWal> = vector[];
    let mut blobs: vector<Blob> = vector[];
    let mut storages: vector<Storage> = vector[];
    let mut seed = 42;
    let mut ops = 0;
    // How often each operation kind ran (op codes 0..=7).
    let mut kinds = vector::tabulate!(8, |_| 0u64);
    12u64.do!(|_| {
        8u64.do!(|_| {
            let op = next(&mut seed) % 8;
            *&mut kinds[op] = kinds[op] + 1;
            let epoch = system.epoch();
            if (op <= 1) {
                // Stake 1..=1000 WAL (plus odd FROST) with a random node.
                let amount = tu::frost(1 + next(&mut seed) % 1000) + next(&mut seed) % 1000;
                let node = nodes[next(&mut seed) % 5];
                let coin = bank.split(amount, s.ctx());
                positions.push_back(system.stake_with_pool(coin, node, s.ctx()));
            } else if (op == 2 && !positions.is_empty()) {
                // Withdraw or request a withdrawal of a random position, or split it.
                let i = next(&mut seed) % positions.length();
                let p = &positions[i];
                if (p.is_withdrawing()) {
                    if (*p.withdraw_epoch().borrow() <= epoch) {
                        let p = positions.swap_remove(i);
                        bank.join(system.withdraw_stake(p, s.ctx()));
                    }
                } else if (p.activation_epoch() > epoch) {
                    let p = positions.swap_remove(i);
                    bank.join(system.withdraw_stake(p, s.ctx()));
                } else if (next(&mut seed) % 2 == 0 && p.principal() > 1) {
                    let amount = 1 + next(&mut seed) % (p.principal() - 1);
                    let half = positions[i].split(amount, s.ctx());
                    positions.push_back(half);
                } else {
                    system.request_withdraw_stake(&mut positions[i]);
                }
            } else if (op == 3) {
                // Buy storage for 1..=max epochs.
                let size = 1 + next(&mut seed) % (64 * 1_048_576);
                let epochs = ((1 + next(&mut seed) % 10) as u32);
                let mut pay = bank.split(1_000_000_000, s.ctx());
                storages.push_back(system.reserve_space(size, epochs, &mut pay, s.ctx()));
                bank.join(pay);
            } else if (op == 4) {
                // Register blob A or B, sometimes extend an existing blob.
                if (!blobs.is_empty() && next(&mut seed) % 2 == 0) {
                    let i = next(&mut seed) % blobs.length();
                    let end = blobs[i].end_epoch();
                    if (end > epoch && end - epoch < 10) {
                        let mut pay = bank.split(1_000_000_000, s.ctx());
                        system.extend_blob(&mut blobs[i], 1, &mut pay);
                        bank.join(pay);
                    }
                } else {
                    let which = next(&mut seed) % 2;
                    let (id, size, root) = if (which == 0) {
                        (test_keys::blob_a_id(), test_keys::blob_a_size(), test_keys::blob_a_root())
                    } else {
                        (test_keys::blob_b_id(), test_keys::blob_b_size(), test_keys::blob_b_root())
                    };
                    let encoded = walrus::encoding::encoded_size(10, size);
                    let mut pay = bank.split(1_000_000_000, s.ctx());
                    let storage = system.reserve_space(encoded, 3, &mut pay, s.ctx());
                    blobs.push_back(system.register_blob(storage, id, root, size, 1, true, &mut pay, s.ctx()));
                    bank.join(pay);
                }
            } else if (op == 5) {
                let key = next(&mut seed) % 5;
                bank.join(system.collect_commission(&caps[key], s.ctx()));
            } else if (op == 6) {
                // Slash up to 10% of a random committee member, or forfeit its rewards.
                let committee = system.committee();
                if (!committee.is_empty()) {
                    let member = committee.member(next(&mut seed) % committee.size()).member_node_id();
                    if (next(&mut seed) % 2 == 0) {
                        let amount = system.pool_active_stake(member) / 10;
                        slashed.join(system.slash_node(member, amount));
                    } else {
                        system.forfeit_rewards(member);
                    }
                }
            } else if (!blobs.is_empty()) {
                // Delete a blob and keep its storage.
                let i = next(&mut seed) % blobs.length();
                let blob = blobs.swap_remove(i);
                storages.push_back(system.delete_blob(blob));
            };
            ops = ops + 1;
            check(&system, &bank, &slashed);
        });
        s.next_tx(tu::admin());
        tu::advance(&mut system, &mut clock);
        check(&system, &bank, &slashed);
    });
    assert!(ops == 96 && system.epoch() == 12);
    kinds.do!(|k| assert!(k >= 5));
    assert!(system.wal_slashed() > 0);
    // Everyone leaves.
    positions.do_mut!(|p| if (!p.is_withdrawing() && p.activation_epoch() <= system.epoch()) {
        system.request_withdraw_stake(p)
    });
    tu::advance(&mut system, &mut clock);
    positions.destroy!(|p| bank.join(system.withdraw_stake(p, s.ctx())));
    5u64.do!(|key| bank.join(system.collect_commission(&caps[key], s.ctx())));
    check(&system, &bank, &slashed);
    // Only rounding dust (orphaned fractions of shares) is left in the pools.
    assert!(system.total_active_stake() < 100);
    nodes.do_ref!(|n| assert!(system.pool(*n).pending_stake() == 0 && system.pool(*n).commission() == 0));
    assert!(treasury.total_supply() == wal::initial_supply());
    destroy(blobs);
    destroy(storages);
    destroy(caps);
    destroy(bank);
    destroy(slashed);
    sui::test_scenario::return_shared(treasury);
    tu::finish(system, clock, s);
}
