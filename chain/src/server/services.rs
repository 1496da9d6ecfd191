//! The gRPC service implementations over a [`LedgerStore`].

use std::str::FromStr;
use std::sync::Arc;

use sui_crypto::SuiVerifier as _;
use sui_rpc::field::{FieldMask, FieldMaskTree, FieldMaskUtil, MessageFields};
use sui_rpc::merge::Merge;
use sui_rpc::proto::google::rpc::Status as RpcStatus;
use sui_rpc::proto::sui::rpc::v2 as proto;
use sui_rpc::proto::sui::rpc::v2::ledger_service_server::LedgerService;
use sui_rpc::proto::sui::rpc::v2::state_service_server::StateService;
use sui_rpc::proto::sui::rpc::v2::subscription_service_server::SubscriptionService;
use sui_rpc::proto::sui::rpc::v2::transaction_execution_service_server::TransactionExecutionService;
use sui_rpc::proto::timestamp_ms_to_proto;
use sui_sdk_types::{Address, Digest, StructTag, Transaction, UserSignature};
use tokio::sync::watch;
use tonic::codegen::BoxStream;
use tonic::{Request, Response, Status};

use super::executor::Executor;
use super::faults::{DropMode, Faults};
use super::store::{Ledger, LedgerStore};

/// The services of one server; cheap to clone.
#[derive(Clone)]
pub(crate) struct Services {
    pub(crate) store: LedgerStore,
    pub(crate) executor: Arc<dyn Executor>,
    pub(crate) faults: Arc<Faults>,
    pub(crate) shutdown: watch::Receiver<bool>,
}

type Result<T> = std::result::Result<Response<T>, Status>;

/// Parses and validates a read mask against message `M`, or uses `default`.
fn mask<M: MessageFields>(
    mask: Option<&FieldMask>,
    default: &str,
) -> std::result::Result<FieldMaskTree, Status> {
    let mask = match mask {
        Some(m) if !m.paths.is_empty() => m.clone(),
        _ => FieldMask::from_str(default),
    };
    mask.validate::<M>()
        .map_err(|path| Status::invalid_argument(format!("invalid read_mask path: {path}")))?;
    Ok(FieldMaskTree::from_field_mask(&mask))
}

fn parse_address(field: &str, value: Option<&str>) -> std::result::Result<Address, Status> {
    let value = value.ok_or_else(|| Status::invalid_argument(format!("missing {field}")))?;
    Address::from_str(value)
        .map_err(|e| Status::invalid_argument(format!("invalid {field} {value:?}: {e}")))
}

fn parse_digest(field: &str, value: Option<&str>) -> std::result::Result<Digest, Status> {
    let value = value.ok_or_else(|| Status::invalid_argument(format!("missing {field}")))?;
    Digest::from_str(value)
        .map_err(|e| Status::invalid_argument(format!("invalid {field} {value:?}: {e}")))
}

/// Encodes a checkpoint position as an opaque cursor (big-endian sequence number).
fn cursor(sequence: u64) -> prost::bytes::Bytes {
    prost::bytes::Bytes::copy_from_slice(&sequence.to_be_bytes())
}

fn decode_cursor(bytes: &[u8]) -> std::result::Result<u64, Status> {
    let raw: [u8; 8] = bytes
        .try_into()
        .map_err(|_| Status::invalid_argument("invalid cursor"))?;
    Ok(u64::from_be_bytes(raw))
}

fn watermark(sequence: u64, covered: bool) -> proto::Watermark {
    let mut w = proto::Watermark::default();
    w.cursor = Some(cursor(sequence));
    w.checkpoint = covered.then_some(sequence);
    w
}

fn query_end(reason: proto::QueryEndReason) -> proto::QueryEnd {
    let mut e = proto::QueryEnd::default();
    e.set_reason(reason);
    e
}

// === Filters ===

/// Whether a type string matches an event-type filter of the form
/// `address[::module[::Name[<params>]]]`.
fn type_matches(spec: &str, event_type: &str) -> std::result::Result<bool, Status> {
    let bad = || Status::invalid_argument(format!("invalid event_type filter {spec:?}"));
    let Ok(tag) = StructTag::from_str(event_type) else {
        return Ok(false);
    };
    if spec.contains('<') {
        let want = StructTag::from_str(spec).map_err(|_| bad())?;
        return Ok(want == tag);
    }
    let mut parts = spec.split("::");
    let address = Address::from_str(parts.next().ok_or_else(bad)?).map_err(|_| bad())?;
    if address != *tag.address() {
        return Ok(false);
    }
    if let Some(module) = parts.next()
        && module != tag.module().as_str()
    {
        return Ok(false);
    }
    if let Some(name) = parts.next()
        && name != tag.name().as_str()
    {
        return Ok(false);
    }
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok(true)
}

fn module_matches(spec: &str, package: &str, module: &str) -> std::result::Result<bool, Status> {
    let bad = || Status::invalid_argument(format!("invalid emit_module filter {spec:?}"));
    let mut parts = spec.split("::");
    let want = Address::from_str(parts.next().ok_or_else(bad)?).map_err(|_| bad())?;
    let Ok(have) = Address::from_str(package) else {
        return Ok(false);
    };
    if want != have {
        return Ok(false);
    }
    Ok(parts.next().is_none_or(|m| m == module))
}

fn literal_matches(
    literal: &proto::TransactionLiteral,
    tx: &proto::ExecutedTransaction,
) -> std::result::Result<bool, Status> {
    use proto::transaction_literal::Predicate;
    let events = tx
        .events
        .as_ref()
        .map(|e| e.events.as_slice())
        .unwrap_or(&[]);
    let hit = match &literal.predicate {
        Some(Predicate::Sender(f)) => {
            let want = parse_address("sender filter address", f.address.as_deref())?;
            tx.transaction
                .as_ref()
                .and_then(|t| t.sender.as_deref())
                .and_then(|s| Address::from_str(s).ok())
                == Some(want)
        }
        Some(Predicate::EventType(f)) => {
            let spec = f
                .event_type
                .as_deref()
                .ok_or_else(|| Status::invalid_argument("missing event_type filter"))?;
            let mut any = false;
            for e in events {
                if type_matches(spec, e.event_type.as_deref().unwrap_or_default())? {
                    any = true;
                    break;
                }
            }
            any
        }
        Some(Predicate::EmitModule(f)) => {
            let spec = f
                .module
                .as_deref()
                .ok_or_else(|| Status::invalid_argument("missing emit_module filter"))?;
            let mut any = false;
            for e in events {
                if module_matches(
                    spec,
                    e.package_id.as_deref().unwrap_or_default(),
                    e.module.as_deref().unwrap_or_default(),
                )? {
                    any = true;
                    break;
                }
            }
            any
        }
        Some(Predicate::AffectedObject(f)) => {
            let want = parse_address("affected_object filter", f.object_id.as_deref())?;
            tx.effects.as_ref().is_some_and(|e| {
                e.changed_objects.iter().any(|c| {
                    c.object_id
                        .as_deref()
                        .and_then(|i| Address::from_str(i).ok())
                        == Some(want)
                })
            })
        }
        Some(other) => {
            return Err(Status::unimplemented(format!(
                "this server does not index transactions by {other:?}"
            )));
        }
        None => return Err(Status::invalid_argument("filter literal without predicate")),
    };
    Ok(hit != literal.negated)
}

/// Whether a transaction matches a DNF filter.
pub(crate) fn transaction_matches(
    filter: &proto::TransactionFilter,
    tx: &proto::ExecutedTransaction,
) -> std::result::Result<bool, Status> {
    for term in &filter.terms {
        let mut all = true;
        for literal in &term.literals {
            if !literal_matches(literal, tx)? {
                all = false;
                break;
            }
        }
        if all {
            return Ok(true);
        }
    }
    Ok(false)
}

fn validate_filter(filter: Option<&proto::TransactionFilter>) -> std::result::Result<(), Status> {
    if let Some(f) = filter {
        if f.terms.is_empty() {
            return Err(Status::invalid_argument(
                "a present filter must have at least one term",
            ));
        }
        // Surface unsupported predicates up front, on an empty transaction.
        transaction_matches(f, &proto::ExecutedTransaction::default())?;
    }
    Ok(())
}

pub(crate) fn checkpoint_matches(
    filter: Option<&proto::TransactionFilter>,
    cp: &proto::Checkpoint,
) -> std::result::Result<bool, Status> {
    let Some(f) = filter else { return Ok(true) };
    for t in &cp.transactions {
        if transaction_matches(f, t)? {
            return Ok(true);
        }
    }
    Ok(false)
}

// === Ledger ===

fn object_result(
    ledger: &Ledger,
    req: &proto::GetObjectRequest,
    tree: &FieldMaskTree,
) -> std::result::Result<proto::Object, Status> {
    let id = parse_address("object_id", req.object_id.as_deref())?;
    let object = match req.version {
        Some(v) => ledger.object_at(&id, v),
        None => ledger.object(&id),
    };
    let object = object.ok_or_else(|| {
        Status::not_found(match req.version {
            Some(v) => format!("object {id} at version {v} not found"),
            None => format!("object {id} not found"),
        })
    })?;
    Ok(proto::Object::merge_from(object, tree))
}

#[tonic::async_trait]
impl LedgerService for Services {
    async fn get_service_info(
        &self,
        _request: Request<proto::GetServiceInfoRequest>,
    ) -> Result<proto::GetServiceInfoResponse> {
        let l = self.store.read();
        let latest = l.checkpoint(l.latest()).expect("latest exists");
        let mut r = proto::GetServiceInfoResponse::default();
        r.chain_id = Some(l.chain_id().to_string());
        r.chain = Some(l.chain().to_string());
        r.epoch = Some(l.epoch);
        r.checkpoint_height = Some(l.latest());
        r.timestamp = latest.summary.as_ref().and_then(|s| s.timestamp);
        r.lowest_available_checkpoint = Some(l.lowest());
        r.lowest_available_checkpoint_objects = Some(l.lowest());
        r.server = Some(l.server_name().to_string());
        Ok(Response::new(r))
    }

    async fn get_object(
        &self,
        request: Request<proto::GetObjectRequest>,
    ) -> Result<proto::GetObjectResponse> {
        let req = request.into_inner();
        let tree = mask::<proto::Object>(req.read_mask.as_ref(), "object_id,version,digest")?;
        let l = self.store.read();
        let mut r = proto::GetObjectResponse::default();
        r.object = Some(object_result(&l, &req, &tree)?);
        Ok(Response::new(r))
    }

    async fn batch_get_objects(
        &self,
        request: Request<proto::BatchGetObjectsRequest>,
    ) -> Result<proto::BatchGetObjectsResponse> {
        let req = request.into_inner();
        let tree = mask::<proto::Object>(req.read_mask.as_ref(), "object_id,version,digest")?;
        let l = self.store.read();
        let mut r = proto::BatchGetObjectsResponse::default();
        r.objects = req
            .requests
            .iter()
            .map(|one| {
                let mut result = proto::GetObjectResult::default();
                result.result = Some(match object_result(&l, one, &tree) {
                    Ok(o) => proto::get_object_result::Result::Object(o),
                    Err(s) => {
                        let status = RpcStatus {
                            code: s.code() as i32,
                            message: s.message().to_string(),
                            ..Default::default()
                        };
                        proto::get_object_result::Result::Error(status)
                    }
                });
                result
            })
            .collect();
        Ok(Response::new(r))
    }

    async fn get_transaction(
        &self,
        request: Request<proto::GetTransactionRequest>,
    ) -> Result<proto::GetTransactionResponse> {
        let req = request.into_inner();
        let tree = mask::<proto::ExecutedTransaction>(req.read_mask.as_ref(), "digest")?;
        let digest = parse_digest("digest", req.digest.as_deref())?;
        let l = self.store.read();
        let t = l
            .transaction(&digest)
            .ok_or_else(|| Status::not_found(format!("transaction {digest} not found")))?;
        let mut r = proto::GetTransactionResponse::default();
        r.transaction = Some(proto::ExecutedTransaction::merge_from(t, &tree));
        Ok(Response::new(r))
    }

    async fn batch_get_transactions(
        &self,
        request: Request<proto::BatchGetTransactionsRequest>,
    ) -> Result<proto::BatchGetTransactionsResponse> {
        let req = request.into_inner();
        let tree = mask::<proto::ExecutedTransaction>(req.read_mask.as_ref(), "digest")?;
        let l = self.store.read();
        let mut r = proto::BatchGetTransactionsResponse::default();
        r.transactions = req
            .digests
            .iter()
            .map(|d| {
                let mut result = proto::GetTransactionResult::default();
                let found = parse_digest("digest", Some(d)).and_then(|digest| {
                    l.transaction(&digest)
                        .ok_or_else(|| Status::not_found(format!("transaction {digest} not found")))
                });
                result.result = Some(match found {
                    Ok(t) => proto::get_transaction_result::Result::Transaction(
                        proto::ExecutedTransaction::merge_from(t, &tree),
                    ),
                    Err(s) => {
                        let status = RpcStatus {
                            code: s.code() as i32,
                            message: s.message().to_string(),
                            ..Default::default()
                        };
                        proto::get_transaction_result::Result::Error(status)
                    }
                });
                result
            })
            .collect();
        Ok(Response::new(r))
    }

    async fn get_checkpoint(
        &self,
        request: Request<proto::GetCheckpointRequest>,
    ) -> Result<proto::GetCheckpointResponse> {
        use proto::get_checkpoint_request::CheckpointId;
        let req = request.into_inner();
        let tree = mask::<proto::Checkpoint>(req.read_mask.as_ref(), "sequence_number,digest")?;
        let l = self.store.read();
        let cp = match &req.checkpoint_id {
            Some(CheckpointId::SequenceNumber(s)) => l.checkpoint(*s).ok_or_else(|| {
                Status::not_found(format!(
                    "checkpoint {s} not found (available: {}..={})",
                    l.lowest(),
                    l.latest()
                ))
            })?,
            Some(CheckpointId::Digest(d)) => l
                .checkpoint_by_digest(d)
                .ok_or_else(|| Status::not_found(format!("checkpoint {d} not found")))?,
            _ => l.checkpoint(l.latest()).expect("latest exists"),
        };
        let mut r = proto::GetCheckpointResponse::default();
        r.checkpoint = Some(proto::Checkpoint::merge_from(cp, &tree));
        Ok(Response::new(r))
    }

    async fn get_epoch(
        &self,
        request: Request<proto::GetEpochRequest>,
    ) -> Result<proto::GetEpochResponse> {
        let req = request.into_inner();
        let tree = mask::<proto::Epoch>(req.read_mask.as_ref(), "epoch")?;
        let l = self.store.read();
        if let Some(e) = req.epoch
            && e != l.epoch
        {
            return Err(Status::not_found(format!(
                "epoch {e} not found (this server keeps only the current epoch {})",
                l.epoch
            )));
        }
        let mut e = proto::Epoch::default();
        e.epoch = Some(l.epoch);
        e.reference_gas_price = Some(l.reference_gas_price);
        e.first_checkpoint = Some(l.epoch_first_checkpoint);
        e.start = Some(timestamp_ms_to_proto(l.epoch_start_ms));
        let mut r = proto::GetEpochResponse::default();
        r.epoch = Some(proto::Epoch::merge_from(&e, &tree));
        Ok(Response::new(r))
    }

    async fn list_checkpoints(
        &self,
        request: Request<proto::ListCheckpointsRequest>,
    ) -> Result<BoxStream<proto::ListCheckpointsResponse>> {
        let req = request.into_inner();
        let tree = mask::<proto::Checkpoint>(req.read_mask.as_ref(), "sequence_number,digest")?;
        validate_filter(req.filter.as_ref())?;
        let options = req.options.clone().unwrap_or_default();
        let l = self.store.read();
        let limit = l.list_page(options.limit) as usize;
        // The interval [start, end) from the checkpoint bounds and the cursor bounds.
        let mut start = req.start_checkpoint.unwrap_or(l.lowest());
        let mut end = req
            .end_checkpoint
            .unwrap_or(l.indexed_tip() + 1)
            .min(l.latest() + 1);
        let mut end_reason = if req.end_checkpoint.is_some_and(|e| e <= l.latest()) {
            proto::QueryEndReason::CheckpointBound
        } else {
            proto::QueryEndReason::LedgerTip
        };
        if let Some(after) = &options.after {
            start = start.max(decode_cursor(after)?.saturating_add(1));
        }
        if let Some(before) = &options.before {
            let b = decode_cursor(before)?;
            if b < end {
                end = b;
                end_reason = proto::QueryEndReason::CursorBound;
            }
        }
        if start < l.lowest() {
            return Err(Status::not_found(format!(
                "checkpoint {start} is pruned; the lowest available checkpoint is {}",
                l.lowest()
            )));
        }
        let descending = options.ordering() == proto::Ordering::Descending;
        let range: Vec<u64> = if start < end {
            if descending {
                (start..end).rev().collect()
            } else {
                (start..end).collect()
            }
        } else {
            Vec::new()
        };
        let omitted = self.faults.omitted_from_lists();
        let mut frames = Vec::new();
        let mut delivered = 0usize;
        let mut last_scanned: Option<u64> = None;
        for seq in range {
            let cp = l.checkpoint(seq).expect("within the stored range");
            last_scanned = Some(seq);
            if !checkpoint_matches(req.filter.as_ref(), cp)? || omitted == Some(seq) {
                continue;
            }
            delivered += 1;
            let mut frame = proto::ListCheckpointsResponse::default();
            frame.checkpoint = Some(proto::Checkpoint::merge_from(cp, &tree));
            frame.watermark = Some(watermark(seq, true));
            if delivered == limit {
                frame.end = Some(query_end(proto::QueryEndReason::ItemLimit));
                frames.push(Ok(frame));
                return Ok(Response::new(Box::pin(futures::stream::iter(frames))));
            }
            frames.push(Ok(frame));
        }
        let mut last = proto::ListCheckpointsResponse::default();
        last.watermark = Some(match last_scanned {
            Some(seq) => watermark(seq, true),
            None => watermark(
                if descending {
                    end
                } else {
                    start.saturating_sub(1)
                },
                false,
            ),
        });
        last.end = Some(query_end(end_reason));
        frames.push(Ok(last));
        Ok(Response::new(Box::pin(futures::stream::iter(frames))))
    }
}

// === Subscriptions ===

struct Subscription {
    store: LedgerStore,
    tip: watch::Receiver<u64>,
    shutdown: watch::Receiver<bool>,
    next: u64,
    sent: u64,
    drop_after: Option<(u64, DropMode)>,
    tree: FieldMaskTree,
    filter: Option<proto::TransactionFilter>,
    done: bool,
}

impl Subscription {
    async fn next_frame(
        &mut self,
    ) -> Option<std::result::Result<proto::SubscribeCheckpointsResponse, Status>> {
        if self.done {
            return None;
        }
        loop {
            if *self.shutdown.borrow() {
                self.done = true;
                return Some(Err(Status::unavailable("server shutting down")));
            }
            if let Some((after, mode)) = self.drop_after
                && self.sent >= after
            {
                self.done = true;
                return match mode {
                    DropMode::Error => Some(Err(Status::unavailable(
                        "injected fault: subscription dropped",
                    ))),
                    DropMode::End => None,
                };
            }
            let latest = *self.tip.borrow_and_update();
            if self.next <= latest {
                let frame = {
                    let l = self.store.read();
                    let seq = self.next.max(l.lowest());
                    self.next = seq + 1;
                    let cp = l.checkpoint(seq).expect("within the stored range");
                    let mut frame = proto::SubscribeCheckpointsResponse::default();
                    frame.cursor = Some(seq);
                    match checkpoint_matches(self.filter.as_ref(), cp) {
                        Ok(true) => {
                            frame.checkpoint = Some(proto::Checkpoint::merge_from(cp, &self.tree))
                        }
                        Ok(false) => {}
                        Err(s) => {
                            self.done = true;
                            return Some(Err(s));
                        }
                    }
                    frame
                };
                if frame.checkpoint.is_some() {
                    self.sent += 1;
                }
                return Some(Ok(frame));
            }
            tokio::select! {
                changed = self.tip.changed() => {
                    if changed.is_err() {
                        self.done = true;
                        return Some(Err(Status::unavailable("ledger closed")));
                    }
                }
                _ = self.shutdown.changed() => {}
            }
        }
    }
}

#[tonic::async_trait]
impl SubscriptionService for Services {
    async fn subscribe_checkpoints(
        &self,
        request: Request<proto::SubscribeCheckpointsRequest>,
    ) -> Result<BoxStream<proto::SubscribeCheckpointsResponse>> {
        let req = request.into_inner();
        let tree = mask::<proto::Checkpoint>(req.read_mask.as_ref(), "sequence_number,digest")?;
        validate_filter(req.filter.as_ref())?;
        let tip = self.store.subscribe_tip();
        let next = self.store.latest_checkpoint();
        let sub = Subscription {
            store: self.store.clone(),
            tip,
            shutdown: self.shutdown.clone(),
            next,
            sent: 0,
            drop_after: self.faults.subscription_drop(),
            tree,
            filter: req.filter,
            done: false,
        };
        let stream = futures::stream::unfold(sub, |mut sub| async move {
            sub.next_frame().await.map(|item| (item, sub))
        });
        Ok(Response::new(Box::pin(stream)))
    }
}

// === State ===

fn owned_by(object: &proto::Object, owner: &Address) -> bool {
    let Some(o) = &object.owner else { return false };
    use proto::owner::OwnerKind;
    matches!(o.kind(), OwnerKind::Address | OwnerKind::ConsensusAddress)
        && o.address.as_deref().and_then(|a| Address::from_str(a).ok()) == Some(*owner)
}

/// Whether `type_` is of `filter`: equal, or the same struct when the filter has no type
/// parameters.
fn type_filter_matches(filter: &StructTag, type_: &str) -> bool {
    let Ok(tag) = StructTag::from_str(type_) else {
        return false;
    };
    tag.address() == filter.address()
        && tag.module() == filter.module()
        && tag.name() == filter.name()
        && (filter.type_params().is_empty() || filter.type_params() == tag.type_params())
}

fn coin_balance(object: &proto::Object, coin: &StructTag) -> Option<u64> {
    let tag = StructTag::from_str(object.object_type.as_deref()?).ok()?;
    match tag.is_coin()? {
        sui_sdk_types::TypeTag::Struct(inner) if **inner == *coin => object.balance,
        _ => None,
    }
}

#[tonic::async_trait]
impl StateService for Services {
    async fn list_owned_objects(
        &self,
        request: Request<proto::ListOwnedObjectsRequest>,
    ) -> Result<proto::ListOwnedObjectsResponse> {
        let req = request.into_inner();
        let tree = mask::<proto::Object>(req.read_mask.as_ref(), "object_id,version,object_type")?;
        let owner = parse_address("owner", req.owner.as_deref())?;
        let type_filter = req
            .object_type
            .as_deref()
            .map(|t| {
                StructTag::from_str(t).map_err(|e| {
                    Status::invalid_argument(format!("invalid object_type {t:?}: {e}"))
                })
            })
            .transpose()?;
        let after = req
            .page_token
            .as_ref()
            .map(|t| {
                Address::from_bytes(t).map_err(|_| Status::invalid_argument("invalid page_token"))
            })
            .transpose()?;
        let l = self.store.read();
        let page = l.owned_page(req.page_size) as usize;
        let mut objects = Vec::new();
        let mut next = None;
        for o in l.live_objects() {
            let Some(id) = o
                .object_id
                .as_deref()
                .and_then(|i| Address::from_str(i).ok())
            else {
                continue;
            };
            if after.is_some_and(|a| id <= a) || !owned_by(o, &owner) {
                continue;
            }
            if let Some(f) = &type_filter
                && !type_filter_matches(f, o.object_type.as_deref().unwrap_or_default())
            {
                continue;
            }
            if objects.len() == page {
                next = Some(prost::bytes::Bytes::copy_from_slice(
                    objects
                        .last()
                        .and_then(|o: &proto::Object| o.object_id.as_deref())
                        .and_then(|i| Address::from_str(i).ok())
                        .expect("listed objects have IDs")
                        .as_bytes(),
                ));
                break;
            }
            objects.push(proto::Object::merge_from(o, &tree));
        }
        let mut r = proto::ListOwnedObjectsResponse::default();
        r.objects = objects;
        r.next_page_token = next;
        Ok(Response::new(r))
    }

    async fn get_balance(
        &self,
        request: Request<proto::GetBalanceRequest>,
    ) -> Result<proto::GetBalanceResponse> {
        let req = request.into_inner();
        let owner = parse_address("owner", req.owner.as_deref())?;
        let coin_type = req
            .coin_type
            .as_deref()
            .ok_or_else(|| Status::invalid_argument("missing coin_type"))?;
        let coin = StructTag::from_str(coin_type).map_err(|e| {
            Status::invalid_argument(format!("invalid coin_type {coin_type:?}: {e}"))
        })?;
        let l = self.store.read();
        let total: u64 = l
            .live_objects()
            .filter(|o| owned_by(o, &owner))
            .filter_map(|o| coin_balance(o, &coin))
            .fold(0u64, u64::saturating_add);
        let mut b = proto::Balance::default();
        b.coin_type = Some(coin.to_string());
        b.balance = Some(total);
        b.coin_balance = Some(total);
        b.address_balance = Some(0);
        let mut r = proto::GetBalanceResponse::default();
        r.balance = Some(b);
        Ok(Response::new(r))
    }

    async fn list_balances(
        &self,
        request: Request<proto::ListBalancesRequest>,
    ) -> Result<proto::ListBalancesResponse> {
        let req = request.into_inner();
        let owner = parse_address("owner", req.owner.as_deref())?;
        let l = self.store.read();
        let mut totals: std::collections::BTreeMap<String, u64> = Default::default();
        for o in l.live_objects().filter(|o| owned_by(o, &owner)) {
            let Some(tag) = o
                .object_type
                .as_deref()
                .and_then(|t| StructTag::from_str(t).ok())
            else {
                continue;
            };
            if let Some(inner) = tag.is_coin() {
                let t = totals.entry(inner.to_string()).or_default();
                *t = t.saturating_add(o.balance.unwrap_or_default());
            }
        }
        let mut r = proto::ListBalancesResponse::default();
        r.balances = totals
            .into_iter()
            .map(|(coin_type, total)| {
                let mut b = proto::Balance::default();
                b.coin_type = Some(coin_type);
                b.balance = Some(total);
                b.coin_balance = Some(total);
                b.address_balance = Some(0);
                b
            })
            .collect();
        Ok(Response::new(r))
    }
}

// === Execution ===

/// Checks that every signature is a valid ed25519 signature of the transaction and that the
/// sender (or sponsor) signed.
fn verify_signatures(
    tx: &Transaction,
    signatures: &[UserSignature],
) -> std::result::Result<(), Status> {
    if signatures.is_empty() {
        return Err(Status::invalid_argument("the transaction has no signature"));
    }
    let verifier = sui_crypto::ed25519::Ed25519Verifier::new();
    let mut signers = Vec::new();
    for (i, sig) in signatures.iter().enumerate() {
        let UserSignature::Simple(sui_sdk_types::SimpleSignature::Ed25519 { public_key, .. }) = sig
        else {
            return Err(Status::invalid_argument(format!(
                "signature {i}: this server verifies ed25519 signatures only"
            )));
        };
        verifier
            .verify_transaction(tx, sig)
            .map_err(|e| Status::invalid_argument(format!("signature {i} does not verify: {e}")))?;
        signers.push(public_key.derive_address());
    }
    if !signers.contains(&tx.sender) {
        return Err(Status::invalid_argument(format!(
            "the sender {} did not sign the transaction",
            tx.sender
        )));
    }
    Ok(())
}

fn parse_transaction(t: Option<&proto::Transaction>) -> std::result::Result<Transaction, Status> {
    let t = t.ok_or_else(|| Status::invalid_argument("missing transaction"))?;
    Transaction::try_from(t)
        .map_err(|e| Status::invalid_argument(format!("invalid transaction: {e}")))
}

#[tonic::async_trait]
impl TransactionExecutionService for Services {
    async fn execute_transaction(
        &self,
        request: Request<proto::ExecuteTransactionRequest>,
    ) -> Result<proto::ExecuteTransactionResponse> {
        let req = request.into_inner();
        let tree = mask::<proto::ExecutedTransaction>(
            req.read_mask.as_ref(),
            "effects.status,checkpoint",
        )?;
        let tx = parse_transaction(req.transaction.as_ref())?;
        let signatures = req
            .signatures
            .iter()
            .map(UserSignature::try_from)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| Status::invalid_argument(format!("invalid signature: {e}")))?;
        verify_signatures(&tx, &signatures)?;
        let digest = tx.digest();
        let stored = {
            // One execution at a time: read, execute and apply atomically.
            let _exclusive = self.store.lock_execution();
            // Resubmission of an executed transaction: answer with its effects.
            if let Some(t) = self.store.read().transaction(&digest) {
                let mut r = proto::ExecuteTransactionResponse::default();
                r.transaction = Some(proto::ExecutedTransaction::merge_from(t, &tree));
                return Ok(Response::new(r));
            }
            let outcome = self.executor.execute(&self.store, &tx)?;
            let executed = self.store.commit_transaction(&tx, signatures, outcome);
            if self.store.auto_checkpoint() {
                self.store.seal_pending();
            }
            // Answer with the stored transaction: with its checkpoint once sealed.
            self.store
                .read()
                .transaction(&digest)
                .cloned()
                .unwrap_or(executed)
        };
        let mut r = proto::ExecuteTransactionResponse::default();
        r.transaction = Some(proto::ExecutedTransaction::merge_from(&stored, &tree));
        Ok(Response::new(r))
    }

    async fn simulate_transaction(
        &self,
        request: Request<proto::SimulateTransactionRequest>,
    ) -> Result<proto::SimulateTransactionResponse> {
        let req = request.into_inner();
        let mask = match &req.read_mask {
            Some(m) if !m.paths.is_empty() => m.clone(),
            _ => FieldMask::from_str("transaction.effects.status"),
        };
        mask.validate::<proto::SimulateTransactionResponse>()
            .map_err(|path| Status::invalid_argument(format!("invalid read_mask path: {path}")))?;
        let tree = FieldMaskTree::from_field_mask(&mask);
        let tx = parse_transaction(req.transaction.as_ref())?;
        let executed = {
            let _exclusive = self.store.lock_execution();
            let outcome = self.executor.simulate(&self.store, &tx)?;
            self.store
                .transaction_record(&tx, Vec::new(), outcome, false)
        };
        let mut r = proto::SimulateTransactionResponse::default();
        if let Some(sub) = tree.subtree("transaction") {
            r.transaction = Some(proto::ExecutedTransaction::merge_from(&executed, &sub));
        }
        r.suggested_gas_price = Some(self.store.read().reference_gas_price);
        Ok(Response::new(r))
    }
}
