//! The programmable transaction interpreter: inputs, results, nested results, the built-in
//! commands (`SplitCoins`, `MergeCoins`, `TransferObjects`, `MakeMoveVec`) and Move calls,
//! with Sui's rules on how values are used (by value, by reference, by mutable reference).

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sui_rpc::proto::sui::rpc::v2::execution_error::ExecutionErrorKind as K;
use sui_sdk_types::{Address, Argument, Command, StructTag, TypeTag};
use walrus_chain::types::Owner;

use super::cx::{Cx, Recipient, Transfer};
use super::world::{decode, encode};
use super::{Fail, add};
use crate::ids;

/// A value held by the transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// Its Move type.
    pub ty: TypeTag,
    /// Its BCS.
    pub bytes: Vec<u8>,
    /// Whether it is an object (has `key`): objects move, other values are copied.
    pub object: bool,
}

impl Value {
    /// An object value of a binding.
    pub fn object<T: Serialize>(tag: StructTag, value: &T) -> Self {
        Self {
            ty: ids::tag(tag),
            bytes: encode(value),
            object: true,
        }
    }

    /// A plain (copy, drop) value.
    pub fn plain<T: Serialize>(ty: TypeTag, value: &T) -> Self {
        Self {
            ty,
            bytes: encode(value),
            object: false,
        }
    }

    /// The object's ID (its first 32 bytes).
    pub fn object_id(&self) -> Option<Address> {
        let bytes: [u8; 32] = self.bytes.get(..32)?.try_into().ok()?;
        Some(Address::new(bytes))
    }
}

/// One place a value can be in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// Moved out (or a command result that was never there).
    Moved,
    /// A pure input: untyped BCS, typed by its first use.
    Pure(Vec<u8>),
    /// A typed value.
    Val(Value),
}

/// How an input object may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Not an object (pure input, or a result).
    Value,
    /// Owned by the sender: by value or by mutable reference.
    Owned,
    /// Immutable (frozen) object: by immutable reference only.
    Immutable,
    /// Shared, taken mutably: by reference.
    SharedMut,
    /// Shared, taken immutably: by immutable reference only.
    SharedImm,
}

/// Where a value lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Loc {
    /// The gas coin.
    Gas,
    /// An input.
    Input(u16),
    /// A command result.
    Result(u16, u16),
}

/// The interpreter state of one transaction.
#[derive(Debug)]
pub struct Interp {
    /// Inputs, with their access.
    pub inputs: Vec<(Slot, Access)>,
    /// Results per command.
    pub results: Vec<Vec<Slot>>,
    /// The (smashed) gas coin, if any.
    pub gas: Option<Slot>,
    /// Objects transferred or shared, in order.
    pub transferred: Vec<Transfer>,
}

fn arg_error(msg: impl Into<String>) -> Fail {
    Fail::argument(msg)
}

fn loc_of(a: &Argument) -> Loc {
    match a {
        Argument::Gas => Loc::Gas,
        Argument::Input(i) => Loc::Input(*i),
        Argument::Result(i) => Loc::Result(*i, 0),
        Argument::NestedResult(i, j) => Loc::Result(*i, *j),
    }
}

impl Interp {
    /// An interpreter over the given inputs and gas coin.
    pub fn new(inputs: Vec<(Slot, Access)>, gas: Option<Slot>) -> Self {
        Self {
            inputs,
            results: Vec::new(),
            gas,
            transferred: Vec::new(),
        }
    }

    fn resolve(&mut self, a: &Argument) -> Result<(Loc, &mut Slot, Access), Fail> {
        match a {
            Argument::Gas => match &mut self.gas {
                Some(s) => Ok((Loc::Gas, s, Access::Owned)),
                None => Err(arg_error("the transaction has no gas coin")),
            },
            Argument::Input(i) => {
                let (s, acc) = self
                    .inputs
                    .get_mut(usize::from(*i))
                    .ok_or_else(|| arg_error(format!("input {i} does not exist")))?;
                Ok((Loc::Input(*i), s, *acc))
            }
            Argument::Result(i) => {
                let r = self
                    .results
                    .get_mut(usize::from(*i))
                    .ok_or_else(|| arg_error(format!("result {i} does not exist (yet)")))?;
                if r.len() != 1 {
                    return Err(arg_error(format!(
                        "result {i} has {} values; use a nested result",
                        r.len()
                    )));
                }
                Ok((Loc::Result(*i, 0), &mut r[0], Access::Value))
            }
            Argument::NestedResult(i, j) => {
                let r = self
                    .results
                    .get_mut(usize::from(*i))
                    .ok_or_else(|| arg_error(format!("result {i} does not exist (yet)")))?;
                let s = r
                    .get_mut(usize::from(*j))
                    .ok_or_else(|| arg_error(format!("result {i} has no value {j}")))?;
                Ok((Loc::Result(*i, *j), s, Access::Value))
            }
        }
    }

    /// Reads a value by immutable reference.
    pub fn read(&mut self, a: &Argument) -> Result<Slot, Fail> {
        let (loc, s, _) = self.resolve(a)?;
        match s {
            Slot::Moved => Err(arg_error(format!("{loc:?} was already moved"))),
            s => Ok(s.clone()),
        }
    }

    /// Checks a value may be borrowed mutably and reads it.
    pub fn read_mut(&mut self, a: &Argument) -> Result<(Loc, Value), Fail> {
        let (loc, s, acc) = self.resolve(a)?;
        if matches!(acc, Access::Immutable | Access::SharedImm) {
            return Err(arg_error(format!(
                "{loc:?} is an immutable object (or a shared object taken immutably) and cannot be \
                 passed by mutable reference"
            )));
        }
        match s {
            Slot::Val(v) => Ok((loc, v.clone())),
            Slot::Pure(_) => Err(arg_error(format!(
                "{loc:?} is a pure value and cannot be passed by mutable reference"
            ))),
            Slot::Moved => Err(arg_error(format!("{loc:?} was already moved"))),
        }
    }

    /// Writes a value back after a mutable borrow.
    pub fn write(&mut self, loc: Loc, v: Value) -> Result<(), Fail> {
        let arg = match loc {
            Loc::Gas => Argument::Gas,
            Loc::Input(i) => Argument::Input(i),
            Loc::Result(i, j) => Argument::NestedResult(i, j),
        };
        let (_, s, _) = self.resolve(&arg)?;
        *s = Slot::Val(v);
        Ok(())
    }

    /// Takes a value by value: objects move out, other values are copied.
    pub fn take(&mut self, a: &Argument) -> Result<Slot, Fail> {
        let (loc, s, acc) = self.resolve(a)?;
        match s {
            Slot::Moved => Err(arg_error(format!("{loc:?} was already moved"))),
            Slot::Pure(b) => Ok(Slot::Pure(b.clone())),
            Slot::Val(v) if !v.object => Ok(Slot::Val(v.clone())),
            Slot::Val(_) => {
                match acc {
                    Access::Immutable | Access::SharedImm | Access::SharedMut => {
                        return Err(arg_error(format!(
                            "{loc:?} is a shared or immutable object and cannot be taken by value"
                        )));
                    }
                    _ => {}
                }
                if loc == Loc::Gas {
                    return Err(arg_error(
                        "the gas coin can only be taken by value by TransferObjects",
                    ));
                }
                Ok(std::mem::replace(s, Slot::Moved))
            }
        }
    }

    /// Whether any command result still holds an object (Sui: `UnusedValueWithoutDrop`).
    pub fn unused_result(&self) -> Option<(usize, usize, TypeTag)> {
        for (i, r) in self.results.iter().enumerate() {
            for (j, s) in r.iter().enumerate() {
                if let Slot::Val(v) = s
                    && v.object
                {
                    return Some((i, j, v.ty.clone()));
                }
            }
        }
        None
    }

    /// Runs one command.
    pub fn command(
        &mut self,
        cx: &mut Cx,
        index: usize,
        cmd: &Command,
        calls: &dyn MoveCalls,
    ) -> Result<(), Fail> {
        let out = match cmd {
            Command::MoveCall(call) => {
                check_no_object_aliasing(self, &call.arguments)?;
                cx.call = (call.package, call.module.as_str().to_string());
                let before = cx.transfers.len();
                let out = calls.call(self, cx, call)?;
                self.transferred
                    .extend(cx.transfers.drain(before..).collect::<Vec<_>>());
                out.into_iter().map(Slot::Val).collect()
            }
            Command::SplitCoins(c) => self.split_coins(cx, &c.coin, &c.amounts)?,
            Command::MergeCoins(c) => {
                self.merge_coins(&c.coin, &c.coins_to_merge)?;
                vec![]
            }
            Command::TransferObjects(t) => {
                self.transfer_objects(&t.objects, &t.address)?;
                vec![]
            }
            Command::MakeMoveVector(m) => vec![self.make_move_vec(m.type_.as_ref(), &m.elements)?],
            Command::Publish(_) | Command::Upgrade(_) => {
                return Err(Fail::exec(
                    K::FeatureNotYetSupported,
                    "walrus-localnet does not publish or upgrade packages: wal and walrus exist at \
                     genesis at fixed IDs",
                ));
            }
            other => {
                return Err(Fail::exec(
                    K::FeatureNotYetSupported,
                    format!("walrus-localnet does not support the command {other:?}"),
                ));
            }
        };
        debug_assert_eq!(self.results.len(), index);
        self.results.push(out);
        Ok(())
    }

    /// A coin argument by mutable reference: (location, coin type parameter, coin).
    fn coin_mut(&mut self, a: &Argument) -> Result<(Loc, TypeTag, CoinValue), Fail> {
        let (loc, v) = self.read_mut(a)?;
        let inner = coin_param(&v.ty)
            .ok_or_else(|| arg_error(format!("{loc:?} is a {}, not a coin", v.ty)))?;
        let coin: CoinValue = decode(&v.bytes, "coin")?;
        Ok((loc, inner, coin))
    }

    fn split_coins(
        &mut self,
        cx: &mut Cx,
        coin: &Argument,
        amounts: &[Argument],
    ) -> Result<Vec<Slot>, Fail> {
        let (loc, inner, mut c) = self.coin_mut(coin)?;
        let mut out = Vec::new();
        for a in amounts {
            let amount: u64 = pure_or_typed(self.read(a)?, &TypeTag::U64)?;
            if c.value < amount {
                return Err(Fail::exec(
                    K::InsufficientCoinBalance,
                    format!(
                        "SplitCoins: the coin holds {} but {amount} was asked for",
                        c.value
                    ),
                ));
            }
            c.value -= amount;
            let new = CoinValue {
                id: cx.fresh_id(),
                value: amount,
            };
            out.push(Slot::Val(coin_value(&inner, &new)));
        }
        self.write(loc, coin_value(&inner, &c))?;
        Ok(out)
    }

    fn merge_coins(&mut self, coin: &Argument, others: &[Argument]) -> Result<(), Fail> {
        let (loc, inner, mut c) = self.coin_mut(coin)?;
        for o in others {
            if loc_of(o) == loc {
                return Err(arg_error("MergeCoins: a coin cannot be merged into itself"));
            }
            let Slot::Val(v) = self.take(o)? else {
                return Err(arg_error("MergeCoins: the coins to merge must be coins"));
            };
            if coin_param(&v.ty).as_ref() != Some(&inner) {
                return Err(arg_error(format!(
                    "MergeCoins: cannot merge a {} into a coin of {inner}",
                    v.ty
                )));
            }
            let other: CoinValue = decode(&v.bytes, "coin")?;
            c.value = add(c.value, other.value).map_err(|_| {
                Fail::exec(
                    K::CoinBalanceOverflow,
                    "MergeCoins: the balance overflows u64",
                )
            })?;
        }
        self.write(loc, coin_value(&inner, &c))
    }

    fn transfer_objects(&mut self, objects: &[Argument], address: &Argument) -> Result<(), Fail> {
        let recipient: Address = pure_or_typed(self.read(address)?, &TypeTag::Address)?;
        for o in objects {
            let v = if *o == Argument::Gas {
                match self.gas.replace(Slot::Moved) {
                    Some(Slot::Val(v)) => v,
                    _ => return Err(arg_error("the gas coin was already moved")),
                }
            } else {
                match self.take(o)? {
                    Slot::Val(v) if v.object => v,
                    _ => {
                        return Err(arg_error(
                            "TransferObjects: only objects can be transferred",
                        ));
                    }
                }
            };
            let TypeTag::Struct(tag) = &v.ty else {
                return Err(arg_error(
                    "TransferObjects: only objects can be transferred",
                ));
            };
            if !has_store(tag) {
                return Err(Fail::exec(
                    K::InvalidTransferObject,
                    format!("{tag} does not have `store`: it cannot be transferred"),
                ));
            }
            let id = v
                .object_id()
                .ok_or_else(|| Fail::invariant("object without ID"))?;
            self.transferred.push(Transfer {
                id,
                type_: (**tag).clone(),
                contents: v.bytes,
                to: Recipient::Address(recipient),
            });
        }
        Ok(())
    }

    fn make_move_vec(&mut self, ty: Option<&TypeTag>, elements: &[Argument]) -> Result<Slot, Fail> {
        let mut values = Vec::new();
        for e in elements {
            values.push(self.take(e)?);
        }
        let elem_ty = match (ty, values.first()) {
            (Some(t), _) => t.clone(),
            (None, Some(Slot::Val(v))) => v.ty.clone(),
            _ => {
                return Err(arg_error(
                    "MakeMoveVec of pure values (or of nothing) needs the element type",
                ));
            }
        };
        let mut bytes = Vec::new();
        write_uleb128(&mut bytes, values.len() as u64);
        let mut object = false;
        for v in values {
            match v {
                Slot::Pure(b) => {
                    check_pure(&b, &elem_ty)?;
                    bytes.extend_from_slice(&b);
                }
                Slot::Val(v) => {
                    if v.ty != elem_ty {
                        return Err(arg_error(format!(
                            "MakeMoveVec: element of type {} in a vector<{elem_ty}>",
                            v.ty
                        )));
                    }
                    object |= v.object;
                    bytes.extend_from_slice(&v.bytes);
                }
                Slot::Moved => return Err(arg_error("MakeMoveVec: moved element")),
            }
        }
        Ok(Slot::Val(Value {
            ty: TypeTag::Vector(Box::new(elem_ty)),
            bytes,
            object,
        }))
    }
}

/// Executes Move calls (the contracts and the framework functions the localnet implements).
pub trait MoveCalls {
    /// Runs one Move call; its return values.
    fn call(
        &self,
        it: &mut Interp,
        cx: &mut Cx,
        call: &sui_sdk_types::MoveCall,
    ) -> Result<Vec<Value>, Fail>;
}

fn check_no_object_aliasing(it: &mut Interp, args: &[Argument]) -> Result<(), Fail> {
    let mut seen = BTreeMap::new();
    for a in args {
        let loc = loc_of(a);
        let is_object = matches!(it.read(a), Ok(Slot::Val(v)) if v.object);
        if is_object && seen.insert(loc, ()).is_some() {
            return Err(arg_error(format!(
                "{loc:?} is passed twice to the same call (objects may be borrowed once per call)"
            )));
        }
    }
    Ok(())
}

/// Whether a struct has `store` (may be transferred with `TransferObjects`).
fn has_store(tag: &StructTag) -> bool {
    !matches!(
        (tag.module().as_str(), tag.name().as_str()),
        ("system", "System")
            | ("proposal", "Proposal")
            | ("audit_round", "AuditRound")
            | ("wal", "Treasury")
            | ("clock", "Clock")
            | ("random", "Random")
    )
}

/// A `Coin<T>` value: `{ id: UID, balance: Balance<T> { value } }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CoinValue {
    /// Its ID.
    pub id: Address,
    /// Its balance.
    pub value: u64,
}

/// The `T` of a `0x2::coin::Coin<T>` type.
pub fn coin_param(ty: &TypeTag) -> Option<TypeTag> {
    let TypeTag::Struct(tag) = ty else {
        return None;
    };
    tag.is_coin().cloned()
}

/// A coin value of `Coin<inner>`.
pub fn coin_value(inner: &TypeTag, c: &CoinValue) -> Value {
    let TypeTag::Struct(s) = inner else {
        return Value {
            ty: TypeTag::Struct(Box::new(StructTag::coin(inner.clone()))),
            bytes: encode(c),
            object: true,
        };
    };
    Value::object(ids::coin_of((**s).clone()), c)
}

fn write_uleb128(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Checks that pure bytes are a valid BCS value of `ty` (primitives, vectors, `String`, `ID`,
/// `Option`).
pub fn check_pure(bytes: &[u8], ty: &TypeTag) -> Result<(), Fail> {
    let mut rest = bytes;
    check_pure_value(&mut rest, ty)?;
    if rest.is_empty() {
        Ok(())
    } else {
        Err(arg_error(format!(
            "pure argument has {} bytes left over for type {ty}",
            rest.len()
        )))
    }
}

fn take_bytes<'a>(rest: &mut &'a [u8], n: usize, ty: &TypeTag) -> Result<&'a [u8], Fail> {
    if rest.len() < n {
        return Err(arg_error(format!("pure argument too short for type {ty}")));
    }
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    Ok(head)
}

fn read_uleb128(rest: &mut &[u8], ty: &TypeTag) -> Result<u64, Fail> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let b = take_bytes(rest, 1, ty)?[0];
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err(arg_error(format!("bad length prefix in a pure {ty}")))
}

fn check_pure_value(rest: &mut &[u8], ty: &TypeTag) -> Result<(), Fail> {
    let n = match ty {
        TypeTag::Bool => {
            let b = take_bytes(rest, 1, ty)?[0];
            if b > 1 {
                return Err(arg_error("invalid bool"));
            }
            return Ok(());
        }
        TypeTag::U8 => 1,
        TypeTag::U16 => 2,
        TypeTag::U32 => 4,
        TypeTag::U64 => 8,
        TypeTag::U128 => 16,
        TypeTag::U256 | TypeTag::Address => 32,
        TypeTag::Vector(inner) => {
            let len = read_uleb128(rest, ty)?;
            for _ in 0..len {
                check_pure_value(rest, inner)?;
            }
            return Ok(());
        }
        TypeTag::Struct(s) => {
            let name = (*s.address(), s.module().as_str(), s.name().as_str());
            return match name {
                (a, "string", "String") if a == ids::STD => {
                    let len = read_uleb128(rest, ty)? as usize;
                    let b = take_bytes(rest, len, ty)?;
                    std::str::from_utf8(b)
                        .map(|_| ())
                        .map_err(|_| arg_error("invalid UTF-8 in a String argument"))
                }
                (a, "object", "ID") if a == ids::FRAMEWORK => take_bytes(rest, 32, ty).map(|_| ()),
                (a, "option", "Option") if a == ids::STD => {
                    let len = read_uleb128(rest, ty)?;
                    if len > 1 {
                        return Err(arg_error("invalid Option"));
                    }
                    if len == 1 {
                        let inner = s
                            .type_params()
                            .first()
                            .ok_or_else(|| arg_error("Option without type"))?;
                        check_pure_value(rest, inner)?;
                    }
                    Ok(())
                }
                _ => Err(arg_error(format!("{ty} cannot be a pure argument"))),
            };
        }
        TypeTag::Signer => return Err(arg_error("signer cannot be a pure argument")),
    };
    take_bytes(rest, n, ty).map(|_| ())
}

/// Decodes a pure input or a typed value as `T`, the Rust mirror of Move type `ty`.
pub fn pure_or_typed<T: DeserializeOwned>(slot: Slot, ty: &TypeTag) -> Result<T, Fail> {
    match slot {
        Slot::Pure(b) => {
            check_pure(&b, ty)?;
            bcs::from_bytes(&b)
                .map_err(|e| arg_error(format!("invalid pure argument for type {ty}: {e}")))
        }
        Slot::Val(v) if &v.ty == ty && !v.object => decode(&v.bytes, &ty.to_string()),
        Slot::Val(v) => Err(arg_error(format!("expected a {ty}, got a {}", v.ty))),
        Slot::Moved => Err(arg_error("value was moved")),
    }
}

/// New owner of a transferred object.
pub fn owner_of(to: Recipient, lamport: u64) -> Owner {
    match to {
        Recipient::Address(a) => Owner::Address(a),
        Recipient::Shared => Owner::Shared {
            initial_shared_version: lamport,
        },
    }
}
