//! Runs conformance vectors against the localnet: every call is a real programmable
//! transaction (inputs, shared objects, results transferred to the sender, gas) executed by
//! [`LocalExecutor`], in-process or over gRPC through `walrus-chain`'s `SuiChain`.
//!
//! For each call the runner also renders the Move expressions of its arguments, which
//! [`super::movegen`] uses to write the same call into the Move test.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;

use serde_json::Value as J;
use sui_sdk_types::{
    Address, Argument, Command, GasPayment, Identifier, Input, MoveCall, ObjectReference,
    ProgrammableTransaction, SharedInput, StructTag, Transaction, TransactionExpiration,
    TransactionKind, TransferObjects,
};
use walrus_chain::bindings::{
    AuditRound, Blob, Coin, GovernedParameter, Proposal, StakedWal, Storage, System, Treasury, Wal,
};
use walrus_chain::events::MoveStruct;
use walrus_chain::server::{Executor, LedgerStore, StoredObject};
use walrus_chain::types::{ChangeKind, ObjectChange, Owner};
use walrus_chain::{SuiChain, SystemEvent};

use super::{
    Action, Arg, Event, FunctionSpec, Genesis, Obj, Param, Ret, Step, Suite, actor, actor_key,
    blob_root, explicit_params, function, parse_probe, protocol_key,
};
use crate::clock::ChainClock;
use crate::contracts::{algo, system};
use crate::exec::world::World;
use crate::exec::{Cx, GasSchedule, LocalExecutor, Recipient, system_tx};
use crate::ids::{self, Packages};

/// How the runner executes transactions.
pub enum Backend {
    /// The executor, called directly.
    InProcess,
    /// A `SuiChain` client of a server over this ledger (transactions signed by the actors).
    Grpc(SuiChain),
}

/// What the runner saw for one step, for the Move generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Not a call.
    Other,
    /// A call with its Move argument expressions (without `s.ctx()`).
    Call {
        /// The argument expressions.
        args: Vec<String>,
    },
}

/// The outcome of one transaction.
struct Executed {
    failure: Option<Failure>,
    events: Vec<(String, Vec<u8>)>,
    changes: Vec<ObjectChange>,
}

/// Why a transaction failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A Move abort: `module::EConstant`.
    Abort(String),
    /// Anything else.
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Abort(a) => write!(f, "abort {a}"),
            Failure::Other(o) => write!(f, "failure: {o}"),
        }
    }
}

/// Runs one case of a suite.
pub struct Runner {
    /// The ledger.
    pub store: LedgerStore,
    /// The clock (manual, from 0 as in Move tests).
    pub clock: Arc<ChainClock>,
    /// The executor.
    pub executor: Arc<LocalExecutor>,
    packages: Packages,
    backend: Backend,
    blobs: BTreeMap<String, u64>,
    /// Object names -> IDs.
    names: BTreeMap<String, Address>,
    /// IDs -> first name.
    ids: BTreeMap<Address, String>,
    /// Actors seen -> addresses.
    actors: BTreeMap<Address, String>,
    gas: BTreeMap<Address, Address>,
    system: Address,
    treasury: Address,
}

fn fail(msg: impl Into<String>) -> String {
    msg.into()
}

impl Runner {
    /// A ledger with the clock and random objects and the WAL treasury, at time 0.
    pub fn new(backend: Backend, blobs: BTreeMap<String, u64>) -> Self {
        let store = LedgerStore::new_at("walrus-conformance", 0);
        let clock = Arc::new(ChainClock::manual(0));
        let packages = Packages::default();
        let executor = Arc::new(LocalExecutor {
            packages,
            clock: clock.clone(),
            random_seed: [7; 32],
            gas: GasSchedule::default(),
        });
        crate::exec::tick_clock(&store, 0);
        crate::exec::create_random_object(&store);
        let treasury = system_tx::run(
            &store,
            packages,
            Address::ZERO,
            (packages.wal, "wal"),
            "init",
            b"conformance treasury",
            0,
            [0; 32],
            |cx| {
                let id = cx.fresh_id();
                let t = Treasury {
                    id: walrus_chain::bindings::Uid(id),
                    supply: walrus_chain::bindings::Supply::new(crate::genesis::WAL_SUPPLY),
                    burned: 0,
                };
                cx.transfer(id, &t, Recipient::Shared);
                Ok(id)
            },
        )
        .expect("the treasury is created");
        let mut r = Self {
            store,
            clock,
            executor,
            packages,
            backend,
            blobs,
            names: BTreeMap::new(),
            ids: BTreeMap::new(),
            actors: BTreeMap::new(),
            gas: BTreeMap::new(),
            system: Address::ZERO,
            treasury,
        };
        r.bind("treasury", treasury);
        r
    }

    /// Switches how transactions are executed (e.g. to gRPC once a server runs over
    /// [`Runner::store`]).
    pub fn set_backend(&mut self, backend: Backend) {
        self.backend = backend;
    }

    /// The package IDs.
    pub fn packages(&self) -> Packages {
        self.packages
    }

    fn bind(&mut self, name: &str, id: Address) {
        self.names.insert(name.to_string(), id);
        self.ids.entry(id).or_insert_with(|| name.to_string());
    }

    fn actor(&mut self, name: &str) -> Address {
        let a = actor(name);
        self.actors.entry(a).or_insert_with(|| name.to_string());
        a
    }

    fn id_of(&self, name: &str) -> Result<Address, String> {
        self.names
            .get(name)
            .copied()
            .ok_or_else(|| fail(format!("unknown object name {name:?}")))
    }

    /// `create_system` with the suite's genesis; its events (symbolic), or the abort.
    pub fn genesis(&mut self, g: &Genesis) -> Result<Vec<Event>, Failure> {
        let admin = self.actor("admin");
        let auditors: Vec<Address> = g.auditors.iter().map(|a| self.actor(a)).collect();
        let packages = self.packages;
        let result = system_tx::run_recorded(
            &self.store,
            packages,
            admin,
            (packages.walrus, "system"),
            "create_system",
            b"conformance genesis",
            0,
            [0; 32],
            |cx| {
                let s = system::create_system(
                    cx,
                    g.n_shards,
                    g.epoch_duration_ms,
                    g.max_epochs_ahead,
                    g.max_committee_size,
                    g.min_committee_stake,
                    g.initial_capacity,
                    g.storage_price,
                    g.write_price,
                    &auditors,
                )?;
                let id = s.id.0;
                cx.transfer(id, &s, Recipient::Shared);
                Ok(id)
            },
        );
        let (id, records) = match result {
            Ok(r) => r,
            Err(crate::exec::Fail::Abort(a)) => return Err(Failure::Abort(a.qualified())),
            Err(other) => return Err(Failure::Other(other.to_string())),
        };
        self.system = id;
        self.bind("system", id);
        let events: Vec<(String, Vec<u8>)> = records
            .into_iter()
            .map(|e| (e.event_type, e.contents))
            .collect();
        // Bind the initial auditors' caps.
        let sys: System = self.load(&id);
        for (name, entry) in g.auditors.iter().zip(&sys.auditors.entries) {
            self.bind(&format!("{name}_cap"), entry.cap_id.0);
        }
        self.symbolic_events(&events).map_err(Failure::Other)
    }

    fn load<T: MoveStruct>(&self, id: &Address) -> T {
        let o = self
            .store
            .object(id)
            .unwrap_or_else(|| panic!("object {id} exists"));
        T::from_bcs(&o.contents).unwrap_or_else(|e| panic!("object {id} decodes: {e}"))
    }

    fn gas_coin(&mut self, owner: Address) -> ObjectReference {
        let id = *self.gas.entry(owner).or_insert_with(|| {
            let id =
                ids::derived_address(&[b"conformance gas ".as_slice(), owner.as_bytes()].concat());
            self.store.put_object(StoredObject {
                id,
                version: Some(1),
                owner: Owner::Address(owner),
                type_: ids::coin_of(ids::sui()).to_string(),
                contents: bcs::to_bytes(&crate::exec::interp::CoinValue {
                    id,
                    value: 1_000_000_000_000_000,
                })
                .expect("serializes"),
            });
            id
        });
        let o = self.store.object(&id).expect("gas coin exists");
        ObjectReference::new(id, o.version, o.digest)
    }

    /// Runs one step; returns what the Move generator needs and records (or checks) the
    /// step's expectations. `record`: overwrite the recorded events and values.
    pub fn step(&mut self, step: &mut Step, record: bool) -> Result<Resolved, String> {
        match step {
            Step::Mint { to, amount, name } => {
                let owner = self.actor(to);
                let id = ids::derived_address(
                    &[
                        b"conformance mint ".as_slice(),
                        name.as_bytes(),
                        &self.store.latest_checkpoint().to_le_bytes(),
                        &(self.names.len() as u64).to_le_bytes(),
                    ]
                    .concat(),
                );
                let coin: Coin<Wal> = crate::contracts::framework::new_coin(id, *amount);
                self.store.put_object(StoredObject {
                    id,
                    version: Some(1),
                    owner: Owner::Address(owner),
                    type_: self.packages.wal_coin_object().to_string(),
                    contents: bcs::to_bytes(&coin).expect("serializes"),
                });
                self.bind(name, id);
                Ok(Resolved::Other)
            }
            Step::Clock { ms } => {
                self.clock.advance(*ms);
                Ok(Resolved::Other)
            }
            Step::Check { probes, values } => {
                let mut got = BTreeMap::new();
                for p in probes.iter() {
                    got.insert(p.clone(), self.probe(p)?);
                }
                if record {
                    *values = got;
                } else if *values != got {
                    return Err(format!(
                        "check differs:\n  recorded {values:?}\n  localnet {got:?}"
                    ));
                }
                Ok(Resolved::Other)
            }
            Step::Call {
                call,
                sender,
                args,
                name,
                receives,
                abort,
                events,
            } => {
                let spec =
                    function(call).ok_or_else(|| fail(format!("unknown function {call}")))?;
                let sender_addr = self.actor(sender);
                let (tx, move_args) = self.build(spec, sender_addr, args)?;
                let executed = self.execute(sender, tx)?;
                match (&executed.failure, abort.as_deref()) {
                    (None, None) => {}
                    (Some(Failure::Abort(got)), Some(want)) if got == want => {
                        return Ok(Resolved::Call { args: move_args });
                    }
                    (failure, want) => {
                        return Err(format!(
                            "{call}: expected {}, got {}",
                            want.map(|w| format!("abort {w}"))
                                .unwrap_or("success".into()),
                            failure
                                .as_ref()
                                .map(|f| f.to_string())
                                .unwrap_or("success".into())
                        ));
                    }
                }
                self.bind_results(spec, sender_addr, name.as_deref(), receives, &executed)?;
                let got = self.symbolic_events(&executed.events)?;
                if record {
                    *events = Some(got);
                } else if events.as_ref() != Some(&got) {
                    return Err(format!(
                        "{call}: events differ:\n  recorded {}\n  localnet {}",
                        serde_json::to_string(events).unwrap_or_default(),
                        serde_json::to_string(&got).unwrap_or_default()
                    ));
                }
                Ok(Resolved::Call { args: move_args })
            }
        }
    }

    fn bind_results(
        &mut self,
        spec: &FunctionSpec,
        sender: Address,
        name: Option<&str>,
        receives: &Option<(String, String)>,
        executed: &Executed,
    ) -> Result<(), String> {
        let created = |ty: &StructTag, owner: Option<Owner>| {
            executed
                .changes
                .iter()
                .filter(|c| matches!(c.kind, ChangeKind::Created | ChangeKind::Unwrapped))
                .filter(|c| c.object_type.as_deref() == Some(&ty.to_string()))
                .filter(|c| owner.is_none() || c.owner == owner)
                .map(|c| c.id)
                .collect::<Vec<_>>()
        };
        match (spec.2, name) {
            (Ret::Obj(o), Some(name)) => {
                let found = created(&self.obj_tag(o), Some(Owner::Address(sender)));
                let [id] = found.as_slice() else {
                    return Err(format!(
                        "{}: cannot find the result object ({found:?})",
                        spec.0
                    ));
                };
                self.bind(name, *id);
                if o == Obj::Cap {
                    let cap: walrus_chain::bindings::StorageNodeCap = self.load(id);
                    self.bind(&format!("{name}_node"), cap.node_id.0);
                }
            }
            (Ret::ProposalId | Ret::Round, Some(name)) => {
                let o = if spec.2 == Ret::Round {
                    Obj::Round
                } else {
                    Obj::Proposal
                };
                let found = created(&self.obj_tag(o), None);
                let [id] = found.as_slice() else {
                    return Err(format!(
                        "{}: cannot find the shared object ({found:?})",
                        spec.0
                    ));
                };
                self.bind(name, *id);
            }
            (Ret::Obj(_) | Ret::ProposalId | Ret::Round, None) => {
                return Err(format!("{}: name the result with \"as\"", spec.0));
            }
            _ => {}
        }
        if let Some((name, owner)) = receives {
            let owner = self.actor(owner);
            let found: Vec<Address> = executed
                .changes
                .iter()
                .filter(|c| c.kind == ChangeKind::Created && c.owner == Some(Owner::Address(owner)))
                .map(|c| c.id)
                .collect();
            let [id] = found.as_slice() else {
                return Err(format!(
                    "{}: cannot find the object sent to {owner}",
                    spec.0
                ));
            };
            self.bind(name, *id);
        }
        Ok(())
    }

    fn obj_tag(&self, o: Obj) -> StructTag {
        let ids = self.packages.ids();
        match o {
            Obj::Coin => self.packages.wal_coin_object(),
            Obj::Storage => Storage::struct_tag(&ids),
            Obj::Blob => Blob::struct_tag(&ids),
            Obj::Cap => walrus_chain::bindings::StorageNodeCap::struct_tag(&ids),
            Obj::Staked => StakedWal::struct_tag(&ids),
            Obj::Proposal => Proposal::struct_tag(&ids),
            Obj::Round => AuditRound::struct_tag(&ids),
            Obj::AuditorCap => walrus_chain::bindings::AuditorCap::struct_tag(&ids),
        }
    }

    fn shared_input(&self, id: Address, mutable: bool) -> Result<Input, String> {
        let o = self
            .store
            .object(&id)
            .ok_or_else(|| fail(format!("object {id} does not exist")))?;
        match o.owner {
            Owner::Shared {
                initial_shared_version,
            } => Ok(Input::Shared(SharedInput::new(
                id,
                initial_shared_version,
                mutable,
            ))),
            _ => Err(format!("object {id} is not shared")),
        }
    }

    fn owned_input(&self, name: &str) -> Result<Input, String> {
        let id = self.id_of(name)?;
        let o = self
            .store
            .object(&id)
            .ok_or_else(|| fail(format!("object {name} ({id}) no longer exists")))?;
        Ok(Input::ImmutableOrOwned(ObjectReference::new(
            id, o.version, o.digest,
        )))
    }

    /// Builds the transaction of a call and the Move expressions of its arguments.
    #[allow(clippy::too_many_lines)]
    fn build(
        &mut self,
        spec: &FunctionSpec,
        sender: Address,
        args: &[Arg],
    ) -> Result<(Transaction, Vec<String>), String> {
        let explicit = explicit_params(spec);
        if explicit.len() != args.len() {
            return Err(format!(
                "{} takes {} explicit arguments, the vector gives {}",
                spec.0,
                explicit.len(),
                args.len()
            ));
        }
        let mut inputs: Vec<Input> = Vec::new();
        let mut commands: Vec<Command> = Vec::new();
        let mut call_args: Vec<Argument> = Vec::new();
        let mut move_args: Vec<String> = Vec::new();
        let mut next = args.iter();
        let push = |inputs: &mut Vec<Input>, i: Input| {
            inputs.push(i);
            Argument::Input((inputs.len() - 1) as u16)
        };
        for p in spec.1 {
            match p {
                Param::SysMut | Param::SysRef => {
                    let mutable = *p == Param::SysMut;
                    let i = self.shared_input(self.system, mutable)?;
                    call_args.push(push(&mut inputs, i));
                    move_args.push(if mutable { "&mut system" } else { "&system" }.into());
                }
                Param::Clock => {
                    let i = self.shared_input(ids::CLOCK_ID, false)?;
                    call_args.push(push(&mut inputs, i));
                    move_args.push("&clock".into());
                }
                Param::Random => {
                    let i = self.shared_input(ids::RANDOM_ID, false)?;
                    call_args.push(push(&mut inputs, i));
                    move_args.push("&random".into());
                }
                Param::Treasury => {
                    let i = self.shared_input(self.treasury, true)?;
                    call_args.push(push(&mut inputs, i));
                    move_args.push("&mut treasury".into());
                }
                Param::Val(o) | Param::Ref(o) | Param::Mut(o) => {
                    let Some(Arg::Obj(name)) = next.next() else {
                        return Err(format!("{}: expected an object argument", spec.0));
                    };
                    let input = if matches!(o, Obj::Proposal | Obj::Round) {
                        self.shared_input(self.id_of(name)?, true)?
                    } else {
                        self.owned_input(name)?
                    };
                    call_args.push(push(&mut inputs, input));
                    move_args.push(match p {
                        Param::Val(_) => name.clone(),
                        Param::Ref(_) => format!("&{name}"),
                        _ => format!("&mut {name}"),
                    });
                }
                Param::Pure(ty) => {
                    let a = next.next().ok_or_else(|| fail("missing argument"))?;
                    let (bytes, expr) = self.pure(ty, a)?;
                    call_args.push(push(&mut inputs, Input::Pure(bytes)));
                    move_args.push(expr);
                }
                Param::Action => {
                    let Some(Arg::Action(action)) = next.next() else {
                        return Err(format!("{}: expected an action argument", spec.0));
                    };
                    let (function, pure, expr): (&str, Option<Vec<Vec<u8>>>, String) = match action
                    {
                        Action::SetParameter { param, value } => (
                            "set_parameter_action",
                            Some(vec![
                                bcs::to_bytes(param).unwrap(),
                                bcs::to_bytes(value).unwrap(),
                            ]),
                            format!("walrus::proposal::set_parameter_action({param}, {value})"),
                        ),
                        Action::AddAuditor(a) => {
                            let addr = self.actor(a);
                            (
                                "add_auditor_action",
                                Some(vec![bcs::to_bytes(&addr).unwrap()]),
                                format!("walrus::proposal::add_auditor_action(@{addr})"),
                            )
                        }
                        Action::RemoveAuditor(a) => {
                            let addr = self.actor(a);
                            (
                                "remove_auditor_action",
                                Some(vec![bcs::to_bytes(&addr).unwrap()]),
                                format!("walrus::proposal::remove_auditor_action(@{addr})"),
                            )
                        }
                        Action::Signal => (
                            "signal_action",
                            None,
                            "walrus::proposal::signal_action()".into(),
                        ),
                    };
                    let arguments = pure
                        .unwrap_or_default()
                        .into_iter()
                        .map(|b| push(&mut inputs, Input::Pure(b)))
                        .collect();
                    commands.push(Command::MoveCall(MoveCall {
                        package: self.packages.walrus,
                        module: Identifier::new("proposal").expect("valid"),
                        function: Identifier::new(function).expect("valid"),
                        type_arguments: vec![],
                        arguments,
                    }));
                    call_args.push(Argument::Result((commands.len() - 1) as u16));
                    move_args.push(expr);
                }
            }
        }
        let (module, function) = spec.0.split_once("::").expect("module::function");
        let package = if module == "wal" {
            self.packages.wal
        } else {
            self.packages.walrus
        };
        commands.push(Command::MoveCall(MoveCall {
            package,
            module: Identifier::new(module).expect("valid"),
            function: Identifier::new(function).expect("valid"),
            type_arguments: vec![],
            arguments: call_args,
        }));
        if let Ret::Obj(_) = spec.2 {
            let result = Argument::Result((commands.len() - 1) as u16);
            let to = push(
                &mut inputs,
                Input::Pure(bcs::to_bytes(&sender).expect("serializes")),
            );
            commands.push(Command::TransferObjects(TransferObjects {
                objects: vec![result],
                address: to,
            }));
        }
        let gas = self.gas_coin(sender);
        let tx = Transaction {
            kind: TransactionKind::ProgrammableTransaction(ProgrammableTransaction {
                inputs,
                commands,
            }),
            sender,
            gas_payment: GasPayment {
                objects: vec![gas],
                owner: sender,
                price: 1_000,
                budget: 5_000_000_000,
            },
            expiration: TransactionExpiration::None,
        };
        Ok((tx, move_args))
    }

    fn committee_index(&self, cap: &str) -> Result<usize, String> {
        let node = self.id_of(&format!("{cap}_node"))?;
        let s: System = self.load(&self.system);
        s.committee
            .members
            .iter()
            .position(|m| m.node_id.0 == node)
            .ok_or_else(|| fail(format!("node {cap} is not in the committee")))
    }

    fn node_key(&self, cap: &str) -> Result<walrus_core::ProtocolKeyPair, String> {
        let node = self.id_of(&format!("{cap}_node"))?;
        let s: System = self.load(&self.system);
        let mut w = World::new(&self.store);
        let mut cx = Cx::new(
            &mut w,
            self.packages,
            Address::ZERO,
            Default::default(),
            0,
            [0; 32],
        );
        let pool = system::pool(&mut cx, &s, walrus_chain::bindings::Id(node))
            .map_err(|e| fail(format!("pool of {cap}: {e}")))?;
        (0..100)
            .map(protocol_key)
            .find(|k| k.public().to_bytes().to_vec() == pool.node_info.public_key)
            .ok_or_else(|| fail(format!("the key of {cap} is not a test key 0..100")))
    }

    /// BCS bytes and Move expression of a pure argument.
    fn pure(&mut self, ty: &str, a: &Arg) -> Result<(Vec<u8>, String), String> {
        let b = |v: &dyn erased::Ser| v.bytes();
        let hex_bytes = |h: &str| -> Result<Vec<u8>, String> {
            hex::decode(h.trim_start_matches("0x")).map_err(|e| format!("bad hex {h:?}: {e}"))
        };
        let u256 = |bytes: [u8; 32]| {
            let mut be = bytes;
            be.reverse();
            format!("0x{}u256", hex::encode(be))
        };
        let out = match (ty, a) {
            ("u8", Arg::U8(v)) => (b(v), v.to_string()),
            ("u16", Arg::U16(v)) => (b(v), v.to_string()),
            ("u32", Arg::U32(v)) => (b(v), v.to_string()),
            ("u64", Arg::U64(v)) => (b(v), v.to_string()),
            ("bool", Arg::Bool(v)) => (b(v), v.to_string()),
            ("String", Arg::Str(s)) => (b(s), format!("{}.to_string()", move_bytes_str(s))),
            ("vector<u8>", Arg::Bytes(h)) => {
                let v = hex_bytes(h)?;
                (b(&v), format!("x\"{}\"", hex::encode(&v)))
            }
            ("address", Arg::Address(n)) => {
                let addr = self.actor(n);
                (b(&addr), format!("@{addr}"))
            }
            ("ID", Arg::Id(n)) => {
                let id = self.id_of(n)?;
                (b(&id), format!("id_{n}"))
            }
            ("ID", Arg::Node(n)) => {
                let id = self.id_of(&format!("{n}_node"))?;
                (b(&id), format!("id_{n}_node"))
            }
            ("vector<ID>", Arg::Nodes(ns)) => {
                let mut ids = Vec::new();
                let mut exprs = Vec::new();
                for n in ns {
                    ids.push(self.id_of(&format!("{n}_node"))?);
                    exprs.push(format!("id_{n}_node"));
                }
                (b(&ids), format!("vector[{}]", exprs.join(", ")))
            }
            ("vector<u64>", Arg::U64s(v)) => (
                b(v),
                format!(
                    "vector[{}]",
                    v.iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            ("u256", Arg::U256(h)) => {
                let v: [u8; 32] = hex_bytes(h)?
                    .try_into()
                    .map_err(|_| fail("a u256 is 32 bytes"))?;
                (b(&v), u256(v))
            }
            ("u256", Arg::BlobId(n)) => {
                let size = *self
                    .blobs
                    .get(n)
                    .ok_or_else(|| fail(format!("unknown blob {n}")))?;
                let id = algo::blob_id(1, size, &blob_root(n));
                (b(&id), u256(id))
            }
            ("u256", Arg::Root(n)) => {
                let root = blob_root(n);
                (b(&root), u256(root))
            }
            ("vector<u8>", Arg::PubKey(k)) => {
                let key = protocol_key(*k).public().to_bytes().to_vec();
                (b(&key), format!("x\"{}\"", hex::encode(&key)))
            }
            ("vector<u8>", Arg::Pop { key, sender }) => {
                let addr = self.actor(sender);
                let (_, sig) =
                    walrus_core::ProofOfPossession::sign(addr.into_inner(), &protocol_key(*key));
                let v = sig.0.to_vec();
                (b(&v), format!("x\"{}\"", hex::encode(&v)))
            }
            ("vector<u8>", Arg::Signers(nodes)) => {
                let mut bitmap: Vec<u8> = Vec::new();
                for n in nodes {
                    let i = self.committee_index(n)?;
                    if bitmap.len() <= i / 8 {
                        bitmap.resize(i / 8 + 1, 0);
                    }
                    bitmap[i / 8] |= 1 << (i % 8);
                }
                (b(&bitmap), format!("x\"{}\"", hex::encode(&bitmap)))
            }
            (
                "vector<vector<u8>>",
                Arg::Signatures {
                    nodes,
                    epoch,
                    blob,
                    key,
                },
            ) => {
                let size = *self
                    .blobs
                    .get(blob)
                    .ok_or_else(|| fail(format!("unknown blob {blob}")))?;
                let blob_id = algo::blob_id(1, size, &blob_root(blob));
                let message = algo::storage_confirmation(*epoch, &blob_id);
                let mut signers = Vec::new();
                for n in nodes {
                    signers.push((self.committee_index(n)?, n.clone()));
                }
                signers.sort();
                let mut sigs: Vec<Vec<u8>> = Vec::new();
                for (_, n) in &signers {
                    let k = match key {
                        Some(k) => protocol_key(*k),
                        None => self.node_key(n)?,
                    };
                    sigs.push(k.sign(&message).0.to_vec());
                }
                let expr = format!(
                    "vector[{}]",
                    sigs.iter()
                        .map(|s| format!("x\"{}\"", hex::encode(s)))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                (b(&sigs), expr)
            }
            (ty, a) => return Err(format!("argument {a:?} cannot be a {ty}")),
        };
        Ok(out)
    }

    fn execute(&mut self, sender: &str, tx: Transaction) -> Result<Executed, String> {
        match &self.backend {
            Backend::InProcess => {
                let _exclusive = self.store.lock_execution();
                let outcome = self
                    .executor
                    .execute(&self.store, &tx)
                    .map_err(|s| format!("rejected: {}", s.message()))?;
                let failure = outcome.error.as_ref().map(failure_of);
                let events = outcome
                    .events
                    .iter()
                    .map(|e| (e.event_type.clone(), e.contents.clone()))
                    .collect();
                let executed = self.store.commit_transaction(&tx, vec![], outcome);
                let changes = executed
                    .effects
                    .as_ref()
                    .map(|e| {
                        e.changed_objects
                            .iter()
                            .enumerate()
                            .filter_map(|(i, c)| ObjectChange::from_proto(i, c).ok())
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(Executed {
                    failure,
                    events,
                    changes,
                })
            }
            Backend::Grpc(chain) => {
                let key = actor_key(sender);
                let chain = chain.clone();
                let result = tokio::task::block_in_place(|| {
                    tokio::runtime::Handle::current()
                        .block_on(async { chain.sign_and_execute(&tx, &key).await })
                });
                match result {
                    Ok(t) => Ok(Executed {
                        failure: None,
                        events: t
                            .events
                            .iter()
                            .map(|e| (e.event_type.to_string(), e.contents.clone()))
                            .collect(),
                        changes: t.changed_objects,
                    }),
                    Err(walrus_chain::ChainError::MoveAbort(a)) => Ok(Executed {
                        failure: Some(Failure::Abort(format!(
                            "{}::{}",
                            a.module.unwrap_or_default(),
                            a.constant.unwrap_or_default()
                        ))),
                        events: vec![],
                        changes: vec![],
                    }),
                    Err(e) => Ok(Executed {
                        failure: Some(Failure::Other(e.to_string())),
                        events: vec![],
                        changes: vec![],
                    }),
                }
            }
        }
    }

    /// Events as symbolic JSON (IDs by name, addresses by actor).
    fn symbolic_events(&self, events: &[(String, Vec<u8>)]) -> Result<Vec<Event>, String> {
        let layouts = SystemEvent::layouts();
        let mut out = Vec::new();
        for (type_, bytes) in events {
            let tag = StructTag::from_str(type_).map_err(|e| format!("event type {type_}: {e}"))?;
            let name = tag.name().as_str();
            let fields = layouts
                .iter()
                .find(|l| l.name == name && l.module == tag.module().as_str())
                .map(|l| l.fields)
                .ok_or_else(|| fail(format!("no binding for event {type_}")))?;
            let mut rest = bytes.as_slice();
            let mut map = serde_json::Map::new();
            for (field, ty) in fields.iter() {
                map.insert(field.to_string(), self.value(&mut rest, ty)?);
            }
            if !rest.is_empty() {
                return Err(format!("event {type_} has trailing bytes"));
            }
            out.push(Event {
                type_: name.to_string(),
                fields: map,
            });
        }
        Ok(out)
    }

    fn value(&self, rest: &mut &[u8], ty: &str) -> Result<J, String> {
        let mut take = |n: usize| -> Result<Vec<u8>, String> {
            if rest.len() < n {
                return Err(format!("event too short for {ty}"));
            }
            let (h, t) = rest.split_at(n);
            *rest = t;
            Ok(h.to_vec())
        };
        let int = |b: Vec<u8>| {
            let mut v: u128 = 0;
            for (i, x) in b.iter().enumerate() {
                v |= u128::from(*x) << (8 * i);
            }
            J::String(v.to_string())
        };
        Ok(match ty {
            "u8" => int(take(1)?),
            "u16" => int(take(2)?),
            "u32" => int(take(4)?),
            "u64" => int(take(8)?),
            "u128" => int(take(16)?),
            "u256" => {
                let mut b = take(32)?;
                b.reverse();
                J::String(format!("0x{}", hex::encode(b)))
            }
            "bool" => J::Bool(take(1)?[0] == 1),
            "address" => {
                let a = Address::new(take(32)?.try_into().expect("32 bytes"));
                J::String(match self.actors.get(&a) {
                    Some(n) => format!("%{n}"),
                    None => a.to_string(),
                })
            }
            "0x2::object::ID" => {
                let a = Address::new(take(32)?.try_into().expect("32 bytes"));
                J::String(format!(
                    "@{}",
                    self.ids.get(&a).ok_or_else(|| fail(format!(
                        "event names an unbound object {a}: bind it with \"as\""
                    )))?
                ))
            }
            "0x1::string::String" => {
                let len = uleb(rest)?;
                let b = take_n(rest, len)?;
                J::String(String::from_utf8(b).map_err(|_| fail("bad UTF-8"))?)
            }
            "vector<u8>" => {
                let len = uleb(rest)?;
                J::String(format!("x:{}", hex::encode(take_n(rest, len)?)))
            }
            t if t.starts_with("vector<") => {
                let inner = &t[7..t.len() - 1];
                let len = uleb(rest)?;
                let mut items = Vec::new();
                for _ in 0..len {
                    items.push(self.value(rest, inner)?);
                }
                J::Array(items)
            }
            t if t.starts_with("0x1::option::Option<") => {
                let inner = &t[20..t.len() - 1];
                match uleb(rest)? {
                    0 => J::Null,
                    _ => {
                        let mut m = serde_json::Map::new();
                        m.insert("some".into(), self.value(rest, inner)?);
                        J::Object(m)
                    }
                }
            }
            t => return Err(format!("unsupported event field type {t}")),
        })
    }

    /// Evaluates a probe.
    pub fn probe(&self, probe: &str) -> Result<String, String> {
        let (pattern, _, arg) =
            parse_probe(probe).ok_or_else(|| fail(format!("unknown probe {probe}")))?;
        let s: System = self.load(&self.system);
        let mut w = World::new(&self.store);
        let mut cx = Cx::new(
            &mut w,
            self.packages,
            Address::ZERO,
            Default::default(),
            0,
            [0; 32],
        );
        let arg = arg.unwrap_or_default();
        let obj = |name: &str| self.id_of(name);
        let pool = |cx: &mut Cx| -> Result<walrus_chain::bindings::StakingPool, String> {
            let node = self.id_of(&format!("{arg}_node"))?;
            system::pool(cx, &s, walrus_chain::bindings::Id(node)).map_err(|e| e.to_string())
        };
        let v: String = match pattern {
            "system.epoch" => s.epoch.to_string(),
            "system.epoch_start_ms" => s.epoch_start_ms.to_string(),
            "system.total_capacity" => s.total_capacity.to_string(),
            "system.used_capacity" => s.future_accounting.slots[0].used_capacity.to_string(),
            "system.storage_price" => s.storage_price.to_string(),
            "system.write_price" => s.write_price.to_string(),
            "system.total_active_stake" => s.total_active_stake.to_string(),
            "system.wal_paid_in" => s.wal_paid_in.to_string(),
            "system.wal_paid_out" => s.wal_paid_out.to_string(),
            "system.wal_slashed" => s.wal_slashed.to_string(),
            "system.committee_size" => s.committee.members.len().to_string(),
            "system.n_auditors" => s.auditors.entries.len().to_string(),
            "system.invariants" => system::check_invariants(&mut cx, &s)
                .map_err(|e| e.to_string())?
                .to_string(),
            "system.param(P)" => {
                let p = GovernedParameter::from_name(&arg)
                    .ok_or_else(|| fail(format!("unknown parameter {arg}")))?;
                p.value_in(&s.params).to_string()
            }
            "pool(X).active_stake" => pool(&mut cx)?.active_stake.value.to_string(),
            "pool(X).total_shares" => pool(&mut cx)?.total_shares.to_string(),
            "pool(X).pending_stake" => pool(&mut cx)?.pending_stake.value.to_string(),
            "pool(X).withdrawable" => pool(&mut cx)?.withdrawable.value.to_string(),
            "pool(X).commission" => pool(&mut cx)?.commission.value.to_string(),
            "pool(X).commission_bps" => pool(&mut cx)?.commission_bps.to_string(),
            "pool(X).excluded" => pool(&mut cx)?.excluded.to_string(),
            "pool(X).shards" => {
                let node = self.id_of(&format!("{arg}_node"))?;
                s.committee
                    .members
                    .iter()
                    .find(|m| m.node_id.0 == node)
                    .map_or(0, |m| m.shards.len())
                    .to_string()
            }
            "coin(X).value" => {
                let o = self
                    .store
                    .object(&obj(&arg)?)
                    .ok_or_else(|| fail(format!("coin {arg} does not exist")))?;
                bcs::from_bytes::<Coin<Wal>>(&o.contents)
                    .map_err(|e| e.to_string())?
                    .balance
                    .value
                    .to_string()
            }
            "staked(X).principal" => self.load::<StakedWal>(&obj(&arg)?).principal.to_string(),
            "staked(X).value" => {
                let w = self.load::<StakedWal>(&obj(&arg)?);
                system::staked_wal_value(&mut cx, &s, &w)
                    .map_err(|e| e.to_string())?
                    .to_string()
            }
            "blob(X).certified" => self
                .load::<Blob>(&obj(&arg)?)
                .certified_epoch
                .is_some()
                .to_string(),
            "blob(X).end_epoch" => self.load::<Blob>(&obj(&arg)?).storage.end_epoch.to_string(),
            "storage(X).start_epoch" => self.load::<Storage>(&obj(&arg)?).start_epoch.to_string(),
            "storage(X).end_epoch" => self.load::<Storage>(&obj(&arg)?).end_epoch.to_string(),
            "storage(X).size" => self.load::<Storage>(&obj(&arg)?).size.to_string(),
            "proposal(X).status" => self.load::<Proposal>(&obj(&arg)?).status.to_string(),
            "proposal(X).votes_for" => self.load::<Proposal>(&obj(&arg)?).votes_for.to_string(),
            "round(X).finalized" => self.load::<AuditRound>(&obj(&arg)?).finalized.to_string(),
            "round(X).reports" => self
                .load::<AuditRound>(&obj(&arg)?)
                .reporters
                .len()
                .to_string(),
            "treasury.burned" => self.load::<Treasury>(&self.treasury).burned.to_string(),
            other => return Err(format!("probe {other} is not implemented")),
        };
        Ok(v)
    }
}

fn uleb(rest: &mut &[u8]) -> Result<usize, String> {
    let mut v: usize = 0;
    for shift in (0..63).step_by(7) {
        let (&b, t) = rest.split_first().ok_or_else(|| fail("truncated length"))?;
        *rest = t;
        v |= usize::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err(fail("bad length"))
}

fn take_n(rest: &mut &[u8], n: usize) -> Result<Vec<u8>, String> {
    if rest.len() < n {
        return Err(fail("truncated"));
    }
    let (h, t) = rest.split_at(n);
    *rest = t;
    Ok(h.to_vec())
}

fn failure_of(e: &sui_rpc::proto::sui::rpc::v2::ExecutionError) -> Failure {
    use sui_rpc::proto::sui::rpc::v2::execution_error::ErrorDetails;
    match &e.error_details {
        Some(ErrorDetails::Abort(a)) => Failure::Abort(format!(
            "{}::{}",
            a.location
                .as_ref()
                .and_then(|l| l.module.clone())
                .unwrap_or_default(),
            a.clever_error
                .as_ref()
                .and_then(|c| c.constant_name.clone())
                .unwrap_or_default()
        )),
        _ => Failure::Other(e.description.clone().unwrap_or_default()),
    }
}

/// A Move `b"..."` literal.
pub fn move_bytes_str(s: &str) -> String {
    let mut out = String::from("b\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

mod erased {
    /// BCS of any serializable value.
    pub trait Ser {
        fn bytes(&self) -> Vec<u8>;
    }
    impl<T: serde::Serialize> Ser for T {
        fn bytes(&self) -> Vec<u8> {
            bcs::to_bytes(self).expect("serializes")
        }
    }
}

/// The resolutions of a case's setup steps and of its own steps.
pub type CaseResolution = (Vec<Resolved>, Vec<Resolved>);

/// Runs a whole case on a fresh chain; returns the per-step resolutions.
pub fn run_case(
    suite: &mut Suite,
    case: usize,
    backend: Backend,
    record: bool,
) -> Result<CaseResolution, String> {
    let mut r = Runner::new(backend, suite.blobs.clone());
    run_case_on(&mut r, suite, case, record)
}

/// Runs a case on a runner (fresh, or with a server over its ledger).
pub fn run_case_on(
    r: &mut Runner,
    suite: &mut Suite,
    case: usize,
    record: bool,
) -> Result<CaseResolution, String> {
    let genesis = suite.cases[case]
        .genesis
        .clone()
        .unwrap_or_else(|| suite.genesis.clone());
    let genesis_abort = suite.cases[case].genesis_abort.clone();
    match (r.genesis(&genesis), genesis_abort) {
        (Err(Failure::Abort(got)), Some(want)) if got == want => return Ok((vec![], vec![])),
        (Err(f), _) => return Err(format!("genesis: {f}")),
        (Ok(_), Some(want)) => return Err(format!("genesis: expected abort {want}, got success")),
        (Ok(events), None) => {
            if suite.cases[case].genesis.is_none() {
                if record {
                    suite.genesis.events = Some(events);
                } else if suite.genesis.events.as_ref() != Some(&events) {
                    return Err("genesis events differ".into());
                }
            }
        }
    }
    let mut setup = Vec::new();
    if suite.cases[case].with_setup {
        for (i, step) in suite.setup.iter_mut().enumerate() {
            setup.push(
                r.step(step, record)
                    .map_err(|e| format!("setup step {i}: {e}"))?,
            );
        }
    }
    let mut steps = Vec::new();
    let n = suite.cases[case].steps.len();
    for i in 0..n {
        let step = &mut suite.cases[case].steps[i];
        let aborting = matches!(step, Step::Call { abort: Some(_), .. });
        steps.push(r.step(step, record).map_err(|e| format!("step {i}: {e}"))?);
        if aborting && i + 1 != n {
            return Err(format!("step {i} aborts but is not the last step"));
        }
    }
    Ok((setup, steps))
}

/// The Move type of an object kind (for the generator).
pub fn move_type(o: Obj) -> &'static str {
    match o {
        Obj::Coin => "Coin<WAL>",
        Obj::Storage => "Storage",
        Obj::Blob => "Blob",
        Obj::Cap => "StorageNodeCap",
        Obj::Staked => "StakedWal",
        Obj::Proposal => "Proposal",
        Obj::Round => "AuditRound",
        Obj::AuditorCap => "AuditorCap",
    }
}
