//! Several in-process nodes against the in-process localnet: store a blob through them, read it
//! back with a node down, and every bad input of the issue.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use walrus_chain::tx::{self, BlobRegistration};
use walrus_chain::{SuiChain, SuiKeyPair};
use walrus_core::{
    BlobEncoder, EncodingConfig, NShards, Primary, ProtocolKeyPair, ShardIndex, Sliver, WireFormat,
    decode_blob,
};
use walrus_localnet::clock::ClockMode;
use walrus_localnet::genesis::{AccountConfig, ConfigAddress, GenesisConfig, NodeConfig};
use walrus_localnet::node::{Localnet, LocalnetOptions};
use walrus_node::config::NodeConfig as NodeFileConfig;

const WAL: u64 = 1_000_000_000;

fn genesis() -> GenesisConfig {
    let mut g = GenesisConfig::default();
    for n in 0..4u8 {
        g.nodes.push(NodeConfig {
            name: format!("node-{n}"),
            network_address: format!("127.0.0.1:91{n:02}"),
            protocol_key_seed: Some(hex::encode([n + 100; 32])),
            public_key: None,
            proof_of_possession: None,
            operator: ConfigAddress(SuiKeyPair::from_bytes([n + 1; 32]).address()),
            stake: 1_000 * WAL * (4 - u64::from(n)),
            staker: None,
            commission_bps: 1_000,
            storage_price_vote: None,
            write_price_vote: None,
            capacity_vote: None,
        });
    }
    g.accounts.push(AccountConfig {
        address: ConfigAddress(SuiKeyPair::from_bytes([10; 32]).address()),
        sui: 100 * 1_000_000_000,
        wal: 1_000_000 * WAL,
    });
    g
}

type HttpClient = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

async fn call(client: &HttpClient, method: &str, url: String, body: Vec<u8>) -> (u16, Vec<u8>) {
    let req = hyper::Request::builder()
        .method(method)
        .uri(url)
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    let resp = client.request(req).await.unwrap();
    let status = resp.status().as_u16();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, bytes)
}

fn code(body: &[u8]) -> String {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap();
    v["code"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn store_and_read_with_a_node_down_and_bad_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let localnet = Localnet::start(LocalnetOptions {
        genesis: genesis(),
        data_dir: None,
        rpc_addr: "127.0.0.1:0".parse().unwrap(),
        admin_addr: None,
        checkpoint_interval: Duration::from_millis(10),
        clock: ClockMode::Manual,
        genesis_ms: Some(1_700_000_000_000),
    })
    .await
    .unwrap();
    let client_config = localnet.client_config();
    let chain = SuiChain::new(&client_config).unwrap();

    let mut nodes = Vec::new();
    for n in 0..4u8 {
        let config = NodeFileConfig {
            name: format!("node-{n}"),
            data_dir: dir.path().join(format!("node-{n}")),
            listen_address: "127.0.0.1:0".parse().unwrap(),
            network_address: String::new(),
            protocol_key: dir.path().join("unused"),
            chain_config: dir.path().join("unused"),
            start_checkpoint: 0,
            max_body_bytes: 1 << 20,
            shard_grace_period_ms: 1000,
        };
        let running = walrus_node::run::start(
            &config,
            ProtocolKeyPair::from_seed([n + 100; 32]),
            SuiChain::new(&client_config).unwrap(),
        )
        .await
        .unwrap();
        nodes.push(Some(running));
    }
    let urls: Vec<String> = nodes
        .iter()
        .map(|n| format!("http://{}", n.as_ref().unwrap().addr))
        .collect();
    let http: HttpClient = Client::builder(TokioExecutor::new()).build_http();

    // Register a blob.
    let system = chain.system_state().await.unwrap();
    let n = NShards::new(system.n_shards).unwrap();
    let blob: Vec<u8> = (0..50_000u32).map(|i| (i * 31 % 251) as u8).collect();
    let encoded = BlobEncoder::new(EncodingConfig::new(n))
        .encode(&blob)
        .unwrap();
    let blob_id = *encoded.blob_id();
    let metadata = encoded.metadata().metadata().clone();
    let user = SuiKeyPair::from_bytes([10; 32]);
    let d = chain.deployment().await.unwrap();
    let encoded_size = system.encoded_size(blob.len() as u64).unwrap();
    let cost = system.reserve_cost(encoded_size, 3).unwrap()
        + system.write_cost(blob.len() as u64).unwrap();
    let coins = chain.wal_coins(user.address()).await.unwrap();
    chain
        .execute_builder(
            tx::reserve_and_register_blob(
                &d,
                user.address(),
                &coins,
                cost,
                encoded_size,
                3,
                &BlobRegistration::of(&metadata, true),
            )
            .unwrap(),
            &user,
        )
        .await
        .unwrap();

    // Every node sees the registration.
    for url in &urls {
        let mut seen = false;
        for _ in 0..200 {
            let (status, _) = call(
                &http,
                "GET",
                format!("{url}/v1/blobs/{blob_id}/status"),
                vec![],
            )
            .await;
            if status == 200 {
                seen = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(seen, "{url} never saw the registration");
    }

    // Bad input: metadata for an unregistered blob.
    let other = BlobEncoder::new(EncodingConfig::new(n))
        .encode(b"other")
        .unwrap();
    let (status, body) = call(
        &http,
        "PUT",
        format!("{}/v1/blobs/{}/metadata", urls[0], other.blob_id()),
        other.metadata().metadata().to_bytes(),
    )
    .await;
    assert_eq!((status, code(&body).as_str()), (409, "BLOB_NOT_REGISTERED"));
    // Metadata that does not hash to the blob ID.
    let (status, body) = call(
        &http,
        "PUT",
        format!("{}/v1/blobs/{blob_id}/metadata", urls[0]),
        other.metadata().metadata().to_bytes(),
    )
    .await;
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
    // A truncated metadata body.
    let meta_bytes = metadata.to_bytes();
    let (status, body) = call(
        &http,
        "PUT",
        format!("{}/v1/blobs/{blob_id}/metadata", urls[0]),
        meta_bytes[..meta_bytes.len() - 5].to_vec(),
    )
    .await;
    assert_eq!((status, code(&body).as_str()), (400, "MALFORMED_BODY"));
    // An oversized body.
    let (status, body) = call(
        &http,
        "PUT",
        format!("{}/v1/blobs/{blob_id}/metadata", urls[0]),
        vec![0; 100_000],
    )
    .await;
    assert_eq!((status, code(&body).as_str()), (413, "PAYLOAD_TOO_LARGE"));

    // Store metadata and each node's slivers.
    let pairs = encoded.sliver_pairs();
    for (i, url) in urls.iter().enumerate() {
        let (status, body) = call(
            &http,
            "PUT",
            format!("{url}/v1/blobs/{blob_id}/metadata"),
            meta_bytes.clone(),
        )
        .await;
        assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
        let shards = nodes[i].as_ref().unwrap().node.view().shards;
        assert!(!shards.is_empty());
        for s in shards {
            let pair = blob_id.pair_index_for_shard(ShardIndex(s), n);
            let p = &pairs[pair.as_usize()];
            for (axis, bytes) in [
                ("primary", p.primary.to_bytes()),
                ("secondary", p.secondary.to_bytes()),
            ] {
                let (status, body) = call(
                    &http,
                    "PUT",
                    format!("{url}/v1/blobs/{blob_id}/slivers/{}/{axis}", pair.get()),
                    bytes,
                )
                .await;
                assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
            }
        }
        let (status, body) = call(
            &http,
            "GET",
            format!("{url}/v1/blobs/{blob_id}/confirmation"),
            vec![],
        )
        .await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    }

    // Bad input: a sliver for a shard node 0 does not hold.
    let node0_shards = nodes[0].as_ref().unwrap().node.view().shards;
    let foreign = (0..n.get())
        .map(ShardIndex)
        .find(|s| !node0_shards.contains(&s.get()))
        .unwrap();
    let pair = blob_id.pair_index_for_shard(foreign, n);
    let (status, body) = call(
        &http,
        "PUT",
        format!(
            "{}/v1/blobs/{blob_id}/slivers/{}/primary",
            urls[0],
            pair.get()
        ),
        pairs[pair.as_usize()].primary.to_bytes(),
    )
    .await;
    assert_eq!((status, code(&body).as_str()), (409, "SHARD_NOT_HELD"));
    // A sliver that fails its root.
    let own = blob_id.pair_index_for_shard(ShardIndex(*node0_shards.iter().next().unwrap()), n);
    let good = &pairs[own.as_usize()].primary;
    let mut symbols = good.symbols().to_vec();
    symbols[0] ^= 1;
    let bad = Sliver::<Primary>::new(own, good.symbol_size(), symbols, Default::default()).unwrap();
    let (status, body) = call(
        &http,
        "PUT",
        format!(
            "{}/v1/blobs/{blob_id}/slivers/{}/primary",
            urls[0],
            own.get()
        ),
        bad.to_bytes(),
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "SLIVER_ROOT_MISMATCH")
    );
    // The stored sliver is unchanged.
    let (status, body) = call(
        &http,
        "GET",
        format!(
            "{}/v1/blobs/{blob_id}/slivers/{}/primary",
            urls[0],
            own.get()
        ),
        vec![],
    )
    .await;
    assert_eq!((status, body), (200, good.to_bytes()));
    // An unknown blob.
    let (status, body) = call(
        &http,
        "GET",
        format!("{}/v1/blobs/{}/metadata", urls[0], other.blob_id()),
        vec![],
    )
    .await;
    assert_eq!((status, code(&body).as_str()), (404, "NOT_FOUND"));
    // A challenge for a blob the node does not hold.
    let req = serde_json::json!({"epoch": 1, "seed": hex::encode([7u8; 32]), "blob_id": other.blob_id().to_string(), "pair": 0, "axis": "primary", "symbols": [0]});
    let (status, body) = call(
        &http,
        "POST",
        format!("{}/v1/challenge", urls[0]),
        serde_json::to_vec(&req).unwrap(),
    )
    .await;
    assert_eq!((status, code(&body).as_str()), (404, "NOT_FOUND"));
    // A valid challenge is answered.
    let req = serde_json::json!({"epoch": 1, "seed": hex::encode([7u8; 32]), "blob_id": blob_id.to_string(), "pair": own.get(), "axis": "primary", "symbols": [0, 1]});
    let (status, _) = call(
        &http,
        "POST",
        format!("{}/v1/challenge", urls[0]),
        serde_json::to_vec(&req).unwrap(),
    )
    .await;
    assert_eq!(status, 200);

    // Stop f = 1 node (the one with the most shards) and read the blob back from the others.
    nodes[0].take().unwrap().stop();
    let mut primaries = Vec::new();
    for url in &urls[1..] {
        for p in 0..n.get() {
            let (status, body) = call(
                &http,
                "GET",
                format!("{url}/v1/blobs/{blob_id}/slivers/{p}/primary"),
                vec![],
            )
            .await;
            if status == 200 {
                primaries.push(Sliver::<Primary>::from_bytes(&body).unwrap());
            }
        }
    }
    let verified = metadata.verify(&blob_id, n).unwrap();
    assert_eq!(decode_blob(&verified, primaries, 1).unwrap(), blob);
    let (status, body) = call(&http, "GET", format!("{}/metrics", urls[1]), vec![]).await;
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("walrus_node_stored_slivers"));
    localnet.shutdown().await.unwrap();
}
