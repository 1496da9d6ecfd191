//! The errors of chain access.

use std::fmt;

use sui_sdk_types::{Address, Digest};

use crate::abort::{AbortCatalog, CleverAbortCode, ErrorConstant, error_code_of};

/// Everything that can go wrong talking to the chain.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// No endpoint gave a usable answer: every attempt failed with a transient error (transport
    /// failure, timeout, overload, garbage). The call was retried with backoff on each endpoint
    /// before failing over to the next.
    #[error(
        "{op}: no endpoint answered after {attempts} attempt(s): {}",
        .errors.iter().map(|(e, m)| format!("{e}: {m}")).collect::<Vec<_>>().join("; ")
    )]
    Unavailable {
        /// The operation (`get_object`, `execute_transaction`, ...).
        op: &'static str,
        /// Total attempts over all endpoints.
        attempts: u32,
        /// The last error of each endpoint tried, in the order tried: `(endpoint, error)`, the
        /// error being a gRPC status, "timed out after ...", or a malformed response.
        errors: Vec<(String, String)>,
        /// Whether the very last attempt timed out.
        timed_out: bool,
    },
    /// The object, transaction or checkpoint does not exist (or is pruned on this node).
    #[error("{op}: not found: {what}")]
    NotFound {
        /// The operation.
        op: &'static str,
        /// What was asked for.
        what: String,
    },
    /// The node answered with something this crate cannot use: a missing field, a value that
    /// does not parse, an out-of-order checkpoint. Retried like a transport error when it comes
    /// from a call; returned as is from decoding.
    #[error("{op}: bad response from {endpoint}: {what}")]
    BadResponse {
        /// The operation.
        op: &'static str,
        /// The endpoint that answered.
        endpoint: String,
        /// What was malformed.
        what: String,
    },
    /// The node refused the request (invalid argument, failed precondition, permission denied,
    /// unimplemented, ...). Not retried.
    #[error("{op}: {endpoint} rejected the request ({code:?}): {message}")]
    Rejected {
        /// The operation.
        op: &'static str,
        /// The endpoint that answered.
        endpoint: String,
        /// The gRPC status code.
        code: tonic::Code,
        /// The status message.
        message: String,
    },
    /// The transaction executed and aborted in Move.
    #[error("{0}")]
    MoveAbort(Box<MoveAbort>),
    /// The transaction executed and failed for a reason other than a Move abort (out of gas,
    /// bad argument, ...).
    #[error("transaction {} failed: {kind}{}{}", .digest.map_or_else(|| "(simulated)".to_string(), |d| d.to_string()), .command.map(|c| format!(" in command {c}")).unwrap_or_default(), .description.as_ref().map(|d| format!(": {d}")).unwrap_or_default())]
    ExecutionFailed {
        /// The transaction digest (`None` for a simulation).
        digest: Option<Digest>,
        /// The error kind, as named by the RPC (`INSUFFICIENT_GAS`, ...).
        kind: String,
        /// The node's description.
        description: Option<String>,
        /// The failing command of the programmable transaction.
        command: Option<u64>,
    },
    /// The transaction executed but did not appear in a checkpoint in time.
    #[error("transaction {digest} executed but was not in a checkpoint after {waited_ms} ms")]
    CheckpointTimeout {
        /// The transaction digest.
        digest: Digest,
        /// How long we waited.
        waited_ms: u64,
    },
    /// An event's contents could not be decoded.
    #[error(transparent)]
    Event(#[from] crate::events::EventDecodeError),
    /// The checkpoint stream saw checkpoints out of order and could not repair it.
    #[error("checkpoint stream: {0}")]
    Stream(String),
    /// A transaction could not be built, signed or prepared.
    #[error("transaction: {0}")]
    Transaction(String),
    /// The owner's coins of a type do not add up to what a transaction needs.
    #[error(
        "{owner} has {available} of {coin_type} in {coins} coin(s); the transaction needs {needed}"
    )]
    InsufficientBalance {
        /// The owner of the coins.
        owner: Address,
        /// The coin type.
        coin_type: String,
        /// What the transaction needs.
        needed: u64,
        /// The sum of the coins offered.
        available: u64,
        /// How many coins were offered.
        coins: usize,
    },
    /// An object is not of the type (or kind) the caller expected.
    #[error("object {object} is {found}, expected {expected}")]
    UnexpectedObject {
        /// The object.
        object: Address,
        /// What it is (its type, or its ownership).
        found: String,
        /// What was expected.
        expected: String,
    },
    /// A key or keystore problem.
    #[error(transparent)]
    Keystore(#[from] crate::keystore::KeystoreError),
    /// A configuration problem.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The client cannot be set up here (e.g. outside a Tokio runtime).
    #[error("cannot set up the Sui client: {0}")]
    Setup(String),
}

impl ChainError {
    /// The decoded Move abort, if this is one.
    pub fn as_move_abort(&self) -> Option<&MoveAbort> {
        match self {
            ChainError::MoveAbort(a) => Some(a),
            _ => None,
        }
    }

    /// Whether the error came from transient unavailability (worth trying again later).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, ChainError::Unavailable { .. })
    }

    /// Whether this is a not-found answer.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ChainError::NotFound { .. })
    }
}

/// A Move abort, decoded as far as the RPC answer and the [`AbortCatalog`] allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveAbort {
    /// The transaction digest (`None` for a simulation).
    pub digest: Option<Digest>,
    /// The package of the aborting module (the package version that ran, not necessarily the
    /// original ID).
    pub package: Option<Address>,
    /// The aborting module.
    pub module: Option<String>,
    /// The aborting function, when the node names it.
    pub function: Option<String>,
    /// The failing command of the programmable transaction.
    pub command: Option<u64>,
    /// The raw `u64` abort code.
    pub abort_code: u64,
    /// The error code: the clever error code of a tagged abort code, else the abort code.
    pub error_code: u64,
    /// The source line, for a clever abort code.
    pub line: Option<u64>,
    /// The error constant's name (`EZeroBurn`), from the catalog or the node's clever error.
    pub constant: Option<String>,
    /// The error constant's message, from the catalog or the node's rendered clever error.
    pub message: Option<String>,
    /// The catalog entry, when the module and code are known to this crate.
    pub catalog_entry: Option<ErrorConstant>,
}

impl MoveAbort {
    /// Decodes the abort details of a failed execution with the catalog.
    pub fn from_proto(
        digest: Option<Digest>,
        command: Option<u64>,
        abort: &sui_rpc::proto::sui::rpc::v2::MoveAbort,
        catalog: &AbortCatalog,
    ) -> Self {
        let abort_code = abort.abort_code.unwrap_or_default();
        let location = abort.location.as_ref();
        let package = location
            .and_then(|l| l.package.as_deref())
            .and_then(|p| p.parse::<Address>().ok());
        let module = location.and_then(|l| l.module.clone());
        let function = location.and_then(|l| l.function_name.clone());
        let clever = abort.clever_error.as_ref();
        let decoded = CleverAbortCode::decode(abort_code);
        let error_code = clever
            .and_then(|c| c.error_code)
            .unwrap_or_else(|| error_code_of(abort_code));
        let line = clever
            .and_then(|c| c.line_number)
            .or(decoded.map(|d| u64::from(d.line_number)));
        let catalog_entry = module
            .as_deref()
            .and_then(|m| catalog.lookup(m, error_code))
            .cloned();
        let constant = catalog_entry
            .as_ref()
            .map(|e| e.constant.clone())
            .or_else(|| clever.and_then(|c| c.constant_name.clone()));
        let message = catalog_entry
            .as_ref()
            .map(|e| e.message.clone())
            .or_else(|| {
                use sui_rpc::proto::sui::rpc::v2::clever_error::Value;
                match clever.and_then(|c| c.value.as_ref()) {
                    Some(Value::Rendered(s)) => Some(s.clone()),
                    Some(Value::Raw(b)) => Some(String::from_utf8_lossy(b).into_owned()),
                    _ => None,
                }
            });
        MoveAbort {
            digest,
            package,
            module,
            function,
            command,
            abort_code,
            error_code,
            line,
            constant,
            message,
            catalog_entry,
        }
    }
}

impl fmt::Display for MoveAbort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.digest {
            Some(d) => write!(f, "transaction {d} aborted")?,
            None => write!(f, "simulated transaction aborted")?,
        }
        write!(f, " in ")?;
        if let Some(p) = &self.package {
            write!(f, "{p}::")?;
        }
        write!(
            f,
            "{}",
            self.module.as_deref().unwrap_or("<unknown module>")
        )?;
        if let Some(func) = &self.function {
            write!(f, "::{func}")?;
        }
        if let Some(c) = self.command {
            write!(f, " (command {c})")?;
        }
        write!(f, ": ")?;
        match &self.constant {
            Some(name) => write!(f, "{name} (error code {})", self.error_code)?,
            None => write!(f, "abort code {}", self.abort_code)?,
        }
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        if let Some(l) = self.line {
            write!(f, " [line {l}]")?;
        }
        Ok(())
    }
}
