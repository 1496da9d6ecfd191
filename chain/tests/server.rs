//! The test server through sui-rpc's own client: read masks, pagination, ordering, cursors,
//! filters, subscriptions, and sui-rpc's stream facade and execute-and-wait helper (so the
//! server behaves the way sui-rpc expects a full node to).

mod common;

use std::time::Duration;

use common::{Node, ids, within};
use futures::StreamExt as _;
use sui_rpc::field::{FieldMask, FieldMaskUtil};
use sui_rpc::proto::sui::rpc::v2 as proto;
use sui_sdk_types::Address;
use walrus_chain::events::WalBurned;
use walrus_chain::server::{EventRecord, Fault, StoredObject, TransactionRecord};
use walrus_chain::types::Owner;

fn tx(n: u64, sender: Address) -> TransactionRecord {
    TransactionRecord::new(&n.to_le_bytes(), sender).with_event(EventRecord::of(
        &ids(),
        &WalBurned {
            amount: n,
            total_supply: 0,
            burner: sender,
        },
    ))
}

fn rpc(node: &Node) -> sui_rpc::Client {
    sui_rpc::Client::new(node.url()).unwrap()
}

async fn list(
    client: &mut sui_rpc::Client,
    req: proto::ListCheckpointsRequest,
) -> Vec<proto::ListCheckpointsResponse> {
    let mut s = client
        .ledger_client()
        .list_checkpoints(req)
        .await
        .unwrap()
        .into_inner();
    let mut out = Vec::new();
    while let Some(frame) = s.message().await.unwrap() {
        out.push(frame);
    }
    out
}

fn seqs(frames: &[proto::ListCheckpointsResponse]) -> Vec<u64> {
    frames
        .iter()
        .filter_map(|f| f.checkpoint.as_ref()?.sequence_number)
        .collect()
}

#[tokio::test]
async fn read_masks_are_validated_and_applied() {
    let node = Node::start().await;
    let id = Address::from_static("0x77");
    node.store.put_object(StoredObject {
        id,
        version: None,
        owner: Owner::Address(Address::TWO),
        type_: "0x2::thing::Thing".into(),
        contents: vec![1, 2, 3],
    });
    let mut c = rpc(&node);
    let mut req = proto::GetObjectRequest::default();
    req.object_id = Some(id.to_string());
    req.read_mask = Some(FieldMask::from_paths(["object_id", "version"]));
    let o = c
        .ledger_client()
        .get_object(req.clone())
        .await
        .unwrap()
        .into_inner()
        .object
        .unwrap();
    assert_eq!(o.version, Some(1));
    assert!(o.object_id.is_some());
    assert!(o.contents.is_none() && o.owner.is_none() && o.digest.is_none());

    req.read_mask = Some(FieldMask::from_paths(["object_id", "no_such_field"]));
    let err = c.ledger_client().get_object(req).await.unwrap_err();
    assert_eq!(err.code(), tonic::Code::InvalidArgument);
    assert!(err.message().contains("no_such_field"), "{}", err.message());
}

#[tokio::test]
async fn list_checkpoints_pages_orders_and_bounds() {
    let node = Node::start().await;
    for i in 1..=9 {
        node.store.append_checkpoint(vec![tx(i, Address::TWO)]);
    }
    let mut c = rpc(&node);
    let base = || {
        let mut r = proto::ListCheckpointsRequest::default();
        r.read_mask = Some(FieldMask::from_paths(["sequence_number"]));
        r
    };

    // Ascending with a limit: the last item's frame carries ItemLimit.
    let mut r = base();
    r.start_checkpoint = Some(2);
    let mut o = proto::QueryOptions::default();
    o.limit = Some(3);
    r.options = Some(o.clone());
    let frames = list(&mut c, r.clone()).await;
    assert_eq!(seqs(&frames), [2, 3, 4]);
    let last = frames.last().unwrap();
    assert_eq!(
        last.end.as_ref().unwrap().reason(),
        proto::QueryEndReason::ItemLimit
    );
    assert_eq!(last.watermark.as_ref().unwrap().checkpoint, Some(4));
    // Resume after the cursor.
    o.after = last.watermark.as_ref().unwrap().cursor.clone();
    r.options = Some(o);
    assert_eq!(seqs(&list(&mut c, r).await), [5, 6, 7]);

    // To the tip.
    let mut r = base();
    r.start_checkpoint = Some(7);
    let frames = list(&mut c, r).await;
    assert_eq!(seqs(&frames), [7, 8, 9]);
    assert_eq!(
        frames.last().unwrap().end.as_ref().unwrap().reason(),
        proto::QueryEndReason::LedgerTip
    );

    // A checkpoint bound, descending.
    let mut r = base();
    r.start_checkpoint = Some(3);
    r.end_checkpoint = Some(6);
    let mut o = proto::QueryOptions::default();
    o.set_ordering(proto::Ordering::Descending);
    r.options = Some(o);
    let frames = list(&mut c, r).await;
    assert_eq!(seqs(&frames), [5, 4, 3]);
    assert_eq!(
        frames.last().unwrap().end.as_ref().unwrap().reason(),
        proto::QueryEndReason::CheckpointBound
    );
}

#[tokio::test]
async fn filters_select_transactions() {
    let node = Node::start().await;
    let alice = Address::from_static("0xa1");
    let bob = Address::from_static("0xb0");
    node.store.append_checkpoint(vec![tx(1, alice)]);
    node.store.append_checkpoint(vec![tx(2, bob)]);
    node.store
        .append_checkpoint(vec![TransactionRecord::new(b"plain", alice)]);
    let mut c = rpc(&node);
    let run = |literal: proto::TransactionLiteral| {
        let mut term = proto::TransactionTerm::default();
        term.literals = vec![literal];
        let mut f = proto::TransactionFilter::default();
        f.terms = vec![term];
        let mut r = proto::ListCheckpointsRequest::default();
        r.filter = Some(f);
        r.read_mask = Some(FieldMask::from_paths(["sequence_number"]));
        r
    };
    use proto::transaction_literal::Predicate;
    let mut sender = proto::SenderFilter::default();
    sender.address = Some(alice.to_string());
    let mut lit = proto::TransactionLiteral::default();
    lit.predicate = Some(Predicate::Sender(sender));
    assert_eq!(seqs(&list(&mut c, run(lit.clone())).await), [1, 3]);
    lit.negated = true;
    // (Genesis has no transaction, so no transaction of it matches, negated or not.)
    assert_eq!(seqs(&list(&mut c, run(lit)).await), [2]);

    let mut et = proto::EventTypeFilter::default();
    et.event_type = Some(format!("{}::wal", ids().wal));
    let mut lit = proto::TransactionLiteral::default();
    lit.predicate = Some(Predicate::EventType(et));
    assert_eq!(seqs(&list(&mut c, run(lit)).await), [1, 2]);

    let mut lit = proto::TransactionLiteral::default();
    lit.predicate = Some(Predicate::PackageWrite(proto::PackageWriteFilter::default()));
    let err = c
        .ledger_client()
        .list_checkpoints(run(lit))
        .await
        .unwrap_err();
    assert_eq!(err.code(), tonic::Code::Unimplemented);
}

#[tokio::test]
async fn subscriptions_start_at_the_tip() {
    let node = Node::start().await;
    node.store.append_empty_checkpoints(3);
    let mut c = rpc(&node);
    let mut req = proto::SubscribeCheckpointsRequest::default();
    req.read_mask = Some(FieldMask::from_paths(["sequence_number"]));
    let mut s = c
        .subscription_client()
        .subscribe_checkpoints(req)
        .await
        .unwrap()
        .into_inner();
    let first = s.message().await.unwrap().unwrap();
    assert_eq!(first.cursor, Some(3));
    node.store.append_empty_checkpoints(1);
    let next = within(5, s.message()).await.unwrap().unwrap();
    assert_eq!(next.checkpoint.unwrap().sequence_number, Some(4));
}

#[tokio::test]
async fn sui_rpc_stream_facade_works_against_the_server() {
    let node = Node::start().await;
    for i in 1..=5 {
        node.store.append_checkpoint(vec![tx(i, Address::TWO)]);
    }
    let client = rpc(&node);
    let request = sui_rpc::client::CheckpointStreamRequest::new()
        .with_read_mask(FieldMask::from_paths(["sequence_number"]))
        .with_start(sui_rpc::client::CheckpointStreamStart::Checkpoint(2));
    let mut stream = Box::pin(client.stream_checkpoints(request));
    let store = node.store.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        store.append_empty_checkpoints(2);
    });
    let mut got = Vec::new();
    while got.len() < 6 {
        let frame = within(10, stream.next()).await.unwrap().unwrap();
        if let Some(cp) = frame.checkpoint {
            got.push(cp.sequence_number.unwrap());
        }
    }
    assert_eq!(got, [2, 3, 4, 5, 6, 7]);
}

#[tokio::test]
async fn sui_rpc_execute_and_wait_works_against_the_server() {
    let node = Node::start().await;
    let key = walrus_chain::SuiKeyPair::from_bytes([5; 32]);
    let coin = node.store.add_gas_coin(key.address(), 1_000_000_000);
    let mut b = sui_transaction_builder::TransactionBuilder::new();
    b.set_sender(key.address());
    b.set_gas_budget(10_000_000);
    b.set_gas_price(1000);
    b.add_gas_objects([sui_transaction_builder::ObjectInput::owned(
        coin.id,
        coin.version,
        coin.digest,
    )]);
    let tx = b.try_build().unwrap();
    let sig = key.sign_transaction(&tx).unwrap();
    let mut req = proto::ExecuteTransactionRequest::default();
    req.transaction = Some(tx.clone().into());
    req.signatures = vec![sig.into()];
    req.read_mask = Some(FieldMask::from_paths(["digest", "effects.status"]));
    let mut client = rpc(&node);
    let r = within(
        10,
        client.execute_transaction_and_wait_for_checkpoint(req, Duration::from_secs(5)),
    )
    .await
    .unwrap()
    .into_inner();
    let t = r.transaction.unwrap();
    assert_eq!(t.digest, Some(tx.digest().to_string()));
    assert_eq!(t.checkpoint, Some(1));
}

#[tokio::test]
async fn faults_are_scoped_to_methods_and_counts() {
    let node = Node::start().await;
    node.server
        .faults()
        .inject(Some("GetEpoch"), Fault::Unavailable, Some(2));
    let mut c = rpc(&node);
    for _ in 0..2 {
        let err = c
            .ledger_client()
            .get_epoch(proto::GetEpochRequest::default())
            .await
            .unwrap_err();
        assert_eq!(err.code(), tonic::Code::Unavailable);
        c.ledger_client()
            .get_service_info(proto::GetServiceInfoRequest::default())
            .await
            .unwrap();
    }
    c.ledger_client()
        .get_epoch(proto::GetEpochRequest::default())
        .await
        .unwrap();
    assert_eq!(node.server.faults().calls("GetEpoch"), 3);
    assert_eq!(node.server.faults().calls("GetServiceInfo"), 2);
}
