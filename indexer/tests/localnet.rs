//! The indexer against the in-process localnet and a real Postgres.

mod common;

use std::net::SocketAddr;

use common::TestDb;
use walrus_indexer::source::{self, Source};
use walrus_indexer::{IndexerError, Pipeline, PipelineOptions, db};
use walrus_localnet::node::{Localnet, LocalnetOptions};

async fn localnet() -> Localnet {
    Localnet::start(LocalnetOptions {
        rpc_addr: "127.0.0.1:0".parse::<SocketAddr>().unwrap(),
        admin_addr: None,
        ..LocalnetOptions::default()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn genesis_events_land_in_state_tables() {
    let net = localnet().await;
    net.force_checkpoint().unwrap();
    let config = net.client_config();
    let chain = walrus_chain::SuiChain::new(&config).unwrap();
    let latest = chain.latest_checkpoint().await.unwrap();
    let tdb = TestDb::new().await;
    db::migrate(&tdb.url).await.unwrap();
    let mut o = PipelineOptions::new(&tdb.url, config.packages.ids());
    o.last_checkpoint = Some(latest);
    let mut p = Pipeline::new(o);
    p.run(Source::Chain(Box::new(config.clone())))
        .await
        .unwrap();
    assert_eq!(p.metrics().next_checkpoint, latest + 1);
    assert!(p.metrics().events > 0);
    assert_eq!(tdb.count("system").await, 1);
    assert!(tdb.count("epochs").await >= 1);
    assert_eq!(tdb.count("events").await as u64, p.metrics().events);
    // Migrations are idempotent; a second run from the watermark indexes nothing twice.
    db::migrate(&tdb.url).await.unwrap();
    let before = tdb.count("events").await;

    // The same checkpoints as files: the directory source gives identical tables.
    let dir = tempfile::tempdir().unwrap();
    for seq in 0..=latest {
        let c = chain.get_checkpoint(seq).await.unwrap();
        source::write_file(dir.path(), &c).unwrap();
    }
    let tdb2 = TestDb::new().await;
    db::migrate(&tdb2.url).await.unwrap();
    let mut p2 = Pipeline::new(PipelineOptions::new(&tdb2.url, config.packages.ids()));
    p2.run(Source::Dir {
        path: dir.path().into(),
        follow: false,
    })
    .await
    .unwrap();
    assert_eq!(tdb2.count("events").await, before);
    assert_eq!(tdb2.count("system").await, 1);

    // A gap in the directory is refused.
    let c = chain.get_checkpoint(latest).await.unwrap();
    let mut far = c.clone();
    far.sequence_number = latest + 5;
    source::write_file(dir.path(), &far).unwrap();
    let mut o = PipelineOptions::new(&tdb2.url, config.packages.ids());
    o.first_checkpoint = 0;
    let mut p3 = Pipeline::new(o);
    let err = p3
        .run(Source::Dir {
            path: dir.path().into(),
            follow: false,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err, IndexerError::OutOfOrder { kind: "gap", .. }),
        "{err}"
    );

    // A file whose content repeats an earlier checkpoint is refused.
    let mut repeat = c.clone();
    repeat.sequence_number = latest;
    let path = dir.path().join(source::file_name(latest + 1));
    std::fs::copy(dir.path().join(source::file_name(latest)), &path).unwrap();
    let mut p4 = Pipeline::new(PipelineOptions::new(&tdb2.url, config.packages.ids()));
    let err = p4
        .run(Source::Dir {
            path: dir.path().into(),
            follow: false,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err, IndexerError::OutOfOrder { kind: "repeat", .. }),
        "{err}"
    );
    assert_eq!(
        tdb2.count("events").await,
        before,
        "nothing written for refused checkpoints"
    );

    tdb.drop().await;
    tdb2.drop().await;
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_event_stops_or_is_quarantined() {
    let net = localnet().await;
    net.force_checkpoint().unwrap();
    let config = net.client_config();
    let chain = walrus_chain::SuiChain::new(&config).unwrap();
    let latest = chain.latest_checkpoint().await.unwrap();
    let ids = config.packages.ids();
    let dir = tempfile::tempdir().unwrap();
    let mut corrupted = None;
    for seq in 0..=latest {
        let mut c = chain.get_checkpoint(seq).await.unwrap();
        if corrupted.is_none() {
            for t in &mut c.transactions {
                if let Some(e) = t
                    .events
                    .iter_mut()
                    .find(|e| ids.contains(e.event_type.address()))
                {
                    e.contents.truncate(e.contents.len() / 2);
                    corrupted = Some((seq, t.digest.to_string(), e.event_index));
                    break;
                }
            }
        }
        source::write_file(dir.path(), &c).unwrap();
    }
    let (seq, digest, index) = corrupted.expect("a system event in the genesis checkpoints");
    let tdb = TestDb::new().await;
    db::migrate(&tdb.url).await.unwrap();
    let mut p = Pipeline::new(PipelineOptions::new(&tdb.url, ids));
    let err = p
        .run(Source::Dir {
            path: dir.path().into(),
            follow: false,
        })
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, IndexerError::Decode(_)), "{msg}");
    assert!(
        msg.contains(&format!("checkpoint {seq}"))
            && msg.contains(&digest)
            && msg.contains(&format!("event {index}")),
        "{msg}"
    );
    assert_eq!(
        tdb.count(&format!("events WHERE checkpoint >= {seq}"))
            .await,
        0
    );
    assert_eq!(p.metrics().next_checkpoint, seq);

    let mut o = PipelineOptions::new(&tdb.url, ids);
    o.quarantine = true;
    let mut p = Pipeline::new(o);
    p.run(Source::Dir {
        path: dir.path().into(),
        follow: false,
    })
    .await
    .unwrap();
    assert_eq!(tdb.count("quarantine").await, 1);
    assert_eq!(p.metrics().next_checkpoint, latest + 1);
    tdb.drop().await;
    net.shutdown().await.unwrap();
}
