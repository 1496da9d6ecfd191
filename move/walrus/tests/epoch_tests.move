/// The epoch change: timing, fee distribution by shards (commission, dust, forfeits, empty
/// committees), committee selection (eligibility, exclusion, minimum stake, maximum size),
/// prices and capacity from votes, slashing, and their events.
#[test_only]
module walrus::epoch_tests;

use sui::event;
use walrus::events;
use walrus::system::{Self, System};
use walrus::test_utils::{Self as tu, destroy};

#[test, expected_failure(abort_code = system::EEpochNotOver)]
fun advancing_early_aborts() {
    let (mut s, mut clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    clock.increment_for_testing(tu::epoch_ms() - 1);
    system.advance_epoch(&clock);
    abort
}

#[test]
fun advancing_exactly_at_the_end_and_late() {
    let (mut s, mut clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    clock.increment_for_testing(tu::epoch_ms());
    system.advance_epoch(&clock);
    assert!(system.epoch() == 1 && system.epoch_start_ms() == 1_000);
    // Late calls start the epoch at the call time.
    clock.increment_for_testing(10 * tu::epoch_ms());
    system.advance_epoch(&clock);
    assert!(system.epoch() == 2 && system.epoch_start_ms() == 11_000);
    tu::finish(system, clock, s);
}

#[test]
fun empty_committee_carries_fees_over() {
    let (mut s, mut clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let storage = tu::reserve(&mut system, &mut s, 1, 2);
    assert!(system.rewards_at(0) == 1_000 && system.rewards_at(1) == 1_000);
    tu::advance(&mut system, &mut clock);
    assert!(system.committee().is_empty() && system.committee().epoch() == 1);
    assert!(system.rewards_at(1) == 2_000);
    assert!(
        event::events_by_type<events::RewardsDistributed>()
            == vector[events::rewards_distributed(0, 1_000, vector[], vector[], vector[], 0, 1_000)],
    );
    assert!(
        event::events_by_type<events::EpochChanged>()
            == vector[events::epoch_changed(1, 1_000, vector[], vector[], vector[], 0, 0)],
    );
    // Prices and capacity unchanged.
    assert!(
        event::events_by_type<events::PricesUpdated>()
            == vector[events::prices_updated(1, tu::storage_price(), tu::write_price(), tu::capacity())],
    );
    tu::assert_invariants(&system);
    destroy(storage);
    tu::finish(system, clock, s);
}

#[test]
fun first_committee_events() {
    let (mut s, mut clock) = tu::begin();
    let (system, caps, node_ids, staked) = tu::setup_committee(&mut s, &mut clock);
    // setup_committee advanced to epoch 1 in the previous transaction; check the state.
    let c = system.committee();
    assert!(c.node_ids() == node_ids);
    assert!(c.shard_counts() == vector[4, 3, 2, 1]);
    assert!(*c.member(0).member_shards() == vector[0, 1, 2, 3]);
    assert!(*c.member(1).member_shards() == vector[4, 5, 6]);
    assert!(*c.member(2).member_shards() == vector[7, 8]);
    assert!(*c.member(3).member_shards() == vector[9]);
    assert!(c.total_stake() == tu::frost(1_000) && system.total_active_stake() == tu::frost(1_000));
    // Votes: 1000 / 500 from everyone; capacity 1 TiB per node extrapolated by shards
    // (10/4, 10/3, 10/2, 10/1 TiB): the 2/3 quantile from above is 2.5 TiB.
    assert!(system.storage_price() == 1_000 && system.write_price() == 500);
    assert!(system.total_capacity() == (1 << 40) * 10 / 4);
    tu::assert_invariants(&system);
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

#[test]
fun epoch_change_emits_committee_pools_and_prices() {
    let (mut s, mut clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let cap0 = tu::register_with_votes(&mut system, &mut s, 0, 0, 100, 10, 1 << 30);
    let cap1 = tu::register_with_votes(&mut system, &mut s, 1, 0, 300, 30, 1 << 31);
    let (n0, n1) = (cap0.cap_node_id(), cap1.cap_node_id());
    let st0 = system.stake_with_pool(tu::mint(&mut s, 600), n0, s.ctx());
    let st1 = system.stake_with_pool(tu::mint(&mut s, 400), n1, s.ctx());
    tu::advance(&mut system, &mut clock);
    assert!(
        event::events_by_type<events::EpochChanged>() == vector[
            events::epoch_changed(
                1,
                1_000,
                vector[n0, n1],
                vector[vector[0, 1, 2, 3, 4, 5], vector[6, 7, 8, 9]],
                vector[600, 400],
                1_000,
                1_000,
            ),
        ],
    );
    let updates = event::events_by_type<events::StakingPoolUpdated>();
    assert!(
        updates == vector[
            events::staking_pool_updated(1, n0, 600, 600, 0, 0, 600, 0, 0, 0),
            events::staking_pool_updated(1, n1, 400, 400, 0, 0, 400, 0, 0, 0),
        ],
    );
    // Prices: weights 6 and 4; 2/3 of 10 needs both -> the higher price. Capacity: 1 GiB * 10/6
    // and 2 GiB * 10/4; 2/3 from above needs both -> the lower.
    let capacity = (1 << 30) * 10 / 6;
    assert!(
        event::events_by_type<events::PricesUpdated>() == vector[events::prices_updated(1, 300, 30, capacity)],
    );
    assert!(system.total_capacity() == capacity);
    destroy(vector[st0, st1]);
    destroy(vector[cap0, cap1]);
    tu::finish(system, clock, s);
}

#[test]
fun fees_are_paid_by_shards_and_dust_carries_over() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, caps, node_ids, staked) = tu::setup_committee(&mut s, &mut clock);
    // Epoch 1's fees: 10 MiB of storage for 1 epoch, plus blob A (1 unit of storage and a
    // 1-unit write fee).
    let st = tu::reserve(&mut system, &mut s, 10 * 1_048_576, 1);
    let blob = tu::register_test_blob(&mut system, &mut s, 0, 1, false);
    // Fees for epoch 1: 10,000 + 1,000 (blob storage) + 500 (write) = 11,500.
    assert!(system.rewards_at(1) == 11_500);
    let fees_epoch_2_before = system.rewards_at(2);
    tu::advance(&mut system, &mut clock);
    // 11,500 * 4/10 = 4,600; 3,450; 2,300; 1,150 -> no dust; commission 10%.
    assert!(
        event::events_by_type<events::RewardsDistributed>() == vector[
            events::rewards_distributed(
                1,
                11_500,
                node_ids,
                vector[4_140, 3_105, 2_070, 1_035],
                vector[460, 345, 230, 115],
                0,
                0,
            ),
        ],
    );
    assert!(system.rewards_at(2) == fees_epoch_2_before);
    tu::assert_invariants(&system);
    destroy(st);
    destroy(blob);
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

#[test]
fun rounding_dust_is_carried_to_the_next_epoch() {
    let (mut s, mut clock) = tu::begin();
    let mut system = system::new_for_testing(10, 1_000, 10, 10, 0, 1 << 40, 3, 0, &clock, s.ctx());
    let (caps, node_ids, staked) = register_standard_nodes(&mut system, &mut s);
    tu::advance(&mut system, &mut clock);
    // Everyone votes a storage price of 7 FROST, which leaves dust when split 4:3:2:1.
    4u64.do!(|i| system.set_votes(&caps[i], 7, 0, 1 << 40));
    tu::advance(&mut system, &mut clock);
    assert!(system.storage_price() == 7 && system.epoch() == 2);
    // One unit for one epoch: 7 FROST -> 2.8, 2.1, 1.4, 0.7 -> 2, 2, 1, 0 = 5; dust 2.
    let st = tu::reserve(&mut system, &mut s, 1, 1);
    let next = system.rewards_at(3);
    s.next_tx(tu::user());
    tu::advance(&mut system, &mut clock);
    let distributed = event::events_by_type<events::RewardsDistributed>();
    assert!(distributed.length() == 1);
    assert!(
        distributed[0] == events::rewards_distributed(
            2,
            7,
            node_ids,
            vector[2, 2, 1, 0],
            vector[0, 0, 0, 0],
            0,
            2,
        ),
    );
    assert!(system.rewards_at(3) == next + 2);
    tu::assert_invariants(&system);
    destroy(st);
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

/// Registers test keys 0..3 with 0% commission and stakes 400/300/200/100 FROST.
fun register_standard_nodes(
    system: &mut System,
    s: &mut sui::test_scenario::Scenario,
): (vector<walrus::storage_node::StorageNodeCap>, vector<ID>, vector<walrus::staked_wal::StakedWal>) {
    let mut caps = vector[];
    let mut ids = vector[];
    let mut staked = vector[];
    let stakes = tu::standard_stakes();
    4u64.do!(|key| {
        let cap = tu::register_with_votes(system, s, key, 0, 1_000, 0, 1 << 40);
        let id = cap.cap_node_id();
        staked.push_back(system.stake_with_pool(tu::mint(s, stakes[key]), id, s.ctx()));
        caps.push_back(cap);
        ids.push_back(id);
    });
    (caps, ids, staked)
}

#[test]
fun forfeited_rewards_are_carried_over() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, caps, node_ids, staked) = tu::setup_committee(&mut s, &mut clock);
    let st = tu::reserve(&mut system, &mut s, 10 * 1_048_576, 1);
    system.forfeit_rewards(node_ids[1]);
    assert!(system.pool(node_ids[1]).is_rewards_forfeited(1));
    let active_before = system.pool_active_stake(node_ids[1]);
    tu::advance(&mut system, &mut clock);
    assert!(
        event::events_by_type<events::RewardsDistributed>() == vector[
            events::rewards_distributed(
                1,
                10_000,
                node_ids,
                vector[3_600, 0, 1_800, 900],
                vector[400, 0, 200, 100],
                3_000,
                3_000,
            ),
        ],
    );
    assert!(system.pool_active_stake(node_ids[1]) == active_before);
    assert!(system.pool(node_ids[1]).commission() == 0);
    assert!(system.rewards_at(2) == 3_000);
    tu::assert_invariants(&system);
    destroy(st);
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

#[test]
fun excluded_nodes_and_small_stakes_are_not_selected() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, caps, node_ids, staked) = tu::setup_committee(&mut s, &mut clock);
    system.set_node_excluded(node_ids[0], true);
    assert!(!system.is_eligible(node_ids[0]) && system.is_eligible(node_ids[1]));
    system.params_mut().set_min_committee_stake(tu::frost(150));
    assert!(!system.is_eligible(node_ids[3]));
    tu::advance(&mut system, &mut clock);
    assert!(system.committee().node_ids() == vector[node_ids[1], node_ids[2]]);
    assert!(system.committee().shard_counts() == vector[6, 4]);
    // Node 1 kept its shards 4, 5, 6 and gained 0, 1, 2; node 2 kept 7, 8 and gained 3, 9.
    assert!(*system.committee().member(0).member_shards() == vector[0, 1, 2, 4, 5, 6]);
    assert!(*system.committee().member(1).member_shards() == vector[3, 7, 8, 9]);
    system.set_node_excluded(node_ids[0], false);
    system.params_mut().set_min_committee_stake(0);
    system.params_mut().set_max_committee_size(3);
    tu::advance(&mut system, &mut clock);
    assert!(system.committee().node_ids() == vector[node_ids[0], node_ids[1], node_ids[2]]);
    tu::assert_invariants(&system);
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

#[test]
fun nodes_without_stake_or_shards_stay_out() {
    let (mut s, mut clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let cap0 = tu::register(&mut system, &mut s, 0);
    let cap1 = tu::register(&mut system, &mut s, 1);
    let cap2 = tu::register(&mut system, &mut s, 2);
    let st0 = system.stake_with_pool(tu::mint(&mut s, 1_000_000), cap0.cap_node_id(), s.ctx());
    // 1 FROST out of 1,000,001: 0 shards.
    let st1 = system.stake_with_pool(tu::mint(&mut s, 1), cap1.cap_node_id(), s.ctx());
    tu::advance(&mut system, &mut clock);
    assert!(system.committee().node_ids() == vector[cap0.cap_node_id()]);
    assert!(system.committee().shard_counts() == vector[10]);
    destroy(vector[st0, st1]);
    destroy(vector[cap0, cap1, cap2]);
    tu::finish(system, clock, s);
}

#[test]
fun capacity_never_drops_below_what_is_reserved() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, caps, _node_ids, staked) = tu::setup_committee(&mut s, &mut clock);
    let st = tu::reserve(&mut system, &mut s, 1 << 30, 5);
    4u64.do!(|i| system.set_votes(&caps[i], 1_000, 500, 1));
    tu::advance(&mut system, &mut clock);
    assert!(system.total_capacity() == 1 << 30);
    assert!(system.used_capacity() == 1 << 30);
    tu::assert_invariants(&system);
    destroy(st);
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

#[test]
fun votes_beyond_u64_saturate() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, caps, _node_ids, staked) = tu::setup_committee(&mut s, &mut clock);
    let max = std::u64::max_value!();
    4u64.do!(|i| system.set_votes(&caps[i], max, max, max));
    tu::advance(&mut system, &mut clock);
    assert!(system.storage_price() == max && system.write_price() == max);
    assert!(system.total_capacity() == max);
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

#[test]
fun slashing_is_borne_pro_rata_by_stakers() {
    let (mut s, mut clock) = tu::begin();
    let (mut system, caps, node_ids, mut staked) = tu::setup_committee(&mut s, &mut clock);
    let node = node_ids[0];
    // A delegator joins node 0 with 100 WAL in epoch 1 (active from epoch 2).
    s.next_tx(tu::staker(1));
    let mut delegated = system.stake_with_pool(tu::mint(&mut s, tu::frost(100)), node, s.ctx());
    tu::advance(&mut system, &mut clock);
    assert!(system.pool_active_stake(node) == tu::frost(500));
    // Slash 20% of the pool.
    let slashed = system.slash_node(node, tu::frost(100));
    assert!(slashed.value() == tu::frost(100) && system.wal_slashed() == (tu::frost(100) as u128));
    assert!(system.total_active_stake() == tu::frost(1_000));
    tu::assert_invariants(&system);
    let mut operator = staked.remove(0);
    system.request_withdraw_stake(&mut operator);
    system.request_withdraw_stake(&mut delegated);
    tu::advance(&mut system, &mut clock);
    let a = system.withdraw_stake(operator, s.ctx());
    let b = system.withdraw_stake(delegated, s.ctx());
    assert!(a.value() == tu::frost(320) && b.value() == tu::frost(80));
    tu::assert_invariants(&system);
    destroy(vector[a, b]);
    destroy(slashed);
    destroy(caps);
    destroy(staked);
    tu::finish(system, clock, s);
}

#[test]
fun governance_can_raise_max_epochs_ahead() {
    let (mut s, clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    system.params_mut().set_max_epochs_ahead(20);
    let st = tu::reserve(&mut system, &mut s, 100, 20);
    assert!(st.end_epoch() == 20 && system.future_accounting().length() == 20);
    assert!(system.used_capacity_at(19) == 100);
    tu::assert_invariants(&system);
    destroy(st);
    tu::finish(system, clock, s);
}

#[test]
fun lowering_max_epochs_ahead_keeps_reservations() {
    let (mut s, mut clock) = tu::begin();
    let mut system = tu::new_system(&mut s, &clock);
    let st = tu::reserve(&mut system, &mut s, 100, 10);
    system.params_mut().set_max_epochs_ahead(2);
    tu::advance(&mut system, &mut clock);
    assert!(system.used_capacity_at(9) == 100 && system.rewards_at(9) == 1_000);
    tu::assert_invariants(&system);
    destroy(st);
    tu::finish(system, clock, s);
}
