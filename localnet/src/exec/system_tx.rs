//! Transactions the chain itself runs (genesis, faucet): a Move-call-shaped transaction record
//! whose effects come from running Rust contract code directly, recorded in the ledger like any
//! other transaction so that its events reach checkpoints (and the indexer).

use sui_sdk_types::{
    Address, Argument, Command, GasPayment, Identifier, Input, MoveCall, ProgrammableTransaction,
    Transaction, TransactionExpiration, TransactionKind,
};
use walrus_chain::server::{LedgerStore, Outcome};
use walrus_chain::types::GasSummary;

use super::world::World;
use super::{Cx, Fail, apply_transfers, stored_changes};
use crate::ids::Packages;

/// The record of a system transaction: a single Move call `package::module::function` with a
/// pure input carrying `label` (so that every system transaction has its own digest).
pub fn record(
    sender: Address,
    package: Address,
    module: &str,
    function: &str,
    label: &[u8],
) -> Transaction {
    let call = MoveCall {
        package,
        module: Identifier::new(module).expect("valid module"),
        function: Identifier::new(function).expect("valid function"),
        type_arguments: vec![],
        arguments: vec![Argument::Input(0)],
    };
    Transaction {
        kind: TransactionKind::ProgrammableTransaction(ProgrammableTransaction {
            inputs: vec![Input::Pure(
                bcs::to_bytes(&label.to_vec()).expect("serializes"),
            )],
            commands: vec![Command::MoveCall(call)],
        }),
        sender,
        gas_payment: GasPayment {
            objects: vec![],
            owner: sender,
            price: 1_000,
            budget: 0,
        },
        expiration: TransactionExpiration::None,
    }
}

/// Runs `body` as a system transaction and commits its effects (objects and events) to the
/// ledger as a pending transaction. Returns what `body` returned. A failure commits nothing.
#[allow(clippy::too_many_arguments)]
pub fn run<T>(
    store: &LedgerStore,
    packages: Packages,
    sender: Address,
    call: (Address, &str),
    function: &str,
    label: &[u8],
    now_ms: u64,
    random_seed: [u8; 32],
    body: impl FnOnce(&mut Cx) -> Result<T, Fail>,
) -> Result<T, Fail> {
    run_recorded(
        store,
        packages,
        sender,
        call,
        function,
        label,
        now_ms,
        random_seed,
        body,
    )
    .map(|(t, _)| t)
}

/// [`run`], also returning the events.
#[allow(clippy::too_many_arguments)]
pub fn run_recorded<T>(
    store: &LedgerStore,
    packages: Packages,
    sender: Address,
    (package, module): (Address, &str),
    function: &str,
    label: &[u8],
    now_ms: u64,
    random_seed: [u8; 32],
    body: impl FnOnce(&mut Cx) -> Result<T, Fail>,
) -> Result<(T, Vec<walrus_chain::server::EventRecord>), Fail> {
    let tx = record(sender, package, module, function, label);
    let mut world = World::new(store);
    let mut cx = Cx::new(
        &mut world,
        packages,
        sender,
        tx.digest(),
        now_ms,
        random_seed,
    );
    cx.call = (package, module.to_string());
    let out = body(&mut cx)?;
    let events = std::mem::take(&mut cx.events);
    let transfers = std::mem::take(&mut cx.transfers);
    drop(cx);
    let lamport = world.max_version() + 1;
    apply_transfers(&mut world, transfers, lamport);
    let (writes, deletes) = stored_changes(&world.changes(), lamport);
    let outcome = Outcome {
        error: None,
        events: events.clone(),
        writes,
        deletes,
        always_writes: vec![],
        gas: GasSummary::default(),
    };
    store.commit_transaction(&tx, vec![], outcome);
    Ok((out, events))
}
