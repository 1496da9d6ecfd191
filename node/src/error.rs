//! Errors of the node's API, each with a stable machine-readable code and an HTTP status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::storage::StorageError;

/// An error answered by the API as `{"code": "...", "message": "..."}`.
///
/// The `code` strings are stable (clients match on them); the messages are for humans.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// A path parameter or query that does not parse.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The blob is not registered on chain, or is deleted or expired.
    #[error("blob {0} is not registered, or is deleted or expired")]
    BlobNotRegistered(String),
    /// Metadata that does not hash to the blob ID (or is inconsistent with the registration).
    #[error("metadata does not match the blob ID: {0}")]
    MetadataMismatch(String),
    /// A sliver arrived before the blob's metadata.
    #[error("metadata of blob {0} is not stored yet; upload it first")]
    MetadataNotStored(String),
    /// A sliver of a shard the node does not hold in the current epoch.
    #[error(
        "this node does not hold shard {shard} (sliver pair {pair}) of blob {blob} in epoch {epoch}"
    )]
    WrongShard {
        /// The blob.
        blob: String,
        /// The pair index.
        pair: u16,
        /// The shard it maps to.
        shard: u16,
        /// The current epoch.
        epoch: u32,
    },
    /// A sliver whose root differs from the one in the metadata.
    #[error("sliver does not match its root in the metadata: {0}")]
    SliverRootMismatch(String),
    /// A body that does not decode (including a truncated one).
    #[error("malformed body: {0}")]
    MalformedBody(String),
    /// A body larger than the route allows (refused before reading it).
    #[error("body too large: at most {limit} bytes accepted here")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The requested object is not stored here.
    #[error("not found: {0}")]
    NotFound(String),
    /// The node does not hold every sliver needed for a confirmation yet.
    #[error("not all slivers of blob {0} for this node's shards are stored yet")]
    SliversMissing(String),
    /// The node is not (yet) able to serve: not in the committee, chain state not loaded.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// A storage failure.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Any other internal failure.
    #[error("internal error: {0}")]
    Internal(String),
}

impl NodeError {
    /// The stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "BAD_REQUEST",
            Self::BlobNotRegistered(_) => "BLOB_NOT_REGISTERED",
            Self::MetadataMismatch(_) => "METADATA_MISMATCH",
            Self::MetadataNotStored(_) => "METADATA_NOT_STORED",
            Self::WrongShard { .. } => "SHARD_NOT_HELD",
            Self::SliverRootMismatch(_) => "SLIVER_ROOT_MISMATCH",
            Self::MalformedBody(_) => "MALFORMED_BODY",
            Self::PayloadTooLarge { .. } => "PAYLOAD_TOO_LARGE",
            Self::NotFound(_) => "NOT_FOUND",
            Self::SliversMissing(_) => "SLIVERS_MISSING",
            Self::Unavailable(_) => "UNAVAILABLE",
            Self::Storage(_) | Self::Internal(_) => "INTERNAL",
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_)
            | Self::MetadataMismatch(_)
            | Self::SliverRootMismatch(_)
            | Self::MalformedBody(_) => StatusCode::BAD_REQUEST,
            Self::BlobNotRegistered(_)
            | Self::MetadataNotStored(_)
            | Self::WrongShard { .. }
            | Self::SliversMissing(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Storage(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for NodeError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "code": self.code(), "message": self.to_string() });
        (self.status(), axum::Json(body)).into_response()
    }
}
