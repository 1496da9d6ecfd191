//! The HTTP API (axum). Bodies of writes are BCS bytes (`application/octet-stream`); status,
//! confirmations and errors are JSON. See `docs/node.md` for the OpenAPI description.

use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use http_body_util::BodyExt;
use serde::Deserialize;
use walrus_core::SliverPairIndex;

use crate::error::NodeError;
use crate::node::{StorageNode, parse_axis, parse_blob_id};

/// Builds the router.
pub fn router(node: StorageNode, max_body_bytes: u64) -> Router {
    let state = AppState {
        node,
        max_body_bytes,
    };
    Router::new()
        .route("/v1/health", get(health))
        .route("/metrics", get(metrics))
        .route(
            "/v1/blobs/{blob_id}/metadata",
            put(put_metadata).get(get_metadata),
        )
        .route("/v1/blobs/{blob_id}/status", get(status))
        .route("/v1/blobs/{blob_id}/confirmation", get(confirmation))
        .route(
            "/v1/blobs/{blob_id}/slivers/{pair}/{axis}",
            put(put_sliver).get(get_sliver),
        )
        .route(
            "/v1/blobs/{blob_id}/slivers/{pair}/{axis}/recovery/{target}",
            get(recovery),
        )
        .route("/v1/challenge", post(challenge))
        .layer(middleware::from_fn_with_state(state.clone(), track))
        .layer(axum::extract::DefaultBodyLimit::disable())
        .with_state(state)
}

#[derive(Clone)]
struct AppState {
    node: StorageNode,
    max_body_bytes: u64,
}

async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| format!("{} {}", req.method(), p.as_str()))
        .unwrap_or_else(|| "unmatched".into());
    let start = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16();
    state
        .node
        .metrics()
        .request(&route, status, start.elapsed().as_secs_f64());
    tracing::debug!(
        route,
        status,
        elapsed_ms = start.elapsed().as_millis() as u64,
        "request"
    );
    response
}

/// Reads a body of at most `limit` bytes. A declared `Content-Length` above the limit is refused
/// before anything is read; the declared length is otherwise not trusted (the body is read with
/// a hard cap, and a body that ends early is an error).
async fn read_body(
    body: Body,
    headers: &axum::http::HeaderMap,
    limit: u64,
) -> Result<Bytes, NodeError> {
    if let Some(len) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        && len > limit
    {
        return Err(NodeError::PayloadTooLarge { limit });
    }
    let limited = http_body_util::Limited::new(body, usize::try_from(limit).unwrap_or(usize::MAX));
    match limited.collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            Err(NodeError::PayloadTooLarge { limit })
        }
        Err(e) => Err(NodeError::MalformedBody(format!(
            "body could not be read completely: {e}"
        ))),
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, NodeError> + Send + 'static,
) -> Result<T, NodeError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| NodeError::Internal(e.to_string()))?
}

fn octets(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response()
}

async fn health(State(s): State<AppState>) -> Json<serde_json::Value> {
    let view = s.node.view();
    Json(serde_json::json!({
        "epoch": view.epoch,
        "shards": view.shards,
        "node_id": view.node_id.map(hex::encode),
        "public_key": s.node.key().public().to_string(),
    }))
}

async fn metrics(State(s): State<AppState>) -> Result<Response, NodeError> {
    let node = s.node.clone();
    let stored = blocking(move || Ok(node.storage().sliver_stats()?)).await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        s.node.metrics().render(stored),
    )
        .into_response())
}

async fn put_metadata(
    State(s): State<AppState>,
    Path(blob_id): Path<String>,
    req: Request,
) -> Result<Response, NodeError> {
    let blob = parse_blob_id(&blob_id)?;
    let (parts, body) = req.into_parts();
    let limit = s.node.metadata_limit().min(s.max_body_bytes);
    let bytes = read_body(body, &parts.headers, limit).await?;
    let node = s.node.clone();
    blocking(move || node.store_metadata(&blob, &bytes)).await?;
    Ok(StatusCode::CREATED.into_response())
}

async fn get_metadata(
    State(s): State<AppState>,
    Path(blob_id): Path<String>,
) -> Result<Response, NodeError> {
    let blob = parse_blob_id(&blob_id)?;
    let node = s.node.clone();
    Ok(octets(blocking(move || node.metadata_bytes(&blob)).await?))
}

async fn status(
    State(s): State<AppState>,
    Path(blob_id): Path<String>,
) -> Result<Json<serde_json::Value>, NodeError> {
    let blob = parse_blob_id(&blob_id)?;
    let node = s.node.clone();
    Ok(Json(blocking(move || node.status(&blob)).await?))
}

async fn confirmation(
    State(s): State<AppState>,
    Path(blob_id): Path<String>,
) -> Result<Json<serde_json::Value>, NodeError> {
    let blob = parse_blob_id(&blob_id)?;
    let node = s.node.clone();
    let (epoch, signature) = blocking(move || node.confirmation(&blob)).await?;
    Ok(Json(serde_json::json!({
        "epoch": epoch,
        "blob_id": blob.to_string(),
        "public_key": s.node.key().public().to_string(),
        "signature": hex::encode(signature),
    })))
}

fn parse_pair(s: &str) -> Result<SliverPairIndex, NodeError> {
    s.parse::<u16>()
        .map(SliverPairIndex)
        .map_err(|_| NodeError::BadRequest(format!("invalid sliver pair index {s:?}")))
}

async fn put_sliver(
    State(s): State<AppState>,
    Path((blob_id, pair, axis)): Path<(String, String, String)>,
    req: Request,
) -> Result<Response, NodeError> {
    let blob = parse_blob_id(&blob_id)?;
    let pair = parse_pair(&pair)?;
    let axis = parse_axis(&axis)?;
    let node = s.node.clone();
    // Registration, metadata and the size bound are checked before the body is read.
    let limit = blocking(move || node.sliver_limit(&blob))
        .await?
        .min(s.max_body_bytes);
    let (parts, body) = req.into_parts();
    let bytes = read_body(body, &parts.headers, limit).await?;
    let node = s.node.clone();
    blocking(move || node.store_sliver(&blob, pair, axis, &bytes)).await?;
    Ok(StatusCode::CREATED.into_response())
}

async fn get_sliver(
    State(s): State<AppState>,
    Path((blob_id, pair, axis)): Path<(String, String, String)>,
) -> Result<Response, NodeError> {
    let blob = parse_blob_id(&blob_id)?;
    let pair = parse_pair(&pair)?;
    let axis = parse_axis(&axis)?;
    let node = s.node.clone();
    Ok(octets(
        blocking(move || node.sliver_bytes(&blob, pair, axis)).await?,
    ))
}

async fn recovery(
    State(s): State<AppState>,
    Path((blob_id, pair, axis, target)): Path<(String, String, String, String)>,
) -> Result<Response, NodeError> {
    let blob = parse_blob_id(&blob_id)?;
    let pair = parse_pair(&pair)?;
    let axis = parse_axis(&axis)?;
    let target = parse_pair(&target)?;
    let node = s.node.clone();
    Ok(octets(
        blocking(move || node.recovery_symbol(&blob, pair, axis, target)).await?,
    ))
}

/// Body of `POST /v1/challenge`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeRequest {
    /// The round's epoch.
    pub epoch: u32,
    /// The round seed, 64 hex digits.
    pub seed: String,
    /// The blob ID.
    pub blob_id: String,
    /// The sliver pair index.
    pub pair: u16,
    /// `primary` or `secondary`.
    pub axis: String,
    /// Symbol indices.
    pub symbols: Vec<u16>,
}

#[derive(Debug, Deserialize)]
struct NoQuery {}

async fn challenge(
    State(s): State<AppState>,
    Query(_): Query<NoQuery>,
    req: Request,
) -> Result<Response, NodeError> {
    let (parts, body) = req.into_parts();
    let bytes = read_body(body, &parts.headers, 64 * 1024).await?;
    let request: ChallengeRequest =
        serde_json::from_slice(&bytes).map_err(|e| NodeError::MalformedBody(e.to_string()))?;
    let mut seed = [0u8; 32];
    hex::decode_to_slice(request.seed.trim_start_matches("0x"), &mut seed)
        .map_err(|e| NodeError::BadRequest(format!("seed: {e}")))?;
    let blob = parse_blob_id(&request.blob_id)?;
    let axis = parse_axis(&request.axis)?;
    let node = s.node.clone();
    Ok(octets(
        blocking(move || {
            node.challenge(
                request.epoch,
                seed,
                &blob,
                SliverPairIndex(request.pair),
                axis,
                &request.symbols,
            )
        })
        .await?,
    ))
}
