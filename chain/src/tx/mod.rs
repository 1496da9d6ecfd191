//! Transaction builders for every entry function the project uses.
//!
//! Two layers, both on `sui-transaction-builder`:
//!
//! * [`WalrusPtb`]: a programmable transaction under construction, with one method per Move
//!   function (`reserve_space`, `register_blob`, `stake_with_pool`, `open_round`, ...) that adds
//!   the call and returns its result as an [`Argument`], so that calls compose in one
//!   transaction (reserve and register a blob, build a proposal's action and create the
//!   proposal), plus the plumbing: the system's shared objects, owned objects, WAL payments
//!   (coins merged and split as needed, change returned) and transfers to the sender.
//! * Functions, one per entry point ([`reserve_space`], [`register_blob`],
//!   [`reserve_and_register_blob`], [`certify_blob`], ..., [`create_system`]): a complete
//!   transaction whose results (a `Storage`, `Blob`, `StakedWal`, cap or `Coin`) go to the
//!   sender. They return a [`TransactionBuilder`] without gas: [`SuiChain::prepare`] sets the
//!   sender, the reference gas price, a budget measured by simulation and the gas coins, and
//!   [`SuiChain::sign_and_execute`] signs (ed25519, `sui-crypto`) and executes it.
//!
//! Objects are passed as references the client resolves: [`ObjectRef`] (owned or immutable:
//! ID, version, digest; [`SuiChain::object_ref`]) and [`SharedRef`] (shared: ID and initial
//! shared version; [`SuiChain::shared_ref`]). [`Deployment`] holds the package IDs and the
//! system's shared objects (`System`, `wal::Treasury`, `Clock` 0x6, `Random` 0x8), resolved
//! once by [`SuiChain::deployment`].
//!
//! ```no_run
//! # async fn demo(chain: walrus_chain::SuiChain, key: walrus_chain::SuiKeyPair) -> Result<(), walrus_chain::ChainError> {
//! use walrus_chain::tx;
//! let sender = key.address();
//! let deployment = chain.deployment().await?;
//! let system = chain.system_state().await?;
//! let cost = system.reserve_cost(10 << 20, 3).expect("affordable");
//! let coins = chain.wal_coins(sender).await?;
//! let builder = tx::reserve_space(&deployment, sender, &coins, cost, 10 << 20, 3)?;
//! let transaction = chain.prepare(builder, sender).await?;
//! let executed = chain.sign_and_execute(&transaction, &key).await?;
//! println!("storage bought in {}", executed.digest);
//! # Ok(()) }
//! ```
//!
//! [`SuiChain::prepare`]: crate::SuiChain::prepare
//! [`SuiChain::sign_and_execute`]: crate::SuiChain::sign_and_execute
//! [`SuiChain::object_ref`]: crate::SuiChain::object_ref
//! [`SuiChain::shared_ref`]: crate::SuiChain::shared_ref
//! [`SuiChain::deployment`]: crate::SuiChain::deployment

mod calls;
mod transactions;

pub use calls::{AuditReport, BlobRegistration, Genesis, NodeRegistration, NodeVotes};
pub use sui_transaction_builder::{Argument, TransactionBuilder};
pub use transactions::*;

use sui_sdk_types::{Address, Digest, Identifier};
use sui_transaction_builder::{Function, ObjectInput};

use crate::bindings::Id;
use crate::config::PackageConfig;
use crate::error::ChainError;
use crate::events::PackageIds;
use crate::types::{ObjectData, Owner};

/// An owned (or immutable) object at a version: what a transaction input needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ObjectRef {
    /// Object ID.
    pub id: Address,
    /// Version.
    pub version: u64,
    /// Digest of that version.
    pub digest: Digest,
}

impl From<&ObjectData> for ObjectRef {
    fn from(o: &ObjectData) -> Self {
        ObjectRef {
            id: o.id,
            version: o.version,
            digest: o.digest,
        }
    }
}

/// A shared object: its ID and the version at which it became shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SharedRef {
    /// Object ID.
    pub id: Address,
    /// The version at which it became shared.
    pub initial_shared_version: u64,
}

impl SharedRef {
    /// The `0x2::clock::Clock` object, `0x6`, shared at version 1 on every network.
    pub const CLOCK: SharedRef = SharedRef {
        id: Address::from_static("0x6"),
        initial_shared_version: 1,
    };

    /// The ID of the `0x2::random::Random` object (`0x8`); its initial shared version differs
    /// between networks, so it is resolved.
    pub const RANDOM_ID: Address = Address::from_static("0x8");

    /// The shared reference of an object read from the chain; an error if it is not shared.
    pub fn of(object: &ObjectData) -> Result<Self, ChainError> {
        match object.owner {
            Owner::Shared {
                initial_shared_version,
            } => Ok(SharedRef {
                id: object.id,
                initial_shared_version,
            }),
            other => Err(ChainError::UnexpectedObject {
                object: object.id,
                found: format!("not shared (owner: {other:?})"),
                expected: "a shared object".into(),
            }),
        }
    }
}

/// A coin and its balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CoinRef {
    /// The coin object.
    pub object: ObjectRef,
    /// Its balance.
    pub balance: u64,
}

/// The package IDs and shared objects of a deployment of the system: what every builder needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    /// Package IDs: original IDs (types) and published-at IDs (calls).
    pub packages: PackageConfig,
    /// The shared `walrus::system::System`.
    pub system: SharedRef,
    /// The shared `wal::wal::Treasury`.
    pub wal_treasury: SharedRef,
    /// The `Clock` (0x6).
    pub clock: SharedRef,
    /// The `Random` object (0x8), if the network has one (`open_round` needs it).
    pub random: Option<SharedRef>,
}

impl Deployment {
    /// The original package IDs (for type tags).
    pub fn ids(&self) -> PackageIds {
        self.packages.ids()
    }
}

/// Chooses the fewest of `coins`, largest first, whose balances add up to `amount`.
///
/// ```
/// # use walrus_chain::tx::{select_coins, CoinRef, ObjectRef};
/// # use sui_sdk_types::{Address, Digest};
/// let coin = |n: u8, balance| CoinRef {
///     object: ObjectRef { id: Address::new([n; 32]), version: 1, digest: Digest::ZERO },
///     balance,
/// };
/// let coins = [coin(1, 5), coin(2, 50), coin(3, 20)];
/// let chosen = select_coins(&coins, 60).unwrap();
/// assert_eq!(chosen.iter().map(|c| c.balance).collect::<Vec<_>>(), [50, 20]);
/// assert!(select_coins(&coins, 76).is_none());
/// ```
pub fn select_coins(coins: &[CoinRef], amount: u64) -> Option<Vec<CoinRef>> {
    let mut sorted = coins.to_vec();
    sorted.sort_by_key(|c| std::cmp::Reverse(c.balance));
    let mut total = 0u64;
    let mut chosen = Vec::new();
    for c in sorted {
        if total >= amount && !chosen.is_empty() {
            break;
        }
        total = total.saturating_add(c.balance);
        chosen.push(c);
    }
    (total >= amount && !chosen.is_empty()).then_some(chosen)
}

/// A WAL coin passed by `&mut Coin<WAL>` to calls that take what they cost (`reserve_space`,
/// `register_blob`, `extend_blob`), capped at a maximum: see [`WalrusPtb::wal_payment`].
#[derive(Debug, Clone, Copy)]
pub struct WalPayment {
    /// The coin to pass to the calls.
    pub coin: Argument,
    primary: Argument,
    split: bool,
}

/// A programmable transaction under construction, with the calls of the walrus and wal
/// packages (see the module documentation).
pub struct WalrusPtb {
    deployment: Deployment,
    builder: TransactionBuilder,
    sender: Address,
}

impl std::fmt::Debug for WalrusPtb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WalrusPtb")
            .field("sender", &self.sender)
            .finish_non_exhaustive()
    }
}

impl WalrusPtb {
    /// An empty transaction of `sender` against `deployment`.
    pub fn new(deployment: &Deployment, sender: Address) -> Self {
        Self {
            deployment: deployment.clone(),
            builder: TransactionBuilder::new(),
            sender,
        }
    }

    /// The sender the results are transferred to.
    pub fn sender(&self) -> Address {
        self.sender
    }

    /// The deployment.
    pub fn deployment(&self) -> &Deployment {
        &self.deployment
    }

    /// The underlying builder, for commands this type does not cover.
    pub fn builder_mut(&mut self) -> &mut TransactionBuilder {
        &mut self.builder
    }

    /// The finished builder, for [`SuiChain::prepare`](crate::SuiChain::prepare).
    pub fn into_builder(self) -> TransactionBuilder {
        self.builder
    }

    // === Inputs ===

    /// An owned or immutable object.
    pub fn owned(&mut self, object: &ObjectRef) -> Argument {
        self.builder
            .object(ObjectInput::owned(object.id, object.version, object.digest))
    }

    /// A shared object, by mutable or immutable reference.
    pub fn shared(&mut self, object: &SharedRef, mutable: bool) -> Argument {
        self.builder.object(ObjectInput::shared(
            object.id,
            object.initial_shared_version,
            mutable,
        ))
    }

    /// The `System` (`&System` or `&mut System`).
    pub fn system(&mut self, mutable: bool) -> Argument {
        let system = self.deployment.system;
        self.shared(&system, mutable)
    }

    /// The `Clock` (always by immutable reference).
    pub fn clock(&mut self) -> Argument {
        let clock = self.deployment.clock;
        self.shared(&clock, false)
    }

    /// The `Random` object (immutable reference); an error if the deployment has none.
    pub fn random(&mut self) -> Result<Argument, ChainError> {
        let random = self.deployment.random.ok_or_else(|| {
            ChainError::Transaction(
                "the network has no Random object (0x8), which audit::open_round needs".into(),
            )
        })?;
        Ok(self.shared(&random, false))
    }

    /// The WAL `Treasury` (mutable reference).
    pub fn wal_treasury(&mut self) -> Argument {
        let treasury = self.deployment.wal_treasury;
        self.shared(&treasury, true)
    }

    /// A pure (BCS) argument.
    pub fn pure<T: serde::Serialize>(&mut self, value: &T) -> Argument {
        self.builder.pure(value)
    }

    /// A `Coin<WAL>` worth exactly `amount` FROST, taken from the fewest of `coins` (largest
    /// first; merged into the first if several are needed, then split unless they add up to
    /// exactly `amount`). For calls that take the coin by value (stake, burn).
    pub fn wal_coin(&mut self, coins: &[CoinRef], amount: u64) -> Result<Argument, ChainError> {
        let (primary, total) = self.merged_wal(coins, amount)?;
        if total == amount {
            return Ok(primary);
        }
        let amount = self.builder.pure(&amount);
        Ok(self.builder.split_coins(primary, vec![amount])[0])
    }

    /// A WAL payment for calls that take `&mut Coin<WAL>` and keep what they cost: a coin of
    /// `max_amount` FROST split from the fewest of `coins` (merged as needed), so the calls can
    /// take at most `max_amount` even if the price changed since it was read. Pass
    /// [`WalPayment::coin`] to the calls, then [`WalrusPtb::settle`] to merge what is left back
    /// into the sender's coin.
    pub fn wal_payment(
        &mut self,
        coins: &[CoinRef],
        max_amount: u64,
    ) -> Result<WalPayment, ChainError> {
        let (primary, total) = self.merged_wal(coins, max_amount)?;
        if total == max_amount {
            return Ok(WalPayment {
                coin: primary,
                primary,
                split: false,
            });
        }
        let amount = self.builder.pure(&max_amount);
        let coin = self.builder.split_coins(primary, vec![amount])[0];
        Ok(WalPayment {
            coin,
            primary,
            split: true,
        })
    }

    /// Returns what is left of a payment to the sender's coin it was split from.
    pub fn settle(&mut self, payment: WalPayment) {
        if payment.split {
            self.builder
                .merge_coins(payment.primary, vec![payment.coin]);
        }
    }

    /// Transfers `objects` (results of earlier calls) to the sender.
    pub fn transfer_to_sender(&mut self, objects: Vec<Argument>) {
        let sender = self.sender;
        let to = self.builder.pure(&sender);
        self.builder.transfer_objects(objects, to);
    }

    fn merged_wal(
        &mut self,
        coins: &[CoinRef],
        amount: u64,
    ) -> Result<(Argument, u64), ChainError> {
        let chosen =
            select_coins(coins, amount).ok_or_else(|| ChainError::InsufficientBalance {
                owner: self.sender,
                coin_type: self.deployment.ids().wal_coin_type().to_string(),
                needed: amount,
                available: coins.iter().map(|c| c.balance).fold(0, u64::saturating_add),
                coins: coins.len(),
            })?;
        let total = chosen
            .iter()
            .map(|c| c.balance)
            .fold(0, u64::saturating_add);
        let primary = self.owned(&chosen[0].object);
        if chosen.len() > 1 {
            let rest = chosen[1..].iter().map(|c| self.owned(&c.object)).collect();
            self.builder.merge_coins(primary, rest);
        }
        Ok((primary, total))
    }

    /// Adds a call of `module::function` of the walrus package.
    pub fn walrus_call(&mut self, module: &str, function: &str, args: Vec<Argument>) -> Argument {
        let package = self.deployment.packages.walrus_call_target();
        move_call(&mut self.builder, package, module, function, args)
    }

    /// Adds a call of `module::function` of the wal package.
    pub fn wal_call(&mut self, module: &str, function: &str, args: Vec<Argument>) -> Argument {
        let package = self.deployment.packages.wal_call_target();
        move_call(&mut self.builder, package, module, function, args)
    }

    /// An `ID` argument.
    pub fn id(&mut self, id: Id) -> Argument {
        self.builder.pure(&id)
    }
}

pub(crate) fn move_call(
    builder: &mut TransactionBuilder,
    package: Address,
    module: &str,
    function: &str,
    args: Vec<Argument>,
) -> Argument {
    builder.move_call(
        Function::new(
            package,
            Identifier::new(module).expect("module names are identifiers"),
            Identifier::new(function).expect("function names are identifiers"),
        ),
        args,
    )
}
