//! Every binding decodes the BCS of its Move layout.
//!
//! The bytes are generated from the *declared Move types* of the binding (its
//! `MoveStruct::FIELDS`, which the layout test checks against the bytecode), by an encoder
//! written here independently of the Rust types: integers little-endian, `address`/`ID`/`UID`
//! 32 bytes, `vector`/`String` length-prefixed, `Option` a 0/1-element vector, `Balance`
//! a u64, `Table`/`Bag` `{ id, size }`, `VecMap` a vector of pairs, nested structs by their
//! own declared fields. Each binding must decode those bytes with nothing left over and
//! encode back to the same bytes; events must also come out of the `EventDecoder` as the
//! right `SystemEvent` variant.

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sui_sdk_types::{Address, Digest, StructTag};
use walrus_chain::bindings::*;
use walrus_chain::events::{
    BindingLayout, EventDecoder, EventPosition, MoveStruct, PackageIds, SystemEvent,
};
use walrus_chain::types::ChainEvent;
use walrus_core::BlobId;

mod common;
use common::samples::{sample_pool, sample_system};

fn ids() -> PackageIds {
    PackageIds {
        wal: Address::from_static("0xa11"),
        walrus: Address::from_static("0xb22"),
    }
}

/// The declared layouts of every binding, by `0x0::module::Name`.
fn layouts() -> HashMap<String, BindingLayout> {
    all_layouts()
        .into_iter()
        .map(|b| (format!("0x0::{}::{}", b.module, b.name), b))
        .collect()
}

/// Splits `A, B<C, D>` at top-level commas.
fn split_args(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth == 0 => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[start..].trim());
    out
}

fn uleb(mut n: usize, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends a random BCS value of the Move type `ty`.
fn encode_random(
    ty: &str,
    rng: &mut StdRng,
    layouts: &HashMap<String, BindingLayout>,
    out: &mut Vec<u8>,
) {
    let (head, args) = match ty.find('<') {
        Some(i) => (&ty[..i], split_args(&ty[i + 1..ty.len() - 1])),
        None => (ty, Vec::new()),
    };
    let bytes = |n: usize, rng: &mut StdRng, out: &mut Vec<u8>| {
        out.extend((0..n).map(|_| rng.r#gen::<u8>()));
    };
    match head {
        "bool" => out.push(rng.gen_range(0..2)),
        "u8" => bytes(1, rng, out),
        "u16" => bytes(2, rng, out),
        "u32" => bytes(4, rng, out),
        "u64" => bytes(8, rng, out),
        "u128" => bytes(16, rng, out),
        "u256" | "address" | "0x2::object::ID" | "0x2::object::UID" => bytes(32, rng, out),
        "0x2::balance::Balance" | "0x2::balance::Supply" => bytes(8, rng, out),
        "0x2::table::Table" | "0x2::bag::Bag" => bytes(40, rng, out),
        "0x1::string::String" => {
            let n = rng.gen_range(0..12);
            uleb(n, out);
            out.extend((0..n).map(|_| rng.gen_range(b'a'..=b'z')));
        }
        "0x1::option::Option" => {
            if rng.r#gen::<bool>() {
                out.push(1);
                encode_random(args[0], rng, layouts, out);
            } else {
                out.push(0);
            }
        }
        "vector" => {
            let n = rng.gen_range(0..4);
            uleb(n, out);
            for _ in 0..n {
                encode_random(args[0], rng, layouts, out);
            }
        }
        "0x2::vec_map::VecMap" => {
            let n = rng.gen_range(0..4);
            uleb(n, out);
            for _ in 0..n {
                encode_random(args[0], rng, layouts, out);
                encode_random(args[1], rng, layouts, out);
            }
        }
        own if own.starts_with("0x0::") => {
            let layout = layouts
                .get(own)
                .unwrap_or_else(|| panic!("a field of type {own} has no binding"));
            for (_, field_ty) in layout.fields {
                encode_random(field_ty, rng, layouts, out);
            }
        }
        other => panic!("no generator for Move type {other}"),
    }
}

/// Random values of `T`'s Move layout decode, with no byte left, and encode back identically.
fn roundtrip<T: MoveStruct + std::fmt::Debug>(layouts: &HashMap<String, BindingLayout>) -> usize {
    let mut rng = StdRng::seed_from_u64(0x5eed ^ T::NAME.len() as u64);
    let key = format!("0x0::{}::{}", T::MODULE, T::NAME);
    let layout = &layouts[&key];
    for _ in 0..64 {
        let mut bytes = Vec::new();
        for (_, ty) in layout.fields {
            encode_random(ty, &mut rng, layouts, &mut bytes);
        }
        let value = T::from_bcs(&bytes).unwrap_or_else(|e| panic!("{key}: {e} on {bytes:02x?}"));
        assert_eq!(bcs::to_bytes(&value).unwrap(), bytes, "{key} re-encodes");
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(
            T::from_bcs(&longer).is_err(),
            "{key}: trailing bytes accepted"
        );
        if !bytes.is_empty() {
            assert!(
                T::from_bcs(&bytes[..bytes.len() - 1]).is_err(),
                "{key}: truncated"
            );
        }
    }
    1
}

macro_rules! roundtrip_all {
    ($layouts:expr; $($ty:ty),* $(,)?) => {
        0 $(+ roundtrip::<$ty>($layouts))*
    };
}

#[test]
fn every_object_binding_decodes_its_move_layout() {
    let layouts = layouts();
    let n = roundtrip_all!(&layouts;
        Wal, Treasury, InitCap, System, Params, CommitteeMember, Committee, EpochAccount,
        FutureAccounting, Storage, Blob, AttributesKey, Attributes, StorageNodeInfo,
        StorageNodeCap, ExchangeRate, PendingCommission, StakingPool, EpochChangeSummary,
        StakedWal, AuditorCap, AuditorEntry, AuditorRegistry, Action, Proposal, AuditSchedule,
        Report, AuditRound, PenaltyRecord, PenaltyRecords,
    );
    assert_eq!(
        n,
        object_layouts().len(),
        "every object binding is exercised"
    );
}

#[test]
fn every_event_binding_decodes_through_the_event_decoder() {
    let layouts = layouts();
    let ids = ids();
    let mut decoder = EventDecoder::new(ids);
    let mut rng = StdRng::seed_from_u64(7);
    let events = SystemEvent::layouts();
    assert_eq!(events.len(), 38);
    for (i, layout) in events.iter().enumerate() {
        for _ in 0..32 {
            let mut bytes = Vec::new();
            for (_, ty) in layout.fields {
                encode_random(ty, &mut rng, &layouts, &mut bytes);
            }
            let event_type = StructTag::new(
                ids.get(layout.package),
                layout.module.parse().unwrap(),
                layout.name.parse().unwrap(),
                vec![],
            );
            let event = ChainEvent {
                package_id: ids.get(layout.package),
                module: layout.module.into(),
                sender: Address::TWO,
                event_type,
                contents: bytes.clone(),
                event_index: i as u32,
            };
            let position = EventPosition {
                checkpoint: 1,
                transaction: Digest::ZERO.to_string(),
                event_index: i as u32,
            };
            let decoded = decoder
                .decode(&position, &event)
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|| panic!("{} is not decoded", layout.type_name()));
            assert_eq!(
                decoded.move_type(),
                (layout.package, layout.module, layout.name)
            );
            assert_eq!(decoded.to_bcs(), bytes);
            // A truncated payload is a decode error naming the position.
            let mut short = event.clone();
            short.contents.pop();
            let err = decoder.decode(&position, &short).unwrap_err();
            assert_eq!(err.position, position);
        }
    }
    assert_eq!(decoder.stats().decoded, 38 * 32);
    assert_eq!(decoder.stats().unknown, 0);
}

#[test]
fn events_match_by_the_original_package_id() {
    let ids = ids();
    let mut decoder = EventDecoder::new(ids);
    let e = NodeReregistered {
        epoch: 4,
        node_id: Id(Address::from_static("0x99")),
        excluded_epoch: 2,
    };
    let position = EventPosition {
        checkpoint: 9,
        transaction: Digest::ZERO.to_string(),
        event_index: 0,
    };
    let mut event = ChainEvent {
        // Emitted by an upgraded package: the type keeps the original ID.
        package_id: Address::from_static("0xb23"),
        module: "system".into(),
        sender: Address::TWO,
        event_type: NodeReregistered::struct_tag(&ids),
        contents: bcs::to_bytes(&e).unwrap(),
        event_index: 0,
    };
    assert_eq!(
        decoder.decode(&position, &event).unwrap(),
        Some(SystemEvent::NodeReregistered(e.clone()))
    );
    // The same type under the upgraded ID is a foreign type.
    event.event_type = StructTag::new(
        Address::from_static("0xb23"),
        "events".parse().unwrap(),
        "NodeReregistered".parse().unwrap(),
        vec![],
    );
    assert_eq!(decoder.decode(&position, &event).unwrap(), None);
    assert_eq!(decoder.stats().foreign, 1);
}

#[test]
fn blob_ids_are_little_endian_u256() {
    // u256 value 1: BCS is 32 little-endian bytes, 0x01 first.
    let mut le = [0u8; 32];
    le[0] = 1;
    let e = BlobCertified {
        epoch: 1,
        blob_object_id: Id(Address::ZERO),
        blob_id: BlobId(le),
        end_epoch: 5,
        deletable: true,
        signer_shards: 7,
    };
    let bytes = bcs::to_bytes(&e).unwrap();
    assert_eq!(&bytes[36..68], &le);
    assert_eq!(
        e.blob_id.to_string(),
        format!("0x{}1", "0".repeat(63)),
        "displayed as the u256 value"
    );
}

#[test]
fn move_type_names_and_struct_tags() {
    let ids = ids();
    assert_eq!(System::move_type_name(), "0x0::system::System");
    assert_eq!(
        Balance::<Wal>::move_type_name(),
        "0x2::balance::Balance<0x0::wal::WAL>"
    );
    assert_eq!(
        Table::<Id, StakingPool>::move_type_name(),
        "0x2::table::Table<0x2::object::ID, 0x0::staking_pool::StakingPool>"
    );
    assert_eq!(
        System::struct_tag(&ids).to_string(),
        format!("{}::system::System", ids.walrus)
    );
    assert_eq!(
        Treasury::struct_tag(&ids).to_string(),
        format!("{}::wal::Treasury", ids.wal)
    );
    assert_eq!(
        wal_coin_tag(&ids).to_string(),
        format!("{}::coin::Coin<{}::wal::WAL>", Address::TWO, ids.wal)
    );
    // Every binding's Rust field types encode its declared Move types (also part of the
    // layout check, which needs the Move build).
    for b in all_layouts() {
        assert!(
            walrus_chain::layout::rust_type_problems(&b).is_empty(),
            "{}: {:?}",
            b.type_name(),
            walrus_chain::layout::rust_type_problems(&b)
        );
    }
}

#[test]
fn helpers_of_the_bindings() {
    let system = sample_system();
    assert_eq!(system.object_id(), Address::from_static("0x555"));
    // 10 MiB for 3 epochs at 11 FROST per unit and epoch.
    assert_eq!(system.reserve_cost(10 << 20, 3), Some(330));
    assert_eq!(system.reserve_cost((10 << 20) + 1, 1), Some(121));
    assert_eq!(system.extend_cost(1 << 20, 2), Some(22));
    let encoded = walrus_core::encoded_size(10, 1000).unwrap();
    assert_eq!(system.encoded_size(1000), Some(encoded));
    assert_eq!(
        system.write_cost(1000),
        Some(7 * walrus_core::storage_units(encoded))
    );
    assert_eq!(system.write_cost(u64::MAX), None, "too large to encode");
    let mut pricey = system.clone();
    pricey.storage_price = u64::MAX;
    assert_eq!(pricey.reserve_cost(1 << 30, 2), None, "above u64");

    let c = &system.committee;
    assert_eq!(c.member(&Id(Address::new([2; 32]))).unwrap().stake, 30);
    assert_eq!(c.holder_of(5).unwrap().node_id, Id(Address::new([2; 32])));
    assert!(c.holder_of(10).is_none());
    assert_eq!(c.total_stake(), 100);
    assert_eq!(c.node_ids().len(), 2);
    assert!(!c.is_empty() && system.previous_committee.is_empty());
    assert_eq!(system.future_accounting.slot(3).unwrap().rewards.value, 9);
    assert!(system.future_accounting.slot(4).is_none());
    assert_eq!(
        Id(Address::new([2; 32])).to_node_id(),
        walrus_core::NodeId([2; 32])
    );
    assert_eq!(
        Id::from(walrus_core::NodeId([3; 32])),
        Id(Address::new([3; 32]))
    );

    // Governed parameters: codes, names, values.
    for (code, p) in GovernedParameter::ALL.iter().enumerate() {
        assert_eq!(p.code() as usize, code);
        assert_eq!(GovernedParameter::from_code(code as u8), Some(*p));
        assert_eq!(GovernedParameter::from_name(p.name()), Some(*p));
    }
    assert_eq!(GovernedParameter::from_code(14), None);
    assert_eq!(GovernedParameter::PenaltyBps.value_in(&system.params), 100);
    assert_eq!(
        GovernedParameter::ExclusionRounds.value_in(&system.params),
        3
    );

    // Proposal actions and statuses.
    let a = Action {
        kind: 0,
        param: 2,
        value: 400,
        auditor: Address::ZERO,
    };
    assert_eq!(
        a.typed(),
        Some(ProposalAction::set(
            GovernedParameter::ChallengedSymbols,
            400
        ))
    );
    let auditor = Address::from_static("0xa0d");
    for (kind, expected) in [
        (1, ProposalAction::AddAuditor(auditor)),
        (2, ProposalAction::RemoveAuditor(auditor)),
        (3, ProposalAction::Signal),
    ] {
        let a = Action {
            kind,
            param: 0,
            value: 0,
            auditor,
        };
        assert_eq!(a.typed(), Some(expected));
    }
    assert_eq!(
        Action {
            kind: 9,
            param: 0,
            value: 0,
            auditor
        }
        .typed(),
        None
    );
    for code in 0..5 {
        assert_eq!(ProposalStatus::from_code(code).unwrap() as u8, code);
    }
    assert_eq!(ProposalStatus::from_code(5), None);

    let blob = Blob {
        id: Uid(Address::from_static("0xb10b")),
        registered_epoch: 1,
        blob_id: BlobId([4; 32]),
        size: 10,
        encoding_type: 1,
        certified_epoch: None,
        storage: Storage {
            id: Uid(Address::from_static("0x5706")),
            start_epoch: 1,
            end_epoch: 6,
            size: 100,
        },
        deletable: false,
    };
    assert_eq!(blob.end_epoch(), 6);
    assert!(!blob.is_certified());
    assert_eq!(blob.object_id(), Address::from_static("0xb10b"));
    let pool_id = Address::from_static("0x9001");
    let pool = sample_pool(pool_id, 0);
    assert_eq!(pool.node_id(), Id(pool_id));
}
