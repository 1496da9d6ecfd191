//! Errors of the indexer library.

use walrus_chain::events::EventDecodeError;

/// Everything that can stop the indexer.
#[derive(Debug, thiserror::Error)]
pub enum IndexerError {
    /// A database error that is not a lost connection.
    #[error("database: {0}")]
    Database(#[from] diesel::result::Error),
    /// Connecting to the database failed.
    #[error("database connection: {0}")]
    Connection(#[from] diesel::ConnectionError),
    /// Applying migrations failed.
    #[error("migrations: {0}")]
    Migration(String),
    /// The chain (RPC) failed.
    #[error("chain: {0}")]
    Chain(#[from] walrus_chain::ChainError),
    /// An event of the system's packages does not decode.
    #[error("undecodable event: {0}")]
    Decode(#[from] EventDecodeError),
    /// The source delivered a checkpoint out of order.
    #[error("checkpoint source {kind}: expected checkpoint {expected}, got {got}")]
    OutOfOrder {
        /// `gap` or `repeat`.
        kind: &'static str,
        /// The next checkpoint the pipeline expects.
        expected: u64,
        /// What the source delivered.
        got: u64,
    },
    /// The watermark in the database is not where this process left it (another indexer?).
    #[error("watermark of pipeline {pipeline} moved: expected {expected}, found another value")]
    WatermarkMoved {
        /// Pipeline name.
        pipeline: String,
        /// What this process expected.
        expected: u64,
    },
    /// A checkpoint file is unreadable or malformed.
    #[error("checkpoint file {path}: {reason}")]
    CheckpointFile {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// Any other I/O error.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

impl IndexerError {
    /// Whether the error is a lost or refused database connection (retried with backoff).
    pub fn is_connection(&self) -> bool {
        use diesel::result::{DatabaseErrorKind as K, Error as E};
        match self {
            IndexerError::Connection(_) => true,
            IndexerError::Database(e) => match e {
                E::DatabaseError(K::ClosedConnection | K::UnableToSendCommand, _) => true,
                E::BrokenTransactionManager => true,
                E::DatabaseError(_, info) => {
                    let m = info.message();
                    m.contains("connection")
                        || m.contains("terminating")
                        || m.contains("shutting down")
                }
                _ => false,
            },
            _ => false,
        }
    }
}
