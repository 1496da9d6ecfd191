//! The Move bytecode reader and the layout comparison, on a real compiled module and on junk.
//!
//! `tests/fixtures/wal.mv` is the compiled `wal::wal` module of `move/wal`
//! (`scripts/move build move/wal --out wal.json`, the base64 `modules[0]` decoded).

use proptest::prelude::*;
use walrus_chain::events::WalBurned;
use walrus_chain::layout::{LayoutMismatch, check_binding, compare_fields};
use walrus_chain::move_bytecode::{BytecodeError, DatatypeKind, MoveType, parse_module};
use walrus_chain::move_struct;

const WAL_MODULE: &[u8] = include_bytes!("fixtures/wal.mv");

fn fields(module: &walrus_chain::move_bytecode::ModuleLayout, name: &str) -> Vec<String> {
    module
        .datatype(name)
        .unwrap_or_else(|| panic!("{name} is declared"))
        .fields()
        .expect("a struct")
        .iter()
        .map(|f| format!("{}: {}", f.name, f.ty))
        .collect()
}

#[test]
fn reads_the_wal_module() {
    let m = parse_module(WAL_MODULE).unwrap();
    assert_eq!(m.name, "wal");
    assert_eq!(m.address, "0".repeat(64), "compiled unpublished, at 0x0");
    assert_eq!(m.version, 7);
    let names: Vec<_> = m.datatypes.iter().map(|d| d.name.as_str()).collect();
    for expected in ["WAL", "Treasury", "WalBurned"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    assert_eq!(
        fields(&m, "Treasury"),
        [
            "id: 0x2::object::UID",
            "supply: 0x2::balance::Supply<0x0::wal::WAL>",
            "burned: u64"
        ]
    );
    assert_eq!(
        fields(&m, "WalBurned"),
        ["amount: u64", "total_supply: u64", "burner: address"]
    );
    // Abilities: Treasury has key; WalBurned has copy + drop; WAL has drop.
    assert_eq!(m.datatype("Treasury").unwrap().abilities, 0x8);
    assert_eq!(m.datatype("WalBurned").unwrap().abilities, 0x1 | 0x2);
    assert_eq!(m.datatype("WAL").unwrap().abilities, 0x2);
    // The supply's type argument is the module's own WAL.
    let supply = &m.datatype("Treasury").unwrap().fields().unwrap()[1].ty;
    match supply {
        MoveType::Datatype {
            module,
            name,
            type_args,
            ..
        } => {
            assert_eq!((module.as_str(), name.as_str()), ("balance", "Supply"));
            assert!(matches!(&type_args[0], MoveType::Datatype { name, .. } if name == "WAL"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(matches!(
        m.datatype("WAL").unwrap().kind,
        DatatypeKind::Struct(_)
    ));
}

#[test]
fn the_wal_burned_binding_matches_the_compiled_struct() {
    let m = parse_module(WAL_MODULE).unwrap();
    check_binding::<WalBurned>(&m).unwrap();
}

// The same struct with two fields swapped: what the layout check exists to catch.
move_struct! {
    #[move_type(Wal, "wal", "WalBurned")]
    /// A deliberately wrong binding.
    pub struct ReorderedWalBurned {
        /// Swapped with `amount`.
        pub total_supply: u64 => "u64",
        /// Swapped with `total_supply`.
        pub amount: u64 => "u64",
        /// Unchanged.
        pub burner: sui_sdk_types::Address => "address",
    }
}

#[test]
fn the_layout_check_catches_a_reordered_field() {
    let m = parse_module(WAL_MODULE).unwrap();
    let err = check_binding::<ReorderedWalBurned>(&m).unwrap_err();
    assert_eq!(err.type_name, "wal::WalBurned");
    assert_eq!(
        err.problems,
        [
            "fields are in a different order: Move has [amount, total_supply, burner], Rust has [total_supply, amount, burner]"
        ]
    );
    // Both are 8-byte integers, so BCS alone would never notice: the values would swap.
    let right = WalBurned {
        amount: 1,
        total_supply: 2,
        burner: sui_sdk_types::Address::ZERO,
    };
    let wrong: ReorderedWalBurned = bcs::from_bytes(&bcs::to_bytes(&right).unwrap()).unwrap();
    assert_eq!(wrong.amount, 2);
}

#[test]
fn the_layout_check_catches_added_removed_and_retyped_fields() {
    let m = parse_module(WAL_MODULE).unwrap();
    let compiled = m.datatype("WalBurned").unwrap().fields().unwrap();
    let problems = |expected: &[(&str, &str)]| -> Vec<String> {
        compare_fields("wal::WalBurned", expected, compiled)
            .map(|_| Vec::new())
            .unwrap_or_else(|e: LayoutMismatch| e.problems)
    };
    assert_eq!(
        problems(&[("amount", "u64"), ("total_supply", "u64")]),
        ["field `burner: address` is in Move but not in the Rust binding"]
    );
    assert_eq!(
        problems(&[
            ("amount", "u64"),
            ("total_supply", "u64"),
            ("burner", "address"),
            ("memo", "vector<u8>")
        ]),
        ["field `memo` is in the Rust binding but not in Move"]
    );
    assert_eq!(
        problems(&[
            ("amount", "u32"),
            ("total_supply", "u64"),
            ("burner", "address")
        ]),
        ["field `amount` has type u64 in Move but u32 in the Rust binding"]
    );
    assert!(problems(WalBurned_fields()).is_empty());
}

#[allow(non_snake_case)]
fn WalBurned_fields() -> &'static [(&'static str, &'static str)] {
    <WalBurned as walrus_chain::MoveStruct>::FIELDS
}

#[test]
fn the_layout_check_reports_a_missing_struct() {
    let m = parse_module(WAL_MODULE).unwrap();
    move_struct! {
        #[move_type(Wal, "wal", "Minted")]
        /// Not in the module.
        pub struct Minted {
            /// Amount.
            pub amount: u64 => "u64",
        }
    }
    let err = check_binding::<Minted>(&m).unwrap_err();
    assert!(err.to_string().contains("no such struct"), "{err}");
}

#[test]
fn malformed_headers_are_errors() {
    assert_eq!(parse_module(b""), Err(BytecodeError::Truncated("magic")));
    assert_eq!(
        parse_module(b"\xA1\x1C\xEB"),
        Err(BytecodeError::Truncated("magic"))
    );
    assert_eq!(parse_module(b"nope"), Err(BytecodeError::BadMagic));
    assert_eq!(
        parse_module(b"\xA1\x1C\xEB\x0B\x07\x00"),
        Err(BytecodeError::Truncated("version"))
    );
    // A table that points past the end of the module.
    let mut m = b"\xA1\x1C\xEB\x0B\x07\x00\x00\x05".to_vec();
    m.extend_from_slice(&[1, 0x07, 0x00, 0x7f]);
    assert!(matches!(
        parse_module(&m),
        Err(BytecodeError::BadTable { kind: 0x07, .. })
    ));
}

#[test]
fn every_truncation_of_the_real_module_is_an_error() {
    for len in 0..WAL_MODULE.len() {
        assert!(
            parse_module(&WAL_MODULE[..len]).is_err(),
            "a module cut at {len} bytes parsed"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_module(&bytes);
    }

    #[test]
    fn random_bytes_after_the_magic_never_panic(rest in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = vec![0xA1, 0x1C, 0xEB, 0x0B];
        bytes.extend(rest);
        let _ = parse_module(&bytes);
    }

    #[test]
    fn corrupted_real_modules_never_panic(
        flips in proptest::collection::vec((0..WAL_MODULE.len(), any::<u8>()), 1..8),
        cut in 0..=WAL_MODULE.len(),
    ) {
        let mut bytes = WAL_MODULE.to_vec();
        for (at, value) in flips {
            bytes[at] = value;
        }
        bytes.truncate(cut);
        let _ = parse_module(&bytes);
    }
}
