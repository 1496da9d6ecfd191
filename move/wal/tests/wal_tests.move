/// Tests of the WAL coin: supply, decimals and metadata, the locked treasury (no mint path),
/// burn accounting and events, and every abort.
#[test_only]
module wal::wal_tests;

use sui::coin::{Self, Coin, CoinMetadata, TreasuryCap};
use sui::event;
use sui::test_scenario::{Self as ts, Scenario};
use wal::wal::{Self, WAL, Treasury, WalBurned};

const PUBLISHER: address = @0xA11CE;
const HOLDER: address = @0xB0B;

/// Publishes the package as `PUBLISHER` and moves to the next transaction.
fun publish(): Scenario {
    let mut s = ts::begin(PUBLISHER);
    wal::init_for_testing(s.ctx());
    s.next_tx(PUBLISHER);
    s
}

#[test]
fun publisher_receives_the_whole_supply() {
    let s = publish();
    let coin = s.take_from_sender<Coin<WAL>>();
    assert!(coin.value() == 5_000_000_000 * 1_000_000_000);
    assert!(coin.value() == wal::initial_supply());
    s.return_to_sender(coin);
    s.end();
}

#[test]
fun total_supply_starts_at_five_billion_wal() {
    let s = publish();
    let treasury = s.take_shared<Treasury>();
    assert!(treasury.total_supply() == 5_000_000_000_000_000_000);
    assert!(treasury.total_burned() == 0);
    assert!(wal::initial_supply_wal() * wal::frost_per_wal() == wal::initial_supply());
    ts::return_shared(treasury);
    s.end();
}

#[test]
fun metadata_has_nine_decimals_and_symbol_wal() {
    let s = publish();
    let metadata = s.take_immutable<CoinMetadata<WAL>>();
    assert!(metadata.get_decimals() == 9);
    assert!(wal::decimals() == 9);
    assert!(wal::frost_per_wal() == 1_000_000_000);
    assert!(metadata.get_symbol() == b"WAL".to_ascii_string());
    assert!(metadata.get_name() == b"WAL Token".to_string());
    assert!(metadata.get_icon_url().is_none());
    ts::return_immutable(metadata);
    s.end();
}

#[test]
fun metadata_is_frozen_not_owned() {
    let s = publish();
    // Frozen (immutable) objects are not owned by anyone, so the publisher cannot edit them.
    assert!(!ts::has_most_recent_for_sender<CoinMetadata<WAL>>(&s));
    assert!(ts::has_most_recent_immutable<CoinMetadata<WAL>>());
    s.end();
}

#[test]
fun no_treasury_cap_exists_after_publish() {
    let s = publish();
    // The cap was turned into a bare Supply inside the shared Treasury: nobody owns a
    // TreasuryCap<WAL>, and no shared or immutable one exists, so no mint path is left.
    assert!(!ts::has_most_recent_for_sender<TreasuryCap<WAL>>(&s));
    assert!(!ts::has_most_recent_for_address<TreasuryCap<WAL>>(PUBLISHER));
    assert!(!ts::has_most_recent_shared<TreasuryCap<WAL>>());
    assert!(!ts::has_most_recent_immutable<TreasuryCap<WAL>>());
    assert!(ts::has_most_recent_shared<Treasury>());
    s.end();
}

#[test]
fun burn_reduces_total_supply() {
    let mut s = publish();
    let mut treasury = s.take_shared<Treasury>();
    let mut coin = s.take_from_sender<Coin<WAL>>();
    let part = coin.split(1_234_567_891, s.ctx());
    wal::burn(&mut treasury, part, s.ctx());
    assert!(treasury.total_supply() == wal::initial_supply() - 1_234_567_891);
    assert!(treasury.total_burned() == 1_234_567_891);
    // Conservation: what is left in circulation equals the supply.
    assert!(coin.value() == treasury.total_supply());
    s.return_to_sender(coin);
    ts::return_shared(treasury);
    s.end();
}

#[test]
fun burn_balance_reduces_total_supply() {
    let mut s = publish();
    let mut treasury = s.take_shared<Treasury>();
    let mut coin = s.take_from_sender<Coin<WAL>>();
    let balance = coin.balance_mut().split(42);
    wal::burn_balance(&mut treasury, balance, s.ctx());
    assert!(treasury.total_supply() == wal::initial_supply() - 42);
    assert!(treasury.total_burned() == 42);
    s.return_to_sender(coin);
    ts::return_shared(treasury);
    s.end();
}

#[test]
fun burns_accumulate_to_the_last_frost() {
    let mut s = publish();
    let mut treasury = s.take_shared<Treasury>();
    let mut coin = s.take_from_sender<Coin<WAL>>();
    let mut i = 1;
    let mut sum = 0;
    while (i <= 10) {
        let part = coin.split(i * 1_000_000_007, s.ctx());
        wal::burn(&mut treasury, part, s.ctx());
        sum = sum + i * 1_000_000_007;
        i = i + 1;
    };
    assert!(treasury.total_burned() == sum);
    assert!(treasury.total_supply() + sum == wal::initial_supply());
    assert!(coin.value() == treasury.total_supply());
    s.return_to_sender(coin);
    ts::return_shared(treasury);
    s.end();
}

#[test]
fun burning_everything_leaves_zero_supply() {
    let mut s = publish();
    let mut treasury = s.take_shared<Treasury>();
    let coin = s.take_from_sender<Coin<WAL>>();
    wal::burn(&mut treasury, coin, s.ctx());
    assert!(treasury.total_supply() == 0);
    assert!(treasury.total_burned() == wal::initial_supply());
    ts::return_shared(treasury);
    s.end();
}

#[test]
fun anyone_can_burn_their_own_wal() {
    let mut s = publish();
    let mut coin = s.take_from_sender<Coin<WAL>>();
    transfer::public_transfer(coin.split(500, s.ctx()), HOLDER);
    s.return_to_sender(coin);
    s.next_tx(HOLDER);
    let mut treasury = s.take_shared<Treasury>();
    let mine = s.take_from_sender<Coin<WAL>>();
    wal::burn(&mut treasury, mine, s.ctx());
    assert!(treasury.total_supply() == wal::initial_supply() - 500);
    ts::return_shared(treasury);
    s.end();
}

#[test]
fun burn_emits_an_event_with_amount_supply_and_burner() {
    let mut s = publish();
    let mut treasury = s.take_shared<Treasury>();
    let mut coin = s.take_from_sender<Coin<WAL>>();
    let part = coin.split(777, s.ctx());
    wal::burn(&mut treasury, part, s.ctx());
    let events = event::events_by_type<WalBurned>();
    assert!(events.length() == 1);
    let e = &events[0];
    assert!(e.burned_amount() == 777);
    assert!(e.burned_total_supply() == wal::initial_supply() - 777);
    assert!(e.burned_by() == PUBLISHER);
    s.return_to_sender(coin);
    ts::return_shared(treasury);
    let effects = s.next_tx(PUBLISHER);
    assert!(effects.num_user_events() == 1);
    s.end();
}

#[test]
fun publish_emits_no_burn_event() {
    let mut s = ts::begin(PUBLISHER);
    wal::init_for_testing(s.ctx());
    let effects = s.next_tx(PUBLISHER);
    assert!(effects.num_user_events() == 0);
    s.end();
}

#[test, expected_failure(abort_code = wal::EZeroBurn)]
fun burning_an_empty_coin_aborts() {
    let mut s = publish();
    let mut treasury = s.take_shared<Treasury>();
    let empty = coin::zero<WAL>(s.ctx());
    wal::burn(&mut treasury, empty, s.ctx());
    abort
}

#[test, expected_failure(abort_code = wal::EZeroBurn)]
fun burning_an_empty_balance_aborts() {
    let mut s = publish();
    let mut treasury = s.take_shared<Treasury>();
    wal::burn_balance(&mut treasury, sui::balance::zero<WAL>(), s.ctx());
    abort
}

#[test, expected_failure(abort_code = sui::balance::ENotEnough)]
fun burning_more_than_owned_is_impossible() {
    // The framework refuses to split more than a coin holds, so no burn can exceed holdings.
    let mut s = publish();
    let mut coin = s.take_from_sender<Coin<WAL>>();
    let total = coin.value();
    let too_much = coin.split(total + 1, s.ctx());
    coin.join(too_much);
    abort
}
