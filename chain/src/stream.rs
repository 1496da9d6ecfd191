//! A resumable checkpoint stream: backfill with `ListCheckpoints`, then follow with
//! `SubscribeCheckpoints`.
//!
//! # Semantics
//!
//! [`CheckpointStream::next`] yields checkpoints in sequence order, each exactly once: it never
//! skips one and never repeats one. Its [`cursor`](CheckpointStream::cursor) is the next
//! checkpoint it will deliver; persist it after processing a checkpoint and restart with
//! [`StreamStart::Checkpoint`] from it.
//!
//! * Backfill: `ListCheckpoints` from the cursor, page after page, until the server reports the
//!   ledger tip.
//! * Follow: `SubscribeCheckpoints`. A subscription starts at the server's latest checkpoint, so
//!   whatever lies between the cursor and the subscription's first checkpoint is read with a
//!   bounded `ListCheckpoints` first (the subscription waits meanwhile).
//! * A subscription that ends, errors or stays silent longer than the idle timeout is dropped
//!   and the stream resumes from its cursor (list, then subscribe again). Errors are retried
//!   with backoff and fail over to the next endpoint after the policy's attempts; silence is
//!   not an error (a quiet localnet), but repeated silence also moves to the next endpoint,
//!   if any (a node that stopped following the chain is silent too).
//! * Checkpoints below the cursor (repeats) are dropped; on an unfiltered stream a checkpoint
//!   above the cursor (a gap) is never delivered: the gap is filled from `ListCheckpoints`
//!   first, and a `ListCheckpoints` answer that itself skips or repeats is a bad response
//!   (retried elsewhere).
//! * With [`StreamOptions::server_filter`] the server only sends checkpoints with a transaction
//!   that emitted an event of the system's packages; the stream's cursor still advances over the
//!   others through the servers' watermarks and subscription cursors.
//!
//! When every endpoint failed `attempts_per_endpoint` times in a row without progress, `next`
//! returns [`ChainError::Unavailable`]; calling it again keeps trying from the cursor.
//!
//! This is built on the raw `list_checkpoints` / `subscribe_checkpoints` calls rather than
//! sui-rpc's `stream_checkpoints` facade: the facade talks to a single endpoint and hides its
//! retries, while this stream must fail over between endpoints, bound every wait with the
//! configured timeouts, and report gaps and malformed checkpoints as typed errors.

use std::collections::VecDeque;

use sui_rpc::field::{FieldMask, FieldMaskUtil};
use sui_rpc::proto::sui::rpc::v2 as proto;
use tonic::Streaming;
use tracing::{debug, warn};

use crate::client::{SuiChain, is_transient};
use crate::error::ChainError;
use crate::events::PackageIds;
use crate::types::CheckpointData;

/// Where a stream starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamStart {
    /// At this checkpoint (inclusive): a persisted cursor, or 0 for everything the node has.
    Checkpoint(u64),
    /// At the first checkpoint of a live subscription (no backfill).
    Tip,
}

/// Options of a checkpoint stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamOptions {
    /// Where to start.
    pub start: StreamStart,
    /// Ask the server for only the checkpoints that touch the system's packages (an event type
    /// defined at the `wal` or `walrus` original ID). Needs a node with transaction indexes.
    pub server_filter: bool,
    /// Page size asked of `ListCheckpoints` (the server may use less).
    pub page_size: Option<u32>,
}

impl StreamOptions {
    /// Every checkpoint from `start`.
    pub fn from_checkpoint(start: u64) -> Self {
        Self {
            start: StreamStart::Checkpoint(start),
            server_filter: false,
            page_size: None,
        }
    }

    /// Every checkpoint from the live tip.
    pub fn from_tip() -> Self {
        Self {
            start: StreamStart::Tip,
            server_filter: false,
            page_size: None,
        }
    }
}

/// Counters of a stream.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamStats {
    /// Checkpoints delivered.
    pub delivered: u64,
    /// Checkpoints received twice and dropped.
    pub duplicates_dropped: u64,
    /// Gaps filled from `ListCheckpoints`.
    pub gaps_repaired: u64,
    /// Reconnections after an error, an end of stream or an idle timeout.
    pub reconnects: u64,
    /// Failovers to another endpoint.
    pub failovers: u64,
}

enum State {
    /// Nothing open: (re)connect.
    Idle,
    /// Reading `ListCheckpoints` from `covered`.
    Backfill(Streaming<proto::ListCheckpointsResponse>),
    /// Following a subscription; `first` until its first frame arrived.
    Follow {
        stream: Streaming<proto::SubscribeCheckpointsResponse>,
        first: bool,
    },
}

/// A transient failure of one step: reconnect from the cursor.
struct Retry(String);

/// Reconnect without counting a failure: a quiet subscription is not a broken one.
const IDLE: &str = "subscription idle";

/// A resumable, gap-free checkpoint stream. See the [module documentation](self).
pub struct CheckpointStream {
    chain: SuiChain,
    options: StreamOptions,
    filter: Option<proto::TransactionFilter>,
    read_mask: FieldMask,
    /// The next checkpoint the server has not yet covered for us.
    covered: Option<u64>,
    ready: VecDeque<CheckpointData>,
    state: State,
    endpoint: usize,
    /// Consecutive failures without progress.
    failures: u32,
    /// Consecutive idle reconnects without progress.
    idle_streak: u32,
    /// The last error of each endpoint since the last progress.
    errors: Vec<(String, String)>,
    stats: StreamStats,
}

impl std::fmt::Debug for CheckpointStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckpointStream")
            .field("cursor", &self.cursor())
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

/// The server-side filter matching transactions that emitted an event of the system's
/// packages.
pub fn system_event_filter(ids: &PackageIds) -> proto::TransactionFilter {
    let term = |address: &sui_sdk_types::Address| {
        let mut f = proto::EventTypeFilter::default();
        f.event_type = Some(address.to_string());
        let mut lit = proto::TransactionLiteral::default();
        lit.predicate = Some(proto::transaction_literal::Predicate::EventType(f));
        let mut t = proto::TransactionTerm::default();
        t.literals = vec![lit];
        t
    };
    let mut filter = proto::TransactionFilter::default();
    filter.terms = vec![term(&ids.wal), term(&ids.walrus)];
    filter
}

/// The checkpoint after `sequence`; a node claiming `u64::MAX` is sending garbage.
fn after(sequence: u64) -> Result<u64, Result<ChainError, Retry>> {
    sequence.checked_add(1).ok_or_else(|| {
        Err(Retry(format!(
            "bad response: checkpoint sequence number {sequence} cannot be followed"
        )))
    })
}

impl SuiChain {
    /// A checkpoint stream (see [`CheckpointStream`]).
    pub fn checkpoint_stream(&self, options: StreamOptions) -> CheckpointStream {
        CheckpointStream::new(self.clone(), options)
    }
}

impl CheckpointStream {
    /// A stream over `chain` with `options`. Nothing is requested until the first `next`.
    pub fn new(chain: SuiChain, options: StreamOptions) -> Self {
        let filter = options
            .server_filter
            .then(|| system_event_filter(&chain.package_ids()));
        let covered = match options.start {
            StreamStart::Checkpoint(c) => Some(c),
            StreamStart::Tip => None,
        };
        let endpoint = chain.preferred_index();
        Self {
            chain,
            options,
            filter,
            read_mask: FieldMask::from_paths(CheckpointData::READ_MASK),
            covered,
            ready: VecDeque::new(),
            state: State::Idle,
            endpoint,
            failures: 0,
            idle_streak: 0,
            errors: Vec::new(),
            stats: StreamStats::default(),
        }
    }

    /// The next checkpoint this stream will deliver (`None` before the first checkpoint of a
    /// stream started at the tip). Persist it to resume later.
    pub fn cursor(&self) -> Option<u64> {
        self.ready
            .front()
            .map(|c| c.sequence_number)
            .or(self.covered)
    }

    /// Counters.
    pub fn stats(&self) -> StreamStats {
        self.stats
    }

    /// The endpoint the stream currently reads from.
    pub fn endpoint(&self) -> &str {
        &self.chain.endpoints()[self.endpoint].url
    }

    /// The next checkpoint. Waits for new checkpoints at the tip; never ends.
    pub async fn next(&mut self) -> Result<CheckpointData, ChainError> {
        loop {
            if let Some(cp) = self.ready.pop_front() {
                self.stats.delivered += 1;
                return Ok(cp);
            }
            match self.step().await {
                Ok(progress) => {
                    if progress {
                        self.failures = 0;
                        self.idle_streak = 0;
                        self.errors.clear();
                    }
                }
                Err(Ok(fatal)) => {
                    self.state = State::Idle;
                    return Err(fatal);
                }
                Err(Err(Retry(reason))) => {
                    self.state = State::Idle;
                    self.stats.reconnects += 1;
                    let per_endpoint = self.chain.rpc().retry.attempts_per_endpoint.max(1);
                    if reason.starts_with(IDLE) {
                        // Silence is not a failure (a quiet localnet), but a node that stays
                        // silent while others may not is left for the next one after a while.
                        debug!(endpoint = %self.endpoint(), %reason, "reconnecting a quiet subscription");
                        self.idle_streak += 1;
                        if self.idle_streak.is_multiple_of(per_endpoint) {
                            self.rotate();
                        }
                        continue;
                    }
                    warn!(endpoint = %self.endpoint(), cursor = ?self.cursor(), %reason, "checkpoint stream interrupted");
                    self.failures += 1;
                    let endpoint = self.endpoint().to_string();
                    match self.errors.iter_mut().find(|(e, _)| *e == endpoint) {
                        Some((_, last)) => *last = reason,
                        None => self.errors.push((endpoint, reason)),
                    }
                    let endpoints = self.chain.endpoints().len() as u32;
                    if self.failures >= per_endpoint * endpoints {
                        self.failures = 0;
                        self.rotate();
                        return Err(ChainError::Unavailable {
                            op: "checkpoint_stream",
                            attempts: per_endpoint * endpoints,
                            errors: std::mem::take(&mut self.errors),
                            timed_out: false,
                        });
                    }
                    if self.failures.is_multiple_of(per_endpoint) {
                        self.rotate();
                    } else {
                        let policy = &self.chain.rpc().retry;
                        let pause = policy.backoff((self.failures % per_endpoint) - 1);
                        tokio::time::sleep(pause).await;
                    }
                }
            }
        }
    }

    /// The stream as a `futures::Stream` (it never ends; errors are items).
    pub fn into_stream(
        self,
    ) -> impl futures::Stream<Item = Result<CheckpointData, ChainError>> + Send {
        futures::stream::unfold(self, |mut s| async move {
            let item = s.next().await;
            Some((item, s))
        })
    }

    fn rotate(&mut self) {
        let n = self.chain.endpoints().len();
        if n > 1 {
            self.endpoint = (self.endpoint + 1) % n;
            self.stats.failovers += 1;
            debug!(endpoint = %self.endpoint(), "checkpoint stream fails over");
        }
    }

    fn client(&self) -> sui_rpc::Client {
        self.chain.endpoints()[self.endpoint].client.clone()
    }

    fn classify(&self, op: &str, status: tonic::Status) -> Result<ChainError, Retry> {
        if is_transient(status.code()) {
            Err(Retry(format!(
                "{op}: {:?}: {}",
                status.code(),
                status.message()
            )))
        } else if status.code() == tonic::Code::NotFound {
            Ok(ChainError::NotFound {
                op: "checkpoint_stream",
                what: format!(
                    "checkpoint {} ({})",
                    self.cursor().map_or("tip".into(), |c| c.to_string()),
                    status.message()
                ),
            })
        } else {
            Ok(ChainError::Rejected {
                op: "checkpoint_stream",
                endpoint: self.endpoint().to_string(),
                code: status.code(),
                message: status.message().to_string(),
            })
        }
    }

    fn list_request(&self, start: u64, end: Option<u64>) -> proto::ListCheckpointsRequest {
        let mut req = proto::ListCheckpointsRequest::default();
        req.read_mask = Some(self.read_mask.clone());
        req.start_checkpoint = Some(start);
        req.end_checkpoint = end;
        req.filter = self.filter.clone();
        if let Some(limit) = self.options.page_size {
            let mut o = proto::QueryOptions::default();
            o.limit = Some(limit);
            req.options = Some(o);
        }
        req
    }

    async fn open_list(
        &self,
        start: u64,
        end: Option<u64>,
    ) -> Result<Streaming<proto::ListCheckpointsResponse>, Result<ChainError, Retry>> {
        let mut c = self.client();
        let req = self.list_request(start, end);
        let timeout = self.chain.rpc().request_timeout();
        match tokio::time::timeout(timeout, c.ledger_client().list_checkpoints(req)).await {
            Err(_) => Err(Err(Retry(format!(
                "ListCheckpoints did not answer within {} ms",
                timeout.as_millis()
            )))),
            Ok(Err(s)) => Err(self.classify("ListCheckpoints", s)),
            Ok(Ok(r)) => Ok(r.into_inner()),
        }
    }

    async fn open_subscription(
        &self,
    ) -> Result<Streaming<proto::SubscribeCheckpointsResponse>, Result<ChainError, Retry>> {
        let mut c = self.client();
        let mut req = proto::SubscribeCheckpointsRequest::default();
        req.read_mask = Some(self.read_mask.clone());
        req.filter = self.filter.clone();
        let timeout = self.chain.rpc().request_timeout();
        match tokio::time::timeout(timeout, c.subscription_client().subscribe_checkpoints(req))
            .await
        {
            Err(_) => Err(Err(Retry(format!(
                "SubscribeCheckpoints did not answer within {} ms",
                timeout.as_millis()
            )))),
            Ok(Err(s)) => Err(self.classify("SubscribeCheckpoints", s)),
            Ok(Ok(r)) => Ok(r.into_inner()),
        }
    }

    /// Accepts a checkpoint from `ListCheckpoints` (strictly checked).
    fn accept_listed(&mut self, checkpoint: &proto::Checkpoint) -> Result<(), Retry> {
        let cp = CheckpointData::from_proto(checkpoint)
            .map_err(|m| Retry(format!("bad checkpoint from ListCheckpoints: {m}")))?;
        let expected = self.covered.unwrap_or(cp.sequence_number);
        let ok = if self.filter.is_some() {
            cp.sequence_number >= expected
        } else {
            cp.sequence_number == expected
        };
        if !ok {
            return Err(Retry(format!(
                "ListCheckpoints sent checkpoint {} where {} was expected ({})",
                cp.sequence_number,
                expected,
                if cp.sequence_number < expected {
                    "a repeat"
                } else {
                    "a gap"
                }
            )));
        }
        let next = cp.sequence_number.checked_add(1).ok_or_else(|| {
            Retry(format!(
                "bad response: checkpoint sequence number {} cannot be followed",
                cp.sequence_number
            ))
        })?;
        self.covered = Some(next);
        self.ready.push_back(cp);
        Ok(())
    }

    /// Applies a `ListCheckpoints` watermark: on a filtered stream it advances the cursor over
    /// checkpoints without matches; on an unfiltered one it may not run ahead of the items.
    fn accept_watermark(&mut self, watermark: Option<&proto::Watermark>) -> Result<(), Retry> {
        let Some(covered_through) = watermark.and_then(|w| w.checkpoint) else {
            return Ok(());
        };
        let next = covered_through.saturating_add(1);
        match self.covered {
            Some(c) if next > c => {
                if self.filter.is_some() {
                    self.covered = Some(next);
                } else {
                    return Err(Retry(format!(
                        "ListCheckpoints claims coverage through checkpoint {covered_through} but \
                         delivered only up to {}",
                        c.saturating_sub(1)
                    )));
                }
            }
            None => self.covered = Some(next),
            _ => {}
        }
        Ok(())
    }

    /// Reads `[start, end)` completely from `ListCheckpoints` into the ready queue.
    async fn fill_gap(&mut self, start: u64, end: u64) -> Result<(), Result<ChainError, Retry>> {
        let mut from = start;
        while from < end {
            let mut stream = self.open_list(from, Some(end)).await?;
            loop {
                let frame = self.read_frame(&mut stream, "ListCheckpoints").await?;
                let Some(frame) = frame else {
                    return Err(Err(Retry("ListCheckpoints ended without QueryEnd".into())));
                };
                if let Some(cp) = &frame.checkpoint {
                    self.accept_listed(cp).map_err(Err)?;
                }
                self.accept_watermark(frame.watermark.as_ref())
                    .map_err(Err)?;
                if frame.end.is_some() {
                    break;
                }
            }
            let now = self.covered.unwrap_or(end);
            if now <= from {
                return Err(Err(Retry(format!(
                    "ListCheckpoints made no progress over [{from}, {end})"
                ))));
            }
            from = now;
        }
        self.stats.gaps_repaired += 1;
        Ok(())
    }

    async fn read_frame<T>(
        &self,
        stream: &mut Streaming<T>,
        op: &str,
    ) -> Result<Option<T>, Result<ChainError, Retry>> {
        let timeout = self.chain.rpc().request_timeout();
        match tokio::time::timeout(timeout, stream.message()).await {
            Err(_) => Err(Err(Retry(format!(
                "{op}: no frame within {} ms",
                timeout.as_millis()
            )))),
            Ok(Err(s)) => Err(self.classify(op, s)),
            Ok(Ok(m)) => Ok(m),
        }
    }

    /// One step; `Ok(true)` when it made progress.
    async fn step(&mut self) -> Result<bool, Result<ChainError, Retry>> {
        match std::mem::replace(&mut self.state, State::Idle) {
            State::Idle => {
                match self.covered {
                    Some(start) => {
                        let stream = self.open_list(start, None).await?;
                        self.state = State::Backfill(stream);
                    }
                    None => {
                        let stream = self.open_subscription().await?;
                        self.state = State::Follow {
                            stream,
                            first: true,
                        };
                    }
                }
                Ok(false)
            }
            State::Backfill(mut stream) => {
                let frame = self.read_frame(&mut stream, "ListCheckpoints").await?;
                let Some(frame) = frame else {
                    return Err(Err(Retry("ListCheckpoints ended without QueryEnd".into())));
                };
                let mut progress = false;
                if let Some(cp) = &frame.checkpoint {
                    self.accept_listed(cp).map_err(Err)?;
                    progress = true;
                }
                self.accept_watermark(frame.watermark.as_ref())
                    .map_err(Err)?;
                match frame.end.as_ref().map(|e| e.reason()) {
                    None => self.state = State::Backfill(stream),
                    Some(
                        proto::QueryEndReason::LedgerTip | proto::QueryEndReason::CheckpointBound,
                    ) => {
                        let stream = self.open_subscription().await?;
                        self.state = State::Follow {
                            stream,
                            first: true,
                        };
                    }
                    // Item limit, scan limit, cursor bound: the next page.
                    Some(_) => self.state = State::Idle,
                }
                Ok(progress)
            }
            State::Follow { mut stream, first } => {
                let idle = self.chain.rpc().stream_idle_timeout();
                let frame = match tokio::time::timeout(idle, stream.message()).await {
                    Err(_) => {
                        return Err(Err(Retry(format!("{IDLE} for {} ms", idle.as_millis()))));
                    }
                    Ok(Err(s)) => return Err(self.classify("SubscribeCheckpoints", s)),
                    Ok(Ok(None)) => return Err(Err(Retry("subscription ended".into()))),
                    Ok(Ok(Some(frame))) => frame,
                };
                let progress = self.accept_live(frame, first).await?;
                self.state = State::Follow {
                    stream,
                    first: false,
                };
                Ok(progress)
            }
        }
    }

    /// Accepts one subscription frame, filling a gap before it first.
    async fn accept_live(
        &mut self,
        frame: proto::SubscribeCheckpointsResponse,
        first: bool,
    ) -> Result<bool, Result<ChainError, Retry>> {
        let Some(cursor) = frame.cursor else {
            return Err(Err(Retry("subscription frame without cursor".into())));
        };
        let after_cursor = after(cursor)?;
        let filtered = self.filter.is_some();
        let Some(checkpoint) = &frame.checkpoint else {
            if !filtered {
                return Err(Err(Retry(format!(
                    "unfiltered subscription frame at cursor {cursor} without a checkpoint"
                ))));
            }
            // Progress only: everything through `cursor` is covered.
            if let Some(c) = self.covered
                && first
                && cursor >= c
            {
                self.fill_gap(c, after_cursor).await?;
            }
            let next = after_cursor;
            if self.covered.is_none_or(|c| next > c) {
                self.covered = Some(next);
            }
            return Ok(true);
        };
        let cp = CheckpointData::from_proto(checkpoint).map_err(|m| {
            Err(Retry(format!(
                "bad checkpoint from SubscribeCheckpoints: {m}"
            )))
        })?;
        let seq = cp.sequence_number;
        if seq != cursor {
            return Err(Err(Retry(format!(
                "subscription frame with cursor {cursor} carries checkpoint {seq}"
            ))));
        }
        match self.covered {
            None => {}
            Some(c) if seq < c => {
                self.stats.duplicates_dropped += 1;
                debug!(checkpoint = seq, cursor = c, "dropping repeated checkpoint");
                return Ok(false);
            }
            Some(c) if seq > c && (first || !filtered) => {
                debug!(
                    from = c,
                    to = seq,
                    "filling gap before subscription checkpoint"
                );
                self.fill_gap(c, seq).await?;
            }
            Some(_) => {}
        }
        // After a gap fill the list may have run up to (never past) `seq`.
        if let Some(c) = self.covered
            && seq < c
        {
            self.stats.duplicates_dropped += 1;
            return Ok(true);
        }
        if let Some(c) = self.covered
            && !filtered
            && seq != c
        {
            return Err(Err(Retry(format!(
                "checkpoint {seq} arrived where {c} was expected"
            ))));
        }
        self.covered = Some(after_cursor);
        self.ready.push_back(cp);
        Ok(true)
    }
}
