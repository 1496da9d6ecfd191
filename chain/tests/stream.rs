//! The checkpoint stream and the event decoder over real gRPC: backfill and follow, resume
//! after dropped subscriptions, gap repair, refusal of gapped answers, failover, server-side
//! filtering, malformed and unknown events.

mod common;

use std::time::Duration;

use common::{Node, client, dead_url, ids, within};
use sui_sdk_types::Address;
use walrus_chain::events::{EventDecoder, SystemEvent, WalBurned};
use walrus_chain::server::{DropMode, EventRecord, Fault, TransactionRecord};
use walrus_chain::stream::StreamStart;
use walrus_chain::{CheckpointStream, StreamOptions};

fn burned(amount: u64) -> EventRecord {
    EventRecord::of(
        &ids(),
        &WalBurned {
            amount,
            total_supply: 1_000_000 - amount,
            burner: Address::TWO,
        },
    )
}

/// A checkpoint with one transaction emitting a WalBurned of `n`.
fn tx(n: u64) -> TransactionRecord {
    TransactionRecord::new(&n.to_le_bytes(), Address::TWO).with_event(burned(n))
}

/// Reads `n` checkpoints and checks they are consecutive from `first`.
async fn read_consecutive(stream: &mut CheckpointStream, first: u64, n: u64) {
    for expected in first..first + n {
        let cp = within(10, stream.next()).await.unwrap();
        assert_eq!(cp.sequence_number, expected, "no gap, no repeat");
        assert_eq!(stream.cursor(), Some(expected + 1));
    }
}

/// Appends a checkpoint every `every` until `total` were appended.
fn keep_appending(node: &Node, total: u64, every: Duration) -> tokio::task::JoinHandle<()> {
    let store = node.store.clone();
    tokio::spawn(async move {
        for i in 0..total {
            tokio::time::sleep(every).await;
            store.append_checkpoint(vec![tx(1_000 + i)]);
        }
    })
}

#[tokio::test]
async fn backfill_in_pages_then_follow() {
    let node = Node::start().await;
    node.store.set_page_limits(4, 4, 1000);
    for i in 1..=20 {
        node.store.append_checkpoint(vec![tx(i)]);
    }
    let chain = client(vec![node.url()]);
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(3));
    assert_eq!(stream.cursor(), Some(3));
    read_consecutive(&mut stream, 3, 18).await; // 3..=20, five pages
    // The content came through the read mask: digest, events with BCS.
    let writer = keep_appending(&node, 5, Duration::from_millis(20));
    let cp = within(10, stream.next()).await.unwrap();
    assert_eq!(cp.sequence_number, 21);
    assert_eq!(cp.transactions.len(), 1);
    let event = &cp.transactions[0].events[0];
    assert_eq!(
        bcs::from_bytes::<WalBurned>(&event.contents)
            .unwrap()
            .amount,
        1_000
    );
    read_consecutive(&mut stream, 22, 4).await;
    writer.await.unwrap();
    let stats = stream.stats();
    assert_eq!(stats.delivered, 23);
    // The subscription starts with the latest checkpoint, already delivered by the backfill.
    assert!(stats.duplicates_dropped >= 1, "{stats:?}");
}

#[tokio::test]
async fn resumes_after_dropped_subscriptions_without_gaps_or_repeats() {
    for mode in [DropMode::Error, DropMode::End] {
        let node = Node::start().await;
        node.server.faults().drop_subscriptions_after(Some(2), mode);
        let chain = client(vec![node.url()]);
        let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(1));
        let writer = keep_appending(&node, 12, Duration::from_millis(15));
        read_consecutive(&mut stream, 1, 12).await;
        writer.await.unwrap();
        assert!(
            node.server.faults().calls("SubscribeCheckpoints") >= 3,
            "the subscription was dropped and reopened ({mode:?})"
        );
        assert!(stream.stats().reconnects >= 2, "{:?}", stream.stats());
    }
}

#[tokio::test]
async fn restart_from_a_persisted_cursor() {
    let node = Node::start().await;
    for i in 1..=6 {
        node.store.append_checkpoint(vec![tx(i)]);
    }
    let chain = client(vec![node.url()]);
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(0));
    read_consecutive(&mut stream, 0, 4).await;
    let cursor = stream.cursor().unwrap();
    drop(stream);
    node.store.append_checkpoint(vec![tx(7)]);
    let mut resumed = chain.checkpoint_stream(StreamOptions::from_checkpoint(cursor));
    read_consecutive(&mut resumed, 4, 4).await;
}

#[tokio::test]
async fn a_gap_before_the_subscription_is_filled_from_list() {
    let node = Node::start().await;
    for i in 1..=20 {
        node.store.append_checkpoint(vec![tx(i)]);
    }
    // The node's index trails execution by 3: the backfill ends at 17 while the subscription
    // starts at 20.
    node.store.set_list_lag(3);
    let chain = client(vec![node.url()]);
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(10));
    read_consecutive(&mut stream, 10, 11).await;
    assert_eq!(stream.stats().gaps_repaired, 1, "{:?}", stream.stats());
}

#[tokio::test]
async fn a_gapped_answer_is_refused_and_another_endpoint_used() {
    let buggy = Node::start().await;
    let good = Node::start_with(buggy.store.clone()).await;
    for i in 1..=8 {
        buggy.store.append_checkpoint(vec![tx(i)]);
    }
    buggy.server.faults().omit_from_lists(Some(5));
    let chain = client(vec![buggy.url(), good.url()]);
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(1));
    read_consecutive(&mut stream, 1, 8).await;
    assert!(stream.stats().failovers >= 1, "{:?}", stream.stats());
    assert_eq!(stream.endpoint(), good.url());
}

#[tokio::test]
async fn stream_fails_over_from_dead_and_hanging_endpoints() {
    let good = Node::start().await;
    for i in 1..=3 {
        good.store.append_checkpoint(vec![tx(i)]);
    }
    let chain = client(vec![dead_url(), good.url()]);
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(1));
    read_consecutive(&mut stream, 1, 3).await;

    let hanging = Node::start_with(good.store.clone()).await;
    hanging.server.faults().fail_always(Fault::Hang);
    let chain = common::hang_client(vec![hanging.url(), good.url()]);
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(2));
    read_consecutive(&mut stream, 2, 2).await;
    assert_eq!(stream.endpoint(), good.url());

    // With no endpoint at all the stream reports it, and keeps its cursor.
    let chain = client(vec![dead_url()]);
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(2));
    let err = within(10, stream.next()).await.unwrap_err();
    assert!(err.is_unavailable(), "{err}");
    assert_eq!(stream.cursor(), Some(2));
}

#[tokio::test]
async fn from_the_tip() {
    let node = Node::start().await;
    node.store.append_empty_checkpoints(5);
    let chain = client(vec![node.url()]);
    let mut stream = chain.checkpoint_stream(StreamOptions::from_tip());
    assert_eq!(stream.cursor(), None);
    let first = within(10, stream.next()).await.unwrap();
    assert_eq!(first.sequence_number, 5);
    let writer = keep_appending(&node, 3, Duration::from_millis(10));
    read_consecutive(&mut stream, 6, 3).await;
    writer.await.unwrap();
}

#[tokio::test]
async fn server_side_filter_skips_other_checkpoints() {
    let node = Node::start().await;
    for i in 1..=10u64 {
        if i == 3 || i == 7 {
            node.store.append_checkpoint(vec![tx(i)]);
        } else {
            let foreign = TransactionRecord::new(&[i as u8, 0xF], Address::TWO).with_event(
                EventRecord::raw(Address::TWO, "coin", "0x2::coin::Minted", vec![1]),
            );
            node.store.append_checkpoint(vec![foreign]);
        }
    }
    let chain = client(vec![node.url()]);
    let mut options = StreamOptions::from_checkpoint(1);
    options.server_filter = true;
    options.page_size = Some(1);
    let mut stream = chain.checkpoint_stream(options);
    let a = within(10, stream.next()).await.unwrap();
    let b = within(10, stream.next()).await.unwrap();
    assert_eq!((a.sequence_number, b.sequence_number), (3, 7));
    // The live part is filtered too.
    let store = node.store.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        store.append_empty_checkpoints(2);
        store.append_checkpoint(vec![tx(99)]);
    });
    let c = within(10, stream.next()).await.unwrap();
    assert_eq!(c.sequence_number, 13);
    assert_eq!(stream.cursor(), Some(14));
}

#[tokio::test]
async fn events_decoded_unknown_counted_malformed_located() {
    let node = Node::start().await;
    let wal = ids().wal;
    let unknown = EventRecord::raw(wal, "wal", &format!("{wal}::wal::SomethingNew"), vec![1, 2]);
    let foreign = EventRecord::raw(Address::TWO, "coin", "0x2::coin::Minted", vec![1]);
    let good_tx = TransactionRecord::new(b"good", Address::TWO)
        .with_event(foreign)
        .with_event(burned(5))
        .with_event(unknown);
    node.store.append_checkpoint(vec![good_tx.clone()]);
    let bad_tx = TransactionRecord::new(b"bad", Address::TWO)
        .with_event(burned(6))
        .with_event(EventRecord::raw(
            wal,
            "wal",
            &format!("{wal}::wal::WalBurned"),
            vec![0xde, 0xad],
        ));
    node.store.append_checkpoint(vec![bad_tx.clone()]);

    let chain = client(vec![node.url()]);
    let mut stream = chain.checkpoint_stream(StreamOptions {
        start: StreamStart::Checkpoint(1),
        server_filter: false,
        page_size: None,
    });
    let mut decoder = EventDecoder::new(chain.package_ids());

    let cp1 = within(10, stream.next()).await.unwrap();
    assert_eq!(
        cp1.events_of(&ids()).count(),
        2,
        "the foreign event is filtered out"
    );
    let decoded = decoder.decode_checkpoint(&cp1).unwrap();
    assert_eq!(decoded.len(), 1);
    assert_eq!(decoded[0].position.checkpoint, 1);
    assert_eq!(decoded[0].position.transaction, good_tx.digest.to_string());
    assert_eq!(decoded[0].position.event_index, 1);
    assert_eq!(decoded[0].timestamp_ms, cp1.timestamp_ms);
    match &decoded[0].event {
        SystemEvent::WalBurned(e) => assert_eq!(e.amount, 5),
        other => panic!("unexpected {other:?}"),
    }
    let stats = decoder.stats();
    assert_eq!((stats.decoded, stats.unknown, stats.foreign), (1, 1, 1));
    assert_eq!(
        decoder
            .unknown_types()
            .get(&format!("{wal}::wal::SomethingNew")),
        Some(&1)
    );

    let cp2 = within(10, stream.next()).await.unwrap();
    let err = decoder.decode_checkpoint(&cp2).unwrap_err();
    assert_eq!(err.position.checkpoint, 2);
    assert_eq!(err.position.transaction, bad_tx.digest.to_string());
    assert_eq!(err.position.event_index, 1);
    let text = err.to_string();
    assert!(text.contains("checkpoint 2"), "{text}");
    assert!(text.contains(&bad_tx.digest.to_string()), "{text}");
    assert!(text.contains("event 1"), "{text}");
    assert!(text.contains("WalBurned"), "{text}");
}

#[tokio::test]
async fn a_pruned_start_is_a_clear_error() {
    let node = Node::start().await;
    node.store.append_empty_checkpoints(10);
    node.store.prune_below(5);
    let chain = client(vec![node.url()]);
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(2));
    let err = within(10, stream.next()).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert!(err.to_string().contains("pruned"), "{err}");
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(5));
    read_consecutive(&mut stream, 5, 6).await;
}

#[tokio::test]
async fn a_quiet_chain_is_not_an_error() {
    let node = Node::start().await;
    let mut config = common::config(vec![node.url()]);
    config.rpc.stream_idle_timeout_ms = 50;
    let chain = walrus_chain::SuiChain::new(&config).unwrap();
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(1));
    let store = node.store.clone();
    tokio::spawn(async move {
        // Many idle periods (more than attempts x endpoints) without a checkpoint.
        tokio::time::sleep(Duration::from_millis(500)).await;
        store.append_checkpoint(vec![tx(1)]);
    });
    let cp = within(10, stream.next()).await.unwrap();
    assert_eq!(cp.sequence_number, 1);
    assert!(stream.stats().reconnects >= 3, "{:?}", stream.stats());
}

#[tokio::test]
async fn a_stale_node_is_left_for_another() {
    // Two nodes with the same history up to 3; only the second one keeps up with the chain.
    let stale = Node::start().await;
    let live = Node::start().await;
    for i in 1..=3 {
        stale.store.append_checkpoint(vec![tx(i)]);
        live.store.append_checkpoint(vec![tx(i)]);
    }
    let mut config = common::config(vec![stale.url(), live.url()]);
    config.rpc.stream_idle_timeout_ms = 50;
    let chain = walrus_chain::SuiChain::new(&config).unwrap();
    let mut stream = chain.checkpoint_stream(StreamOptions::from_checkpoint(1));
    read_consecutive(&mut stream, 1, 3).await;
    live.store.append_checkpoint(vec![tx(4)]);
    live.store.append_checkpoint(vec![tx(5)]);
    read_consecutive(&mut stream, 4, 2).await;
    assert_eq!(stream.endpoint(), live.url());
}
