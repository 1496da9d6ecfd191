//! Rust bindings of every Move struct of `move/wal` and `move/walrus`: the objects a client,
//! storage node, indexer or verifier reads, their parts, the framework types they contain, and
//! every event.
//!
//! * [`framework`]: mirrors of the Sui framework types that appear in fields (`UID`, `ID`,
//!   `Balance<T>`, `Supply<T>`, `Table<K, V>`, `Bag`, `VecMap<K, V>`, `Coin<T>`) and the
//!   dynamic-field wrapper `Field<K, V>`, with their BCS layout.
//! * [`objects`]: the structs of the two packages (`System` and its parts, `Storage`, `Blob`,
//!   `StakingPool`, `StakedWal`, proposals, audit rounds, caps, `wal::Treasury`, ...).
//! * [`events`]: every event struct of `walrus::events` and `wal::wal`.
//!
//! Each binding is declared with [`move_struct!`](crate::move_struct): the Rust struct decodes
//! the Move value's BCS with serde, and its [`MoveStruct`] implementation
//! names the Move type (matched by the package's *original* ID, which types keep across
//! upgrades) and lists every field's Move type. The layout test (`tests/layout.rs`) compiles
//! the Move packages and checks every binding against the bytecode, field by field, and checks
//! that each declared Move type is the one the Rust field type stands for
//! ([`MoveTypeName`]).
//!
//! Type mapping: `u8`..`u128` and `bool` as themselves; `u256` blob IDs as
//! [`walrus_core::BlobId`] (32 little-endian bytes, the BCS of a `u256`); `address` as
//! [`Address`]; `ID` / `UID` as [`Id`] / [`Uid`] (32 bytes);
//! `vector<T>` as `Vec<T>`; `Option<T>` as `Option<T>` (BCS encodes both as a 0/1-element
//! vector); `String` as `String` (UTF-8 bytes with a length prefix, checked on decode).

pub mod events;
pub mod framework;
pub mod objects;

pub use events::*;
pub use framework::{Bag, Balance, Coin, Entry, Field, Id, Supply, Table, Uid, VecMap};
pub use objects::*;

use sui_sdk_types::Address;
use walrus_core::BlobId;

use crate::events::{BindingLayout, MoveStruct, SystemEvent};

macro_rules! object_bindings {
    ($($ty:ty),* $(,)?) => {
        /// The layouts of every non-event binding (objects and their parts), for the layout
        /// check.
        pub fn object_layouts() -> Vec<BindingLayout> {
            vec![ $( <$ty as MoveStruct>::layout(), )* ]
        }
    };
}

object_bindings![
    Wal,
    Treasury,
    InitCap,
    System,
    Params,
    CommitteeMember,
    Committee,
    EpochAccount,
    FutureAccounting,
    Storage,
    Blob,
    AttributesKey,
    Attributes,
    StorageNodeInfo,
    StorageNodeCap,
    ExchangeRate,
    PendingCommission,
    StakingPool,
    EpochChangeSummary,
    StakedWal,
    AuditorCap,
    AuditorEntry,
    AuditorRegistry,
    Action,
    Proposal,
    AuditSchedule,
    Report,
    AuditRound,
    PenaltyRecord,
    PenaltyRecords,
];

/// The layouts of every binding: objects, then events.
pub fn all_layouts() -> Vec<BindingLayout> {
    let mut all = object_layouts();
    all.extend(SystemEvent::layouts());
    all
}

/// The Move type a Rust type stands for, written as the bytecode reader prints it
/// ([`crate::move_bytecode::MoveType`]'s `Display`): short addresses, the system's own packages
/// at `0x0` (`0x2::balance::Balance<0x0::wal::WAL>`).
///
/// The layout check compares it with each field's declared Move type, so a binding whose Rust
/// field type does not encode the declared Move type (a `u32` field declared `u64`) is caught
/// even though its declaration matches the bytecode.
pub trait MoveTypeName {
    /// The Move type.
    fn move_type_name() -> String;
}

macro_rules! primitive_names {
    ($($t:ty => $name:literal),* $(,)?) => {
        $(impl MoveTypeName for $t {
            fn move_type_name() -> String {
                $name.to_string()
            }
        })*
    };
}

primitive_names! {
    bool => "bool",
    u8 => "u8",
    u16 => "u16",
    u32 => "u32",
    u64 => "u64",
    u128 => "u128",
    Address => "address",
    String => "0x1::string::String",
    BlobId => "u256",
}

impl<T: MoveTypeName> MoveTypeName for Vec<T> {
    fn move_type_name() -> String {
        format!("vector<{}>", T::move_type_name())
    }
}

impl<T: MoveTypeName> MoveTypeName for Option<T> {
    fn move_type_name() -> String {
        format!("0x1::option::Option<{}>", T::move_type_name())
    }
}

/// Serde of a `u256` blob ID as 32 little-endian bytes (its BCS), for [`BlobId`] fields.
pub mod blob_id_serde {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use walrus_core::BlobId;

    /// Serializes the 32 little-endian bytes.
    pub fn serialize<S: Serializer>(id: &BlobId, s: S) -> Result<S::Ok, S::Error> {
        id.0.serialize(s)
    }

    /// Deserializes 32 little-endian bytes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BlobId, D::Error> {
        <[u8; 32]>::deserialize(d).map(BlobId)
    }
}
