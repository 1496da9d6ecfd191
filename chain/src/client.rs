//! [`SuiChain`]: the gRPC client every component uses to read and write the chain.
//!
//! # Timeouts, retries, failover
//!
//! Every call (every attempt) runs under [`RpcConfig::request_timeout_ms`]. An attempt that
//! fails transiently is retried on the same endpoint with exponential backoff and jitter
//! ([`RetryPolicy`]); when the endpoint's attempts are used up the call fails over to the next
//! endpoint, in the configured order. The endpoint that last answered is tried first by later
//! calls (sticky failover), so a dead primary costs one timeout, not one per call.
//!
//! Transient: `Unavailable` (connection refused or reset), `DeadlineExceeded` and our own
//! timeout, `ResourceExhausted`, `Aborted`, `Cancelled`, `Unknown`, `Internal` and `DataLoss`
//! (what a garbage response decodes to), and answers that are missing fields this crate needs.
//! Returned at once: `NotFound` ([`ChainError::NotFound`]), any other refusal
//! ([`ChainError::Rejected`]), and execution failures (Move aborts are decoded with the
//! [`AbortCatalog`]).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sui_rpc::field::{FieldMask, FieldMaskUtil};
use sui_rpc::proto::sui::rpc::v2 as proto;
use sui_sdk_types::{Address, Digest, StructTag, Transaction, UserSignature};
use tracing::{debug, warn};

use crate::abort::AbortCatalog;
use crate::config::{ClientConfig, PackageConfig, RetryPolicy, RpcConfig};
use crate::error::{ChainError, MoveAbort};
use crate::events::{MoveStruct, PackageIds};
use crate::keystore::SuiKeyPair;
use crate::types::{
    ChainEvent, CheckpointData, EpochInfo, ExecutedTransaction, GasSummary, Malformed,
    ObjectChange, ObjectData, ServiceInfo, missing, timestamp_ms,
};

/// The largest gRPC message accepted (checkpoints with many events can be large).
const MAX_DECODING_MESSAGE_SIZE: usize = 256 * 1024 * 1024;
/// Page size of owned-object listings.
const OWNED_PAGE_SIZE: u32 = 500;
/// Budget used for the simulation that measures a transaction's gas (50 SUI), capped by the
/// gas coins' value.
const SIMULATION_BUDGET: u64 = 50_000_000_000;
/// Budget when the node cannot simulate.
const FALLBACK_BUDGET: u64 = 500_000_000;

/// One gRPC endpoint.
#[derive(Clone)]
pub(crate) struct Endpoint {
    pub(crate) url: String,
    pub(crate) client: sui_rpc::Client,
}

/// How one attempt of a call failed.
#[derive(Debug)]
pub(crate) enum CallError {
    /// A gRPC status.
    Status(tonic::Status),
    /// The answer lacked or garbled a field.
    Malformed(Malformed),
}

impl From<tonic::Status> for CallError {
    fn from(s: tonic::Status) -> Self {
        CallError::Status(s)
    }
}

impl From<Malformed> for CallError {
    fn from(m: Malformed) -> Self {
        CallError::Malformed(m)
    }
}

/// Whether a status is worth retrying.
pub(crate) fn is_transient(code: tonic::Code) -> bool {
    use tonic::Code::*;
    matches!(
        code,
        Unavailable
            | DeadlineExceeded
            | ResourceExhausted
            | Aborted
            | Cancelled
            | Unknown
            | Internal
            | DataLoss
    )
}

struct Inner {
    endpoints: Vec<Endpoint>,
    rpc: RpcConfig,
    packages: PackageConfig,
    config: ClientConfig,
    catalog: AbortCatalog,
    preferred: AtomicUsize,
    cache: crate::reads::ReadCache,
}

/// The Sui client: reads objects, checkpoints and balances, executes transactions, streams
/// checkpoints, against one or more gRPC endpoints with timeouts, retries and failover.
///
/// Cheap to clone (the clones share connections). Must be created inside a Tokio runtime.
///
/// ```no_run
/// # async fn demo() -> Result<(), walrus_chain::ChainError> {
/// use walrus_chain::{ClientConfig, SuiChain};
/// let config = ClientConfig::load("walrus-client.toml")?;
/// let chain = SuiChain::new(&config)?;
/// let info = chain.service_info().await?;
/// println!("chain {} at checkpoint {}", info.chain_id, info.checkpoint_height);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SuiChain {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SuiChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SuiChain")
            .field("endpoints", &self.endpoint_urls())
            .finish_non_exhaustive()
    }
}

impl SuiChain {
    /// A client for the configuration's endpoints, with the built-in abort catalog.
    pub fn new(config: &ClientConfig) -> Result<Self, ChainError> {
        Self::with_catalog(config, AbortCatalog::builtin().clone())
    }

    /// A client that decodes Move aborts with `catalog`.
    pub fn with_catalog(config: &ClientConfig, catalog: AbortCatalog) -> Result<Self, ChainError> {
        config.validate()?;
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(ChainError::Setup(
                "a SuiChain must be created inside a Tokio runtime (its connections run on it)"
                    .into(),
            ));
        }
        let mut endpoints = Vec::with_capacity(config.endpoints.len());
        for (i, url) in config.endpoints.iter().enumerate() {
            let client = sui_rpc::Client::new(url.as_str())
                .map_err(|e| crate::config::ConfigError::Invalid {
                    path: Default::default(),
                    field: format!("endpoints[{i}]"),
                    reason: format!("cannot be used as a gRPC endpoint: {}", e.message()),
                })?
                .with_max_decoding_message_size(MAX_DECODING_MESSAGE_SIZE)
                // Every call is bounded by our own timeouts; the library's watchdog only backs
                // them up (and resets streams a caller parks without reading).
                .with_body_idle_timeout(
                    config
                        .rpc
                        .request_timeout()
                        .max(config.rpc.stream_idle_timeout())
                        + Duration::from_secs(5),
                );
            endpoints.push(Endpoint {
                url: url.clone(),
                client,
            });
        }
        Ok(Self {
            inner: Arc::new(Inner {
                endpoints,
                rpc: config.rpc.clone(),
                packages: config.packages.clone(),
                config: config.clone(),
                catalog,
                preferred: AtomicUsize::new(0),
                cache: Default::default(),
            }),
        })
    }

    /// The configuration this client was built from.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The package IDs.
    pub fn packages(&self) -> &PackageConfig {
        &self.inner.packages
    }

    /// The original package IDs, for matching types.
    pub fn package_ids(&self) -> PackageIds {
        self.inner.packages.ids()
    }

    /// The abort catalog used to decode Move aborts.
    pub fn catalog(&self) -> &AbortCatalog {
        &self.inner.catalog
    }

    /// The endpoint URLs in failover order.
    pub fn endpoint_urls(&self) -> Vec<String> {
        self.inner.endpoints.iter().map(|e| e.url.clone()).collect()
    }

    /// The endpoint calls currently start with (the last one that answered).
    pub fn preferred_endpoint(&self) -> &str {
        &self.inner.endpoints[self.inner.preferred.load(Ordering::Relaxed)].url
    }

    pub(crate) fn read_cache(&self) -> &crate::reads::ReadCache {
        &self.inner.cache
    }

    pub(crate) fn rpc(&self) -> &RpcConfig {
        &self.inner.rpc
    }

    pub(crate) fn endpoints(&self) -> &[Endpoint] {
        &self.inner.endpoints
    }

    pub(crate) fn preferred_index(&self) -> usize {
        self.inner.preferred.load(Ordering::Relaxed)
    }

    pub(crate) fn set_preferred(&self, index: usize) {
        self.inner.preferred.store(index, Ordering::Relaxed);
    }

    /// Runs one logical call with timeouts, retries and failover. `f` makes one attempt on the
    /// client it is given.
    pub(crate) async fn call<T, F, Fut>(&self, op: &'static str, mut f: F) -> Result<T, ChainError>
    where
        F: FnMut(sui_rpc::Client) -> Fut,
        Fut: Future<Output = Result<T, CallError>>,
    {
        let endpoints = &self.inner.endpoints;
        let policy: &RetryPolicy = &self.inner.rpc.retry;
        let timeout = self.inner.rpc.request_timeout();
        let start = self.preferred_index();
        let mut attempts = 0u32;
        let mut errors: Vec<(String, String)> = Vec::new();
        let mut timed_out_last = false;
        let mut last_malformed: Option<(String, Malformed)> = None;
        for k in 0..endpoints.len() {
            let index = (start + k) % endpoints.len();
            let endpoint = &endpoints[index];
            for attempt in 0..policy.attempts_per_endpoint.max(1) {
                if attempt > 0 {
                    tokio::time::sleep(policy.backoff(attempt - 1)).await;
                }
                attempts += 1;
                last_malformed = None;
                let outcome = tokio::time::timeout(timeout, f(endpoint.client.clone())).await;
                let (message, timed_out) = match outcome {
                    Ok(Ok(value)) => {
                        if index != start {
                            debug!(op, endpoint = %endpoint.url, "failed over");
                        }
                        self.set_preferred(index);
                        return Ok(value);
                    }
                    Err(_) => (format!("timed out after {} ms", timeout.as_millis()), true),
                    Ok(Err(CallError::Malformed(m))) => {
                        let msg = format!("malformed response: {m}");
                        last_malformed = Some((endpoint.url.clone(), m));
                        (msg, false)
                    }
                    Ok(Err(CallError::Status(s))) => {
                        if s.code() == tonic::Code::NotFound {
                            return Err(ChainError::NotFound {
                                op,
                                what: s.message().to_string(),
                            });
                        }
                        if !is_transient(s.code()) {
                            return Err(ChainError::Rejected {
                                op,
                                endpoint: endpoint.url.clone(),
                                code: s.code(),
                                message: s.message().to_string(),
                            });
                        }
                        (
                            format!("{:?}: {}", s.code(), s.message()),
                            s.code() == tonic::Code::DeadlineExceeded,
                        )
                    }
                };
                warn!(op, endpoint = %endpoint.url, attempt = attempts, error = %message, "transient RPC failure");
                timed_out_last = timed_out;
                match errors.last_mut() {
                    Some((url, last)) if *url == endpoint.url => *last = message,
                    _ => errors.push((endpoint.url.clone(), message)),
                }
            }
        }
        if let Some((endpoint, what)) = last_malformed {
            return Err(ChainError::BadResponse {
                op,
                endpoint,
                what: format!("{what} (after {attempts} attempt(s))"),
            });
        }
        Err(ChainError::Unavailable {
            op,
            attempts,
            errors,
            timed_out: timed_out_last,
        })
    }

    // === Node and epoch ===

    /// What the node says about itself: chain ID, epoch, latest checkpoint.
    pub async fn service_info(&self) -> Result<ServiceInfo, ChainError> {
        self.call("get_service_info", |mut c| async move {
            let r = c
                .ledger_client()
                .get_service_info(proto::GetServiceInfoRequest::default())
                .await?
                .into_inner();
            Ok(ServiceInfo::from_proto(&r)?)
        })
        .await
    }

    /// The chain identifier.
    pub async fn chain_id(&self) -> Result<String, ChainError> {
        Ok(self.service_info().await?.chain_id)
    }

    /// The latest executed checkpoint's sequence number.
    pub async fn latest_checkpoint(&self) -> Result<u64, ChainError> {
        Ok(self.service_info().await?.checkpoint_height)
    }

    /// The current Sui epoch and its reference gas price.
    pub async fn epoch(&self) -> Result<EpochInfo, ChainError> {
        self.call("get_epoch", |mut c| async move {
            let mut req = proto::GetEpochRequest::default();
            req.read_mask = Some(FieldMask::from_paths([
                "epoch",
                "reference_gas_price",
                "first_checkpoint",
                "start",
            ]));
            let r = c.ledger_client().get_epoch(req).await?.into_inner();
            Ok(EpochInfo::from_proto(
                r.epoch.as_ref().ok_or_else(|| missing("epoch"))?,
            )?)
        })
        .await
    }

    /// The reference gas price of the current epoch.
    pub async fn reference_gas_price(&self) -> Result<u64, ChainError> {
        Ok(self.epoch().await?.reference_gas_price)
    }

    // === Objects ===

    /// The latest version of an object, with its BCS contents.
    pub async fn get_object(&self, id: Address) -> Result<ObjectData, ChainError> {
        self.get_object_inner(id, None).await
    }

    /// A specific version of an object (if the node still has it).
    pub async fn get_object_at(&self, id: Address, version: u64) -> Result<ObjectData, ChainError> {
        self.get_object_inner(id, Some(version)).await
    }

    async fn get_object_inner(
        &self,
        id: Address,
        version: Option<u64>,
    ) -> Result<ObjectData, ChainError> {
        let result = self
            .call("get_object", |mut c| async move {
                let mut req = proto::GetObjectRequest::default();
                req.object_id = Some(id.to_string());
                req.version = version;
                req.read_mask = Some(FieldMask::from_paths(ObjectData::READ_MASK));
                let r = c.ledger_client().get_object(req).await?.into_inner();
                let o =
                    ObjectData::from_proto(r.object.as_ref().ok_or_else(|| missing("object"))?)?;
                if o.id != id {
                    return Err(CallError::Malformed(Malformed(format!(
                        "asked for object {id}, got {}",
                        o.id
                    ))));
                }
                Ok(o)
            })
            .await;
        match result {
            Err(ChainError::NotFound { op, .. }) => Err(ChainError::NotFound {
                op,
                what: match version {
                    Some(v) => format!("object {id} at version {v}"),
                    None => format!("object {id}"),
                },
            }),
            other => other,
        }
    }

    /// Several objects in one call; each result is the object or why it could not be read.
    pub async fn batch_get_objects(
        &self,
        ids: &[Address],
    ) -> Result<Vec<Result<ObjectData, ChainError>>, ChainError> {
        let ids = ids.to_vec();
        self.call("batch_get_objects", |mut c| {
            let ids = ids.clone();
            async move {
                let mut req = proto::BatchGetObjectsRequest::default();
                req.requests = ids
                    .iter()
                    .map(|id| {
                        let mut r = proto::GetObjectRequest::default();
                        r.object_id = Some(id.to_string());
                        r
                    })
                    .collect();
                req.read_mask = Some(FieldMask::from_paths(ObjectData::READ_MASK));
                let r = c.ledger_client().batch_get_objects(req).await?.into_inner();
                if r.objects.len() != ids.len() {
                    return Err(CallError::Malformed(Malformed(format!(
                        "asked for {} objects, got {} results",
                        ids.len(),
                        r.objects.len()
                    ))));
                }
                let mut out = Vec::with_capacity(ids.len());
                for (id, result) in ids.iter().zip(&r.objects) {
                    use proto::get_object_result::Result as R;
                    out.push(match &result.result {
                        Some(R::Object(o)) => Ok(ObjectData::from_proto(o)?),
                        Some(R::Error(status)) => {
                            Err(if status.code == tonic::Code::NotFound as i32 {
                                ChainError::NotFound {
                                    op: "batch_get_objects",
                                    what: format!("object {id}"),
                                }
                            } else {
                                ChainError::Rejected {
                                    op: "batch_get_objects",
                                    endpoint: String::new(),
                                    code: tonic::Code::from_i32(status.code),
                                    message: status.message.clone(),
                                }
                            })
                        }
                        _ => return Err(CallError::Malformed(missing("objects[].result"))),
                    });
                }
                Ok(out)
            }
        })
        .await
    }

    /// An object decoded as the binding `T`, after checking that its type is `T`'s (matched by
    /// the package's original ID).
    pub async fn get_move_object<T: MoveStruct>(
        &self,
        id: Address,
    ) -> Result<(ObjectData, T), ChainError> {
        let object = self.get_object(id).await?;
        let value = decode_move_object::<T>(&object, &self.package_ids())?;
        Ok((object, value))
    }

    /// The walrus `System` object (raw; typed bindings decode its contents).
    pub async fn system_object(&self) -> Result<ObjectData, ChainError> {
        self.get_object(self.inner.config.objects.system).await
    }

    /// Objects owned by `owner`, optionally only those of `object_type` (a Move type; without
    /// type arguments it matches every instantiation). Reads every page.
    pub async fn list_owned_objects(
        &self,
        owner: Address,
        object_type: Option<&str>,
    ) -> Result<Vec<ObjectData>, ChainError> {
        let mut out = Vec::new();
        let mut token: Option<prost::bytes::Bytes> = None;
        let object_type = object_type.map(str::to_string);
        loop {
            let page_token = token.clone();
            let object_type = object_type.clone();
            let (objects, next) = self
                .call("list_owned_objects", |mut c| {
                    let page_token = page_token.clone();
                    let object_type = object_type.clone();
                    async move {
                        let mut req = proto::ListOwnedObjectsRequest::default();
                        req.owner = Some(owner.to_string());
                        req.page_size = Some(OWNED_PAGE_SIZE);
                        req.page_token = page_token;
                        req.object_type = object_type;
                        req.read_mask = Some(FieldMask::from_paths(ObjectData::READ_MASK));
                        let r = c.state_client().list_owned_objects(req).await?.into_inner();
                        let objects = r
                            .objects
                            .iter()
                            .map(ObjectData::from_proto)
                            .collect::<Result<Vec<_>, _>>()?;
                        Ok((objects, r.next_page_token))
                    }
                })
                .await?;
            out.extend(objects);
            match next {
                Some(t) if !t.is_empty() => {
                    if token.as_ref() == Some(&t) {
                        return Err(ChainError::BadResponse {
                            op: "list_owned_objects",
                            endpoint: self.preferred_endpoint().to_string(),
                            what: "the page token did not advance".into(),
                        });
                    }
                    token = Some(t);
                }
                _ => return Ok(out),
            }
        }
    }

    /// The total balance of `coin_type` owned by `owner`.
    pub async fn balance(&self, owner: Address, coin_type: &StructTag) -> Result<u64, ChainError> {
        let coin_type = coin_type.to_string();
        self.call("get_balance", |mut c| {
            let coin_type = coin_type.clone();
            async move {
                let mut req = proto::GetBalanceRequest::default();
                req.owner = Some(owner.to_string());
                req.coin_type = Some(coin_type);
                let r = c.state_client().get_balance(req).await?.into_inner();
                Ok(r.balance
                    .as_ref()
                    .and_then(|b| b.balance)
                    .ok_or_else(|| missing("balance.balance"))?)
            }
        })
        .await
    }

    /// SUI owned by `owner`, in MIST.
    pub async fn sui_balance(&self, owner: Address) -> Result<u64, ChainError> {
        self.balance(owner, &StructTag::sui()).await
    }

    /// WAL owned by `owner`, in FROST.
    pub async fn wal_balance(&self, owner: Address) -> Result<u64, ChainError> {
        self.balance(owner, &self.package_ids().wal_coin_type())
            .await
    }

    /// The SUI coins of `owner`, largest first.
    pub async fn sui_coins(&self, owner: Address) -> Result<Vec<(ObjectData, u64)>, ChainError> {
        let mut coins: Vec<_> = self
            .list_owned_objects(owner, Some(&StructTag::gas_coin().to_string()))
            .await?
            .into_iter()
            .filter_map(|o| o.coin_balance().map(|b| (o, b)))
            .collect();
        coins.sort_by_key(|c| std::cmp::Reverse(c.1));
        Ok(coins)
    }

    // === Checkpoints and transactions ===

    /// One checkpoint with its transactions' digests and events.
    pub async fn get_checkpoint(&self, sequence_number: u64) -> Result<CheckpointData, ChainError> {
        let result = self
            .call("get_checkpoint", |mut c| async move {
                let mut req = proto::GetCheckpointRequest::default();
                req.checkpoint_id = Some(
                    proto::get_checkpoint_request::CheckpointId::SequenceNumber(sequence_number),
                );
                req.read_mask = Some(FieldMask::from_paths(CheckpointData::READ_MASK));
                let r = c.ledger_client().get_checkpoint(req).await?.into_inner();
                let cp = CheckpointData::from_proto(
                    r.checkpoint.as_ref().ok_or_else(|| missing("checkpoint"))?,
                )?;
                if cp.sequence_number != sequence_number {
                    return Err(CallError::Malformed(Malformed(format!(
                        "asked for checkpoint {sequence_number}, got {}",
                        cp.sequence_number
                    ))));
                }
                Ok(cp)
            })
            .await;
        match result {
            Err(ChainError::NotFound { op, .. }) => Err(ChainError::NotFound {
                op,
                what: format!("checkpoint {sequence_number}"),
            }),
            other => other,
        }
    }

    /// An executed transaction (with its checkpoint, once checkpointed).
    pub async fn get_transaction(
        &self,
        digest: &Digest,
    ) -> Result<ExecutedTransaction, ChainError> {
        let digest = *digest;
        let result = self
            .call("get_transaction", |mut c| async move {
                let r = get_transaction_raw(&mut c, &digest).await?;
                Ok(r)
            })
            .await?;
        self.finish_executed("get_transaction", result, Some(digest))
    }

    /// Simulates a transaction (no signatures needed, nothing is written). A Move abort comes
    /// back as [`ChainError::MoveAbort`].
    pub async fn simulate(&self, tx: &Transaction) -> Result<ExecutedTransaction, ChainError> {
        let proto_tx: proto::Transaction = tx.clone().into();
        let executed = self
            .call("simulate_transaction", |mut c| {
                let proto_tx = proto_tx.clone();
                async move {
                    let mut req = proto::SimulateTransactionRequest::default();
                    req.transaction = Some(proto_tx);
                    req.read_mask = Some(FieldMask::from_paths(
                        ExecutedTransaction::READ_MASK
                            .iter()
                            .map(|p| format!("transaction.{p}")),
                    ));
                    let r = c
                        .execution_client()
                        .simulate_transaction(req)
                        .await?
                        .into_inner();
                    Ok(r.transaction.ok_or_else(|| missing("transaction"))?)
                }
            })
            .await?;
        let mut out = self.finish_executed("simulate_transaction", executed, None)?;
        out.checkpoint = None;
        Ok(out)
    }

    /// Executes a signed transaction and waits until it is in a checkpoint (so that reads
    /// that follow see its effects). Returns the digest, events (with BCS), object changes and
    /// checkpoint. A Move abort is [`ChainError::MoveAbort`], decoded with the catalog.
    ///
    /// Resubmitting after a transient failure is safe: a retry first asks whether the
    /// transaction already executed.
    pub async fn execute(
        &self,
        tx: &Transaction,
        signatures: Vec<UserSignature>,
    ) -> Result<ExecutedTransaction, ChainError> {
        let digest = tx.digest();
        let proto_tx: proto::Transaction = tx.clone().into();
        let proto_sigs: Vec<proto::UserSignature> =
            signatures.into_iter().map(Into::into).collect();
        let tries = AtomicU32::new(0);
        let executed = self
            .call("execute_transaction", |mut c| {
                let proto_tx = proto_tx.clone();
                let proto_sigs = proto_sigs.clone();
                let retry = tries.fetch_add(1, Ordering::Relaxed) > 0;
                async move {
                    if retry {
                        // The earlier attempt may have gone through.
                        match get_transaction_raw(&mut c, &digest).await {
                            Ok(t) => return Ok(t),
                            Err(CallError::Status(s)) if s.code() == tonic::Code::NotFound => {}
                            Err(e) => return Err(e),
                        }
                    }
                    let mut req = proto::ExecuteTransactionRequest::default();
                    req.transaction = Some(proto_tx);
                    req.signatures = proto_sigs;
                    req.read_mask = Some(FieldMask::from_paths(ExecutedTransaction::READ_MASK));
                    let r = c
                        .execution_client()
                        .execute_transaction(req)
                        .await?
                        .into_inner();
                    Ok(r.transaction.ok_or_else(|| missing("transaction"))?)
                }
            })
            .await?;
        let mut out = self.finish_executed("execute_transaction", executed, Some(digest))?;
        if out.digest != digest {
            return Err(ChainError::BadResponse {
                op: "execute_transaction",
                endpoint: self.preferred_endpoint().to_string(),
                what: format!("executed {digest} but the node answered for {}", out.digest),
            });
        }
        if out.checkpoint.is_none() {
            let (checkpoint, ts) = self.wait_for_checkpoint(&digest).await?;
            out.checkpoint = Some(checkpoint);
            out.timestamp_ms = ts;
        }
        Ok(out)
    }

    /// Signs `tx` with `key` and executes it (see [`SuiChain::execute`]).
    pub async fn sign_and_execute(
        &self,
        tx: &Transaction,
        key: &SuiKeyPair,
    ) -> Result<ExecutedTransaction, ChainError> {
        let signature = key.sign_transaction(tx)?;
        self.execute(tx, vec![signature]).await
    }

    /// Polls until the transaction is in a checkpoint; returns the checkpoint and timestamp.
    pub async fn wait_for_checkpoint(
        &self,
        digest: &Digest,
    ) -> Result<(u64, Option<u64>), ChainError> {
        let started = Instant::now();
        let limit = self.inner.rpc.checkpoint_wait_timeout();
        let mut pause = Duration::from_millis(10);
        let digest_copy = *digest;
        loop {
            let found = self
                .call("get_transaction", |mut c| async move {
                    let mut req = proto::GetTransactionRequest::default();
                    req.digest = Some(digest_copy.to_string());
                    req.read_mask =
                        Some(FieldMask::from_paths(["digest", "checkpoint", "timestamp"]));
                    let r = c.ledger_client().get_transaction(req).await?.into_inner();
                    let t = r.transaction.ok_or_else(|| missing("transaction"))?;
                    let ts = t
                        .timestamp
                        .as_ref()
                        .map(|ts| timestamp_ms("transaction.timestamp", Some(ts)))
                        .transpose()?;
                    Ok(t.checkpoint.map(|cp| (cp, ts)))
                })
                .await;
            match found {
                Ok(Some(position)) => return Ok(position),
                Ok(None) | Err(ChainError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
            let elapsed = started.elapsed();
            if elapsed >= limit {
                return Err(ChainError::CheckpointTimeout {
                    digest: *digest,
                    waited_ms: elapsed.as_millis() as u64,
                });
            }
            tokio::time::sleep(pause.min(limit - elapsed)).await;
            pause = (pause * 2).min(Duration::from_millis(500));
        }
    }

    /// Fills in what a built transaction needs to run: sender, gas price (the reference gas
    /// price), a gas budget measured by simulating the transaction (computation + storage,
    /// plus 20 %, plus 1000 x the gas price; a fixed 0.5 SUI when the node cannot simulate),
    /// and gas coins: the fewest of the sender's SUI coins, largest first, that cover the
    /// budget. The builder's own inputs must not include those SUI coins.
    ///
    /// A Move abort during the simulation is returned as [`ChainError::MoveAbort`] before
    /// anything is signed.
    pub async fn prepare(
        &self,
        mut builder: sui_transaction_builder::TransactionBuilder,
        sender: Address,
    ) -> Result<Transaction, ChainError> {
        let price = self.reference_gas_price().await?;
        let coins = self.sui_coins(sender).await?;
        if coins.is_empty() {
            return Err(ChainError::Transaction(format!(
                "{sender} owns no SUI coins to pay for gas"
            )));
        }
        // Protocol limit on gas coins: 256.
        let coins: Vec<_> = coins.into_iter().take(256).collect();
        let total: u64 = coins.iter().map(|c| c.1).fold(0u64, u64::saturating_add);
        builder.set_sender(sender);
        builder.set_gas_price(price);
        builder.set_gas_budget(total.min(SIMULATION_BUDGET));
        builder.add_gas_objects(
            coins.iter().map(|(o, _)| {
                sui_transaction_builder::ObjectInput::owned(o.id, o.version, o.digest)
            }),
        );
        let mut tx = builder
            .try_build()
            .map_err(|e| ChainError::Transaction(format!("cannot build the transaction: {e}")))?;
        let budget = match self.simulate(&tx).await {
            Ok(sim) => {
                let gross = sim.gas.gross();
                gross
                    .saturating_add(gross / 5)
                    .saturating_add(price.saturating_mul(1_000))
            }
            Err(ChainError::Rejected {
                code: tonic::Code::Unimplemented,
                ..
            }) => FALLBACK_BUDGET,
            Err(e) => return Err(e),
        };
        if budget > total {
            return Err(ChainError::Transaction(format!(
                "{sender} has {total} MIST in gas coins, the transaction needs a budget of {budget}"
            )));
        }
        tx.gas_payment.budget = budget;
        // Pay with the fewest (largest) coins that cover the budget, so that the others are
        // not merged into the gas coin.
        let mut covered = 0u64;
        let needed = coins
            .iter()
            .take_while(|(_, value)| {
                let more = covered < budget;
                covered = covered.saturating_add(*value);
                more
            })
            .count()
            .max(1);
        tx.gas_payment.objects.truncate(needed);
        Ok(tx)
    }

    /// Turns a gRPC executed transaction into ours, or into the execution error it reports.
    fn finish_executed(
        &self,
        op: &'static str,
        t: proto::ExecutedTransaction,
        expected: Option<Digest>,
    ) -> Result<ExecutedTransaction, ChainError> {
        let bad = |what: Malformed| ChainError::BadResponse {
            op,
            endpoint: self.preferred_endpoint().to_string(),
            what: what.0,
        };
        let digest = match (&t.digest, expected) {
            (Some(d), _) => {
                crate::types::parse_digest("transaction.digest", Some(d)).map_err(bad)?
            }
            (None, Some(d)) => d,
            (None, None) => {
                // A simulation answer may omit the digest; derive it.
                match t.transaction.as_ref().map(Transaction::try_from) {
                    Some(Ok(tx)) => tx.digest(),
                    _ => Digest::ZERO,
                }
            }
        };
        let effects = t
            .effects
            .as_ref()
            .ok_or_else(|| bad(missing("transaction.effects")))?;
        let status = effects
            .status
            .as_ref()
            .ok_or_else(|| bad(missing("effects.status")))?;
        let reported_digest = expected.map(|_| digest);
        if !status.success.unwrap_or(false) {
            let error = status.error.clone().unwrap_or_default();
            return Err(execution_error(
                reported_digest,
                &error,
                &self.inner.catalog,
            ));
        }
        let mut events = Vec::new();
        if let Some(evs) = &t.events {
            for (i, e) in evs.events.iter().enumerate() {
                events.push(ChainEvent::from_proto(i, e).map_err(bad)?);
            }
        }
        let changed_objects = effects
            .changed_objects
            .iter()
            .enumerate()
            .map(|(i, c)| ObjectChange::from_proto(i, c))
            .collect::<Result<Vec<_>, _>>()
            .map_err(bad)?;
        Ok(ExecutedTransaction {
            digest,
            checkpoint: t.checkpoint,
            timestamp_ms: t
                .timestamp
                .as_ref()
                .map(|ts| timestamp_ms("timestamp", Some(ts)))
                .transpose()
                .map_err(bad)?,
            events,
            changed_objects,
            gas: effects
                .gas_used
                .as_ref()
                .map(GasSummary::from_proto)
                .unwrap_or_default(),
        })
    }
}

/// Decodes an object's contents as the binding `T`, checking the type first.
pub fn decode_move_object<T: MoveStruct>(
    object: &ObjectData,
    ids: &PackageIds,
) -> Result<T, ChainError> {
    let expected = T::struct_tag(ids);
    let found = object.struct_tag();
    if found.as_ref() != Some(&expected) {
        return Err(ChainError::UnexpectedObject {
            object: object.id,
            found: format!("a {}", object.type_),
            expected: format!("a {expected}"),
        });
    }
    T::from_bcs(&object.contents).map_err(|e| ChainError::BadResponse {
        op: "get_move_object",
        endpoint: String::new(),
        what: format!(
            "object {} (version {}) does not decode as {expected}: {e}",
            object.id, object.version
        ),
    })
}

/// The error an execution failure stands for.
pub fn execution_error(
    digest: Option<Digest>,
    error: &proto::ExecutionError,
    catalog: &AbortCatalog,
) -> ChainError {
    use proto::execution_error::ErrorDetails;
    if let Some(ErrorDetails::Abort(abort)) = &error.error_details {
        return ChainError::MoveAbort(Box::new(MoveAbort::from_proto(
            digest,
            error.command,
            abort,
            catalog,
        )));
    }
    ChainError::ExecutionFailed {
        digest,
        kind: error.kind().as_str_name().to_string(),
        description: error.description.clone(),
        command: error.command,
    }
}

async fn get_transaction_raw(
    c: &mut sui_rpc::Client,
    digest: &Digest,
) -> Result<proto::ExecutedTransaction, CallError> {
    let mut req = proto::GetTransactionRequest::default();
    req.digest = Some(digest.to_string());
    req.read_mask = Some(FieldMask::from_paths(ExecutedTransaction::READ_MASK));
    let r = c.ledger_client().get_transaction(req).await?.into_inner();
    Ok(r.transaction.ok_or_else(|| missing("transaction"))?)
}
