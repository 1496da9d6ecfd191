//! Well-known object IDs, package IDs and Move types of the local chain.

use std::str::FromStr;

use sui_sdk_types::{Address, Identifier, StructTag, TypeTag};

/// The `Clock` shared object (`0x6`).
pub const CLOCK_ID: Address = Address::from_static("0x6");
/// The `Random` shared object (`0x8`).
pub const RANDOM_ID: Address = Address::from_static("0x8");
/// The Move standard library (`0x1`).
pub const STD: Address = Address::from_static("0x1");
/// The Sui framework (`0x2`).
pub const FRAMEWORK: Address = Address::from_static("0x2");

/// The packages of the system: fixed IDs on the local chain (no `Publish` needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packages {
    /// The `wal` package.
    pub wal: Address,
    /// The `walrus` package.
    pub walrus: Address,
}

impl Default for Packages {
    fn default() -> Self {
        Self {
            wal: derived_address(b"walrus-localnet/package/wal"),
            walrus: derived_address(b"walrus-localnet/package/walrus"),
        }
    }
}

impl Packages {
    /// The chain crate's view of the same IDs.
    pub fn ids(&self) -> walrus_chain::PackageIds {
        walrus_chain::PackageIds {
            wal: self.wal,
            walrus: self.walrus,
        }
    }

    /// `<walrus>::module::Name`.
    pub fn walrus_type(&self, module: &str, name: &str) -> StructTag {
        struct_tag(self.walrus, module, name, vec![])
    }

    /// `<wal>::wal::WAL`.
    pub fn wal_coin(&self) -> StructTag {
        struct_tag(self.wal, "wal", "WAL", vec![])
    }

    /// `0x2::coin::Coin<<wal>::wal::WAL>`.
    pub fn wal_coin_object(&self) -> StructTag {
        coin_of(self.wal_coin())
    }

    /// `<wal>::wal::Treasury`.
    pub fn treasury(&self) -> StructTag {
        struct_tag(self.wal, "wal", "Treasury", vec![])
    }
}

/// A 32-byte address derived from a label (blake2b-256).
pub fn derived_address(label: &[u8]) -> Address {
    Address::new(crate::hash::blake2b256(label))
}

/// `address::module::Name<params>`.
pub fn struct_tag(address: Address, module: &str, name: &str, params: Vec<TypeTag>) -> StructTag {
    StructTag::new(
        address,
        Identifier::from_str(module).expect("valid module name"),
        Identifier::from_str(name).expect("valid struct name"),
        params,
    )
}

/// `0x2::sui::SUI`.
pub fn sui() -> StructTag {
    StructTag::sui()
}

/// `0x2::coin::Coin<T>`.
pub fn coin_of(t: StructTag) -> StructTag {
    StructTag::coin(TypeTag::Struct(Box::new(t)))
}

/// `0x2::object::ID`.
pub fn id_type() -> StructTag {
    struct_tag(FRAMEWORK, "object", "ID", vec![])
}

/// `0x1::string::String`.
pub fn string_type() -> StructTag {
    struct_tag(STD, "string", "String", vec![])
}

/// `0x2::clock::Clock`.
pub fn clock_type() -> StructTag {
    struct_tag(FRAMEWORK, "clock", "Clock", vec![])
}

/// `0x2::random::Random`.
pub fn random_type() -> StructTag {
    struct_tag(FRAMEWORK, "random", "Random", vec![])
}

/// `0x2::dynamic_field::Field<K, V>`.
pub fn field_type(key: TypeTag, value: TypeTag) -> StructTag {
    struct_tag(FRAMEWORK, "dynamic_field", "Field", vec![key, value])
}

/// A struct type as a type tag.
pub fn tag(s: StructTag) -> TypeTag {
    TypeTag::Struct(Box::new(s))
}
