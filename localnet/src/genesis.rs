//! The genesis configuration (TOML) and the genesis state of a local chain.
//!
//! ```toml
//! chain_id = "walrus-localnet"
//! random_seed = 7
//!
//! [system]
//! n_shards = 10
//! epoch_duration_ms = 60000
//! max_epochs_ahead = 52
//! max_committee_size = 100
//! min_committee_stake = 0
//! initial_capacity = 1099511627776
//! storage_price = 1000
//! write_price = 500
//! auditors = ["0xad00"]
//!
//! [params]            # optional: governed parameters set at genesis
//! round_duration_ms = 5000
//!
//! [[nodes]]
//! name = "node-0"
//! network_address = "127.0.0.1:9100"
//! protocol_key_seed = "0101010101010101010101010101010101010101010101010101010101010101"
//! operator = "0xa0"
//! stake = 1000000000000
//!
//! [[accounts]]
//! address = "0xc0"
//! sui = 100000000000
//! wal = 1000000000000
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sui_sdk_types::Address;
use walrus_chain::bindings::{Coin, Id, StakedWal, Supply, System, Treasury, Uid, Wal};
use walrus_chain::events::MoveStruct;
use walrus_chain::server::LedgerStore;
use walrus_chain::types::Owner;

use crate::contracts::{params, system};
use crate::exec::{self, Fail, Recipient, system_tx};
use crate::ids::{self, Packages};

/// The WAL supply, in FROST (5 billion WAL).
pub const WAL_SUPPLY: u64 = 5_000_000_000_000_000_000;
/// FROST per WAL.
pub const FROST_PER_WAL: u64 = 1_000_000_000;
/// MIST per SUI.
pub const MIST_PER_SUI: u64 = 1_000_000_000;

fn default_chain_id() -> String {
    "walrus-localnet".into()
}

/// An address in a config file (`0x…`, short or full).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConfigAddress(pub Address);

impl Serialize for ConfigAddress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for ConfigAddress {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Address::from_str(&s)
            .map(ConfigAddress)
            .map_err(|e| serde::de::Error::custom(format!("invalid address {s:?}: {e}")))
    }
}

/// The `create_system` arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemConfig {
    /// Number of shards (4..=1000).
    pub n_shards: u16,
    /// Minimum epoch duration (ms).
    pub epoch_duration_ms: u64,
    /// Epochs storage can be bought ahead.
    pub max_epochs_ahead: u32,
    /// Maximum committee size.
    pub max_committee_size: u16,
    /// Minimum active stake (FROST) for committee membership.
    #[serde(default)]
    pub min_committee_stake: u64,
    /// Encoded bytes for sale per epoch until the first committee votes.
    pub initial_capacity: u64,
    /// FROST per MiB unit per epoch until the first committee votes.
    pub storage_price: u64,
    /// FROST per MiB unit at registration until the first committee votes.
    pub write_price: u64,
    /// Initial auditors (each receives an `AuditorCap`).
    #[serde(default)]
    pub auditors: Vec<ConfigAddress>,
}

impl Default for SystemConfig {
    fn default() -> Self {
        Self {
            n_shards: 10,
            epoch_duration_ms: 60_000,
            max_epochs_ahead: 52,
            max_committee_size: 100,
            min_committee_stake: 0,
            initial_capacity: 1 << 40,
            storage_price: 1_000,
            write_price: 500,
            auditors: vec![],
        }
    }
}

/// A storage node registered (and staked with) at genesis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeConfig {
    /// Node name (1..=64 bytes).
    pub name: String,
    /// Network address (1..=256 bytes).
    pub network_address: String,
    /// Hex of the 32-byte ed25519 seed of the protocol key: genesis signs the proof of
    /// possession. Alternatively give `public_key` and `proof_of_possession`.
    #[serde(default)]
    pub protocol_key_seed: Option<String>,
    /// Hex of the 32-byte protocol public key.
    #[serde(default)]
    pub public_key: Option<String>,
    /// Hex of the 64-byte proof of possession (signature over `[3,0,3] ++ operator ++ key`).
    #[serde(default)]
    pub proof_of_possession: Option<String>,
    /// The operator: registers the node and receives the `StorageNodeCap`.
    pub operator: ConfigAddress,
    /// FROST staked with the node at genesis (from the WAL supply); 0 for none.
    #[serde(default)]
    pub stake: u64,
    /// Receives the `StakedWal` (default: the operator).
    #[serde(default)]
    pub staker: Option<ConfigAddress>,
    /// Commission (bps).
    #[serde(default)]
    pub commission_bps: u16,
    /// Storage price vote (default: the system's storage price).
    #[serde(default)]
    pub storage_price_vote: Option<u64>,
    /// Write price vote (default: the system's write price).
    #[serde(default)]
    pub write_price_vote: Option<u64>,
    /// Capacity vote in bytes (default: the initial capacity).
    #[serde(default)]
    pub capacity_vote: Option<u64>,
}

/// SUI and WAL given to an address at genesis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    /// The address.
    pub address: ConfigAddress,
    /// MIST (one coin).
    #[serde(default)]
    pub sui: u64,
    /// FROST (one coin, from the WAL supply).
    #[serde(default)]
    pub wal: u64,
}

/// The faucet's limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaucetConfig {
    /// Most MIST one request may ask for.
    pub max_sui: u64,
    /// Most FROST one request may ask for.
    pub max_wal: u64,
}

impl Default for FaucetConfig {
    fn default() -> Self {
        Self {
            max_sui: 1_000 * MIST_PER_SUI,
            max_wal: 1_000_000 * FROST_PER_WAL,
        }
    }
}

/// The genesis configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisConfig {
    /// The chain identifier clients see.
    #[serde(default = "default_chain_id")]
    pub chain_id: String,
    /// Seed of the on-chain randomness (audit round seeds).
    #[serde(default)]
    pub random_seed: u64,
    /// The `create_system` arguments.
    #[serde(default)]
    pub system: SystemConfig,
    /// Governed parameters set at genesis, by name (`penalty_bps`, `round_duration_ms`, ...),
    /// checked with the parameter bounds.
    #[serde(default)]
    pub params: BTreeMap<String, u64>,
    /// Nodes registered and staked at genesis. With at least one, genesis also runs the first
    /// epoch change, so that the chain starts in epoch 1 with a committee.
    #[serde(default)]
    pub nodes: Vec<NodeConfig>,
    /// Initial SUI and WAL balances.
    #[serde(default)]
    pub accounts: Vec<AccountConfig>,
    /// Faucet limits.
    #[serde(default)]
    pub faucet: FaucetConfig,
}

impl Default for GenesisConfig {
    /// The built-in genesis (no `--genesis` file): the same values an empty file gives.
    fn default() -> Self {
        Self {
            chain_id: default_chain_id(),
            random_seed: 0,
            system: SystemConfig::default(),
            params: BTreeMap::new(),
            nodes: Vec::new(),
            accounts: Vec::new(),
            faucet: FaucetConfig::default(),
        }
    }
}

/// Errors of the genesis configuration.
#[derive(Debug, thiserror::Error)]
pub enum GenesisError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The TOML is invalid.
    #[error("invalid genesis config {path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// Why (with line and column).
        message: String,
    },
    /// A value cannot be used.
    #[error("invalid genesis config: {0}")]
    Invalid(String),
    /// Genesis aborted in the contracts.
    #[error("genesis failed in {step}: {fail}")]
    Failed {
        /// The step.
        step: String,
        /// The failure.
        fail: Fail,
    },
}

/// What genesis created: the IDs clients need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenesisObjects {
    /// The shared `System`.
    pub system: Address,
    /// The shared WAL `Treasury`.
    pub treasury: Address,
    /// The faucet's address (holds the undistributed WAL).
    pub faucet: Address,
    /// The faucet's WAL coin.
    pub faucet_wal_coin: Address,
}

fn hex32(field: &str, s: &str) -> Result<[u8; 32], GenesisError> {
    let b = hex::decode(s.trim_start_matches("0x"))
        .map_err(|e| GenesisError::Invalid(format!("{field}: not hex: {e}")))?;
    b.try_into()
        .map_err(|_| GenesisError::Invalid(format!("{field}: must be 32 bytes")))
}

impl GenesisConfig {
    /// Reads a TOML file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, GenesisError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| GenesisError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml(&text).map_err(|e| match e {
            GenesisError::Parse { message, .. } => GenesisError::Parse {
                path: path.display().to_string(),
                message,
            },
            other => other,
        })
    }

    /// Parses TOML text and checks the values.
    pub fn from_toml(text: &str) -> Result<Self, GenesisError> {
        let c: Self = toml::from_str(text).map_err(|e| GenesisError::Parse {
            path: "<text>".into(),
            message: e.to_string(),
        })?;
        c.validate()?;
        Ok(c)
    }

    /// The configuration as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("the config serializes")
    }

    /// Checks what the contracts would not (names of parameters, keys, totals).
    pub fn validate(&self) -> Result<(), GenesisError> {
        for name in self.params.keys() {
            if walrus_chain::bindings::GovernedParameter::from_name(name).is_none() {
                return Err(GenesisError::Invalid(format!(
                    "params.{name}: unknown parameter (known: penalty_bps, \
                     failure_threshold_bps, challenged_symbols, auditor_quorum_bps, \
                     epoch_duration_ms, max_committee_size, min_proposal_stake, \
                     voting_period_ms, quorum_bps, approval_threshold_bps, timelock_ms, \
                     max_rounds_per_epoch, round_duration_ms, exclusion_rounds)"
                )));
            }
        }
        let mut wal: u128 = 0;
        for (i, n) in self.nodes.iter().enumerate() {
            match (&n.protocol_key_seed, &n.public_key, &n.proof_of_possession) {
                (Some(seed), None, None) => {
                    hex32(&format!("nodes[{i}].protocol_key_seed"), seed)?;
                }
                (None, Some(key), Some(pop)) => {
                    hex32(&format!("nodes[{i}].public_key"), key)?;
                    let b = hex::decode(pop.trim_start_matches("0x")).map_err(|e| {
                        GenesisError::Invalid(format!("nodes[{i}].proof_of_possession: {e}"))
                    })?;
                    if b.len() != 64 {
                        return Err(GenesisError::Invalid(format!(
                            "nodes[{i}].proof_of_possession must be 64 bytes"
                        )));
                    }
                }
                _ => {
                    return Err(GenesisError::Invalid(format!(
                        "nodes[{i}]: give either protocol_key_seed, or public_key and \
                         proof_of_possession"
                    )));
                }
            }
            wal += u128::from(n.stake);
        }
        for a in &self.accounts {
            wal += u128::from(a.wal);
        }
        if wal > u128::from(WAL_SUPPLY) {
            return Err(GenesisError::Invalid(format!(
                "nodes and accounts receive {wal} FROST, more than the WAL supply {WAL_SUPPLY}"
            )));
        }
        Ok(())
    }

    /// The randomness seed as 32 bytes.
    pub fn random_seed_bytes(&self) -> [u8; 32] {
        crate::hash::blake2b256_parts(&[b"walrus-localnet seed", &self.random_seed.to_le_bytes()])
    }
}

/// The faucet's address.
pub fn faucet_address() -> Address {
    ids::derived_address(b"walrus-localnet/faucet")
}

/// The address that sends genesis transactions.
pub const GENESIS_SENDER: Address = Address::ZERO;

fn failed(step: impl Into<String>) -> impl FnOnce(Fail) -> GenesisError {
    let step = step.into();
    move |fail| GenesisError::Failed { step, fail }
}

/// Builds the genesis state into an empty ledger at `genesis_ms`: the clock and random
/// objects, the WAL treasury and supply, the `System`, the nodes with their stake (and the
/// first epoch change if there are nodes), the accounts. Every step is recorded as a
/// transaction (sender `0x0`, or the node's operator) with its events; the caller seals them
/// into a checkpoint.
pub fn build(
    store: &LedgerStore,
    config: &GenesisConfig,
    packages: Packages,
    genesis_ms: u64,
) -> Result<GenesisObjects, GenesisError> {
    config.validate()?;
    let seed = config.random_seed_bytes();
    let sys = &config.system;
    exec::tick_clock(store, genesis_ms);
    exec::create_random_object(store);
    let faucet = faucet_address();
    let has_nodes = !config.nodes.is_empty();
    // With nodes, epoch 0 is back-dated by one epoch so that the first epoch change happens at
    // `genesis_ms`.
    let start_ms = if has_nodes {
        genesis_ms.saturating_sub(sys.epoch_duration_ms)
    } else {
        genesis_ms
    };

    // wal::init: the treasury (shared) and the whole supply, held by the faucet.
    let (treasury, faucet_coin) = system_tx::run(
        store,
        packages,
        GENESIS_SENDER,
        (packages.wal, "wal"),
        "init",
        b"genesis: wal::init",
        start_ms,
        seed,
        |cx| {
            let coin_id = cx.fresh_id();
            let treasury_id = cx.fresh_id();
            let treasury = Treasury {
                id: Uid(treasury_id),
                supply: Supply::new(WAL_SUPPLY),
                burned: 0,
            };
            cx.transfer(treasury_id, &treasury, Recipient::Shared);
            let coin: Coin<Wal> = crate::contracts::framework::new_coin(coin_id, WAL_SUPPLY);
            push_coin(cx, &coin, faucet, packages);
            Ok((treasury_id, coin_id))
        },
    )
    .map_err(failed("wal::init"))?;

    // system::create_system.
    let auditors: Vec<Address> = sys.auditors.iter().map(|a| a.0).collect();
    let system_id = system_tx::run(
        store,
        packages,
        GENESIS_SENDER,
        (packages.walrus, "system"),
        "create_system",
        b"genesis: system::create_system",
        start_ms,
        seed,
        |cx| {
            let mut s = system::create_system(
                cx,
                sys.n_shards,
                sys.epoch_duration_ms,
                sys.max_epochs_ahead,
                sys.max_committee_size,
                sys.min_committee_stake,
                sys.initial_capacity,
                sys.storage_price,
                sys.write_price,
                &auditors,
            )?;
            for (name, value) in &config.params {
                let p = walrus_chain::bindings::GovernedParameter::from_name(name)
                    .ok_or_else(|| Fail::invariant(format!("unknown parameter {name}")))?;
                params::set_parameter(&mut s.params, p.code(), *value)?;
            }
            let id = s.id.0;
            cx.transfer(id, &s, Recipient::Shared);
            Ok(id)
        },
    )
    .map_err(failed("system::create_system"))?;

    // Nodes.
    for (i, n) in config.nodes.iter().enumerate() {
        let (public_key, pop) = match &n.protocol_key_seed {
            Some(seed_hex) => {
                let key = walrus_core::ProtocolKeyPair::from_seed(hex32("seed", seed_hex)?);
                let (_, sig) =
                    walrus_core::ProofOfPossession::sign(n.operator.0.into_inner(), &key);
                (key.public().to_bytes().to_vec(), sig.0.to_vec())
            }
            None => (
                hex::decode(
                    n.public_key
                        .as_deref()
                        .unwrap_or_default()
                        .trim_start_matches("0x"),
                )
                .unwrap_or_default(),
                hex::decode(
                    n.proof_of_possession
                        .as_deref()
                        .unwrap_or_default()
                        .trim_start_matches("0x"),
                )
                .unwrap_or_default(),
            ),
        };
        let step = format!("nodes[{i}] ({}): register_candidate", n.name);
        let node_id = system_tx::run(
            store,
            packages,
            n.operator.0,
            (packages.walrus, "system"),
            "register_candidate",
            step.as_bytes(),
            start_ms,
            seed,
            |cx| {
                let mut s = load_system(cx, system_id)?;
                let cap = system::register_candidate(
                    cx,
                    &mut s,
                    n.name.clone(),
                    n.network_address.clone(),
                    public_key.clone(),
                    pop.clone(),
                    n.commission_bps,
                    n.storage_price_vote.unwrap_or(sys.storage_price),
                    n.write_price_vote.unwrap_or(sys.write_price),
                    n.capacity_vote.unwrap_or(sys.initial_capacity),
                )?;
                save_system(cx, &s);
                cx.transfer(cap.id.0, &cap, Recipient::Address(n.operator.0));
                Ok(cap.node_id)
            },
        )
        .map_err(failed(step.clone()))?;
        if n.stake > 0 {
            let staker = n.staker.unwrap_or(n.operator).0;
            let step = format!("nodes[{i}] ({}): stake_with_pool", n.name);
            system_tx::run(
                store,
                packages,
                staker,
                (packages.walrus, "system"),
                "stake_with_pool",
                step.as_bytes(),
                start_ms,
                seed,
                |cx| {
                    take_from_faucet(cx, faucet_coin, n.stake, packages)?;
                    let mut s = load_system(cx, system_id)?;
                    let coin: Coin<Wal> =
                        crate::contracts::framework::new_coin(cx.fresh_id(), n.stake);
                    let staked: StakedWal = system::stake_with_pool(cx, &mut s, coin, node_id)?;
                    save_system(cx, &s);
                    cx.transfer(staked.id.0, &staked, Recipient::Address(staker));
                    Ok(())
                },
            )
            .map_err(failed(step))?;
        }
        let _: Id = node_id;
    }
    if has_nodes {
        system_tx::run(
            store,
            packages,
            GENESIS_SENDER,
            (packages.walrus, "system"),
            "advance_epoch",
            b"genesis: system::advance_epoch",
            genesis_ms,
            seed,
            |cx| {
                let mut s = load_system(cx, system_id)?;
                system::advance_epoch(cx, &mut s)?;
                save_system(cx, &s);
                Ok(())
            },
        )
        .map_err(failed("system::advance_epoch"))?;
    }

    // Accounts.
    for (i, a) in config.accounts.iter().enumerate() {
        let step = format!("accounts[{i}] ({})", a.address.0);
        grant(
            store,
            packages,
            faucet_coin,
            a.address.0,
            a.sui,
            a.wal,
            genesis_ms,
            step.as_bytes(),
        )
        .map_err(failed(step))?;
    }
    exec::tick_clock(store, genesis_ms);
    Ok(GenesisObjects {
        system: system_id,
        treasury,
        faucet,
        faucet_wal_coin: faucet_coin,
    })
}

fn push_coin<T>(cx: &mut exec::Cx, coin: &Coin<T>, to: Address, packages: Packages) {
    cx.transfers.push(exec::Transfer {
        id: coin.id.0,
        type_: packages.wal_coin_object(),
        contents: exec::world::encode(coin),
        to: Recipient::Address(to),
    });
}

/// Loads the shared `System`.
pub fn load_system(cx: &mut exec::Cx, id: Address) -> Result<System, Fail> {
    let tag = System::struct_tag(&cx.packages.ids());
    cx.world
        .load::<System>(&id, &tag)?
        .ok_or_else(|| Fail::invariant("the System object does not exist"))
}

fn save_system(cx: &mut exec::Cx, s: &System) {
    let tag = System::struct_tag(&cx.packages.ids());
    let owner = cx
        .world
        .get(&s.id.0)
        .map(|o| o.owner)
        .unwrap_or(Owner::Shared {
            initial_shared_version: 1,
        });
    cx.world.store_value(s.id.0, owner, tag, s);
}

fn take_from_faucet(
    cx: &mut exec::Cx,
    faucet_coin: Address,
    amount: u64,
    packages: Packages,
) -> Result<(), Fail> {
    let tag = packages.wal_coin_object();
    let mut coin: Coin<Wal> = cx
        .world
        .load(&faucet_coin, &tag)?
        .ok_or_else(|| Fail::invariant("the faucet's WAL coin does not exist"))?;
    if coin.balance.value < amount {
        return Err(Fail::Abort(crate::contracts::framework::BALANCE_ENOTENOUGH));
    }
    coin.balance.value -= amount;
    cx.world
        .store_value(faucet_coin, Owner::Address(faucet_address()), tag, &coin);
    Ok(())
}

/// Gives `address` a SUI coin of `sui` MIST (minted) and a WAL coin of `wal` FROST (from the
/// faucet's supply), as a recorded system transaction; returns the new coins' IDs.
#[allow(clippy::too_many_arguments)]
pub fn grant(
    store: &LedgerStore,
    packages: Packages,
    faucet_coin: Address,
    address: Address,
    sui: u64,
    wal: u64,
    now_ms: u64,
    label: &[u8],
) -> Result<(Option<Address>, Option<Address>), Fail> {
    system_tx::run(
        store,
        packages,
        faucet_address(),
        (Address::ZERO, "faucet"),
        "grant",
        label,
        now_ms,
        [0; 32],
        |cx| {
            let mut out = (None, None);
            if sui > 0 {
                let id = cx.fresh_id();
                cx.transfers.push(exec::Transfer {
                    id,
                    type_: ids::coin_of(ids::sui()),
                    contents: exec::world::encode(&crate::exec::interp::CoinValue {
                        id,
                        value: sui,
                    }),
                    to: Recipient::Address(address),
                });
                out.0 = Some(id);
            }
            if wal > 0 {
                take_from_faucet(cx, faucet_coin, wal, packages)?;
                let id = cx.fresh_id();
                let coin: Coin<Wal> = crate::contracts::framework::new_coin(id, wal);
                push_coin(cx, &coin, address, packages);
                out.1 = Some(id);
            }
            Ok(out)
        },
    )
}

#[cfg(test)]
mod default_tests {
    use super::*;

    #[test]
    fn the_built_in_genesis_equals_an_empty_file() {
        let empty: GenesisConfig = toml::from_str("").expect("an empty file is a valid genesis");
        assert_eq!(GenesisConfig::default(), empty);
        assert_eq!(GenesisConfig::default().chain_id, "walrus-localnet");
    }
}
