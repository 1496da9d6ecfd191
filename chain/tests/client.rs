//! `SuiChain` against the in-process gRPC server on 127.0.0.1: every client method, retries,
//! failover, timeouts, garbage answers, execution and Move aborts.

mod common;

use std::time::{Duration, Instant};

use common::{Node, client, dead_url, ids, within};
use sui_sdk_types::{Address, Identifier, StructTag};
use sui_transaction_builder::{Function, ObjectInput, TransactionBuilder};
use walrus_chain::abort::CleverAbortCode;
use walrus_chain::events::WalBurned;
use walrus_chain::server::{EventRecord, Fault, Outcome, StoredObject};
use walrus_chain::types::{ChangeKind, Owner};
use walrus_chain::{ChainError, SuiKeyPair};

fn key() -> SuiKeyPair {
    SuiKeyPair::from_bytes([42; 32])
}

/// A `wal::wal::burn` call (the executor is scripted, so only its shape matters).
fn burn_builder(treasury: Address, coin: &walrus_chain::ObjectData) -> TransactionBuilder {
    let mut b = TransactionBuilder::new();
    let t = b.object(ObjectInput::shared(treasury, 1, true));
    let c = b.object(ObjectInput::owned(coin.id, coin.version, coin.digest));
    b.move_call(
        Function::new(
            ids().wal,
            Identifier::new("wal").unwrap(),
            Identifier::new("burn").unwrap(),
        ),
        vec![t, c],
    );
    b
}

#[tokio::test]
async fn node_info_epoch_and_checkpoints() {
    let node = Node::start().await;
    node.store.set_epoch(3, 750);
    node.store.append_empty_checkpoints(4);
    let chain = client(vec![node.url()]);

    let info = chain.service_info().await.unwrap();
    assert_eq!(info.chain_id, "walrus-test-chain");
    assert_eq!(info.epoch, 3);
    assert_eq!(info.checkpoint_height, 4);
    assert_eq!(info.lowest_available_checkpoint, Some(0));
    assert!(info.timestamp_ms.is_some());
    assert_eq!(chain.chain_id().await.unwrap(), "walrus-test-chain");
    assert_eq!(chain.latest_checkpoint().await.unwrap(), 4);

    let epoch = chain.epoch().await.unwrap();
    assert_eq!(epoch.epoch, 3);
    assert_eq!(epoch.reference_gas_price, 750);
    assert_eq!(epoch.first_checkpoint, Some(1));
    assert_eq!(chain.reference_gas_price().await.unwrap(), 750);

    let cp = chain.get_checkpoint(2).await.unwrap();
    assert_eq!(cp.sequence_number, 2);
    assert!(cp.transactions.is_empty());
    let later = chain.get_checkpoint(3).await.unwrap();
    assert!(later.timestamp_ms > cp.timestamp_ms);
    let err = chain.get_checkpoint(99).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert!(err.to_string().contains("checkpoint 99"), "{err}");
}

#[tokio::test]
async fn objects_single_batch_versions_and_missing() {
    let node = Node::start().await;
    let id = Address::from_static("0x1234");
    let owner = Address::from_static("0xabc");
    let v1 = node.store.put_object(StoredObject {
        id,
        version: None,
        owner: Owner::Address(owner),
        type_: format!("{}::thing::Thing", ids().walrus),
        contents: vec![1, 2, 3],
    });
    let v2 = node.store.put_object(StoredObject {
        id,
        version: None,
        owner: Owner::Shared {
            initial_shared_version: 2,
        },
        type_: format!("{}::thing::Thing", ids().walrus),
        contents: vec![4, 5],
    });
    let chain = client(vec![node.url()]);

    let o = chain.get_object(id).await.unwrap();
    assert_eq!(o, v2);
    assert_eq!(o.version, 2);
    assert_eq!(o.contents, vec![4, 5]);
    assert_eq!(
        o.owner,
        Owner::Shared {
            initial_shared_version: 2
        }
    );
    assert_eq!(chain.get_object_at(id, 1).await.unwrap(), v1);

    let missing = Address::from_static("0x999");
    let err = chain.get_object(missing).await.unwrap_err();
    assert!(err.is_not_found());
    assert!(err.to_string().contains(&missing.to_string()), "{err}");
    let err = chain.get_object_at(id, 7).await.unwrap_err();
    assert!(err.to_string().contains("version 7"), "{err}");

    let batch = chain.batch_get_objects(&[id, missing]).await.unwrap();
    assert_eq!(batch.len(), 2);
    assert_eq!(batch[0].as_ref().unwrap(), &v2);
    assert!(batch[1].as_ref().unwrap_err().is_not_found());
}

#[tokio::test]
async fn owned_objects_pages_types_and_balances() {
    let node = Node::start().await;
    node.store.set_page_limits(50, 1000, 2); // two objects per page
    let owner = Address::from_static("0xabc");
    let other = Address::from_static("0xdef");
    let wal = ids().wal_coin_type();
    for v in [10, 20, 30] {
        node.store.add_gas_coin(owner, v);
    }
    node.store.add_coin(owner, &wal, 1_000);
    node.store.add_coin(owner, &wal, 234);
    node.store.add_gas_coin(other, 5);
    let chain = client(vec![node.url()]);

    let all = chain.list_owned_objects(owner, None).await.unwrap();
    assert_eq!(all.len(), 5, "all pages are read");
    let mut ids_seen: Vec<_> = all.iter().map(|o| o.id).collect();
    ids_seen.dedup();
    assert_eq!(ids_seen.len(), 5);

    let gas = chain
        .list_owned_objects(owner, Some(&StructTag::gas_coin().to_string()))
        .await
        .unwrap();
    assert_eq!(gas.len(), 3);
    // Without type parameters the filter matches every Coin<T>.
    let coins = chain
        .list_owned_objects(owner, Some("0x2::coin::Coin"))
        .await
        .unwrap();
    assert_eq!(coins.len(), 5);

    assert_eq!(chain.sui_balance(owner).await.unwrap(), 60);
    assert_eq!(chain.wal_balance(owner).await.unwrap(), 1_234);
    assert_eq!(chain.sui_balance(other).await.unwrap(), 5);
    assert_eq!(chain.wal_balance(other).await.unwrap(), 0);
    let coins = chain.sui_coins(owner).await.unwrap();
    assert_eq!(
        coins.iter().map(|c| c.1).collect::<Vec<_>>(),
        [30, 20, 10],
        "largest first"
    );
}

#[tokio::test]
async fn prepare_sign_execute_and_read_back() {
    let node = Node::start().await;
    let key = key();
    let sender = key.address();
    node.store.add_gas_coin(sender, 10_000_000_000);
    let wal_coin = node.store.add_coin(sender, &ids().wal_coin_type(), 500);
    let created = Address::from_static("0xc0ffee");
    let burned = WalBurned {
        amount: 500,
        total_supply: 4_999,
        burner: sender,
    };
    node.executor.push(
        Outcome::success()
            .with_event(EventRecord::of(&ids(), &burned))
            .with_write(StoredObject {
                id: created,
                version: None,
                owner: Owner::Address(sender),
                type_: format!("{}::thing::Receipt", ids().walrus),
                contents: vec![9; 8],
            }),
    );
    let chain = client(vec![node.url()]);

    let tx = chain
        .prepare(
            burn_builder(Address::from_static("0x7ea"), &wal_coin),
            sender,
        )
        .await
        .unwrap();
    assert_eq!(tx.sender, sender);
    assert_eq!(tx.gas_payment.price, 1000, "the reference gas price");
    assert_eq!(tx.gas_payment.objects.len(), 1, "the SUI coin pays");
    // Simulated gross gas 3_000_000 + 20 % + 1000 * reference gas price.
    assert_eq!(tx.gas_payment.budget, 3_600_000 + 1_000_000);

    let executed = chain.sign_and_execute(&tx, &key).await.unwrap();
    assert_eq!(executed.digest, tx.digest());
    assert_eq!(executed.checkpoint, Some(1));
    assert!(executed.timestamp_ms.is_some());
    assert_eq!(executed.events.len(), 1);
    let e = &executed.events[0];
    assert_eq!(
        e.event_type,
        <WalBurned as walrus_chain::MoveStruct>::struct_tag(&ids())
    );
    assert_eq!(e.sender, sender);
    assert_eq!(bcs::from_bytes::<WalBurned>(&e.contents).unwrap(), burned);
    assert_eq!(executed.gas.computation_cost, 1_000_000);
    let receipt = executed.created(Some("::thing::Receipt"));
    assert_eq!(receipt.len(), 1);
    assert_eq!(receipt[0].id, created);
    assert_eq!(receipt[0].kind, ChangeKind::Created);

    // The write is visible, tagged with the transaction.
    let o = chain.get_object(created).await.unwrap();
    assert_eq!(o.previous_transaction, Some(tx.digest()));
    // The transaction is readable, with its checkpoint, and the checkpoint lists it.
    let t = chain.get_transaction(&tx.digest()).await.unwrap();
    assert_eq!(t.checkpoint, Some(1));
    let cp = chain.get_checkpoint(1).await.unwrap();
    assert_eq!(cp.transactions[0].digest, tx.digest());
    assert_eq!(cp.transactions[0].events, executed.events);

    // Resubmitting is answered from the ledger, not executed twice.
    let again = chain.sign_and_execute(&tx, &key).await.unwrap();
    assert_eq!(again.digest, executed.digest);
    assert_eq!(node.executor.executed().len(), 1);
}

#[tokio::test]
async fn execute_waits_for_the_checkpoint() {
    let node = Node::start().await;
    node.store.set_auto_checkpoint(false);
    let key = key();
    let coin = node.store.add_gas_coin(key.address(), 10_000_000_000);
    let chain = client(vec![node.url()]);
    let tx = chain
        .prepare(
            burn_builder(Address::from_static("0x7ea"), &coin),
            key.address(),
        )
        .await
        .unwrap();
    let store = node.store.clone();
    let sealer = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        store.seal_pending()
    });
    let started = Instant::now();
    let executed = within(10, chain.sign_and_execute(&tx, &key)).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(250));
    let sealed = sealer.await.unwrap();
    assert_eq!(executed.checkpoint, sealed);
}

#[tokio::test]
async fn checkpoint_wait_times_out_with_a_clear_error() {
    let node = Node::start().await;
    node.store.set_auto_checkpoint(false);
    let key = key();
    let coin = node.store.add_gas_coin(key.address(), 10_000_000_000);
    let mut config = common::config(vec![node.url()]);
    config.rpc.checkpoint_wait_timeout_ms = 200;
    let chain = walrus_chain::SuiChain::new(&config).unwrap();
    let tx = chain
        .prepare(
            burn_builder(Address::from_static("0x7ea"), &coin),
            key.address(),
        )
        .await
        .unwrap();
    let err = chain.sign_and_execute(&tx, &key).await.unwrap_err();
    assert!(
        matches!(err, ChainError::CheckpointTimeout { digest, .. } if digest == tx.digest()),
        "{err}"
    );
}

#[tokio::test]
async fn move_abort_is_decoded_to_the_error_constant() {
    let node = Node::start().await;
    let key = key();
    let coin = node.store.add_gas_coin(key.address(), 10_000_000_000);
    let chain = client(vec![node.url()]);
    let clever = CleverAbortCode {
        error_code: 0,
        line_number: 103,
        identifier_index: Some(4),
        constant_index: Some(1),
    }
    .encode();

    // Simulation (as `prepare` runs it) reports the abort before anything is signed.
    node.executor.push(Outcome::move_abort(
        ids().wal,
        "wal",
        "burn_balance",
        clever,
        0,
    ));
    let err = chain
        .prepare(
            burn_builder(Address::from_static("0x7ea"), &coin),
            key.address(),
        )
        .await
        .unwrap_err();
    let abort = err.as_move_abort().expect("a Move abort");
    assert_eq!(abort.digest, None);
    assert_eq!(abort.constant.as_deref(), Some("EZeroBurn"));

    // Execution reports it with the digest.
    let mut b = burn_builder(Address::from_static("0x7ea"), &coin);
    b.set_sender(key.address());
    b.set_gas_price(1000);
    b.set_gas_budget(10_000_000);
    b.add_gas_objects([ObjectInput::owned(coin.id, coin.version, coin.digest)]);
    let tx = b.try_build().unwrap();
    let err = chain.sign_and_execute(&tx, &key).await.unwrap_err();
    let abort = err.as_move_abort().expect("a Move abort");
    assert_eq!(abort.digest, Some(tx.digest()));
    assert_eq!(abort.package, Some(ids().wal));
    assert_eq!(abort.module.as_deref(), Some("wal"));
    assert_eq!(abort.function.as_deref(), Some("burn_balance"));
    assert_eq!(abort.abort_code, clever);
    assert_eq!(abort.error_code, 0);
    assert_eq!(abort.line, Some(103));
    assert_eq!(abort.constant.as_deref(), Some("EZeroBurn"));
    assert_eq!(
        abort.message.as_deref(),
        Some("nothing to burn: the coin or balance passed to burn holds 0 FROST")
    );
    let text = err.to_string();
    assert!(text.contains("wal::burn_balance"), "{text}");
    assert!(
        text.contains("EZeroBurn (error code 0): nothing to burn"),
        "{text}"
    );

    // A plain (non-clever) abort code resolves too; an unknown module keeps the raw code.
    let plain = walrus_chain::error::MoveAbort::from_proto(
        None,
        Some(1),
        &abort_proto(ids().wal, "wal", 0),
        chain.catalog(),
    );
    assert_eq!(plain.constant.as_deref(), Some("EZeroBurn"));
    let unknown = walrus_chain::error::MoveAbort::from_proto(
        None,
        None,
        &abort_proto(Address::TWO, "coin", 5),
        chain.catalog(),
    );
    assert_eq!(unknown.constant, None);
    assert!(unknown.to_string().contains("abort code 5"), "{unknown}");
}

fn abort_proto(
    package: Address,
    module: &str,
    code: u64,
) -> walrus_chain::sdk::sui_rpc::proto::sui::rpc::v2::MoveAbort {
    use walrus_chain::sdk::sui_rpc::proto::sui::rpc::v2 as proto;
    let mut location = proto::MoveLocation::default();
    location.package = Some(package.to_string());
    location.module = Some(module.to_string());
    let mut abort = proto::MoveAbort::default();
    abort.abort_code = Some(code);
    abort.location = Some(location);
    abort
}

#[tokio::test]
async fn other_execution_failures_and_rejections() {
    let node = Node::start().await;
    let key = key();
    let coin = node.store.add_gas_coin(key.address(), 10_000_000_000);
    let chain = client(vec![node.url()]);
    let build = || {
        let mut b = burn_builder(Address::from_static("0x7ea"), &coin);
        b.set_sender(key.address());
        b.set_gas_price(1000);
        b.set_gas_budget(10_000_000);
        b.add_gas_objects([ObjectInput::owned(coin.id, coin.version, coin.digest)]);
        b.try_build().unwrap()
    };
    use walrus_chain::sdk::sui_rpc::proto::sui::rpc::v2::execution_error::ExecutionErrorKind;
    node.executor.push(Outcome::failure(
        ExecutionErrorKind::InsufficientGas,
        "out of gas",
    ));
    let err = chain.sign_and_execute(&build(), &key).await.unwrap_err();
    assert!(
        matches!(&err, ChainError::ExecutionFailed { kind, .. } if kind == "INSUFFICIENT_GAS"),
        "{err}"
    );

    // A signature by another key is rejected by the node, and not retried.
    let other = SuiKeyPair::from_bytes([7; 32]);
    let tx = build();
    let sig = other.sign_transaction(&tx).unwrap();
    let calls = node.server.faults().calls("ExecuteTransaction");
    let err = chain.execute(&tx, vec![sig]).await.unwrap_err();
    assert!(
        matches!(
            &err,
            ChainError::Rejected {
                code: tonic::Code::InvalidArgument,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("did not sign"), "{err}");
    assert_eq!(node.server.faults().calls("ExecuteTransaction"), calls + 1);
}

#[tokio::test]
async fn transient_errors_are_retried_then_succeed() {
    let node = Node::start().await;
    let chain = client(vec![node.url()]);
    node.server.faults().fail_next(1, Fault::Unavailable);
    let before = node.server.faults().calls("GetServiceInfo");
    chain.service_info().await.unwrap();
    assert_eq!(node.server.faults().calls("GetServiceInfo"), before + 2);

    // Execution: the first attempt fails before reaching the node's executor; the retry asks
    // whether the transaction went through, then submits it.
    let key = key();
    let coin = node.store.add_gas_coin(key.address(), 10_000_000_000);
    let mut b = burn_builder(Address::from_static("0x7ea"), &coin);
    b.set_sender(key.address());
    b.set_gas_price(1000);
    b.set_gas_budget(10_000_000);
    b.add_gas_objects([ObjectInput::owned(coin.id, coin.version, coin.digest)]);
    let tx = b.try_build().unwrap();
    node.server
        .faults()
        .inject(Some("ExecuteTransaction"), Fault::Unavailable, Some(1));
    let executed = chain.sign_and_execute(&tx, &key).await.unwrap();
    assert_eq!(executed.digest, tx.digest());
    assert_eq!(node.executor.executed().len(), 1);
}

#[tokio::test]
async fn exhausted_retries_name_the_endpoint_and_attempts() {
    let node = Node::start().await;
    node.server.faults().fail_always(Fault::Unavailable);
    let chain = client(vec![node.url()]);
    let err = chain.service_info().await.unwrap_err();
    match &err {
        ChainError::Unavailable {
            op,
            attempts,
            errors,
            timed_out,
        } => {
            assert_eq!(*op, "get_service_info");
            assert_eq!(*attempts, 2);
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].0, node.url());
            assert!(errors[0].1.contains("Unavailable"), "{errors:?}");
            assert!(!timed_out);
        }
        other => panic!("unexpected {other}"),
    }
}

#[tokio::test]
async fn failover_to_the_second_endpoint_when_the_first_is_down() {
    let node = Node::start().await;
    let dead = dead_url();
    let chain = client(vec![dead.clone(), node.url()]);
    assert_eq!(chain.preferred_endpoint(), dead);
    let info = chain.service_info().await.unwrap();
    assert_eq!(info.chain_id, "walrus-test-chain");
    // Sticky: later calls start at the endpoint that answered.
    assert_eq!(chain.preferred_endpoint(), node.url());
    let before = node.server.faults().calls("");
    chain.latest_checkpoint().await.unwrap();
    assert_eq!(node.server.faults().calls(""), before + 1);
}

#[tokio::test]
async fn a_hanging_endpoint_times_out_and_fails_over() {
    let hanging = Node::start().await;
    hanging.server.faults().fail_always(Fault::Hang);
    let good = Node::start().await;
    let chain = common::hang_client(vec![hanging.url(), good.url()]);
    let started = Instant::now();
    let info = within(10, chain.service_info()).await.unwrap();
    assert_eq!(info.chain_id, "walrus-test-chain");
    // Two attempts of 300 ms on the hanging node, then the good one.
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");
    assert_eq!(chain.preferred_endpoint(), good.url());

    // Alone, the hanging node is a timed-out error, not a hang.
    let alone = common::hang_client(vec![hanging.url()]);
    let err = within(10, alone.get_object(Address::TWO))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ChainError::Unavailable {
                timed_out: true,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[tokio::test]
async fn garbage_answers_are_retried_and_fail_over() {
    let garbage = Node::start().await;
    garbage.server.faults().fail_always(Fault::Garbage);
    let chain = client(vec![garbage.url()]);
    let err = chain.service_info().await.unwrap_err();
    assert!(
        matches!(&err, ChainError::Unavailable { attempts: 2, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("decode"), "{err}");

    // Each endpoint's last error is reported.
    let dead = dead_url();
    let chain = client(vec![garbage.url(), dead.clone()]);
    let err = chain.service_info().await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("after 4 attempt(s)"), "{text}");
    assert!(
        text.contains(&format!("{}: Internal", garbage.url())),
        "{text}"
    );
    assert!(text.contains(&format!("{dead}: Unavailable")), "{text}");

    let good = Node::start().await;
    let chain = client(vec![garbage.url(), good.url()]);
    assert_eq!(
        chain.service_info().await.unwrap().chain_id,
        "walrus-test-chain"
    );
}

#[tokio::test]
async fn typed_objects_check_their_type() {
    let node = Node::start().await;
    let chain = client(vec![node.url()]);
    let id = Address::from_static("0xe1");
    let value = WalBurned {
        amount: 1,
        total_supply: 2,
        burner: Address::TWO,
    };
    // (WalBurned is an event, but any binding decodes the same way.)
    node.store.put_object(StoredObject {
        id,
        version: None,
        owner: Owner::Immutable,
        type_: <WalBurned as walrus_chain::MoveStruct>::struct_tag(&ids()).to_string(),
        contents: bcs::to_bytes(&value).unwrap(),
    });
    let (object, decoded) = chain.get_move_object::<WalBurned>(id).await.unwrap();
    assert_eq!(decoded, value);
    assert_eq!(object.owner, Owner::Immutable);

    let wrong = Address::from_static("0xe2");
    node.store.put_object(StoredObject {
        id: wrong,
        version: None,
        owner: Owner::Immutable,
        type_: "0x2::coin::Coin<0x2::sui::SUI>".into(),
        contents: vec![0; 40],
    });
    let err = chain.get_move_object::<WalBurned>(wrong).await.unwrap_err();
    assert!(err.to_string().contains("expected"), "{err}");

    let short = Address::from_static("0xe3");
    node.store.put_object(StoredObject {
        id: short,
        version: None,
        owner: Owner::Immutable,
        type_: <WalBurned as walrus_chain::MoveStruct>::struct_tag(&ids()).to_string(),
        contents: vec![1, 2, 3],
    });
    let err = chain.get_move_object::<WalBurned>(short).await.unwrap_err();
    assert!(err.to_string().contains("does not decode"), "{err}");
}

#[tokio::test]
async fn a_malformed_answer_is_a_bad_response_naming_the_field() {
    let node = Node::start().await;
    let record = walrus_chain::server::TransactionRecord::new(b"odd", Address::TWO).with_event(
        EventRecord::raw(ids().wal, "wal", "not a move type", vec![]),
    );
    let seq = node.store.append_checkpoint(vec![record.clone()]);
    let chain = client(vec![node.url()]);
    let err = chain.get_checkpoint(seq).await.unwrap_err();
    match &err {
        ChainError::BadResponse { op, what, .. } => {
            assert_eq!(*op, "get_checkpoint");
            assert!(what.contains(&format!("checkpoint {seq}")), "{what}");
            assert!(what.contains(&record.digest.to_string()), "{what}");
            assert!(what.contains("events[0].event_type"), "{what}");
            assert!(what.contains("after 2 attempt(s)"), "{what}");
        }
        other => panic!("unexpected {other}"),
    }
}

#[tokio::test]
async fn prepare_pays_with_the_fewest_coins_that_cover_the_budget() {
    let node = Node::start().await;
    let key = key();
    let sender = key.address();
    let big = node.store.add_gas_coin(sender, 4_000_000);
    let mid = node.store.add_gas_coin(sender, 3_000_000);
    node.store.add_gas_coin(sender, 2_000_000);
    let wal_coin = node.store.add_coin(sender, &ids().wal_coin_type(), 5);
    let chain = client(vec![node.url()]);
    let tx = chain
        .prepare(
            burn_builder(Address::from_static("0x7ea"), &wal_coin),
            sender,
        )
        .await
        .unwrap();
    assert_eq!(tx.gas_payment.budget, 4_600_000);
    let used: Vec<_> = tx
        .gas_payment
        .objects
        .iter()
        .map(|o| *o.object_id())
        .collect();
    assert_eq!(used, [big.id, mid.id]);
    chain.sign_and_execute(&tx, &key).await.unwrap();

    // Not enough SUI at all: a clear error before signing.
    let poor = SuiKeyPair::from_bytes([9; 32]);
    node.store.add_gas_coin(poor.address(), 1_000);
    let err = chain
        .prepare(
            burn_builder(Address::from_static("0x7ea"), &wal_coin),
            poor.address(),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("needs a budget"), "{err}");
    let nobody = SuiKeyPair::from_bytes([10; 32]).address();
    let err = chain
        .prepare(
            burn_builder(Address::from_static("0x7ea"), &wal_coin),
            nobody,
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("owns no SUI coins"), "{err}");
}

#[tokio::test]
async fn a_node_that_goes_down_is_failed_over() {
    let first = Node::start().await;
    let second = Node::start_with(first.store.clone()).await;
    let chain = client(vec![first.url(), second.url()]);
    chain.service_info().await.unwrap();
    assert_eq!(chain.preferred_endpoint(), first.url());
    // An open subscription must not keep the node from shutting down.
    let mut stream = chain.checkpoint_stream(walrus_chain::StreamOptions::from_tip());
    within(5, stream.next()).await.unwrap();
    within(5, first.server.shutdown()).await;
    chain.service_info().await.unwrap();
    assert_eq!(chain.preferred_endpoint(), second.url());
}
