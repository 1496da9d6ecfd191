//! Typed reads and transactions against the in-process Sui gRPC server: the `System`, table
//! entries found by derived dynamic-field IDs, blobs and their attributes, proposals, audit
//! rounds and reports, coins and object references, the deployment; and end to end, a
//! reserve-and-register transaction prepared with gas from the simulation, signed and executed
//! with the scripted outcome, and a scripted `EInsufficientPayment` abort decoded to its
//! constant and message.

mod common;

use common::samples::{sample_pool, sample_system};
use common::{Node, client, ids, within};
use sui_sdk_types::{Address, Command, TransactionKind, TypeTag};
use walrus_chain::abort::CleverAbortCode;
use walrus_chain::bindings::framework::{dynamic_field_id, field_tag};
use walrus_chain::bindings::*;
use walrus_chain::events::{EventDecoder, EventPosition, MoveStruct, SystemEvent};
use walrus_chain::server::{EventRecord, LedgerStore, Outcome, StoredObject};
use walrus_chain::tx::{self, BlobRegistration, ObjectRef, SharedRef};
use walrus_chain::types::Owner;
use walrus_chain::{ChainError, SuiKeyPair};
use walrus_core::BlobId;

const SYSTEM: Address = Address::from_static("0x555");
const TREASURY: Address = Address::from_static("0x7ea");

fn tag<T: MoveStruct>() -> TypeTag {
    TypeTag::Struct(Box::new(T::struct_tag(&ids())))
}

fn put<T: MoveStruct>(store: &LedgerStore, id: Address, owner: Owner, value: &T) {
    store.put_object(StoredObject {
        id,
        version: None,
        owner,
        type_: T::struct_tag(&ids()).to_string(),
        contents: bcs::to_bytes(value).unwrap(),
    });
}

fn shared(version: u64) -> Owner {
    Owner::Shared {
        initial_shared_version: version,
    }
}

/// Puts `value` as the dynamic field `key` of `parent`, as Sui stores a table entry.
fn put_field<K: serde::Serialize, V: MoveStruct>(
    store: &LedgerStore,
    parent: Address,
    key_type: TypeTag,
    key: K,
    value: V,
) -> Address {
    let id = dynamic_field_id(parent, &key_type, &bcs::to_bytes(&key).unwrap());
    let field = Field {
        id: Uid(id),
        name: key,
        value,
    };
    store.put_object(StoredObject {
        id,
        version: None,
        owner: Owner::Object(parent),
        type_: field_tag(key_type, tag::<V>()).to_string(),
        contents: bcs::to_bytes(&field).unwrap(),
    });
    id
}

fn node(n: u8) -> Id {
    Id(Address::new([n; 32]))
}

#[tokio::test]
async fn the_system_and_its_tables() {
    let chain_node = Node::start().await;
    let store = &chain_node.store;
    let system = sample_system();
    put(store, SYSTEM, shared(7), &system);
    let pool1 = sample_pool(node(1).0, 70);
    let pool2 = sample_pool(node(2).0, 30);
    put_field(
        store,
        system.pools.id.0,
        Id::type_tag(),
        node(1),
        pool1.clone(),
    );
    put_field(
        store,
        system.pools.id.0,
        Id::type_tag(),
        node(2),
        pool2.clone(),
    );
    let record = PenaltyRecord {
        consecutive_penalties: 1,
        penalized_rounds: 2,
        total_slashed: 300,
        excluded_epoch: Some(3),
    };
    put_field(
        store,
        system.penalty_records.records.id.0,
        Id::type_tag(),
        node(2),
        record.clone(),
    );
    let rate = ExchangeRate {
        wal: 70,
        shares: 69,
    };
    put_field(
        store,
        pool1.exchange_rates.id.0,
        TypeTag::U32,
        3u32,
        rate.clone(),
    );
    let chain = client(vec![chain_node.url()]);

    assert_eq!(chain.system_state().await.unwrap(), system);
    assert_eq!(chain.committee().await.unwrap(), system.committee);
    assert_eq!(chain.staking_pool(node(1)).await.unwrap(), pool1);
    assert_eq!(chain.staking_pool(node(2)).await.unwrap(), pool2);
    assert_eq!(chain.staking_pools().await.unwrap(), [pool1.clone(), pool2]);
    let err = chain.staking_pool(node(9)).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert!(
        err.to_string().contains("no entry in System.pools"),
        "{err}"
    );

    assert_eq!(chain.penalty_record(node(2)).await.unwrap(), Some(record));
    assert_eq!(chain.penalty_record(node(1)).await.unwrap(), None);
    assert_eq!(chain.exchange_rate(&pool1, 3).await.unwrap(), Some(rate));
    assert_eq!(chain.exchange_rate(&pool1, 4).await.unwrap(), None);
}

#[tokio::test]
async fn blobs_and_their_attributes() {
    let chain_node = Node::start().await;
    let store = &chain_node.store;
    let owner = Address::from_static("0x0e");
    let blob = |id: &'static str| Blob {
        id: Uid(Address::from_static(id)),
        registered_epoch: 2,
        blob_id: BlobId([9; 32]),
        size: 1_000,
        encoding_type: 1,
        certified_epoch: Some(2),
        storage: Storage {
            id: Uid(Address::from_static("0x5707")),
            start_epoch: 2,
            end_epoch: 9,
            size: 1 << 20,
        },
        deletable: true,
    };
    let with_attributes = blob("0xb1");
    let without = blob("0xb2");
    put(
        store,
        with_attributes.object_id(),
        Owner::Address(owner),
        &with_attributes,
    );
    put(store, without.object_id(), Owner::Address(owner), &without);
    let attributes = Attributes {
        entries: VecMap {
            contents: vec![
                Entry {
                    key: "content-type".to_string(),
                    value: "text/plain".to_string(),
                },
                Entry {
                    key: "name".to_string(),
                    value: "a.txt".to_string(),
                },
            ],
        },
    };
    put_field(
        store,
        with_attributes.object_id(),
        tag::<AttributesKey>(),
        AttributesKey { dummy_field: false },
        attributes.clone(),
    );
    let chain = client(vec![chain_node.url()]);

    assert_eq!(
        chain.blob(with_attributes.object_id()).await.unwrap(),
        with_attributes
    );
    let read = chain
        .blob_attributes(with_attributes.object_id())
        .await
        .unwrap();
    assert_eq!(read, attributes.entries);
    assert_eq!(
        read.get(&"name".to_string()).map(String::as_str),
        Some("a.txt")
    );
    assert!(
        chain
            .blob_attributes(without.object_id())
            .await
            .unwrap()
            .is_empty()
    );

    // The owner's blobs, by type.
    let mut owned: Vec<_> = chain
        .owned_objects::<Blob>(owner)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    owned.sort_by_key(|b| b.object_id());
    assert_eq!(owned, [with_attributes, without.clone()]);

    // An object of another type is refused with both types named.
    put(
        store,
        Address::from_static("0xb3"),
        Owner::Address(owner),
        &without.storage,
    );
    let err = chain.blob(Address::from_static("0xb3")).await.unwrap_err();
    assert!(
        matches!(&err, ChainError::UnexpectedObject { expected, .. } if expected.ends_with("::blob::Blob")),
        "{err}"
    );
    assert!(
        err.to_string().contains("storage_resource::Storage"),
        "{err}"
    );
}

#[tokio::test]
async fn proposals_audit_rounds_and_reports() {
    let chain_node = Node::start().await;
    let store = &chain_node.store;
    let proposal = Proposal {
        id: Uid(Address::from_static("0x9e0")),
        proposer: Address::from_static("0x1"),
        staked_wal_id: Id(Address::from_static("0x2")),
        action: Action {
            kind: 0,
            param: 0,
            value: 250,
            auditor: Address::ZERO,
        },
        description: "lower the penalty".into(),
        created_epoch: 3,
        created_ms: 1,
        voting_end_ms: 2,
        executable_from_ms: 3,
        total_stake: 100,
        quorum_bps: 3334,
        approval_threshold_bps: 5000,
        votes_for: 40,
        votes_against: 0,
        votes_abstain: 0,
        status: 1,
    };
    put(store, proposal.id.0, shared(55), &proposal);
    let auditor = Address::from_static("0xa0d");
    let round = AuditRound {
        id: Uid(Address::from_static("0x40d")),
        round: 4,
        epoch: 3,
        seed: vec![7; 32],
        opened_ms: 10,
        deadline_ms: 20,
        challenged_symbols: 300,
        failure_threshold_bps: 0,
        auditor_quorum_bps: 5001,
        penalty_bps: 100,
        n_auditors: 2,
        node_ids: vec![node(1), node(2)],
        failing_reports: vec![0, 1],
        reporters: vec![auditor],
        reports: Table::new(Address::from_static("0x40e"), 1),
        finalized: false,
    };
    put(store, round.id.0, shared(77), &round);
    let report = Report {
        auditor,
        cap_id: Id(Address::from_static("0xcab")),
        submitted_ms: 15,
        node_ids: vec![node(1), node(2)],
        challenged: vec![300, 300],
        failed: vec![0, 12],
        evidence_digest: vec![0xee; 32],
    };
    put_field(
        store,
        round.reports.id.0,
        TypeTag::Address,
        auditor,
        report.clone(),
    );
    let chain = client(vec![chain_node.url()]);

    let read = chain.proposal(proposal.id.0).await.unwrap();
    assert_eq!(read, proposal);
    assert_eq!(read.status(), Some(ProposalStatus::Passed));
    assert_eq!(
        read.action.typed(),
        Some(ProposalAction::set(GovernedParameter::PenaltyBps, 250))
    );
    assert_eq!(chain.audit_round(round.id.0).await.unwrap(), round);
    assert_eq!(
        chain.audit_report(round.id.0, auditor).await.unwrap(),
        Some(report.clone())
    );
    assert_eq!(
        chain
            .audit_report(round.id.0, Address::from_static("0xbad"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        chain.audit_report_in(&round, auditor).await.unwrap(),
        Some(report)
    );
    // Shared references resolve with the initial shared version.
    assert_eq!(
        chain.shared_ref(round.id.0).await.unwrap(),
        SharedRef {
            id: round.id.0,
            initial_shared_version: 77
        }
    );
}

#[tokio::test]
async fn dynamic_fields_are_checked_for_type_and_key() {
    let chain_node = Node::start().await;
    let store = &chain_node.store;
    let system = sample_system();
    put(store, SYSTEM, shared(7), &system);
    // At node 1's derived ID: a field of the wrong value type.
    put_field(
        store,
        system.pools.id.0,
        Id::type_tag(),
        node(1),
        ExchangeRate { wal: 1, shares: 1 },
    );
    // At node 2's derived ID: a StakingPool field that names another key.
    let id = dynamic_field_id(system.pools.id.0, &Id::type_tag(), node(2).as_bytes());
    store.put_object(StoredObject {
        id,
        version: None,
        owner: Owner::Object(system.pools.id.0),
        type_: field_tag(Id::type_tag(), tag::<StakingPool>()).to_string(),
        contents: bcs::to_bytes(&Field {
            id: Uid(id),
            name: node(3),
            value: sample_pool(node(3).0, 1),
        })
        .unwrap(),
    });
    let chain = client(vec![chain_node.url()]);

    let err = chain.staking_pool(node(1)).await.unwrap_err();
    assert!(matches!(err, ChainError::UnexpectedObject { .. }), "{err}");
    assert!(
        err.to_string().contains("staking_pool::ExchangeRate"),
        "{err}"
    );
    let err = chain.staking_pool(node(2)).await.unwrap_err();
    assert!(matches!(err, ChainError::BadResponse { .. }), "{err}");
    assert!(err.to_string().contains("holds key"), "{err}");
}

#[tokio::test]
async fn coins_references_treasury_and_deployment() {
    let chain_node = Node::start().await;
    let store = &chain_node.store;
    let owner = Address::from_static("0x0e");
    put(store, SYSTEM, shared(7), &sample_system());
    let treasury = Treasury {
        id: Uid(TREASURY),
        supply: Supply::new(5_000),
        burned: 12,
    };
    put(store, TREASURY, shared(3), &treasury);
    let small = store.add_coin(owner, &ids().wal_coin_type(), 5);
    let big = store.add_coin(owner, &ids().wal_coin_type(), 500);
    store.add_gas_coin(owner, 1_000_000);
    let cap = StorageNodeCap {
        id: Uid(Address::from_static("0xca9")),
        node_id: node(1),
    };
    put(store, cap.id.0, Owner::Address(owner), &cap);
    let chain = client(vec![chain_node.url()]);

    assert_eq!(chain.wal_treasury().await.unwrap(), treasury);
    let coins = chain.wal_coins(owner).await.unwrap();
    assert_eq!(
        coins
            .iter()
            .map(|c| (c.object.id, c.balance))
            .collect::<Vec<_>>(),
        [(big.id, 500), (small.id, 5)],
        "WAL coins only, largest first"
    );
    assert_eq!(coins[0].object, ObjectRef::from(&big));
    assert_eq!(
        chain.owned_objects::<StorageNodeCap>(owner).await.unwrap()[0].1,
        cap
    );

    assert_eq!(chain.object_ref(cap.id.0).await.unwrap().id, cap.id.0);
    let err = chain.object_ref(SYSTEM).await.unwrap_err();
    assert!(err.to_string().contains("not owned by an address"), "{err}");
    let err = chain.shared_ref(cap.id.0).await.unwrap_err();
    assert!(err.to_string().contains("not shared"), "{err}");

    // Without a Random object on the node, the deployment has none.
    let d = chain.deployment().await.unwrap();
    assert_eq!(
        d.system,
        SharedRef {
            id: SYSTEM,
            initial_shared_version: 7
        }
    );
    assert_eq!(
        d.wal_treasury,
        SharedRef {
            id: TREASURY,
            initial_shared_version: 3
        }
    );
    assert_eq!(d.clock, SharedRef::CLOCK);
    assert_eq!(d.random, None);
    assert_eq!(d.ids(), ids());

    // With one, it is resolved (a fresh client: the deployment is remembered per client).
    store.put_object(StoredObject {
        id: SharedRef::RANDOM_ID,
        version: None,
        owner: shared(42),
        type_: "0x2::random::Random".into(),
        contents: vec![0; 40],
    });
    let fresh = client(vec![chain_node.url()]);
    assert_eq!(
        fresh.deployment().await.unwrap().random,
        Some(SharedRef {
            id: SharedRef::RANDOM_ID,
            initial_shared_version: 42
        })
    );
}

fn registration() -> BlobRegistration {
    BlobRegistration {
        blob_id: BlobId([0xab; 32]),
        root_hash: walrus_core::Digest([0x77; 32]),
        size: 1_000,
        encoding_type: 1,
        deletable: false,
    }
}

/// A node with the System, the WAL treasury, SUI for gas and WAL to pay with.
async fn funded_node(key: &SuiKeyPair) -> Node {
    let node = Node::start().await;
    put(&node.store, SYSTEM, shared(7), &sample_system());
    put(
        &node.store,
        TREASURY,
        shared(3),
        &Treasury {
            id: Uid(TREASURY),
            supply: Supply::new(5_000),
            burned: 0,
        },
    );
    node.store.add_gas_coin(key.address(), 10_000_000_000);
    node.store
        .add_coin(key.address(), &ids().wal_coin_type(), 10_000);
    node
}

#[tokio::test]
async fn reserve_and_register_end_to_end() {
    let key = SuiKeyPair::from_bytes([7; 32]);
    let sender = key.address();
    let node = funded_node(&key).await;
    let blob_object = Address::from_static("0xb10b");
    let storage_id = Address::from_static("0x5707");
    let reserved = SpaceReserved {
        epoch: 3,
        storage_id: Id(storage_id),
        start_epoch: 3,
        end_epoch: 5,
        size: 1 << 20,
        cost: 22,
        payer: sender,
    };
    let registered = BlobRegistered {
        epoch: 3,
        blob_object_id: Id(blob_object),
        blob_id: registration().blob_id,
        size: 1_000,
        encoding_type: 1,
        encoded_size: 2_000,
        storage_id: Id(storage_id),
        storage_size: 1 << 20,
        end_epoch: 5,
        deletable: false,
        write_cost: 7,
        owner: sender,
    };
    let blob = Blob {
        id: Uid(blob_object),
        registered_epoch: 3,
        blob_id: registration().blob_id,
        size: 1_000,
        encoding_type: 1,
        certified_epoch: None,
        storage: Storage {
            id: Uid(storage_id),
            start_epoch: 3,
            end_epoch: 5,
            size: 1 << 20,
        },
        deletable: false,
    };
    node.executor.push(
        Outcome::success()
            .with_event(EventRecord::of(&ids(), &reserved))
            .with_event(EventRecord::of(&ids(), &registered))
            .with_write(StoredObject {
                id: blob_object,
                version: None,
                owner: Owner::Address(sender),
                type_: Blob::struct_tag(&ids()).to_string(),
                contents: bcs::to_bytes(&blob).unwrap(),
            }),
    );
    let chain = client(vec![node.url()]);

    let system = chain.system_state().await.unwrap();
    let cost = system.reserve_cost(1 << 20, 2).unwrap() + system.write_cost(1_000).unwrap();
    let deployment = chain.deployment().await.unwrap();
    let coins = chain.wal_coins(sender).await.unwrap();
    let builder = tx::reserve_and_register_blob(
        &deployment,
        sender,
        &coins,
        cost,
        1 << 20,
        2,
        &registration(),
    )
    .unwrap();
    let transaction = within(10, chain.prepare(builder, sender)).await.unwrap();
    // Gas: the reference gas price, a budget from the simulation (3_000_000 gross + 20 % +
    // 1000 x price), paid with the SUI coin (not the WAL coin, which is an input).
    assert_eq!(transaction.gas_payment.price, 1_000);
    assert_eq!(transaction.gas_payment.budget, 3_600_000 + 1_000_000);
    assert_eq!(transaction.gas_payment.objects.len(), 1);
    assert_ne!(
        *transaction.gas_payment.objects[0].object_id(),
        coins[0].object.id
    );

    let executed = within(10, chain.sign_and_execute(&transaction, &key))
        .await
        .unwrap();
    assert_eq!(executed.digest, transaction.digest());
    assert!(executed.checkpoint.is_some());
    // The node executed exactly this transaction: reserve then register, in walrus::system.
    let ran = node.executor.executed();
    assert_eq!(ran, [transaction]);
    let TransactionKind::ProgrammableTransaction(ptb) = &ran[0].kind else {
        panic!("programmable");
    };
    let calls: Vec<_> = ptb
        .commands
        .iter()
        .filter_map(|c| match c {
            Command::MoveCall(m) => Some(format!("{}::{}", m.module, m.function)),
            _ => None,
        })
        .collect();
    assert_eq!(calls, ["system::reserve_space", "system::register_blob"]);

    // The events decode to the bindings.
    let mut decoder = EventDecoder::new(ids());
    let decoded: Vec<SystemEvent> = executed
        .events
        .iter()
        .map(|e| {
            let position = EventPosition {
                checkpoint: executed.checkpoint.unwrap(),
                transaction: executed.digest.to_string(),
                event_index: e.event_index,
            };
            decoder.decode(&position, e).unwrap().unwrap()
        })
        .collect();
    assert_eq!(
        decoded,
        [
            SystemEvent::SpaceReserved(reserved),
            SystemEvent::BlobRegistered(registered)
        ]
    );
    // The blob is the sender's and reads back.
    assert_eq!(executed.created(Some("::blob::Blob"))[0].id, blob_object);
    assert_eq!(chain.blob(blob_object).await.unwrap(), blob);
    assert_eq!(
        chain.owned_objects::<Blob>(sender).await.unwrap()[0].1,
        blob
    );

    // `execute_builder` does both steps.
    let builder = tx::burn_blob(
        &deployment,
        sender,
        &chain.object_ref(blob_object).await.unwrap(),
    );
    let executed = within(10, chain.execute_builder(builder, &key))
        .await
        .unwrap();
    assert!(executed.checkpoint.is_some());
}

#[tokio::test]
async fn an_insufficient_payment_abort_names_the_move_constant() {
    let key = SuiKeyPair::from_bytes([8; 32]);
    let sender = key.address();
    let node = funded_node(&key).await;
    let chain = client(vec![node.url()]);
    let deployment = chain.deployment().await.unwrap();
    let coins = chain.wal_coins(sender).await.unwrap();
    // A clever abort code as the compiled walrus::system aborts with it (code 6).
    let abort_code = CleverAbortCode {
        error_code: 6,
        line_number: 283,
        identifier_index: Some(12),
        constant_index: Some(6),
    }
    .encode();
    let outcome = || Outcome::move_abort(ids().walrus, "system", "reserve_space", abort_code, 1);
    let build = || tx::reserve_space(&deployment, sender, &coins, 1, 1 << 20, 2).unwrap();
    let expected_message = "insufficient payment: the payment coin holds less WAL than the price (see the storage_price and write_price accessors)";

    // The simulation in `prepare` finds it before anything is signed.
    node.executor.push(outcome());
    let err = within(10, chain.prepare(build(), sender))
        .await
        .unwrap_err();
    let abort = err.as_move_abort().expect("a Move abort");
    assert_eq!(abort.digest, None);
    assert_eq!(abort.module.as_deref(), Some("system"));
    assert_eq!(abort.constant.as_deref(), Some("EInsufficientPayment"));
    assert_eq!(abort.error_code, 6);
    assert_eq!(abort.message.as_deref(), Some(expected_message));

    // Executed anyway (the scripted outcome stays until executed): reported with the digest.
    let mut builder = build();
    let gas = node.store.add_gas_coin(sender, 1_000_000_000);
    builder.set_sender(sender);
    builder.set_gas_price(1_000);
    builder.set_gas_budget(10_000_000);
    builder.add_gas_objects([sui_transaction_builder::ObjectInput::owned(
        gas.id,
        gas.version,
        gas.digest,
    )]);
    let transaction = builder.try_build().unwrap();
    let err = within(10, chain.sign_and_execute(&transaction, &key))
        .await
        .unwrap_err();
    let abort = err.as_move_abort().expect("a Move abort");
    assert_eq!(abort.digest, Some(transaction.digest()));
    assert_eq!(abort.command, Some(1));
    assert_eq!(abort.function.as_deref(), Some("reserve_space"));
    assert_eq!(abort.line, Some(283));
    let entry = abort
        .catalog_entry
        .as_ref()
        .expect("in the generated catalog");
    assert_eq!(entry.address, "walrus");
    assert!(
        entry
            .source
            .as_deref()
            .unwrap()
            .starts_with("move/walrus/sources/system.move:")
    );
    let text = err.to_string();
    assert!(
        text.contains(&format!(
            "system::reserve_space (command 1): EInsufficientPayment (error code 6): {expected_message}"
        )),
        "{text}"
    );
}
