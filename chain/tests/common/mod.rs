//! Shared set-up of the integration tests: in-process servers on 127.0.0.1 and client
//! configurations with short timeouts.

#![allow(dead_code)]

pub mod samples;

use std::sync::Arc;
use std::time::Duration;

use sui_sdk_types::Address;
use walrus_chain::config::{ObjectsConfig, PackageConfig, RetryPolicy, RpcConfig};
use walrus_chain::server::{LedgerStore, ScriptedExecutor, ServerHandle, serve};
use walrus_chain::{ClientConfig, PackageIds, SuiChain};

/// The package IDs the tests use.
pub fn ids() -> PackageIds {
    PackageIds {
        wal: Address::from_static("0xa11"),
        walrus: Address::from_static("0xb22"),
    }
}

/// A test node: a ledger, a scripted executor and the server.
pub struct Node {
    pub store: LedgerStore,
    pub executor: Arc<ScriptedExecutor>,
    pub server: ServerHandle,
}

impl Node {
    pub async fn start() -> Self {
        Self::start_with(LedgerStore::new("walrus-test-chain")).await
    }

    pub async fn start_with(store: LedgerStore) -> Self {
        let executor = Arc::new(ScriptedExecutor::new());
        let server = serve(
            store.clone(),
            executor.clone(),
            "127.0.0.1:0".parse().unwrap(),
        )
        .await
        .expect("bind 127.0.0.1:0");
        Self {
            store,
            executor,
            server,
        }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }
}

/// RPC settings for tests: short backoffs; timeouts long enough for a loaded machine (the
/// tests of hanging nodes shorten them with [`hang_client`]).
pub fn fast_rpc() -> RpcConfig {
    RpcConfig {
        request_timeout_ms: 2_000,
        checkpoint_wait_timeout_ms: 3_000,
        stream_idle_timeout_ms: 1_500,
        retry: RetryPolicy {
            attempts_per_endpoint: 2,
            initial_backoff_ms: 5,
            max_backoff_ms: 20,
        },
    }
}

pub fn config(endpoints: Vec<String>) -> ClientConfig {
    let ids = ids();
    let mut c = ClientConfig::new(
        endpoints,
        PackageConfig {
            wal: ids.wal,
            walrus: ids.walrus,
            wal_published_at: None,
            walrus_published_at: None,
        },
        ObjectsConfig {
            system: Address::from_static("0x555"),
            wal_treasury: Address::from_static("0x7ea"),
        },
    );
    c.rpc = fast_rpc();
    c
}

pub fn client(endpoints: Vec<String>) -> SuiChain {
    SuiChain::new(&config(endpoints)).expect("valid config")
}

/// A client whose calls time out after 300 ms, for tests of hanging nodes.
pub fn hang_client(endpoints: Vec<String>) -> SuiChain {
    let mut c = config(endpoints);
    c.rpc.request_timeout_ms = 300;
    SuiChain::new(&c).expect("valid config")
}

/// A URL where nothing listens (a port that was just free).
pub fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// Bounds a test step so that a bug shows as a failure, not a hung test.
pub async fn within<T>(secs: u64, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), f)
        .await
        .expect("test step timed out")
}
