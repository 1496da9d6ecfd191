//! Rust bindings of Move structs and events, and the event decoder.
//!
//! A binding is declared once with [`move_struct!`](crate::move_struct): the macro defines the
//! Rust struct (with serde derives, so its BCS matches the Move value) and its Move identity and
//! layout ([`MoveStruct`]): the defining package, module, name and every field's Move type as
//! the bytecode reader ([`crate::move_bytecode::MoveType`]) prints it. The layout check compares
//! those field lists with the compiled Move modules, so Move and Rust cannot drift apart.
//!
//! Events are matched by type: the event type's address must be the *original* ID of one of the
//! system's packages (types keep their original package ID across upgrades), then module and
//! name select the binding. [`EventDecoder`] decodes the events of checkpoints, skips (and
//! counts) event types it does not know, and reports a malformed payload with the checkpoint,
//! transaction digest and event index.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use sui_sdk_types::{Address, Identifier, StructTag};

use crate::types::{ChainEvent, CheckpointData};

/// Which of the system's packages defines a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SystemPackage {
    /// The `wal` package (`move/wal`).
    Wal,
    /// The `walrus` package (`move/walrus`).
    Walrus,
}

impl SystemPackage {
    /// The package's address name in the Move sources (`wal`, `walrus`).
    pub fn name(self) -> &'static str {
        match self {
            SystemPackage::Wal => "wal",
            SystemPackage::Walrus => "walrus",
        }
    }
}

/// The original IDs of the system's packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PackageIds {
    /// Original ID of `wal`.
    pub wal: Address,
    /// Original ID of `walrus`.
    pub walrus: Address,
}

impl PackageIds {
    /// The original ID of `package`.
    pub fn get(&self, package: SystemPackage) -> Address {
        match package {
            SystemPackage::Wal => self.wal,
            SystemPackage::Walrus => self.walrus,
        }
    }

    /// Which system package has original ID `address`, if any.
    pub fn which(&self, address: &Address) -> Option<SystemPackage> {
        if *address == self.wal {
            Some(SystemPackage::Wal)
        } else if *address == self.walrus {
            Some(SystemPackage::Walrus)
        } else {
            None
        }
    }

    /// Whether a type defined at `address` belongs to this system.
    pub fn contains(&self, address: &Address) -> bool {
        self.which(address).is_some()
    }

    /// The coin type of WAL: `<wal>::wal::WAL`.
    pub fn wal_coin_type(&self) -> StructTag {
        StructTag::new(
            self.wal,
            Identifier::new("wal").expect("valid identifier"),
            Identifier::new("WAL").expect("valid identifier"),
            vec![],
        )
    }
}

/// A Rust mirror of a Move struct: its identity and field layout.
///
/// Implemented by [`move_struct!`](crate::move_struct); do not implement by hand.
pub trait MoveStruct: DeserializeOwned + serde::Serialize {
    /// The package that defines the struct.
    const PACKAGE: SystemPackage;
    /// The module that defines the struct.
    const MODULE: &'static str;
    /// The struct's name.
    const NAME: &'static str;
    /// Every field in declaration order: `(name, Move type)`, the Move type written as
    /// [`crate::move_bytecode::MoveType`]'s `Display` prints it, with the defining package of
    /// the system's own types written `0x0` (`0x2::balance::Supply<0x0::wal::WAL>`).
    const FIELDS: &'static [(&'static str, &'static str)];

    /// The struct's type tag, given the system's package IDs.
    fn struct_tag(ids: &PackageIds) -> StructTag {
        StructTag::new(
            ids.get(Self::PACKAGE),
            Identifier::new(Self::MODULE).expect("binding modules are valid identifiers"),
            Identifier::new(Self::NAME).expect("binding names are valid identifiers"),
            vec![],
        )
    }

    /// The Move type each field's *Rust* type stands for ([`MoveTypeName`](crate::bindings::MoveTypeName)), in field order.
    /// The layout check requires it to equal the declared type of [`MoveStruct::FIELDS`], so
    /// that the Rust side decodes what the declaration (checked against the bytecode) says.
    fn rust_field_types() -> Vec<String>;

    /// Decodes a BCS value of this struct; trailing bytes are an error.
    fn from_bcs(bytes: &[u8]) -> Result<Self, bcs::Error> {
        bcs::from_bytes(bytes)
    }

    /// The binding's identity and layout, for the layout check.
    fn layout() -> BindingLayout {
        BindingLayout {
            package: Self::PACKAGE,
            module: Self::MODULE,
            name: Self::NAME,
            fields: Self::FIELDS,
            rust_types: Self::rust_field_types(),
        }
    }
}

/// A binding's identity and layout: what the layout check compares with the bytecode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingLayout {
    /// The defining package.
    pub package: SystemPackage,
    /// The module.
    pub module: &'static str,
    /// The struct's name.
    pub name: &'static str,
    /// Each field's name and declared Move type ([`MoveStruct::FIELDS`]).
    pub fields: &'static [(&'static str, &'static str)],
    /// The Move type of each field's Rust type ([`MoveStruct::rust_field_types`]).
    pub rust_types: Vec<String>,
}

impl BindingLayout {
    /// `module::Name`.
    pub fn type_name(&self) -> String {
        format!("{}::{}", self.module, self.name)
    }
}

/// A [`MoveStruct`] that is emitted as an event.
pub trait MoveEvent: MoveStruct {}

/// Defines a Rust binding of a Move struct: the struct itself (public fields, serde derives,
/// `Debug`, `Clone`, `PartialEq`, `Eq`) and its [`MoveStruct`] implementation, with each field's
/// Move type written after `=>`, and its [`MoveTypeName`](crate::bindings::MoveTypeName)
/// (`0x0::module::Name`, so that bindings can contain each other). Add `event` after the
/// package to also implement [`MoveEvent`]. Every field's Rust type must implement
/// `MoveTypeName` (primitives, `Vec`, `Option`, `String`, the framework mirrors and the
/// bindings do).
///
/// ```
/// use walrus_chain::events::MoveStruct;
/// use walrus_chain::move_struct;
///
/// move_struct! {
///     #[move_type(Walrus, "example", "Example")]
///     /// An example.
///     pub struct Example {
///         /// A number.
///         pub n: u64 => "u64",
///         /// An owner.
///         pub owner: sui_sdk_types::Address => "address",
///         /// Bytes.
///         pub data: Vec<u8> => "vector<u8>",
///     }
/// }
/// assert_eq!(Example::FIELDS[2], ("data", "vector<u8>"));
/// ```
#[macro_export]
macro_rules! move_struct {
    (
        #[move_type($pkg:ident, $module:literal, $name:literal $(, $event:ident)?)]
        $(#[$meta:meta])*
        $vis:vis struct $ident:ident {
            $(
                $(#[$fmeta:meta])*
                $fvis:vis $field:ident : $fty:ty => $mty:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
        $vis struct $ident {
            $(
                $(#[$fmeta])*
                $fvis $field: $fty,
            )*
        }

        impl $crate::events::MoveStruct for $ident {
            const PACKAGE: $crate::events::SystemPackage = $crate::events::SystemPackage::$pkg;
            const MODULE: &'static str = $module;
            const NAME: &'static str = $name;
            const FIELDS: &'static [(&'static str, &'static str)] = &[
                $( (stringify!($field), $mty) ),*
            ];
            fn rust_field_types() -> ::std::vec::Vec<::std::string::String> {
                ::std::vec![ $( <$fty as $crate::bindings::MoveTypeName>::move_type_name() ),* ]
            }
        }

        impl $crate::bindings::MoveTypeName for $ident {
            fn move_type_name() -> ::std::string::String {
                ::std::format!("0x0::{}::{}", $module, $name)
            }
        }

        $( $crate::move_struct!(@event $event $ident); )?
    };
    (@event event $ident:ident) => {
        impl $crate::events::MoveEvent for $ident {}
    };
}

/// Declares the enum of every known system event and the table the decoder uses.
macro_rules! system_events {
    ( $( $(#[$meta:meta])* $variant:ident($ty:ty) ),* $(,)? ) => {
        /// Every event of the system this crate can decode.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum SystemEvent {
            $( $(#[$meta])* $variant($ty), )*
        }

        impl SystemEvent {
            /// `(package, module, name)` of the event's Move type.
            pub fn move_type(&self) -> (SystemPackage, &'static str, &'static str) {
                match self {
                    $( SystemEvent::$variant(_) => (
                        <$ty as MoveStruct>::PACKAGE,
                        <$ty as MoveStruct>::MODULE,
                        <$ty as MoveStruct>::NAME,
                    ), )*
                }
            }

            /// The event's BCS (as emitted).
            pub fn to_bcs(&self) -> Vec<u8> {
                match self {
                    $( SystemEvent::$variant(e) => bcs::to_bytes(e).expect("bindings serialize"), )*
                }
            }

            /// The layouts of every event binding, for the layout check.
            pub fn layouts() -> Vec<BindingLayout> {
                vec![ $( <$ty as MoveStruct>::layout(), )* ]
            }
        }

        type DecodeFn = fn(&[u8]) -> Result<SystemEvent, bcs::Error>;

        fn decoders() -> Vec<(SystemPackage, &'static str, &'static str, DecodeFn)> {
            vec![ $( (
                <$ty as MoveStruct>::PACKAGE,
                <$ty as MoveStruct>::MODULE,
                <$ty as MoveStruct>::NAME,
                (|b: &[u8]| <$ty as MoveStruct>::from_bcs(b).map(SystemEvent::$variant)) as DecodeFn,
            ), )* ]
        }
    };
}

pub use crate::bindings::events::*;

system_events! {
    /// `wal::wal::WalBurned`.
    WalBurned(WalBurned),
    /// `walrus::events::SystemCreated`.
    SystemCreated(SystemCreated),
    /// `walrus::events::SpaceReserved`.
    SpaceReserved(SpaceReserved),
    /// `walrus::events::BlobRegistered`.
    BlobRegistered(BlobRegistered),
    /// `walrus::events::BlobCertified`.
    BlobCertified(BlobCertified),
    /// `walrus::events::BlobExtended`.
    BlobExtended(BlobExtended),
    /// `walrus::events::BlobDeleted`.
    BlobDeleted(BlobDeleted),
    /// `walrus::events::BlobBurned`.
    BlobBurned(BlobBurned),
    /// `walrus::events::BlobAttributeSet`.
    BlobAttributeSet(BlobAttributeSet),
    /// `walrus::events::BlobAttributeRemoved`.
    BlobAttributeRemoved(BlobAttributeRemoved),
    /// `walrus::events::StorageSplit`.
    StorageSplit(StorageSplit),
    /// `walrus::events::StorageFused`.
    StorageFused(StorageFused),
    /// `walrus::events::StorageDestroyed`.
    StorageDestroyed(StorageDestroyed),
    /// `walrus::events::NodeRegistered`.
    NodeRegistered(NodeRegistered),
    /// `walrus::events::NodeVotesUpdated`.
    NodeVotesUpdated(NodeVotesUpdated),
    /// `walrus::events::NetworkAddressUpdated`.
    NetworkAddressUpdated(NetworkAddressUpdated),
    /// `walrus::events::CommissionChangeRequested`.
    CommissionChangeRequested(CommissionChangeRequested),
    /// `walrus::events::CommissionCollected`.
    CommissionCollected(CommissionCollected),
    /// `walrus::events::StakeAdded`.
    StakeAdded(StakeAdded),
    /// `walrus::events::StakeWithdrawRequested`.
    StakeWithdrawRequested(StakeWithdrawRequested),
    /// `walrus::events::StakeWithdrawn`.
    StakeWithdrawn(StakeWithdrawn),
    /// `walrus::events::StakedWalSplit`.
    StakedWalSplit(StakedWalSplit),
    /// `walrus::events::StakedWalJoined`.
    StakedWalJoined(StakedWalJoined),
    /// `walrus::events::StakingPoolUpdated`.
    StakingPoolUpdated(StakingPoolUpdated),
    /// `walrus::events::RewardsDistributed`.
    RewardsDistributed(RewardsDistributed),
    /// `walrus::events::EpochChanged`.
    EpochChanged(EpochChanged),
    /// `walrus::events::PricesUpdated`.
    PricesUpdated(PricesUpdated),
    /// `walrus::events::ProposalCreated`.
    ProposalCreated(ProposalCreated),
    /// `walrus::events::ProposalVoted`.
    ProposalVoted(ProposalVoted),
    /// `walrus::events::ProposalFinalized`.
    ProposalFinalized(ProposalFinalized),
    /// `walrus::events::ProposalExecuted`.
    ProposalExecuted(ProposalExecuted),
    /// `walrus::events::AuditorAdded`.
    AuditorAdded(AuditorAdded),
    /// `walrus::events::AuditorRemoved`.
    AuditorRemoved(AuditorRemoved),
    /// `walrus::events::AuditRoundOpened`.
    AuditRoundOpened(AuditRoundOpened),
    /// `walrus::events::AuditReportSubmitted`.
    AuditReportSubmitted(AuditReportSubmitted),
    /// `walrus::events::NodePenalized`.
    NodePenalized(NodePenalized),
    /// `walrus::events::AuditRoundFinalized`.
    AuditRoundFinalized(AuditRoundFinalized),
    /// `walrus::events::NodeReregistered`.
    NodeReregistered(NodeReregistered),
}

/// Where an event is, for error messages and for consumers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventPosition {
    /// Checkpoint sequence number.
    pub checkpoint: u64,
    /// Transaction digest (base58).
    pub transaction: String,
    /// Index of the event within its transaction.
    pub event_index: u32,
}

impl std::fmt::Display for EventPosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "checkpoint {}, transaction {}, event {}",
            self.checkpoint, self.transaction, self.event_index
        )
    }
}

/// An event whose BCS contents do not decode as its type's binding.
#[derive(Debug, Clone, thiserror::Error)]
#[error("malformed event {event_type} at {position}: {reason}")]
pub struct EventDecodeError {
    /// Where the event is.
    pub position: EventPosition,
    /// The event's Move type.
    pub event_type: String,
    /// The BCS error.
    pub reason: String,
}

/// A decoded system event with its position and transaction context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedEvent {
    /// Where the event is.
    pub position: EventPosition,
    /// Checkpoint timestamp (ms since the Unix epoch).
    pub timestamp_ms: u64,
    /// The transaction's sender.
    pub sender: Address,
    /// The event.
    pub event: SystemEvent,
}

/// Counters of the decoder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DecodeStats {
    /// Events decoded into a binding.
    pub decoded: u64,
    /// Events of the system's packages whose type has no binding (skipped).
    pub unknown: u64,
    /// Events of other packages (ignored).
    pub foreign: u64,
}

/// Decodes the system's events out of checkpoints.
#[derive(Debug, Clone)]
pub struct EventDecoder {
    ids: PackageIds,
    table: HashMap<(Address, String, String), DecodeFn>,
    stats: DecodeStats,
    unknown_types: HashMap<String, u64>,
}

impl EventDecoder {
    /// A decoder for the system with these package IDs.
    pub fn new(ids: PackageIds) -> Self {
        let table = decoders()
            .into_iter()
            .map(|(pkg, module, name, f)| ((ids.get(pkg), module.to_string(), name.to_string()), f))
            .collect();
        Self {
            ids,
            table,
            stats: DecodeStats::default(),
            unknown_types: HashMap::new(),
        }
    }

    /// The package IDs it matches on.
    pub fn package_ids(&self) -> &PackageIds {
        &self.ids
    }

    /// The counters so far.
    pub fn stats(&self) -> DecodeStats {
        self.stats
    }

    /// How often each unknown system event type was skipped.
    pub fn unknown_types(&self) -> &HashMap<String, u64> {
        &self.unknown_types
    }

    /// Decodes one event. `Ok(None)` for an event of another package or of an unknown type
    /// (both counted).
    pub fn decode(
        &mut self,
        position: &EventPosition,
        event: &ChainEvent,
    ) -> Result<Option<SystemEvent>, EventDecodeError> {
        let tag = &event.event_type;
        if !self.ids.contains(tag.address()) {
            self.stats.foreign += 1;
            return Ok(None);
        }
        let key = (
            *tag.address(),
            tag.module().as_str().to_string(),
            tag.name().as_str().to_string(),
        );
        let Some(decode) = self
            .table
            .get(&key)
            .filter(|_| tag.type_params().is_empty())
        else {
            self.stats.unknown += 1;
            *self.unknown_types.entry(tag.to_string()).or_default() += 1;
            return Ok(None);
        };
        match decode(&event.contents) {
            Ok(e) => {
                self.stats.decoded += 1;
                Ok(Some(e))
            }
            Err(e) => Err(EventDecodeError {
                position: position.clone(),
                event_type: tag.to_string(),
                reason: e.to_string(),
            }),
        }
    }

    /// Decodes every system event of a checkpoint, in order. Stops at the first malformed
    /// payload.
    pub fn decode_checkpoint(
        &mut self,
        checkpoint: &CheckpointData,
    ) -> Result<Vec<DecodedEvent>, EventDecodeError> {
        let mut out = Vec::new();
        for tx in &checkpoint.transactions {
            for event in &tx.events {
                let position = EventPosition {
                    checkpoint: checkpoint.sequence_number,
                    transaction: tx.digest.to_string(),
                    event_index: event.event_index,
                };
                if let Some(decoded) = self.decode(&position, event)? {
                    out.push(DecodedEvent {
                        position,
                        timestamp_ms: checkpoint.timestamp_ms,
                        sender: event.sender,
                        event: decoded,
                    });
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wal_burned_layout() {
        assert_eq!(
            WalBurned::FIELDS,
            &[
                ("amount", "u64"),
                ("total_supply", "u64"),
                ("burner", "address")
            ]
        );
        assert_eq!(WalBurned::MODULE, "wal");
        assert_eq!(WalBurned::PACKAGE, SystemPackage::Wal);
        let e = WalBurned {
            amount: 5,
            total_supply: 7,
            burner: Address::TWO,
        };
        let bytes = bcs::to_bytes(&e).unwrap();
        assert_eq!(bytes.len(), 8 + 8 + 32);
        assert_eq!(WalBurned::from_bcs(&bytes).unwrap(), e);
        assert!(WalBurned::from_bcs(&bytes[..47]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(WalBurned::from_bcs(&longer).is_err(), "trailing bytes");
    }

    #[test]
    fn struct_tag_uses_the_original_id() {
        let ids = PackageIds {
            wal: Address::from_static("0xa"),
            walrus: Address::from_static("0xb"),
        };
        let tag = WalBurned::struct_tag(&ids);
        assert_eq!(tag.address(), &ids.wal);
        assert!(tag.to_string().ends_with("::wal::WalBurned"));
        assert_eq!(
            ids.wal_coin_type().to_string(),
            format!("{}::wal::WAL", ids.wal)
        );
    }
}
