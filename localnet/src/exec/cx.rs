//! The context a re-implemented Move function runs in: the transaction's sender, digest and
//! fresh IDs (`TxContext`), the clock, randomness, the objects (through [`World`]), emitted
//! events, and the objects the function transferred or shared.

use sui_rpc::proto::sui::rpc::v2::execution_error::ExecutionErrorKind;
use sui_sdk_types::{Address, Digest, StructTag};
use walrus_chain::events::MoveStruct;
use walrus_chain::server::EventRecord;

use super::world::{World, encode};
use crate::contracts::errors::Abort;
use crate::ids::Packages;

/// Why a command failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fail {
    /// A Move abort (module and error code as the Move code raises them).
    Abort(Abort),
    /// Another execution error.
    Exec {
        /// Its kind.
        kind: ExecutionErrorKind,
        /// What happened.
        message: String,
    },
}

impl Fail {
    /// An execution error of `kind`.
    pub fn exec(kind: ExecutionErrorKind, message: impl Into<String>) -> Self {
        Fail::Exec {
            kind,
            message: message.into(),
        }
    }

    /// A broken internal invariant (a bug of the localnet, reported, never a panic).
    pub fn invariant(message: impl Into<String>) -> Self {
        Self::exec(ExecutionErrorKind::InvariantViolation, message)
    }

    /// Arithmetic overflow or underflow (what the Move VM reports as an arithmetic error).
    pub fn arithmetic(what: &str) -> Self {
        Self::exec(
            ExecutionErrorKind::MovePrimitiveRuntimeError,
            format!("arithmetic error: {what}"),
        )
    }

    /// A command argument of the wrong kind or type.
    pub fn argument(message: impl Into<String>) -> Self {
        Self::exec(ExecutionErrorKind::CommandArgumentError, message)
    }
}

impl From<Abort> for Fail {
    fn from(a: Abort) -> Self {
        Fail::Abort(a)
    }
}

impl std::fmt::Display for Fail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fail::Abort(a) => write!(f, "Move abort: {a}"),
            Fail::Exec { kind, message } => write!(f, "{}: {message}", kind.as_str_name()),
        }
    }
}

/// Aborts with `abort` unless `cond` holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $abort:expr) => {
        if !$cond {
            return Err($crate::exec::Fail::Abort($abort));
        }
    };
}

/// Checked `a + b` (Move aborts on overflow).
pub fn add<T: num::CheckedOps>(a: T, b: T) -> Result<T, Fail> {
    a.checked_add_(b)
        .ok_or_else(|| Fail::arithmetic("addition overflow"))
}

/// Checked `a - b` (Move aborts on underflow).
pub fn sub<T: num::CheckedOps>(a: T, b: T) -> Result<T, Fail> {
    a.checked_sub_(b)
        .ok_or_else(|| Fail::arithmetic("subtraction underflow"))
}

/// Checked `a * b`.
pub fn mul<T: num::CheckedOps>(a: T, b: T) -> Result<T, Fail> {
    a.checked_mul_(b)
        .ok_or_else(|| Fail::arithmetic("multiplication overflow"))
}

/// A narrowing cast that aborts when the value does not fit (Move's `as`).
pub fn cast<T: TryFrom<U>, U>(v: U) -> Result<T, Fail> {
    T::try_from(v).map_err(|_| Fail::arithmetic("cast overflow"))
}

/// Checked arithmetic over the unsigned integers.
pub mod num {
    /// The checked operations the contracts use.
    pub trait CheckedOps: Sized {
        /// `checked_add`.
        fn checked_add_(self, other: Self) -> Option<Self>;
        /// `checked_sub`.
        fn checked_sub_(self, other: Self) -> Option<Self>;
        /// `checked_mul`.
        fn checked_mul_(self, other: Self) -> Option<Self>;
    }
    macro_rules! impl_ops {
        ($($t:ty),*) => {$(
            impl CheckedOps for $t {
                fn checked_add_(self, o: Self) -> Option<Self> { self.checked_add(o) }
                fn checked_sub_(self, o: Self) -> Option<Self> { self.checked_sub(o) }
                fn checked_mul_(self, o: Self) -> Option<Self> { self.checked_mul(o) }
            }
        )*};
    }
    impl_ops!(u8, u16, u32, u64, u128);
}

/// Who receives an object a Move function transferred or shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    /// `transfer::(public_)transfer` to an address.
    Address(Address),
    /// `transfer::share_object`.
    Shared,
}

/// An object that left the transaction's values through a transfer or share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// Object ID.
    pub id: Address,
    /// Move type.
    pub type_: StructTag,
    /// BCS contents.
    pub contents: Vec<u8>,
    /// Recipient.
    pub to: Recipient,
}

/// The context of one transaction's Move calls.
pub struct Cx<'w, 's> {
    /// The objects.
    pub world: &'w mut World<'s>,
    /// Package IDs of the system.
    pub packages: Packages,
    /// `ctx.sender()`.
    pub sender: Address,
    /// The transaction digest (fresh IDs derive from it).
    pub digest: Digest,
    ids_created: u64,
    /// The clock's time for this transaction (what `Clock` shows).
    pub now_ms: u64,
    /// Seed of the `Random` object's generator.
    pub random_seed: [u8; 32],
    /// Package and module of the Move call that is running (for events).
    pub call: (Address, String),
    /// Events emitted so far.
    pub events: Vec<EventRecord>,
    /// Objects transferred or shared by Move code so far.
    pub transfers: Vec<Transfer>,
}

impl std::fmt::Debug for Cx<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cx")
            .field("sender", &self.sender)
            .field("digest", &self.digest)
            .finish_non_exhaustive()
    }
}

impl<'w, 's> Cx<'w, 's> {
    /// A context for a transaction.
    pub fn new(
        world: &'w mut World<'s>,
        packages: Packages,
        sender: Address,
        digest: Digest,
        now_ms: u64,
        random_seed: [u8; 32],
    ) -> Self {
        Self {
            world,
            packages,
            sender,
            digest,
            ids_created: 0,
            now_ms,
            random_seed,
            call: (packages.walrus, "system".into()),
            events: Vec::new(),
            transfers: Vec::new(),
        }
    }

    /// `object::new(ctx)`: a fresh object ID, derived from the digest and a counter as Sui does.
    pub fn fresh_id(&mut self) -> Address {
        let id = Address::derive_id(self.digest, self.ids_created);
        self.ids_created += 1;
        id
    }

    /// Number of IDs created so far.
    pub fn ids_created(&self) -> u64 {
        self.ids_created
    }

    /// `event::emit`.
    pub fn emit<T: MoveStruct>(&mut self, event: &T) {
        self.events.push(EventRecord {
            package_id: self.call.0,
            module: self.call.1.clone(),
            event_type: T::struct_tag(&self.packages.ids()).to_string(),
            contents: encode(event),
        });
    }

    /// `transfer::(public_)transfer` / `share_object` of a new or owned object.
    pub fn transfer<T: MoveStruct>(&mut self, id: Address, value: &T, to: Recipient) {
        self.transfers.push(Transfer {
            id,
            type_: T::struct_tag(&self.packages.ids()),
            contents: encode(value),
            to,
        });
    }

    /// The Move type of a binding under this system's package IDs.
    pub fn tag<T: MoveStruct>(&self) -> StructTag {
        T::struct_tag(&self.packages.ids())
    }

    /// `random::new_generator(r, ctx).generate_bytes(n)`: consumes one fresh ID (as Sui's
    /// generator does) and derives the bytes from the chain's seed and that ID.
    pub fn random_bytes(&mut self, n: usize) -> Vec<u8> {
        let nonce = self.fresh_id();
        let mut out = Vec::with_capacity(n);
        let mut counter: u16 = 0;
        while out.len() < n {
            let block = crate::hash::blake2b256_parts(&[
                b"walrus-localnet random v1",
                &self.random_seed,
                nonce.as_bytes(),
                &counter.to_le_bytes(),
            ]);
            out.extend_from_slice(&block);
            counter = counter.wrapping_add(1);
        }
        out.truncate(n);
        out
    }
}
