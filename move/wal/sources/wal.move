/// The WAL coin: the token that pays for storage and that storage nodes and delegators stake.
///
/// * 9 decimals: 1 WAL = 1,000,000,000 FROST (the smallest unit).
/// * A fixed supply of 5,000,000,000 WAL, minted once when the package is published and sent to
///   the publisher.
/// * No further WAL can ever be minted: at publish the `TreasuryCap<WAL>` is turned into a bare
///   `Supply<WAL>` and locked inside the shared `Treasury` object. This module exposes no function
///   that increases that supply, and no other module can reach it (the `Supply` is a private
///   field). The supply can only go down, through `burn`.
/// * `burn` is public: anyone may destroy WAL they own (the walrus contracts burn slashed stake
///   and fee burns with it). Every burn emits a `WalBurned` event with the new total supply.
module wal::wal;

use sui::balance::{Self, Balance, Supply};
use sui::coin::{Self, Coin};
use sui::event;

// === Constants ===

/// Number of decimals of WAL.
const DECIMALS: u8 = 9;
/// FROST (smallest unit) per WAL.
const FROST_PER_WAL: u64 = 1_000_000_000;
/// The whole supply in WAL.
const TOTAL_SUPPLY_WAL: u64 = 5_000_000_000;
/// The whole supply in FROST: 5 * 10^18, below u64::MAX (~1.8 * 10^19).
const TOTAL_SUPPLY_FROST: u64 = 5_000_000_000_000_000_000;

// === Errors ===

#[error(code = 0)]
/// A burn must destroy a positive amount.
const EZeroBurn: vector<u8> = b"nothing to burn: the coin or balance passed to burn holds 0 FROST";

// === Structs ===

/// The one-time witness of the WAL coin type; `WAL` is also the coin type (`Coin<WAL>`).
public struct WAL has drop {}

/// Shared object that locks the WAL supply. It holds the `Supply<WAL>` made from the treasury
/// cap at publish, so nothing can mint; it only counts the supply down as WAL is burned.
public struct Treasury has key {
    id: UID,
    /// The locked supply; its value is the current total supply in FROST.
    supply: Supply<WAL>,
    /// Total FROST burned since publish.
    burned: u64,
}

// === Events ===

/// Emitted by every burn.
public struct WalBurned has copy, drop {
    /// FROST destroyed by this burn.
    amount: u64,
    /// Total supply in FROST after the burn.
    total_supply: u64,
    /// Address that sent the burning transaction.
    burner: address,
}

// === Publish ===

/// Creates the currency, mints the whole supply to the publisher, freezes the metadata and
/// locks the supply in the shared `Treasury`. (`coin::create_currency` is used rather than the
/// newer `coin_registry` flow because it finishes in the publish transaction itself, with no
/// follow-up registration step; the metadata object is the long-standing `CoinMetadata<WAL>`.)
#[allow(deprecated_usage)]
fun init(otw: WAL, ctx: &mut TxContext) {
    let (mut cap, metadata) = coin::create_currency(
        otw,
        DECIMALS,
        b"WAL",
        b"WAL Token",
        b"The native token of the Walrus-on-Sui blob store: pays for storage, staked by storage nodes and delegators, and weighs governance votes.",
        option::none(),
        ctx,
    );
    let all = coin::mint(&mut cap, TOTAL_SUPPLY_FROST, ctx);
    transfer::public_transfer(all, ctx.sender());
    transfer::public_freeze_object(metadata);
    let supply = coin::treasury_into_supply(cap);
    transfer::share_object(Treasury { id: object::new(ctx), supply, burned: 0 });
}

// === Burning ===

/// Destroys `coin`, reducing the total supply by its value. Aborts with `EZeroBurn` on an
/// empty coin.
public fun burn(treasury: &mut Treasury, coin: Coin<WAL>, ctx: &TxContext) {
    treasury.burn_balance(coin.into_balance(), ctx);
}

/// Destroys `balance`, reducing the total supply by its value (for contracts that hold WAL as
/// `Balance`, such as staking pools). Aborts with `EZeroBurn` on an empty balance.
public fun burn_balance(treasury: &mut Treasury, balance: Balance<WAL>, ctx: &TxContext) {
    let amount = balance.value();
    assert!(amount > 0, EZeroBurn);
    balance::decrease_supply(&mut treasury.supply, balance);
    // Cannot overflow: the sum of all burns is at most the initial supply.
    treasury.burned = treasury.burned + amount;
    event::emit(WalBurned {
        amount,
        total_supply: treasury.supply.supply_value(),
        burner: ctx.sender(),
    });
}

// === Accessors ===

/// Current total supply in FROST (initial supply minus everything burned).
public fun total_supply(treasury: &Treasury): u64 {
    treasury.supply.supply_value()
}

/// Total FROST burned since publish.
public fun total_burned(treasury: &Treasury): u64 {
    treasury.burned
}

/// Number of decimals of WAL (9).
public fun decimals(): u8 { DECIMALS }

/// FROST per WAL (10^9).
public fun frost_per_wal(): u64 { FROST_PER_WAL }

/// The initial (and maximum) supply in FROST.
public fun initial_supply(): u64 { TOTAL_SUPPLY_FROST }

/// The initial (and maximum) supply in whole WAL.
public fun initial_supply_wal(): u64 { TOTAL_SUPPLY_WAL }

// === Event accessors ===

/// FROST destroyed by the burn.
public fun burned_amount(e: &WalBurned): u64 { e.amount }

/// Total supply after the burn.
public fun burned_total_supply(e: &WalBurned): u64 { e.total_supply }

/// Sender of the burning transaction.
public fun burned_by(e: &WalBurned): address { e.burner }

// === Test only ===

#[test_only]
/// Runs the publish initializer with a test one-time witness.
public fun init_for_testing(ctx: &mut TxContext) {
    init(WAL {}, ctx);
}
