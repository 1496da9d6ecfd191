//! The admin API: HTTP/JSON on 127.0.0.1, for tests, demos and the faucet. It exists only on
//! the local chain.
//!
//! | method and path | body | answer |
//! |---|---|---|
//! | `GET /status` | | chain ID, checkpoint, clock, epoch of the walrus system, IDs |
//! | `GET /client-config` | | the client configuration (TOML) for `walrus-chain` |
//! | `POST /clock/advance` | `{"ms": 60000}` | `{"now_ms": ...}` (also seals a checkpoint) |
//! | `POST /checkpoint` | | `{"checkpoint": n}` (seals one now, even if empty) |
//! | `POST /faucet` | `{"address": "0x…", "sui": 1000000000, "wal": 0}` | the new coins |
//!
//! Errors are `{"error": "..."}` with status 400 (bad request) or 500.

use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use sui_sdk_types::Address;
use tokio::sync::watch;
use walrus_chain::bindings::System;
use walrus_chain::events::MoveStruct;

use crate::node::Chain;

/// A running admin API.
#[derive(Debug)]
pub struct AdminHandle {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl AdminHandle {
    /// `http://<addr>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops serving.
    pub async fn shutdown(mut self) {
        self.stop.send_replace(true);
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}

impl Drop for AdminHandle {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}

#[derive(Clone)]
struct AppState {
    chain: Arc<Chain>,
    rpc_url: String,
}

type Reply<T> = Result<Json<T>, (StatusCode, Json<ErrorBody>)>;

/// An error answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: String,
}

fn bad(status: StatusCode, e: impl std::fmt::Display) -> (StatusCode, Json<ErrorBody>) {
    (
        status,
        Json(ErrorBody {
            error: format!("{e:#}"),
        }),
    )
}

/// `GET /status`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Status {
    /// Chain identifier.
    pub chain_id: String,
    /// gRPC endpoint.
    pub rpc_url: String,
    /// Latest checkpoint.
    pub checkpoint: u64,
    /// Transactions waiting for a checkpoint.
    pub pending_transactions: usize,
    /// The clock (ms since the Unix epoch).
    pub clock_ms: u64,
    /// The walrus epoch.
    pub walrus_epoch: Option<u32>,
    /// Start of the walrus epoch (ms).
    pub walrus_epoch_start_ms: Option<u64>,
    /// Epoch duration (ms).
    pub epoch_duration_ms: Option<u64>,
    /// The `wal` package.
    pub wal_package: String,
    /// The `walrus` package.
    pub walrus_package: String,
    /// The `System` object.
    pub system: String,
    /// The WAL `Treasury`.
    pub treasury: String,
    /// The faucet's address.
    pub faucet: String,
}

/// Builds the status.
pub fn status(chain: &Chain, rpc_url: &str) -> Status {
    let system = chain
        .store
        .object(&chain.objects.system)
        .and_then(|o| System::from_bcs(&o.contents).ok());
    Status {
        chain_id: chain.store.chain_id(),
        rpc_url: rpc_url.to_string(),
        checkpoint: chain.store.latest_checkpoint(),
        pending_transactions: chain.store.pending_count(),
        clock_ms: chain.clock.now(),
        walrus_epoch: system.as_ref().map(|s| s.epoch),
        walrus_epoch_start_ms: system.as_ref().map(|s| s.epoch_start_ms),
        epoch_duration_ms: system.as_ref().map(|s| s.params.epoch_duration_ms),
        wal_package: chain.packages.wal.to_string(),
        walrus_package: chain.packages.walrus.to_string(),
        system: chain.objects.system.to_string(),
        treasury: chain.objects.treasury.to_string(),
        faucet: chain.objects.faucet.to_string(),
    }
}

async fn get_status(State(s): State<AppState>) -> Reply<Status> {
    Ok(Json(status(&s.chain, &s.rpc_url)))
}

async fn get_client_config(State(s): State<AppState>) -> String {
    s.chain.client_config(&s.rpc_url).to_toml_string()
}

/// `POST /clock/advance` body.
#[derive(Debug, Serialize, Deserialize)]
pub struct AdvanceRequest {
    /// Milliseconds to move the clock forward.
    pub ms: u64,
}

/// `POST /clock/advance` answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct AdvanceReply {
    /// The new time.
    pub now_ms: u64,
}

async fn post_advance(
    State(s): State<AppState>,
    Json(req): Json<AdvanceRequest>,
) -> Reply<AdvanceReply> {
    let chain = s.chain.clone();
    let now_ms = tokio::task::spawn_blocking(move || chain.advance_clock(req.ms))
        .await
        .map_err(|e| bad(StatusCode::INTERNAL_SERVER_ERROR, e))?
        .map_err(|e| bad(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    Ok(Json(AdvanceReply { now_ms }))
}

/// `POST /checkpoint` answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct CheckpointReply {
    /// The sealed checkpoint.
    pub checkpoint: Option<u64>,
}

async fn post_checkpoint(State(s): State<AppState>) -> Reply<CheckpointReply> {
    let chain = s.chain.clone();
    let checkpoint = tokio::task::spawn_blocking(move || chain.seal(true))
        .await
        .map_err(|e| bad(StatusCode::INTERNAL_SERVER_ERROR, e))?
        .map_err(|e| bad(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    Ok(Json(CheckpointReply { checkpoint }))
}

/// `POST /faucet` body.
#[derive(Debug, Serialize, Deserialize)]
pub struct FaucetRequest {
    /// Recipient.
    pub address: String,
    /// MIST.
    #[serde(default)]
    pub sui: u64,
    /// FROST.
    #[serde(default)]
    pub wal: u64,
}

async fn post_faucet(
    State(s): State<AppState>,
    Json(req): Json<FaucetRequest>,
) -> Reply<crate::node::FaucetGrant> {
    let address = Address::from_str(&req.address)
        .map_err(|e| bad(StatusCode::BAD_REQUEST, format!("invalid address: {e}")))?;
    let chain = s.chain.clone();
    let grant = tokio::task::spawn_blocking(move || chain.faucet(address, req.sui, req.wal))
        .await
        .map_err(|e| bad(StatusCode::INTERNAL_SERVER_ERROR, e))?
        .map_err(|e| bad(StatusCode::BAD_REQUEST, e))?;
    Ok(Json(grant))
}

/// Serves the admin API for `chain` on `addr`.
pub async fn serve(
    chain: Arc<Chain>,
    rpc_url: String,
    addr: SocketAddr,
) -> std::io::Result<AdminHandle> {
    let state = AppState { chain, rpc_url };
    let app = Router::new()
        .route("/status", get(get_status))
        .route("/client-config", get(get_client_config))
        .route("/clock/advance", post(post_advance))
        .route("/checkpoint", post(post_checkpoint))
        .route("/faucet", post(post_faucet))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (stop, mut stop_rx) = watch::channel(false);
    let task = tokio::spawn(async move {
        let shutdown = async move {
            let _ = stop_rx.wait_for(|s| *s).await;
        };
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!("admin API stopped: {e}");
        }
    });
    Ok(AdminHandle {
        addr,
        stop,
        task: Some(task),
    })
}
