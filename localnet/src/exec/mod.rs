//! Transaction execution: checks a signed programmable transaction's inputs and gas, runs its
//! commands with the re-implemented contracts, and turns the result into effects (object
//! writes and deletions with Sui-style versions, events, gas), or into a failure with the
//! Move abort or execution error, gas charged either way.

pub mod cx;
pub mod interp;
pub mod system_tx;
pub mod world;

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;
use std::sync::Arc;

use sui_rpc::proto::sui::rpc::v2 as proto;
use sui_rpc::proto::sui::rpc::v2::execution_error::ExecutionErrorKind as K;
use sui_sdk_types::{Address, Input, StructTag, Transaction, TransactionKind, TypeTag};
use walrus_chain::server::{Executor, LedgerStore, Outcome, StoredObject};
use walrus_chain::types::{GasSummary, ObjectData, Owner};

pub use cx::{Cx, Fail, Recipient, Transfer, add, cast, mul, sub};
use interp::{Access, CoinValue, Interp, MoveCalls, Slot, Value, owner_of};
use world::{Change, Obj, World};

use crate::clock::ChainClock;
use crate::contracts::dispatch::Dispatch;
use crate::ids::{self, Packages};

/// Gas prices of the local chain (fixed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GasSchedule {
    /// The reference gas price (MIST per computation unit).
    pub reference_gas_price: u64,
    /// Computation units every transaction pays.
    pub base_units: u64,
    /// Computation units per command.
    pub units_per_command: u64,
    /// MIST per byte of objects written.
    pub storage_per_byte: u64,
}

impl Default for GasSchedule {
    fn default() -> Self {
        Self {
            reference_gas_price: 1_000,
            base_units: 1_000,
            units_per_command: 1_000,
            storage_per_byte: 760,
        }
    }
}

/// The executor of the local chain.
#[derive(Debug, Clone)]
pub struct LocalExecutor {
    /// Package IDs.
    pub packages: Packages,
    /// The chain's clock.
    pub clock: Arc<ChainClock>,
    /// Seed of the on-chain randomness.
    pub random_seed: [u8; 32],
    /// Gas prices.
    pub gas: GasSchedule,
}

fn reject(msg: impl Into<String>) -> tonic::Status {
    tonic::Status::invalid_argument(msg.into())
}

/// What running a transaction's commands produced, before it becomes an [`Outcome`].
struct Run {
    result: Result<(), (Option<u64>, Fail)>,
    events: Vec<walrus_chain::server::EventRecord>,
    changes: Vec<Change>,
    lamport: u64,
    commands: u64,
}

/// A loaded input object.
struct LoadedInput {
    id: Address,
    access: Access,
    owner: Owner,
}

/// The clock object's contents.
#[derive(serde::Serialize, serde::Deserialize)]
struct ClockObject {
    id: Address,
    timestamp_ms: u64,
}

/// Writes the `Clock` object with `now_ms` if it shows another time (a system write, as Sui's
/// consensus commit prologue does).
pub fn tick_clock(store: &LedgerStore, now_ms: u64) {
    let current = store
        .object(&ids::CLOCK_ID)
        .and_then(|o| bcs::from_bytes::<ClockObject>(&o.contents).ok());
    if current.as_ref().is_some_and(|c| c.timestamp_ms == now_ms) {
        return;
    }
    let version = store.object(&ids::CLOCK_ID).map(|o| o.version).unwrap_or(1);
    store.put_object(StoredObject {
        id: ids::CLOCK_ID,
        version: Some(version + 1),
        owner: Owner::Shared {
            initial_shared_version: 1,
        },
        type_: ids::clock_type().to_string(),
        contents: bcs::to_bytes(&ClockObject {
            id: ids::CLOCK_ID,
            timestamp_ms: now_ms,
        })
        .expect("serializes"),
    });
}

/// Writes the `Random` object (genesis).
pub fn create_random_object(store: &LedgerStore) {
    #[derive(serde::Serialize)]
    struct Versioned {
        id: Address,
        version: u64,
    }
    #[derive(serde::Serialize)]
    struct Random {
        id: Address,
        inner: Versioned,
    }
    store.put_object(StoredObject {
        id: ids::RANDOM_ID,
        version: Some(1),
        owner: Owner::Shared {
            initial_shared_version: 1,
        },
        type_: ids::random_type().to_string(),
        contents: bcs::to_bytes(&Random {
            id: ids::RANDOM_ID,
            inner: Versioned {
                id: ids::derived_address(b"walrus-localnet/random/inner"),
                version: 1,
            },
        })
        .expect("serializes"),
    });
}

/// Turns world changes and transfers into ledger writes at `lamport`.
pub fn stored_changes(changes: &[Change], lamport: u64) -> (Vec<StoredObject>, Vec<Address>) {
    let mut writes = Vec::new();
    let mut deletes = Vec::new();
    for c in changes {
        match c {
            Change::Write(id, o) => writes.push(StoredObject {
                id: *id,
                version: Some(lamport),
                owner: o.owner,
                type_: o.type_.to_string(),
                contents: o.contents.clone(),
            }),
            Change::Delete(id) => deletes.push(*id),
        }
    }
    (writes, deletes)
}

/// Applies transfers to a world: the objects are written with their new owners.
pub fn apply_transfers(world: &mut World, transfers: Vec<Transfer>, lamport: u64) {
    for t in transfers {
        let owner = match (t.to, world.original(&t.id)) {
            // Re-sharing keeps the original shared version.
            (Recipient::Shared, Some(o)) if matches!(o.owner, Owner::Shared { .. }) => o.owner,
            (to, _) => owner_of(to, lamport),
        };
        world.put(
            t.id,
            Obj {
                owner,
                type_: t.type_,
                contents: t.contents,
            },
        );
    }
}

impl LocalExecutor {
    fn packages(&self) -> Packages {
        self.packages
    }

    /// Checks gas and inputs, runs the commands and builds the outcome. `tick`: write the
    /// clock object first (execution), or not (simulation).
    fn run(
        &self,
        store: &LedgerStore,
        tx: &Transaction,
        tick: bool,
    ) -> Result<Outcome, tonic::Status> {
        let TransactionKind::ProgrammableTransaction(ptb) = &tx.kind else {
            return Err(reject(
                "walrus-localnet executes programmable transactions only (system transactions \
                 are the chain's own)",
            ));
        };
        for c in &ptb.commands {
            if matches!(
                c,
                sui_sdk_types::Command::Publish(_) | sui_sdk_types::Command::Upgrade(_)
            ) {
                return Err(reject(format!(
                    "walrus-localnet does not publish or upgrade packages: the wal package is at {} \
                     and the walrus package at {} from genesis",
                    self.packages.wal, self.packages.walrus
                )));
            }
        }
        let now = self.clock.now();
        if tick {
            tick_clock(store, now);
        }

        // === Gas ===
        let gas = &tx.gas_payment;
        if gas.owner != tx.sender {
            return Err(reject(
                "sponsored transactions are not supported: the gas owner must be the sender",
            ));
        }
        if gas.price < self.gas.reference_gas_price {
            return Err(reject(format!(
                "gas price {} is below the reference gas price {}",
                gas.price, self.gas.reference_gas_price
            )));
        }
        if gas.objects.is_empty() {
            return Err(reject("the transaction has no gas coin"));
        }
        let mut gas_coins: Vec<(ObjectData, u64)> = Vec::new();
        let mut seen = BTreeSet::new();
        for r in &gas.objects {
            let o = check_owned_ref(store, r, &tx.sender, "gas coin")?;
            if !seen.insert(o.id) {
                return Err(reject(format!("gas coin {} is listed twice", o.id)));
            }
            let tag = StructTag::from_str(&o.type_).ok();
            if tag != Some(ids::coin_of(ids::sui())) {
                return Err(reject(format!("gas object {} is not a SUI coin", o.id)));
            }
            let balance = o.coin_balance().unwrap_or_default();
            gas_coins.push((o, balance));
        }
        let total: u64 = gas_coins
            .iter()
            .try_fold(0u64, |acc, (_, b)| acc.checked_add(*b))
            .ok_or_else(|| reject("gas coins overflow"))?;
        let min_budget = gas.price.saturating_mul(self.gas.base_units);
        if gas.budget < min_budget {
            return Err(reject(format!(
                "gas budget {} is below the minimum {min_budget}",
                gas.budget
            )));
        }
        if gas.budget > total {
            return Err(reject(format!(
                "gas budget {} exceeds the gas coins' balance {total}",
                gas.budget
            )));
        }

        // === Inputs ===
        let mut inputs = Vec::new();
        let mut loaded: Vec<Option<LoadedInput>> = Vec::new();
        for (i, input) in ptb.inputs.iter().enumerate() {
            match input {
                Input::Pure(b) => {
                    inputs.push((Slot::Pure(b.clone()), Access::Value));
                    loaded.push(None);
                }
                Input::ImmutableOrOwned(r) => {
                    let o = store.object(r.object_id()).ok_or_else(|| {
                        reject(format!(
                            "input {i}: object {} does not exist",
                            r.object_id()
                        ))
                    })?;
                    let access = match o.owner {
                        Owner::Immutable => Access::Immutable,
                        _ => {
                            check_owned_ref(store, r, &tx.sender, &format!("input {i}"))?;
                            Access::Owned
                        }
                    };
                    if o.version != r.version() || o.digest != *r.digest() {
                        return Err(reject(format!(
                            "input {i}: object {} is at version {} (digest {}), the transaction \
                             names version {}",
                            o.id,
                            o.version,
                            o.digest,
                            r.version()
                        )));
                    }
                    if seen.contains(&o.id) {
                        return Err(reject(format!("object {} is used twice", o.id)));
                    }
                    seen.insert(o.id);
                    inputs.push((Slot::Val(object_value(&o)?), access));
                    loaded.push(Some(LoadedInput {
                        id: o.id,
                        access,
                        owner: o.owner,
                    }));
                }
                Input::Shared(s) => {
                    let id = s.object_id();
                    let o = store.object(&id).ok_or_else(|| {
                        reject(format!("input {i}: shared object {id} does not exist"))
                    })?;
                    let Owner::Shared {
                        initial_shared_version,
                    } = o.owner
                    else {
                        return Err(reject(format!(
                            "input {i}: object {id} is not shared (pass it as an owned object)"
                        )));
                    };
                    if initial_shared_version != s.version() {
                        return Err(reject(format!(
                            "input {i}: shared object {id} was shared at version \
                             {initial_shared_version}, the transaction names {}",
                            s.version()
                        )));
                    }
                    if seen.contains(&id) {
                        return Err(reject(format!("object {id} is used twice")));
                    }
                    seen.insert(id);
                    let mutable = matches!(s.mutability(), sui_sdk_types::Mutability::Mutable);
                    let access = if mutable {
                        Access::SharedMut
                    } else {
                        Access::SharedImm
                    };
                    inputs.push((Slot::Val(object_value(&o)?), access));
                    loaded.push(Some(LoadedInput {
                        id,
                        access,
                        owner: o.owner,
                    }));
                }
                _ => {
                    return Err(reject(format!(
                        "input {i}: this kind of input (receiving objects, address balances) is \
                         not supported by walrus-localnet"
                    )));
                }
            }
        }

        // === Run ===
        let digest = tx.digest();
        let gas_id = gas_coins[0].0.id;
        let gas_value = CoinValue {
            id: gas_id,
            value: total - gas.budget,
        };
        let run = self.run_commands(
            store,
            tx,
            &ptb.commands,
            inputs,
            &loaded,
            &gas_coins,
            gas_value,
            now,
            digest,
        );

        // === Gas charge ===
        let computation = gas
            .price
            .saturating_mul(self.gas.base_units + self.gas.units_per_command * run.commands);
        let written: u64 = run
            .changes
            .iter()
            .map(|c| match c {
                Change::Write(_, o) => o.contents.len() as u64 + 100,
                Change::Delete(_) => 0,
            })
            .sum();
        let storage = written.saturating_mul(self.gas.storage_per_byte);
        let mut result = run.result;
        let mut summary = GasSummary {
            computation_cost: computation,
            storage_cost: storage,
            storage_rebate: 0,
            non_refundable_storage_fee: 0,
        };
        if result.is_ok() && computation.saturating_add(storage) > gas.budget {
            result = Err((
                None,
                Fail::exec(
                    K::InsufficientGas,
                    format!(
                        "the transaction costs {} MIST, more than its budget {}",
                        computation.saturating_add(storage),
                        gas.budget
                    ),
                ),
            ));
        }
        match result {
            Ok(()) => {
                let charge = computation + storage;
                let (mut writes, deletes) = stored_changes(&run.changes, run.lamport);
                // The gas coin: its final value is in the writes (or it was transferred).
                let refund = gas.budget - charge;
                for w in &mut writes {
                    if w.id == gas_id {
                        let mut c: CoinValue = bcs::from_bytes(&w.contents)
                            .map_err(|e| tonic::Status::internal(format!("gas coin: {e}")))?;
                        c.value = c.value.saturating_add(refund);
                        w.contents = bcs::to_bytes(&c).expect("serializes");
                    }
                }
                Ok(Outcome {
                    error: None,
                    events: run.events,
                    writes,
                    deletes,
                    always_writes: vec![],
                    gas: summary,
                })
            }
            Err((command, fail)) => {
                let charge = if matches!(
                    &fail,
                    Fail::Exec {
                        kind: K::InsufficientGas,
                        ..
                    }
                ) {
                    gas.budget
                } else {
                    computation.min(gas.budget)
                };
                summary.storage_cost = 0;
                summary.computation_cost = charge;
                // Charge the gas coins in order; nothing else changes.
                let lamport = gas_coins.iter().map(|(o, _)| o.version).max().unwrap_or(0) + 1;
                let mut left = charge;
                let mut always = Vec::new();
                for (o, balance) in &gas_coins {
                    let take = left.min(*balance);
                    left -= take;
                    always.push(StoredObject {
                        id: o.id,
                        version: Some(lamport),
                        owner: o.owner,
                        type_: o.type_.clone(),
                        contents: bcs::to_bytes(&CoinValue {
                            id: o.id,
                            value: balance - take,
                        })
                        .expect("serializes"),
                    });
                }
                let mut outcome = fail_outcome(&self.packages, command, &fail);
                outcome.always_writes = always;
                outcome.gas = summary;
                Ok(outcome)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn run_commands(
        &self,
        store: &LedgerStore,
        tx: &Transaction,
        commands: &[sui_sdk_types::Command],
        inputs: Vec<(Slot, Access)>,
        loaded: &[Option<LoadedInput>],
        gas_coins: &[(ObjectData, u64)],
        gas_value: CoinValue,
        now: u64,
        digest: sui_sdk_types::Digest,
    ) -> Run {
        let mut world = World::new(store);
        // Touch every input and gas object so that the lamport version covers them.
        for l in loaded.iter().flatten() {
            world.original(&l.id);
        }
        for (o, _) in gas_coins {
            world.original(&o.id);
        }
        let sui = ids::tag(ids::sui());
        let gas_slot = Slot::Val(interp::coin_value(&sui, &gas_value));
        let mut it = Interp::new(inputs, Some(gas_slot));
        let dispatch = Dispatch {
            packages: self.packages(),
        };
        let mut cx = Cx::new(
            &mut world,
            self.packages,
            tx.sender,
            digest,
            now,
            self.random_seed,
        );
        let mut result = Ok(());
        for (i, c) in commands.iter().enumerate() {
            if let Err(f) = it.command(&mut cx, i, c, &dispatch as &dyn MoveCalls) {
                result = Err((Some(i as u64), f));
                break;
            }
        }
        if result.is_ok()
            && let Some((i, j, ty)) = it.unused_result()
        {
            result = Err((
                None,
                Fail::exec(
                    K::UnusedValueWithoutDrop,
                    format!(
                        "result {j} of command {i} (a {ty}) was not used: objects must be \
                         transferred, shared or consumed"
                    ),
                ),
            ));
        }
        let events = std::mem::take(&mut cx.events);
        drop(cx);
        if let Err(e) = result {
            return Run {
                result: Err(e),
                events: vec![],
                changes: vec![],
                lamport: 0,
                commands: commands.len() as u64,
            };
        }
        let lamport = world.max_version() + 1;
        // Top-level objects at the end: inputs still held, and transferred/shared objects.
        let mut live: BTreeMap<Address, ()> = BTreeMap::new();
        for (k, l) in loaded.iter().enumerate() {
            let Some(l) = l else { continue };
            if let Slot::Val(v) = &it.inputs[k].0 {
                live.insert(l.id, ());
                if matches!(l.access, Access::Owned | Access::SharedMut)
                    && let TypeTag::Struct(tag) = &v.ty
                {
                    world.put(
                        l.id,
                        Obj {
                            owner: l.owner,
                            type_: (**tag).clone(),
                            contents: v.bytes.clone(),
                        },
                    );
                }
            }
        }
        // The gas coin stays with the sender unless it was transferred.
        if let Some(Slot::Val(v)) = &it.gas {
            live.insert(gas_value.id, ());
            world.put(
                gas_value.id,
                Obj {
                    owner: Owner::Address(tx.sender),
                    type_: ids::coin_of(ids::sui()),
                    contents: v.bytes.clone(),
                },
            );
        }
        for t in &it.transferred {
            live.insert(t.id, ());
        }
        let transferred = std::mem::take(&mut it.transferred);
        apply_transfers(&mut world, transferred, lamport);
        // Inputs (and merged gas coins) that are no longer top-level were consumed.
        for l in loaded.iter().flatten() {
            if !live.contains_key(&l.id) {
                world.delete(&l.id);
            }
        }
        for (o, _) in gas_coins.iter().skip(1) {
            if !live.contains_key(&o.id) {
                world.delete(&o.id);
            }
        }
        Run {
            result: Ok(()),
            events,
            changes: world.changes(),
            lamport,
            commands: commands.len() as u64,
        }
    }
}

/// The failed outcome of a command.
pub fn fail_outcome(packages: &Packages, command: Option<u64>, fail: &Fail) -> Outcome {
    match fail {
        Fail::Abort(a) => {
            let package = match a.package {
                "wal" => packages.wal,
                "walrus" => packages.walrus,
                _ => ids::FRAMEWORK,
            };
            let code = if a.package == "sui" {
                u64::from(a.code)
            } else {
                a.abort_code()
            };
            let mut o = Outcome::move_abort(package, a.module, a.name, code, command.unwrap_or(0));
            if let Some(e) = &mut o.error {
                e.command = command;
                if let Some(proto::execution_error::ErrorDetails::Abort(ab)) = &mut e.error_details
                {
                    // The location names the module; the function is not tracked.
                    if let Some(l) = &mut ab.location {
                        l.function_name = None;
                    }
                    let mut clever = proto::CleverError::default();
                    clever.error_code = Some(u64::from(a.code));
                    clever.constant_name = Some(a.name.to_string());
                    clever.line_number = Some(0);
                    ab.clever_error = Some(clever);
                }
                e.description = Some(format!(
                    "MoveAbort in {}::{}: {} (error code {}){}",
                    a.package,
                    a.module,
                    a.name,
                    a.code,
                    command
                        .map(|c| format!(" in command {c}"))
                        .unwrap_or_default()
                ));
            }
            o.writes.clear();
            o
        }
        Fail::Exec { kind, message } => {
            let mut o = Outcome::failure(*kind, message);
            if let Some(e) = &mut o.error {
                e.command = command;
            }
            o
        }
    }
}

fn check_owned_ref(
    store: &LedgerStore,
    r: &sui_sdk_types::ObjectReference,
    sender: &Address,
    what: &str,
) -> Result<ObjectData, tonic::Status> {
    let o = store
        .object(r.object_id())
        .ok_or_else(|| reject(format!("{what}: object {} does not exist", r.object_id())))?;
    match o.owner {
        Owner::Address(a) if a == *sender => {}
        Owner::Address(a) => {
            return Err(reject(format!(
                "{what}: object {} is owned by {a}, not by the sender {sender}",
                o.id
            )));
        }
        Owner::Shared { .. } => {
            return Err(reject(format!(
                "{what}: object {} is shared; pass it as a shared input",
                o.id
            )));
        }
        _ => {
            return Err(reject(format!(
                "{what}: object {} is not owned by the sender",
                o.id
            )));
        }
    }
    if o.version != r.version() || o.digest != *r.digest() {
        return Err(reject(format!(
            "{what}: object {} is at version {}, the transaction names version {} (stale \
             reference: read the object again)",
            o.id,
            o.version,
            r.version()
        )));
    }
    Ok(o)
}

fn object_value(o: &ObjectData) -> Result<Value, tonic::Status> {
    let tag = StructTag::from_str(&o.type_)
        .map_err(|e| tonic::Status::internal(format!("object {} has a bad type: {e}", o.id)))?;
    Ok(Value {
        ty: ids::tag(tag),
        bytes: o.contents.clone(),
        object: true,
    })
}

impl Executor for LocalExecutor {
    fn execute(&self, store: &LedgerStore, tx: &Transaction) -> Result<Outcome, tonic::Status> {
        self.run(store, tx, true)
    }

    fn simulate(&self, store: &LedgerStore, tx: &Transaction) -> Result<Outcome, tonic::Status> {
        self.run(store, tx, false)
    }
}
