//! Move call dispatch: which `package::module::function` the localnet implements, how each
//! argument is taken (by value, by reference, by mutable reference, pure), and what is
//! returned.

use serde::de::DeserializeOwned;
use sui_rpc::proto::sui::rpc::v2::execution_error::ExecutionErrorKind as K;
use sui_sdk_types::{Address, Argument, MoveCall, StructTag, TypeTag};
use walrus_chain::bindings::{
    Action, AuditRound, AuditorCap, Blob, Coin, Id, Proposal, StakedWal, Storage, StorageNodeCap,
    System, Treasury, Wal,
};
use walrus_chain::events::MoveStruct;
use walrus_core::BlobId;

use super::{audit, blob, governance, staking, storage, system};
use crate::exec::interp::{
    CoinValue, Interp, Loc, MoveCalls, Slot, Value, coin_param, coin_value, pure_or_typed,
};
use crate::exec::{Cx, Fail, Recipient};
use crate::ids::{self, Packages};

/// The Move functions of `wal`, `walrus` and the framework that the localnet executes.
pub const SUPPORTED: &[(&str, &str, &str)] = &[
    ("walrus", "system", "migrate"),
    ("walrus", "system", "reserve_space"),
    ("walrus", "system", "register_blob"),
    ("walrus", "system", "certify_blob"),
    ("walrus", "system", "extend_blob"),
    ("walrus", "system", "delete_blob"),
    ("walrus", "system", "burn_blob"),
    ("walrus", "system", "register_candidate"),
    ("walrus", "system", "set_votes"),
    ("walrus", "system", "set_network_address"),
    ("walrus", "system", "set_commission"),
    ("walrus", "system", "collect_commission"),
    ("walrus", "system", "reregister_node"),
    ("walrus", "system", "stake_with_pool"),
    ("walrus", "system", "request_withdraw_stake"),
    ("walrus", "system", "withdraw_stake"),
    ("walrus", "system", "advance_epoch"),
    ("walrus", "system", "staked_wal_value"),
    ("walrus", "storage_resource", "split_by_epoch"),
    ("walrus", "storage_resource", "split_by_size"),
    ("walrus", "storage_resource", "fuse_periods"),
    ("walrus", "storage_resource", "fuse_amount"),
    ("walrus", "storage_resource", "fuse"),
    ("walrus", "storage_resource", "destroy"),
    ("walrus", "blob", "set_attribute"),
    ("walrus", "blob", "remove_attribute"),
    ("walrus", "staked_wal", "split"),
    ("walrus", "staked_wal", "join"),
    ("walrus", "proposal", "set_parameter_action"),
    ("walrus", "proposal", "add_auditor_action"),
    ("walrus", "proposal", "remove_auditor_action"),
    ("walrus", "proposal", "signal_action"),
    ("walrus", "governance", "create_proposal"),
    ("walrus", "governance", "vote"),
    ("walrus", "governance", "finalize_proposal"),
    ("walrus", "governance", "execute"),
    ("walrus", "audit", "open_round"),
    ("walrus", "audit", "submit_report"),
    ("walrus", "audit", "finalize_round"),
    ("wal", "wal", "burn"),
    ("0x2", "coin", "split"),
    ("0x2", "coin", "join"),
    ("0x2", "coin", "value"),
    ("0x2", "coin", "zero"),
    ("0x2", "coin", "destroy_zero"),
    ("0x2", "transfer", "public_transfer"),
];

/// The dispatcher for a system's packages.
#[derive(Debug, Clone, Copy)]
pub struct Dispatch {
    /// Package IDs.
    pub packages: Packages,
}

/// Typed access to a Move call's arguments.
struct Args<'a> {
    it: &'a mut Interp,
    args: &'a [Argument],
    writes: Vec<(Loc, Value)>,
}

fn string_tag() -> TypeTag {
    ids::tag(ids::string_type())
}

fn id_tag() -> TypeTag {
    Id::type_tag()
}

fn bytes_tag() -> TypeTag {
    TypeTag::Vector(Box::new(TypeTag::U8))
}

impl<'a> Args<'a> {
    fn new(it: &'a mut Interp, call: &'a MoveCall, arity: usize) -> Result<Self, Fail> {
        if call.arguments.len() != arity {
            return Err(Fail::exec(
                K::ArityMismatch,
                format!(
                    "{}::{} takes {arity} arguments, got {}",
                    call.module,
                    call.function,
                    call.arguments.len()
                ),
            ));
        }
        Ok(Self {
            it,
            args: &call.arguments,
            writes: Vec::new(),
        })
    }

    fn check_type(v: &Value, tag: &StructTag, i: usize) -> Result<(), Fail> {
        if v.ty != ids::tag(tag.clone()) {
            return Err(Fail::argument(format!(
                "argument {i}: expected a {tag}, got a {}",
                v.ty
            )));
        }
        Ok(())
    }

    fn value_of(slot: Slot, i: usize) -> Result<Value, Fail> {
        match slot {
            Slot::Val(v) => Ok(v),
            Slot::Pure(_) => Err(Fail::argument(format!(
                "argument {i}: expected an object, got a pure value"
            ))),
            Slot::Moved => Err(Fail::argument(format!("argument {i} was moved"))),
        }
    }

    /// `&T`.
    fn obj<T: DeserializeOwned>(&mut self, i: usize, tag: &StructTag) -> Result<T, Fail> {
        let v = Self::value_of(self.it.read(&self.args[i])?, i)?;
        Self::check_type(&v, tag, i)?;
        crate::exec::world::decode(&v.bytes, &tag.to_string())
    }

    /// `&mut T`.
    fn obj_mut<T: DeserializeOwned>(
        &mut self,
        i: usize,
        tag: &StructTag,
    ) -> Result<(Loc, T), Fail> {
        let (loc, v) = self.it.read_mut(&self.args[i])?;
        Self::check_type(&v, tag, i)?;
        Ok((loc, crate::exec::world::decode(&v.bytes, &tag.to_string())?))
    }

    /// `T` by value.
    fn take<T: DeserializeOwned>(&mut self, i: usize, tag: &StructTag) -> Result<T, Fail> {
        // Check the type before moving anything out.
        let v = Self::value_of(self.it.read(&self.args[i])?, i)?;
        Self::check_type(&v, tag, i)?;
        let v = Self::value_of(self.it.take(&self.args[i])?, i)?;
        crate::exec::world::decode(&v.bytes, &tag.to_string())
    }

    /// A pure (or plain typed) argument of Move type `ty`.
    fn pure<T: DeserializeOwned>(&mut self, i: usize, ty: &TypeTag) -> Result<T, Fail> {
        pure_or_typed(self.it.read(&self.args[i])?, ty)
            .map_err(|f| prefix(f, &format!("argument {i}")))
    }

    /// `&Clock` / `&Random`: checks the type (the clock's time is the transaction's).
    fn system_object(&mut self, i: usize, tag: &StructTag) -> Result<(), Fail> {
        let v = Self::value_of(self.it.read(&self.args[i])?, i)?;
        Self::check_type(&v, tag, i)
    }

    fn set<T: serde::Serialize>(&mut self, loc: Loc, tag: &StructTag, value: &T) {
        self.writes.push((loc, Value::object(tag.clone(), value)));
    }

    fn finish(self) -> Result<(), Fail> {
        for (loc, v) in self.writes {
            self.it.write(loc, v)?;
        }
        Ok(())
    }
}

fn prefix(f: Fail, what: &str) -> Fail {
    match f {
        Fail::Exec { kind, message } => Fail::Exec {
            kind,
            message: format!("{what}: {message}"),
        },
        other => other,
    }
}

fn no_type_args(call: &MoveCall) -> Result<(), Fail> {
    if call.type_arguments.is_empty() {
        Ok(())
    } else {
        Err(Fail::exec(
            K::TypeArityMismatch,
            format!("{}::{} takes no type arguments", call.module, call.function),
        ))
    }
}

fn one_type_arg(call: &MoveCall) -> Result<TypeTag, Fail> {
    match call.type_arguments.as_slice() {
        [t] => Ok(t.clone()),
        _ => Err(Fail::exec(
            K::TypeArityMismatch,
            format!("{}::{} takes one type argument", call.module, call.function),
        )),
    }
}

impl Dispatch {
    fn tag<T: MoveStruct>(&self) -> StructTag {
        T::struct_tag(&self.packages.ids())
    }

    fn package_name(&self, package: &Address) -> Option<&'static str> {
        if *package == self.packages.walrus {
            Some("walrus")
        } else if *package == self.packages.wal {
            Some("wal")
        } else if *package == ids::FRAMEWORK {
            Some("0x2")
        } else {
            None
        }
    }

    fn unsupported(&self, call: &MoveCall) -> Fail {
        let known = match self.package_name(&call.package) {
            Some(_) => "",
            None => {
                " (the package is not on this chain: walrus-localnet has the wal and walrus \
                 packages and parts of the Sui framework)"
            }
        };
        Fail::exec(
            K::FunctionNotFound,
            format!(
                "walrus-localnet does not implement {}::{}::{}{known}; see docs/localnet.md for \
                 the supported functions",
                call.package, call.module, call.function
            ),
        )
    }

    #[allow(clippy::too_many_lines)]
    fn walrus(&self, it: &mut Interp, cx: &mut Cx, call: &MoveCall) -> Result<Vec<Value>, Fail> {
        no_type_args(call)?;
        let t_system = self.tag::<System>();
        let t_coin = self.packages.wal_coin_object();
        let t_storage = self.tag::<Storage>();
        let t_blob = self.tag::<Blob>();
        let t_cap = self.tag::<StorageNodeCap>();
        let t_staked = self.tag::<StakedWal>();
        let t_proposal = self.tag::<Proposal>();
        let t_round = self.tag::<AuditRound>();
        let t_auditor_cap = self.tag::<AuditorCap>();
        let t_treasury = self.tag::<Treasury>();
        let t_action = self.tag::<Action>();
        let clock = ids::clock_type();
        let random = ids::random_type();
        let none = Ok(vec![]);
        let m = call.module.as_str();
        let f = call.function.as_str();
        match (m, f) {
            ("system", "migrate") => {
                let mut a = Args::new(it, call, 1)?;
                let (l, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                system::migrate(&mut s)?;
                a.set(l, &t_system, &s);
                a.finish()?;
                none
            }
            ("system", "reserve_space") => {
                let mut a = Args::new(it, call, 4)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let size: u64 = a.pure(1, &TypeTag::U64)?;
                let epochs: u32 = a.pure(2, &TypeTag::U32)?;
                let (lc, mut c): (_, Coin<Wal>) = a.obj_mut(3, &t_coin)?;
                let storage = system::reserve_space(cx, &mut s, size, epochs, &mut c)?;
                a.set(ls, &t_system, &s);
                a.set(lc, &t_coin, &c);
                a.finish()?;
                Ok(vec![Value::object(t_storage, &storage)])
            }
            ("system", "register_blob") => {
                let mut a = Args::new(it, call, 8)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let blob_id: [u8; 32] = a.pure(2, &TypeTag::U256)?;
                let root: [u8; 32] = a.pure(3, &TypeTag::U256)?;
                let size: u64 = a.pure(4, &TypeTag::U64)?;
                let encoding: u8 = a.pure(5, &TypeTag::U8)?;
                let deletable: bool = a.pure(6, &TypeTag::Bool)?;
                let (lc, mut c): (_, Coin<Wal>) = a.obj_mut(7, &t_coin)?;
                let storage: Storage = a.take(1, &t_storage)?;
                let b = system::register_blob(
                    cx,
                    &mut s,
                    storage,
                    BlobId(blob_id),
                    root,
                    size,
                    encoding,
                    deletable,
                    &mut c,
                )?;
                a.set(ls, &t_system, &s);
                a.set(lc, &t_coin, &c);
                a.finish()?;
                Ok(vec![Value::object(t_blob, &b)])
            }
            ("system", "certify_blob") => {
                let mut a = Args::new(it, call, 5)?;
                let s: System = a.obj(0, &t_system)?;
                let (lb, mut b): (_, Blob) = a.obj_mut(1, &t_blob)?;
                let signers: Vec<u8> = a.pure(2, &bytes_tag())?;
                let sigs: Vec<Vec<u8>> = a.pure(3, &TypeTag::Vector(Box::new(bytes_tag())))?;
                let epoch: u32 = a.pure(4, &TypeTag::U32)?;
                system::certify_blob(cx, &s, &mut b, &signers, &sigs, epoch)?;
                a.set(lb, &t_blob, &b);
                a.finish()?;
                none
            }
            ("system", "extend_blob") => {
                let mut a = Args::new(it, call, 4)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let (lb, mut b): (_, Blob) = a.obj_mut(1, &t_blob)?;
                let epochs: u32 = a.pure(2, &TypeTag::U32)?;
                let (lc, mut c): (_, Coin<Wal>) = a.obj_mut(3, &t_coin)?;
                system::extend_blob(cx, &mut s, &mut b, epochs, &mut c)?;
                a.set(ls, &t_system, &s);
                a.set(lb, &t_blob, &b);
                a.set(lc, &t_coin, &c);
                a.finish()?;
                none
            }
            ("system", "delete_blob") => {
                let mut a = Args::new(it, call, 2)?;
                let s: System = a.obj(0, &t_system)?;
                let b: Blob = a.take(1, &t_blob)?;
                let storage = system::delete_blob(cx, &s, b)?;
                a.finish()?;
                Ok(vec![Value::object(t_storage, &storage)])
            }
            ("system", "burn_blob") => {
                let mut a = Args::new(it, call, 2)?;
                let s: System = a.obj(0, &t_system)?;
                let b: Blob = a.take(1, &t_blob)?;
                system::burn_blob(cx, &s, b)?;
                a.finish()?;
                none
            }
            ("system", "register_candidate") => {
                let mut a = Args::new(it, call, 9)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let name: String = a.pure(1, &string_tag())?;
                let addr: String = a.pure(2, &string_tag())?;
                let key: Vec<u8> = a.pure(3, &bytes_tag())?;
                let pop: Vec<u8> = a.pure(4, &bytes_tag())?;
                let commission: u16 = a.pure(5, &TypeTag::U16)?;
                let sp: u64 = a.pure(6, &TypeTag::U64)?;
                let wp: u64 = a.pure(7, &TypeTag::U64)?;
                let cap_vote: u64 = a.pure(8, &TypeTag::U64)?;
                let cap = system::register_candidate(
                    cx, &mut s, name, addr, key, pop, commission, sp, wp, cap_vote,
                )?;
                a.set(ls, &t_system, &s);
                a.finish()?;
                Ok(vec![Value::object(t_cap, &cap)])
            }
            ("system", "set_votes") => {
                let mut a = Args::new(it, call, 5)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let cap: StorageNodeCap = a.obj(1, &t_cap)?;
                let sp: u64 = a.pure(2, &TypeTag::U64)?;
                let wp: u64 = a.pure(3, &TypeTag::U64)?;
                let cv: u64 = a.pure(4, &TypeTag::U64)?;
                system::set_votes(cx, &mut s, &cap, sp, wp, cv)?;
                a.set(ls, &t_system, &s);
                a.finish()?;
                none
            }
            ("system", "set_network_address") => {
                let mut a = Args::new(it, call, 3)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let cap: StorageNodeCap = a.obj(1, &t_cap)?;
                let addr: String = a.pure(2, &string_tag())?;
                system::set_network_address(cx, &mut s, &cap, addr)?;
                a.set(ls, &t_system, &s);
                a.finish()?;
                none
            }
            ("system", "set_commission") => {
                let mut a = Args::new(it, call, 3)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let cap: StorageNodeCap = a.obj(1, &t_cap)?;
                let bps: u16 = a.pure(2, &TypeTag::U16)?;
                system::set_commission(cx, &mut s, &cap, bps)?;
                a.set(ls, &t_system, &s);
                a.finish()?;
                none
            }
            ("system", "collect_commission") => {
                let mut a = Args::new(it, call, 2)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let cap: StorageNodeCap = a.obj(1, &t_cap)?;
                let coin = system::collect_commission(cx, &mut s, &cap)?;
                a.set(ls, &t_system, &s);
                a.finish()?;
                Ok(vec![Value::object(t_coin, &coin)])
            }
            ("system", "reregister_node") => {
                let mut a = Args::new(it, call, 2)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let cap: StorageNodeCap = a.obj(1, &t_cap)?;
                system::reregister_node(cx, &mut s, &cap)?;
                a.set(ls, &t_system, &s);
                a.finish()?;
                none
            }
            ("system", "stake_with_pool") => {
                let mut a = Args::new(it, call, 3)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let node: Id = a.pure(2, &id_tag())?;
                let coin: Coin<Wal> = a.take(1, &t_coin)?;
                let staked = system::stake_with_pool(cx, &mut s, coin, node)?;
                a.set(ls, &t_system, &s);
                a.finish()?;
                Ok(vec![Value::object(t_staked, &staked)])
            }
            ("system", "request_withdraw_stake") => {
                let mut a = Args::new(it, call, 2)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let (lw, mut w): (_, StakedWal) = a.obj_mut(1, &t_staked)?;
                system::request_withdraw_stake(cx, &mut s, &mut w)?;
                a.set(ls, &t_system, &s);
                a.set(lw, &t_staked, &w);
                a.finish()?;
                none
            }
            ("system", "withdraw_stake") => {
                let mut a = Args::new(it, call, 2)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let w: StakedWal = a.take(1, &t_staked)?;
                let coin = system::withdraw_stake(cx, &mut s, w)?;
                a.set(ls, &t_system, &s);
                a.finish()?;
                Ok(vec![Value::object(t_coin, &coin)])
            }
            ("system", "advance_epoch") => {
                let mut a = Args::new(it, call, 2)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                a.system_object(1, &clock)?;
                system::advance_epoch(cx, &mut s)?;
                a.set(ls, &t_system, &s);
                a.finish()?;
                none
            }
            ("system", "staked_wal_value") => {
                let mut a = Args::new(it, call, 2)?;
                let s: System = a.obj(0, &t_system)?;
                let w: StakedWal = a.obj(1, &t_staked)?;
                let v = system::staked_wal_value(cx, &s, &w)?;
                a.finish()?;
                Ok(vec![Value::plain(TypeTag::U64, &v)])
            }
            ("storage_resource", "split_by_epoch" | "split_by_size") => {
                let mut a = Args::new(it, call, 2)?;
                let (l, mut st): (_, Storage) = a.obj_mut(0, &t_storage)?;
                let new = if f == "split_by_epoch" {
                    let e: u32 = a.pure(1, &TypeTag::U32)?;
                    storage::split_by_epoch(cx, &mut st, e)?
                } else {
                    let size: u64 = a.pure(1, &TypeTag::U64)?;
                    storage::split_by_size(cx, &mut st, size)?
                };
                a.set(l, &t_storage, &st);
                a.finish()?;
                Ok(vec![Value::object(t_storage, &new)])
            }
            ("storage_resource", "fuse_periods" | "fuse_amount" | "fuse") => {
                let mut a = Args::new(it, call, 2)?;
                let (l, mut st): (_, Storage) = a.obj_mut(0, &t_storage)?;
                let other: Storage = a.take(1, &t_storage)?;
                match f {
                    "fuse_periods" => storage::fuse_periods(cx, &mut st, &other)?,
                    "fuse_amount" => storage::fuse_amount(cx, &mut st, &other)?,
                    _ => storage::fuse(cx, &mut st, &other)?,
                }
                a.set(l, &t_storage, &st);
                a.finish()?;
                none
            }
            ("storage_resource", "destroy") => {
                let mut a = Args::new(it, call, 1)?;
                let st: Storage = a.take(0, &t_storage)?;
                storage::destroy(cx, st);
                a.finish()?;
                none
            }
            ("blob", "set_attribute" | "remove_attribute") => {
                let arity = if f == "set_attribute" { 3 } else { 2 };
                let mut a = Args::new(it, call, arity)?;
                let (l, mut b): (_, Blob) = a.obj_mut(0, &t_blob)?;
                let key: String = a.pure(1, &string_tag())?;
                if f == "set_attribute" {
                    let value: String = a.pure(2, &string_tag())?;
                    blob::set_attribute(cx, &mut b, key, value)?;
                } else {
                    blob::remove_attribute(cx, &mut b, key)?;
                }
                a.set(l, &t_blob, &b);
                a.finish()?;
                none
            }
            ("staked_wal", "split") => {
                let mut a = Args::new(it, call, 2)?;
                let (l, mut w): (_, StakedWal) = a.obj_mut(0, &t_staked)?;
                let amount: u64 = a.pure(1, &TypeTag::U64)?;
                let new = staking::split_staked(cx, &mut w, amount)?;
                a.set(l, &t_staked, &w);
                a.finish()?;
                Ok(vec![Value::object(t_staked, &new)])
            }
            ("staked_wal", "join") => {
                let mut a = Args::new(it, call, 2)?;
                let (l, mut w): (_, StakedWal) = a.obj_mut(0, &t_staked)?;
                let other: StakedWal = a.take(1, &t_staked)?;
                staking::join_staked(cx, &mut w, other)?;
                a.set(l, &t_staked, &w);
                a.finish()?;
                none
            }
            ("proposal", "set_parameter_action") => {
                let mut a = Args::new(it, call, 2)?;
                let param: u8 = a.pure(0, &TypeTag::U8)?;
                let value: u64 = a.pure(1, &TypeTag::U64)?;
                let action = governance::set_parameter_action(param, value)?;
                Ok(vec![Value::plain(ids::tag(t_action), &action)])
            }
            ("proposal", "add_auditor_action" | "remove_auditor_action") => {
                let mut a = Args::new(it, call, 1)?;
                let auditor: Address = a.pure(0, &TypeTag::Address)?;
                let action = if f == "add_auditor_action" {
                    governance::add_auditor_action(auditor)
                } else {
                    governance::remove_auditor_action(auditor)
                };
                Ok(vec![Value::plain(ids::tag(t_action), &action)])
            }
            ("proposal", "signal_action") => {
                Args::new(it, call, 0)?;
                Ok(vec![Value::plain(
                    ids::tag(t_action),
                    &governance::signal_action(),
                )])
            }
            ("governance", "create_proposal") => {
                let mut a = Args::new(it, call, 5)?;
                let s: System = a.obj(0, &t_system)?;
                let w: StakedWal = a.obj(1, &t_staked)?;
                let action: Action = a.pure(2, &ids::tag(t_action))?;
                let description: String = a.pure(3, &string_tag())?;
                a.system_object(4, &clock)?;
                let p = governance::create_proposal(cx, &s, &w, action, description)?;
                let id = p.id.to_id();
                cx.transfer(p.id.0, &p, Recipient::Shared);
                a.finish()?;
                Ok(vec![Value::plain(id_tag(), &id)])
            }
            ("governance", "vote") => {
                let mut a = Args::new(it, call, 5)?;
                let s: System = a.obj(0, &t_system)?;
                let (lp, mut p): (_, Proposal) = a.obj_mut(1, &t_proposal)?;
                let (lw, mut w): (_, StakedWal) = a.obj_mut(2, &t_staked)?;
                let choice: u8 = a.pure(3, &TypeTag::U8)?;
                a.system_object(4, &clock)?;
                governance::vote(cx, &s, &mut p, &mut w, choice)?;
                a.set(lp, &t_proposal, &p);
                a.set(lw, &t_staked, &w);
                a.finish()?;
                none
            }
            ("governance", "finalize_proposal") => {
                let mut a = Args::new(it, call, 3)?;
                let s: System = a.obj(0, &t_system)?;
                let (lp, mut p): (_, Proposal) = a.obj_mut(1, &t_proposal)?;
                a.system_object(2, &clock)?;
                governance::finalize_proposal(cx, &s, &mut p)?;
                a.set(lp, &t_proposal, &p);
                a.finish()?;
                none
            }
            ("governance", "execute") => {
                let mut a = Args::new(it, call, 3)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let (lp, mut p): (_, Proposal) = a.obj_mut(1, &t_proposal)?;
                a.system_object(2, &clock)?;
                governance::execute(cx, &mut s, &mut p)?;
                a.set(ls, &t_system, &s);
                a.set(lp, &t_proposal, &p);
                a.finish()?;
                none
            }
            ("audit", "open_round") => {
                let mut a = Args::new(it, call, 3)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                a.system_object(1, &random)?;
                a.system_object(2, &clock)?;
                let round = audit::open_round(cx, &mut s)?;
                cx.transfer(round.id.0, &round, Recipient::Shared);
                a.set(ls, &t_system, &s);
                a.finish()?;
                none
            }
            ("audit", "submit_report") => {
                let mut a = Args::new(it, call, 8)?;
                let s: System = a.obj(0, &t_system)?;
                let cap: AuditorCap = a.obj(1, &t_auditor_cap)?;
                let (lr, mut r): (_, AuditRound) = a.obj_mut(2, &t_round)?;
                let nodes: Vec<Id> = a.pure(3, &TypeTag::Vector(Box::new(id_tag())))?;
                let challenged: Vec<u64> = a.pure(4, &TypeTag::Vector(Box::new(TypeTag::U64)))?;
                let failed: Vec<u64> = a.pure(5, &TypeTag::Vector(Box::new(TypeTag::U64)))?;
                let digest: Vec<u8> = a.pure(6, &bytes_tag())?;
                a.system_object(7, &clock)?;
                audit::submit_report(cx, &s, &cap, &mut r, nodes, challenged, failed, digest)?;
                a.set(lr, &t_round, &r);
                a.finish()?;
                none
            }
            ("audit", "finalize_round") => {
                let mut a = Args::new(it, call, 4)?;
                let (ls, mut s): (_, System) = a.obj_mut(0, &t_system)?;
                let (lr, mut r): (_, AuditRound) = a.obj_mut(1, &t_round)?;
                let (lt, mut t): (_, Treasury) = a.obj_mut(2, &t_treasury)?;
                a.system_object(3, &clock)?;
                audit::finalize_round(cx, &mut s, &mut r, &mut t)?;
                a.set(ls, &t_system, &s);
                a.set(lr, &t_round, &r);
                a.set(lt, &t_treasury, &t);
                a.finish()?;
                none
            }
            _ => Err(self.unsupported(call)),
        }
    }

    fn wal(&self, it: &mut Interp, cx: &mut Cx, call: &MoveCall) -> Result<Vec<Value>, Fail> {
        no_type_args(call)?;
        match (call.module.as_str(), call.function.as_str()) {
            ("wal", "burn") => {
                let t_treasury = self.tag::<Treasury>();
                let t_coin = self.packages.wal_coin_object();
                let mut a = Args::new(it, call, 2)?;
                let (lt, mut t): (_, Treasury) = a.obj_mut(0, &t_treasury)?;
                let coin: Coin<Wal> = a.take(1, &t_coin)?;
                audit::burn_balance(cx, &mut t, coin.balance.value)?;
                a.set(lt, &t_treasury, &t);
                a.finish()?;
                Ok(vec![])
            }
            _ => Err(self.unsupported(call)),
        }
    }

    fn framework(&self, it: &mut Interp, cx: &mut Cx, call: &MoveCall) -> Result<Vec<Value>, Fail> {
        let m = call.module.as_str();
        let f = call.function.as_str();
        match (m, f) {
            ("coin", "split" | "join" | "value" | "zero" | "destroy_zero") => {
                let inner = one_type_arg(call)?;
                let coin_tag = StructTag::coin(inner.clone());
                match f {
                    "split" => {
                        let mut a = Args::new(it, call, 2)?;
                        let (l, mut c): (_, CoinValue) = a.obj_mut(0, &coin_tag)?;
                        let amount: u64 = a.pure(1, &TypeTag::U64)?;
                        if c.value < amount {
                            return Err(Fail::Abort(super::framework::BALANCE_ENOTENOUGH));
                        }
                        c.value -= amount;
                        let new = CoinValue {
                            id: cx.fresh_id(),
                            value: amount,
                        };
                        a.writes.push((l, coin_value(&inner, &c)));
                        a.finish()?;
                        Ok(vec![coin_value(&inner, &new)])
                    }
                    "join" => {
                        let mut a = Args::new(it, call, 2)?;
                        let (l, mut c): (_, CoinValue) = a.obj_mut(0, &coin_tag)?;
                        let other: CoinValue = a.take(1, &coin_tag)?;
                        c.value = crate::exec::add(c.value, other.value)?;
                        a.writes.push((l, coin_value(&inner, &c)));
                        a.finish()?;
                        Ok(vec![])
                    }
                    "value" => {
                        let mut a = Args::new(it, call, 1)?;
                        let c: CoinValue = a.obj(0, &coin_tag)?;
                        Ok(vec![Value::plain(TypeTag::U64, &c.value)])
                    }
                    "zero" => {
                        Args::new(it, call, 0)?;
                        let c = CoinValue {
                            id: cx.fresh_id(),
                            value: 0,
                        };
                        Ok(vec![coin_value(&inner, &c)])
                    }
                    _ => {
                        let mut a = Args::new(it, call, 1)?;
                        let c: CoinValue = a.take(0, &coin_tag)?;
                        if c.value != 0 {
                            return Err(Fail::Abort(super::framework::BALANCE_ENONZERO));
                        }
                        Ok(vec![])
                    }
                }
            }
            ("transfer", "public_transfer") => {
                let ty = one_type_arg(call)?;
                let mut a = Args::new(it, call, 2)?;
                let recipient: Address = a.pure(1, &TypeTag::Address)?;
                let v = Args::value_of(a.it.read(&a.args[0])?, 0)?;
                if v.ty != ty || !v.object {
                    return Err(Fail::argument(format!(
                        "argument 0: expected an object of type {ty}, got a {}",
                        v.ty
                    )));
                }
                let TypeTag::Struct(tag) = &ty else {
                    return Err(Fail::argument("public_transfer of a non-struct type"));
                };
                let v = Args::value_of(a.it.take(&a.args[0])?, 0)?;
                let id = v
                    .object_id()
                    .ok_or_else(|| Fail::invariant("object without ID"))?;
                cx.transfers.push(crate::exec::Transfer {
                    id,
                    type_: (**tag).clone(),
                    contents: v.bytes,
                    to: Recipient::Address(recipient),
                });
                Ok(vec![])
            }
            _ => Err(self.unsupported(call)),
        }
    }
}

impl MoveCalls for Dispatch {
    fn call(&self, it: &mut Interp, cx: &mut Cx, call: &MoveCall) -> Result<Vec<Value>, Fail> {
        match self.package_name(&call.package) {
            Some("walrus") => self.walrus(it, cx, call),
            Some("wal") => self.wal(it, cx, call),
            Some(_) => self.framework(it, cx, call),
            None => Err(self.unsupported(call)),
        }
    }
}

/// Whether a coin value's type parameter is what `coin_param` reports (re-export for tests).
pub fn coin_type_of(v: &Value) -> Option<TypeTag> {
    coin_param(&v.ty)
}
