//! Pluggable transaction execution for the server.

use std::collections::VecDeque;
use std::sync::Mutex;

use sui_rpc::proto::sui::rpc::v2 as proto;
use sui_sdk_types::{Address, Transaction};

use super::store::{EventRecord, LedgerStore, StoredObject};
use crate::types::GasSummary;

/// What executing a transaction did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// `None` for success, else the execution error (e.g. [`Outcome::move_abort`]).
    pub error: Option<proto::ExecutionError>,
    /// Events emitted (dropped for a failed transaction).
    pub events: Vec<EventRecord>,
    /// Objects written (applied to the ledger on success).
    pub writes: Vec<StoredObject>,
    /// Objects deleted (applied on success).
    pub deletes: Vec<Address>,
    /// Objects written whether or not the transaction succeeded, after `writes` (the gas
    /// coin: gas is charged even when execution fails).
    pub always_writes: Vec<StoredObject>,
    /// Gas charged.
    pub gas: GasSummary,
}

impl Outcome {
    /// Success without events or writes, charging a small fixed amount of gas.
    pub fn success() -> Self {
        Self {
            gas: GasSummary {
                computation_cost: 1_000_000,
                storage_cost: 2_000_000,
                storage_rebate: 500_000,
                non_refundable_storage_fee: 0,
            },
            ..Self::default()
        }
    }

    /// Adds an event.
    pub fn with_event(mut self, event: EventRecord) -> Self {
        self.events.push(event);
        self
    }

    /// Adds an object write.
    pub fn with_write(mut self, object: StoredObject) -> Self {
        self.writes.push(object);
        self
    }

    /// A Move abort in `package::module::function` with `abort_code`, in command `command`,
    /// reported the way a full node reports it (location, abort code; no clever-error
    /// rendering, which clients must decode themselves).
    pub fn move_abort(
        package: Address,
        module: &str,
        function: &str,
        abort_code: u64,
        command: u64,
    ) -> Self {
        let mut location = proto::MoveLocation::default();
        location.package = Some(package.to_string());
        location.module = Some(module.to_string());
        location.function_name = Some(function.to_string());
        location.function = Some(0);
        location.instruction = Some(0);
        let mut abort = proto::MoveAbort::default();
        abort.abort_code = Some(abort_code);
        abort.location = Some(location);
        let mut error = proto::ExecutionError::default();
        error.set_kind(proto::execution_error::ExecutionErrorKind::MoveAbort);
        error.command = Some(command);
        error.description = Some(format!(
            "MoveAbort(MoveLocation {{ module: {package}::{module}, function_name: {function} }}, {abort_code}) in command {command}"
        ));
        error.error_details = Some(proto::execution_error::ErrorDetails::Abort(abort));
        Self {
            error: Some(error),
            ..Self::success()
        }
    }

    /// Another execution failure of `kind`.
    pub fn failure(kind: proto::execution_error::ExecutionErrorKind, description: &str) -> Self {
        let mut error = proto::ExecutionError::default();
        error.set_kind(kind);
        error.description = Some(description.to_string());
        Self {
            error: Some(error),
            ..Self::success()
        }
    }
}

/// Executes transactions for the server. The test double replays scripted outcomes; the
/// localnet plugs in an executor of the walrus contracts.
pub trait Executor: Send + Sync + 'static {
    /// Executes a transaction whose signatures were checked. Read the ledger through `store`;
    /// the server applies the outcome's writes on success. An `Err` is returned to the client
    /// as the RPC status (the transaction is then not executed at all).
    fn execute(&self, store: &LedgerStore, tx: &Transaction) -> Result<Outcome, tonic::Status>;

    /// Simulates a transaction: like `execute`, without any effect. The default runs
    /// [`Executor::execute`], which must then be side-effect free.
    fn simulate(&self, store: &LedgerStore, tx: &Transaction) -> Result<Outcome, tonic::Status> {
        self.execute(store, tx)
    }
}

/// The test double's executor: replays scripted outcomes in order; with none left, succeeds
/// without effects. Simulation predicts the next scripted outcome without consuming it.
#[derive(Debug, Default)]
pub struct ScriptedExecutor {
    script: Mutex<VecDeque<Result<Outcome, tonic::Status>>>,
    executed: Mutex<Vec<Transaction>>,
}

impl ScriptedExecutor {
    /// An executor with an empty script.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends an outcome for a future execution.
    pub fn push(&self, outcome: Outcome) {
        self.lock_script().push_back(Ok(outcome));
    }

    /// Appends an RPC-level rejection for a future execution.
    pub fn push_rejection(&self, status: tonic::Status) {
        self.lock_script().push_back(Err(status));
    }

    /// The transactions executed so far.
    pub fn executed(&self) -> Vec<Transaction> {
        self.executed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn lock_script(&self) -> std::sync::MutexGuard<'_, VecDeque<Result<Outcome, tonic::Status>>> {
        self.script.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Executor for ScriptedExecutor {
    fn execute(&self, _store: &LedgerStore, tx: &Transaction) -> Result<Outcome, tonic::Status> {
        let next = self.lock_script().pop_front();
        let outcome = next.unwrap_or_else(|| Ok(Outcome::success()))?;
        self.executed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx.clone());
        Ok(outcome)
    }

    fn simulate(&self, _store: &LedgerStore, _tx: &Transaction) -> Result<Outcome, tonic::Status> {
        match self.lock_script().front() {
            Some(next) => next.clone(),
            None => Ok(Outcome::success()),
        }
    }
}
