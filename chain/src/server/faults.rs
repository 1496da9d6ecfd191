//! Fault injection for the test server: hanging, unavailable and garbage-answering endpoints,
//! and subscriptions that drop.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tokio::sync::watch;
use tonic::body::Body;
use tonic::codegen::http;
use tonic::codegen::{Bytes, Service};

/// A fault the server can inject into a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Never answer (until the server shuts down).
    Hang,
    /// Answer `UNAVAILABLE`.
    Unavailable,
    /// Answer a gRPC frame of bytes that are not a protobuf message.
    Garbage,
}

#[derive(Debug, Clone)]
struct Rule {
    method: Option<String>,
    fault: Fault,
    remaining: Option<u32>,
}

/// What subscriptions do when dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropMode {
    /// End with an `UNAVAILABLE` status.
    Error,
    /// End the stream cleanly (as a proxy closing it would).
    End,
}

#[derive(Debug, Default)]
struct State {
    rules: Vec<Rule>,
    calls: HashMap<String, u64>,
    subscription_drop: Option<(u64, DropMode)>,
    omitted_from_lists: Option<u64>,
}

/// The fault switchboard of one server. Shared by the server's fault layer and services.
///
/// Methods are matched by a substring of the gRPC path
/// (`/sui.rpc.v2.LedgerService/GetObject`), e.g. `"GetObject"` or `"LedgerService"`.
#[derive(Debug, Default)]
pub struct Faults {
    state: Mutex<State>,
}

impl Faults {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Injects `fault` into the next `times` calls (every call for `None`) whose path contains
    /// `method` (any call for `None`). Rules are checked in the order they were added.
    pub fn inject(&self, method: Option<&str>, fault: Fault, times: Option<u32>) {
        self.lock().rules.push(Rule {
            method: method.map(str::to_string),
            fault,
            remaining: times,
        });
    }

    /// Injects `fault` into the next `n` calls of any method.
    pub fn fail_next(&self, n: u32, fault: Fault) {
        self.inject(None, fault, Some(n));
    }

    /// Injects `fault` into every call from now on (a dead, hanging or garbage node).
    pub fn fail_always(&self, fault: Fault) {
        self.inject(None, fault, None);
    }

    /// Cuts every new checkpoint subscription after it delivered `after` checkpoints (`None`
    /// to stop doing so).
    pub fn drop_subscriptions_after(&self, after: Option<u64>, mode: DropMode) {
        self.lock().subscription_drop = after.map(|a| (a, mode));
    }

    pub(crate) fn subscription_drop(&self) -> Option<(u64, DropMode)> {
        self.lock().subscription_drop
    }

    /// Makes `ListCheckpoints` silently leave out checkpoint `sequence` (a buggy node that
    /// answers with a gap); `None` to stop.
    pub fn omit_from_lists(&self, sequence: Option<u64>) {
        self.lock().omitted_from_lists = sequence;
    }

    pub(crate) fn omitted_from_lists(&self) -> Option<u64> {
        self.lock().omitted_from_lists
    }

    /// Removes every rule, the subscription drop and the list omission.
    pub fn clear(&self) {
        let mut s = self.lock();
        s.rules.clear();
        s.subscription_drop = None;
        s.omitted_from_lists = None;
    }

    /// Calls received whose path contains `method` (all calls for `""`), faulted or not.
    pub fn calls(&self, method: &str) -> u64 {
        self.lock()
            .calls
            .iter()
            .filter(|(path, _)| path.contains(method))
            .map(|(_, n)| n)
            .sum()
    }

    fn on_call(&self, path: &str) -> Option<Fault> {
        let mut s = self.lock();
        *s.calls.entry(path.to_string()).or_default() += 1;
        let index = s.rules.iter().position(|r| {
            r.remaining != Some(0) && r.method.as_deref().is_none_or(|m| path.contains(m))
        })?;
        let rule = &mut s.rules[index];
        let fault = rule.fault;
        if let Some(n) = &mut rule.remaining {
            *n -= 1;
        }
        Some(fault)
    }
}

/// The tower layer that applies [`Faults`] in front of every service.
#[derive(Clone)]
pub(crate) struct FaultLayer {
    pub(crate) faults: Arc<Faults>,
    pub(crate) shutdown: watch::Receiver<bool>,
}

impl<S> tower::Layer<S> for FaultLayer {
    type Service = FaultService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        FaultService {
            inner,
            faults: self.faults.clone(),
            shutdown: self.shutdown.clone(),
        }
    }
}

#[derive(Clone)]
pub(crate) struct FaultService<S> {
    inner: S,
    faults: Arc<Faults>,
    shutdown: watch::Receiver<bool>,
}

type BoxFuture<T, E> = Pin<Box<dyn std::future::Future<Output = Result<T, E>> + Send>>;

impl<S, B> Service<http::Request<B>> for FaultService<S>
where
    S: Service<http::Request<B>, Response = http::Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let fault = self.faults.on_call(request.uri().path());
        match fault {
            None => {
                let clone = self.inner.clone();
                let mut inner = std::mem::replace(&mut self.inner, clone);
                Box::pin(inner.call(request))
            }
            Some(Fault::Unavailable) => {
                let status = tonic::Status::unavailable("injected fault: unavailable");
                Box::pin(std::future::ready(Ok(status.into_http::<Body>())))
            }
            Some(Fault::Garbage) => Box::pin(std::future::ready(Ok(garbage_response()))),
            Some(Fault::Hang) => {
                let mut shutdown = self.shutdown.clone();
                Box::pin(async move {
                    let _ = shutdown.wait_for(|down| *down).await;
                    Ok(tonic::Status::unavailable("server shut down").into_http::<Body>())
                })
            }
        }
    }
}

/// A gRPC response whose single message is not protobuf (wire type 7 is invalid), followed by
/// an OK status, so that the client fails decoding the message itself.
fn garbage_response() -> http::Response<Body> {
    let payload = [0xFFu8; 16];
    let mut frame = Vec::with_capacity(5 + payload.len());
    frame.push(0); // not compressed
    frame.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    frame.extend_from_slice(&payload);
    let mut response = http::Response::new(Body::new(OneFrame {
        data: Some(Bytes::from(frame)),
        trailers_sent: false,
    }));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/grpc"),
    );
    response
}

struct OneFrame {
    data: Option<Bytes>,
    trailers_sent: bool,
}

impl http_body::Body for OneFrame {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        if let Some(data) = self.data.take() {
            return Poll::Ready(Some(Ok(http_body::Frame::data(data))));
        }
        if !self.trailers_sent {
            self.trailers_sent = true;
            let mut trailers = http::HeaderMap::new();
            trailers.insert("grpc-status", http::HeaderValue::from_static("0"));
            return Poll::Ready(Some(Ok(http_body::Frame::trailers(trailers))));
        }
        Poll::Ready(None)
    }
}
