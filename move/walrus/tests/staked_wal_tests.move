/// Tests of `walrus::staked_wal`: split, join, votes inherited and unioned, events, aborts.
#[test_only]
module walrus::staked_wal_tests;

use sui::event;
use sui::test_scenario as ts;
use walrus::events;
use walrus::staked_wal;

#[test]
fun split_keeps_node_epoch_and_votes() {
    let mut s = ts::begin(@0x1);
    let node = object::id_from_address(@0x100);
    let proposal = object::id_from_address(@0x200);
    let mut a = staked_wal::mint_for_testing(node, 1_000, 3, s.ctx());
    a.add_vote(proposal);
    let b = a.split(400, s.ctx());
    assert!(a.principal() == 600 && b.principal() == 400);
    assert!(b.node_id() == node && b.activation_epoch() == 3 && !b.is_withdrawing());
    assert!(a.has_voted(proposal) && b.has_voted(proposal));
    assert!(
        event::events_by_type<events::StakedWalSplit>()
            == vector[events::staked_wal_split(object::id(&a), object::id(&b), node, 600, 400)],
    );
    a.destroy_for_testing();
    b.destroy_for_testing();
    s.end();
}

#[test]
fun join_adds_principal_and_unions_votes() {
    let mut s = ts::begin(@0x1);
    let node = object::id_from_address(@0x100);
    let p1 = object::id_from_address(@0x201);
    let p2 = object::id_from_address(@0x202);
    let p3 = object::id_from_address(@0x203);
    let mut a = staked_wal::mint_for_testing(node, 1_000, 3, s.ctx());
    let mut b = staked_wal::mint_for_testing(node, 500, 3, s.ctx());
    a.add_vote(p1);
    a.add_vote(p2);
    b.add_vote(p2);
    b.add_vote(p3);
    let b_id = object::id(&b);
    a.join(b);
    assert!(a.principal() == 1_500);
    assert!(a.votes() == &vector[p1, p2, p3]);
    assert!(
        event::events_by_type<events::StakedWalJoined>()
            == vector[events::staked_wal_joined(object::id(&a), b_id, node, 1_500)],
    );
    assert!(a.is_active_at(3) && !a.is_active_at(2));
    a.set_withdrawing(5);
    assert!(a.is_active_at(4) && !a.is_active_at(5));
    assert!(a.withdraw_epoch() == option::some(5));
    a.destroy_for_testing();
    s.end();
}

#[test, expected_failure(abort_code = staked_wal::EAlreadyVoted)]
fun voting_twice_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = staked_wal::mint_for_testing(object::id_from_address(@0x100), 1_000, 3, s.ctx());
    a.add_vote(object::id_from_address(@0x200));
    let mut b = a.split(10, s.ctx());
    // The split-off half inherited the vote.
    b.add_vote(object::id_from_address(@0x200));
    abort
}

#[test, expected_failure(abort_code = staked_wal::EInvalidSplitAmount)]
fun split_zero_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = staked_wal::mint_for_testing(object::id_from_address(@0x100), 1_000, 3, s.ctx());
    let _b = a.split(0, s.ctx());
    abort
}

#[test, expected_failure(abort_code = staked_wal::EInvalidSplitAmount)]
fun split_everything_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = staked_wal::mint_for_testing(object::id_from_address(@0x100), 1_000, 3, s.ctx());
    let _b = a.split(1_000, s.ctx());
    abort
}

#[test, expected_failure(abort_code = staked_wal::EWithdrawing)]
fun split_withdrawing_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = staked_wal::mint_for_testing(object::id_from_address(@0x100), 1_000, 3, s.ctx());
    a.set_withdrawing(4);
    let _b = a.split(10, s.ctx());
    abort
}

#[test, expected_failure(abort_code = staked_wal::EWithdrawing)]
fun join_withdrawing_aborts() {
    let mut s = ts::begin(@0x1);
    let node = object::id_from_address(@0x100);
    let mut a = staked_wal::mint_for_testing(node, 1_000, 3, s.ctx());
    let mut b = staked_wal::mint_for_testing(node, 1_000, 3, s.ctx());
    b.set_withdrawing(4);
    a.join(b);
    abort
}

#[test, expected_failure(abort_code = staked_wal::EDifferentNode)]
fun join_different_nodes_aborts() {
    let mut s = ts::begin(@0x1);
    let mut a = staked_wal::mint_for_testing(object::id_from_address(@0x100), 1_000, 3, s.ctx());
    let b = staked_wal::mint_for_testing(object::id_from_address(@0x101), 1_000, 3, s.ctx());
    a.join(b);
    abort
}

#[test, expected_failure(abort_code = staked_wal::EDifferentActivationEpoch)]
fun join_different_activation_epochs_aborts() {
    let mut s = ts::begin(@0x1);
    let node = object::id_from_address(@0x100);
    let mut a = staked_wal::mint_for_testing(node, 1_000, 3, s.ctx());
    let b = staked_wal::mint_for_testing(node, 1_000, 4, s.ctx());
    a.join(b);
    abort
}
