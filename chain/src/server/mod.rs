//! An in-memory implementation of the Sui gRPC services (feature `server`).
//!
//! It serves the subset of sui-rpc v2 that [`SuiChain`](crate::SuiChain) uses, over a real
//! gRPC connection on `127.0.0.1`:
//!
//! * `LedgerService`: `GetServiceInfo`, `GetObject`, `BatchGetObjects`, `GetTransaction`,
//!   `BatchGetTransactions`, `GetCheckpoint`, `GetEpoch`, `ListCheckpoints` (with ordering,
//!   limits, cursors and transaction filters by sender, event type, emitting module and affected
//!   object).
//! * `SubscriptionService`: `SubscribeCheckpoints` (from the tip, with filters).
//! * `StateService`: `ListOwnedObjects` (paged, by type), `GetBalance`, `ListBalances`.
//! * `TransactionExecutionService`: `ExecuteTransaction` (ed25519 signatures verified,
//!   resubmission answered from the ledger) and `SimulateTransaction`, delegated to an
//!   [`Executor`].
//!
//! Read masks are validated and applied with sui-rpc's own merge code. Faults can be injected
//! per method through [`Faults`]: hang, `UNAVAILABLE`, garbage bytes, subscriptions dropped
//! after K checkpoints.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use std::sync::Arc;
//! use walrus_chain::server::{LedgerStore, ScriptedExecutor, serve};
//!
//! let store = LedgerStore::new("test");
//! let server = serve(store.clone(), Arc::new(ScriptedExecutor::new()), "127.0.0.1:0".parse().unwrap()).await?;
//! println!("serving at {}", server.url());
//! # Ok(()) }
//! ```

mod executor;
mod faults;
mod services;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use sui_rpc::proto::sui::rpc::v2::ledger_service_server::LedgerServiceServer;
use sui_rpc::proto::sui::rpc::v2::state_service_server::StateServiceServer;
use sui_rpc::proto::sui::rpc::v2::subscription_service_server::SubscriptionServiceServer;
use sui_rpc::proto::sui::rpc::v2::transaction_execution_service_server::TransactionExecutionServiceServer;
use tokio::sync::watch;

pub use executor::{Executor, Outcome, ScriptedExecutor};
pub use faults::{DropMode, Fault, Faults};
pub use store::{EventRecord, LedgerOp, LedgerStore, StoredObject, TransactionRecord};

use faults::FaultLayer;
use services::Services;

/// A running server. Dropping it shuts the server down.
pub struct ServerHandle {
    addr: SocketAddr,
    store: LedgerStore,
    faults: Arc<Faults>,
    shutdown: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<Result<(), tonic::transport::Error>>>,
}

impl std::fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl ServerHandle {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`, for a client config.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The ledger it serves.
    pub fn store(&self) -> &LedgerStore {
        &self.store
    }

    /// Its fault switchboard.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Stops serving: ends open streams, closes connections and the listening socket.
    pub async fn shutdown(mut self) {
        self.shutdown.send_replace(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}

/// Serves `store` with `executor` on `addr` (use port 0 for a free port) until the handle is
/// shut down or dropped.
pub async fn serve(
    store: LedgerStore,
    executor: Arc<dyn Executor>,
    addr: SocketAddr,
) -> std::io::Result<ServerHandle> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let faults = Arc::new(Faults::default());
    let (shutdown, shutdown_rx) = watch::channel(false);
    let services = Services {
        store: store.clone(),
        executor,
        faults: faults.clone(),
        shutdown: shutdown_rx.clone(),
    };
    let layer = FaultLayer {
        faults: faults.clone(),
        shutdown: shutdown_rx.clone(),
    };
    let mut signal = shutdown_rx;
    let router = tonic::transport::Server::builder()
        .layer(layer)
        .add_service(LedgerServiceServer::new(services.clone()))
        .add_service(SubscriptionServiceServer::new(services.clone()))
        .add_service(StateServiceServer::new(services.clone()))
        .add_service(TransactionExecutionServiceServer::new(services));
    let incoming = tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true));
    let task = tokio::spawn(router.serve_with_incoming_shutdown(incoming, async move {
        let _ = signal.wait_for(|down| *down).await;
    }));
    Ok(ServerHandle {
        addr,
        store,
        faults,
        shutdown,
        task: Some(task),
    })
}
