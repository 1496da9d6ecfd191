//! The parts of the Sui framework the contracts use: balances, coins, tables.

use sui_sdk_types::{Address, TypeTag};
use walrus_chain::bindings::{Balance, Coin, Id, Table, Uid};

use super::errors::Abort;
use crate::exec::{Fail, add};

/// `sui::balance::ENonZero`.
pub const BALANCE_ENONZERO: Abort = Abort {
    package: "sui",
    module: "balance",
    name: "ENonZero",
    code: 0,
};
/// `sui::balance::ENotEnough`.
pub const BALANCE_ENOTENOUGH: Abort = Abort {
    package: "sui",
    module: "balance",
    name: "ENotEnough",
    code: 2,
};
/// `sui::dynamic_field::EFieldAlreadyExists`.
pub const DF_EALREADYEXISTS: Abort = Abort {
    package: "sui",
    module: "dynamic_field",
    name: "EFieldAlreadyExists",
    code: 0,
};
/// `sui::dynamic_field::EFieldDoesNotExist`.
pub const DF_ENOTFOUND: Abort = Abort {
    package: "sui",
    module: "dynamic_field",
    name: "EFieldDoesNotExist",
    code: 1,
};

/// `balance.split(amount)`: the split-off value.
pub fn split<T>(b: &mut Balance<T>, amount: u64) -> Result<u64, Fail> {
    if b.value < amount {
        return Err(Fail::Abort(BALANCE_ENOTENOUGH));
    }
    b.value -= amount;
    Ok(amount)
}

/// `balance.withdraw_all()`.
pub fn withdraw_all<T>(b: &mut Balance<T>) -> u64 {
    std::mem::take(&mut b.value)
}

/// `balance.join(other)`.
pub fn join<T>(b: &mut Balance<T>, amount: u64) -> Result<(), Fail> {
    b.value = add(b.value, amount)?;
    Ok(())
}

/// `coin::from_balance(balance, ctx)` with a fresh ID.
pub fn new_coin<T>(id: Address, value: u64) -> Coin<T> {
    Coin {
        id: Uid(id),
        balance: Balance::new(value),
    }
}

/// A new empty table with a fresh ID.
pub fn new_table<K, V>(id: Address) -> Table<K, V> {
    Table::new(id, 0)
}

/// The type tag of `0x2::object::ID`.
pub fn id_tag() -> TypeTag {
    Id::type_tag()
}
