//! Conformance vectors shared by the Move code and the localnet.
//!
//! A vector file (`localnet/conformance/*.json`) holds a [`Suite`]: the genesis arguments,
//! setup steps, and cases (each: more steps). A step mints WAL, advances the clock, calls an
//! entry function (as an actor, with arguments naming earlier results), or checks object
//! state ([`PROBES`]). Each call records the events it emits (with object IDs written as the
//! names of the objects, since the two sides derive different IDs) or names the abort it must
//! raise (`module::EConstant`, hand-written); each check records the probed values.
//!
//! The same vectors run
//! * against the localnet's executor ([`runner`], in-process, and over gRPC), which must
//!   reproduce the recorded events, aborts and values, and
//! * as Move unit tests: [`movegen`] generates `move/walrus/tests/conformance_tests.move`, one
//!   `#[test]` per case, which must pass under `scripts/move test move/walrus`.
//!
//! `UPDATE_VECTORS=1 cargo test -p walrus-localnet --test conformance` records the localnet's
//! results into the vector files and regenerates the Move file; without it, the test fails on
//! any difference. Since the Move tests check the very same recorded values, a divergence
//! between the Move code and the localnet fails one side or the other.

pub mod movegen;
pub mod runner;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sui_sdk_types::Address;
use walrus_chain::SuiKeyPair;
use walrus_core::ProtocolKeyPair;

/// One vector file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suite {
    /// Name (a Move identifier; prefixes the generated tests).
    pub name: String,
    /// What the suite covers.
    #[serde(default)]
    pub description: String,
    /// `create_system` arguments.
    pub genesis: Genesis,
    /// Test blobs: name -> unencoded size. Their root hash is derived from the name, their
    /// blob ID from the root and the size.
    #[serde(default)]
    pub blobs: BTreeMap<String, u64>,
    /// Steps run before each case.
    #[serde(default)]
    pub setup: Vec<Step>,
    /// The cases: one Move test each.
    pub cases: Vec<Case>,
}

/// The genesis of a suite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Genesis {
    /// `n_shards`.
    pub n_shards: u16,
    /// `epoch_duration_ms`.
    pub epoch_duration_ms: u64,
    /// `max_epochs_ahead`.
    pub max_epochs_ahead: u32,
    /// `max_committee_size`.
    pub max_committee_size: u16,
    /// `min_committee_stake`.
    #[serde(default)]
    pub min_committee_stake: u64,
    /// `initial_capacity`.
    pub initial_capacity: u64,
    /// `storage_price`.
    pub storage_price: u64,
    /// `write_price`.
    pub write_price: u64,
    /// Initial auditors (actor names); each one's cap is bound as `<name>_cap`.
    #[serde(default)]
    pub auditors: Vec<String>,
    /// Recorded events of genesis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<Event>>,
}

/// One case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Name (a Move identifier).
    pub name: String,
    /// What it checks.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Genesis aborts with this (`module::EConstant`) instead of running any step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genesis_abort: Option<String>,
    /// Overrides of the suite's genesis for this case (`create_system` aborts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genesis: Option<Genesis>,
    /// Whether the suite's setup runs first (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub with_setup: bool,
    /// Steps.
    #[serde(default)]
    pub steps: Vec<Step>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// One step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// A new `Coin<WAL>` of `amount` FROST for `to`, bound as `as`.
    Mint {
        /// Owner (actor).
        to: String,
        /// FROST.
        amount: u64,
        /// Name.
        #[serde(rename = "as")]
        name: String,
    },
    /// Advances the clock.
    Clock {
        /// Milliseconds.
        ms: u64,
    },
    /// Calls an entry function.
    Call {
        /// `module::function`.
        call: String,
        /// The sender (actor).
        sender: String,
        /// Arguments, without the implicit `System`, `Clock`, `Random`, `Treasury` and
        /// `TxContext` (see [`FUNCTIONS`]).
        #[serde(default)]
        args: Vec<Arg>,
        /// Name of the returned object (or proposal ID, or opened round).
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// An object the call transfers to an address, bound by name: `[name, owner actor]`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        receives: Option<(String, String)>,
        /// The abort the call must raise (`module::EConstant`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        abort: Option<String>,
        /// Recorded events.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Checks object state.
    Check {
        /// Probes (see [`PROBES`]), e.g. `system.epoch`, `pool(n0).active_stake`.
        probes: Vec<String>,
        /// Recorded values.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        values: BTreeMap<String, String>,
    },
}

/// An argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Arg {
    /// A named object.
    Obj(String),
    /// `u8`.
    U8(u8),
    /// `u16`.
    U16(u16),
    /// `u32`.
    U32(u32),
    /// `u64`.
    U64(u64),
    /// `bool`.
    Bool(bool),
    /// A `String`.
    Str(String),
    /// `vector<u8>` (hex).
    Bytes(String),
    /// An `address` (actor name or `0x…`).
    Address(String),
    /// The `ID` of a named object.
    Id(String),
    /// The node ID of a named `StorageNodeCap`.
    Node(String),
    /// `vector<ID>` of the node IDs of named caps.
    Nodes(Vec<String>),
    /// `vector<u64>`.
    U64s(Vec<u64>),
    /// A `u256` as 64 hex digits of its little-endian bytes.
    U256(String),
    /// The blob ID (`u256`) of a test blob.
    BlobId(String),
    /// The root hash (`u256`) of a test blob.
    Root(String),
    /// The 32-byte protocol public key of test key `k`.
    PubKey(u64),
    /// A proof of possession of test key `key` for `sender`.
    Pop {
        /// Test key.
        key: u64,
        /// The address it is bound to (actor).
        sender: String,
    },
    /// A signers bitmap over the current committee naming these nodes (caps).
    Signers(Vec<String>),
    /// Signatures of these nodes (caps), in committee order, over the storage confirmation
    /// of `blob` in `epoch`, each with the node's test key (or with `key` for all).
    Signatures {
        /// The signers (caps).
        nodes: Vec<String>,
        /// The confirmed epoch.
        epoch: u32,
        /// The test blob.
        blob: String,
        /// Sign with this test key instead (an invalid signature).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<u64>,
    },
    /// A proposal action built in the same transaction.
    Action(Action),
}

/// A proposal action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// `proposal::set_parameter_action(param, value)`.
    SetParameter {
        /// Parameter code.
        param: u8,
        /// Value.
        value: u64,
    },
    /// `proposal::add_auditor_action(auditor)`.
    AddAuditor(String),
    /// `proposal::remove_auditor_action(auditor)`.
    RemoveAuditor(String),
    /// `proposal::signal_action()`.
    Signal,
}

/// A recorded event: its type name and fields, with IDs as `@name` and addresses as `%actor`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The event struct (`SpaceReserved`, ..., `WalBurned`).
    #[serde(rename = "type")]
    pub type_: String,
    /// Field values.
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// How a function takes a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// `&mut System` (implicit).
    SysMut,
    /// `&System` (implicit).
    SysRef,
    /// `&Clock` (implicit).
    Clock,
    /// `&Random` (implicit).
    Random,
    /// `&mut Treasury` (implicit).
    Treasury,
    /// An object by value.
    Val(Obj),
    /// An object by reference.
    Ref(Obj),
    /// An object by mutable reference.
    Mut(Obj),
    /// A pure value of this Move type.
    Pure(&'static str),
    /// An `Action` built in the same transaction.
    Action,
}

/// Object types of the vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Obj {
    /// `Coin<WAL>`.
    Coin,
    /// `Storage`.
    Storage,
    /// `Blob`.
    Blob,
    /// `StorageNodeCap`.
    Cap,
    /// `StakedWal`.
    Staked,
    /// `Proposal` (shared).
    Proposal,
    /// `AuditRound` (shared).
    Round,
    /// `AuditorCap`.
    AuditorCap,
}

/// What a function returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ret {
    /// Nothing.
    None,
    /// An object.
    Obj(Obj),
    /// A proposal's ID (the proposal is shared).
    ProposalId,
    /// An action.
    Action,
    /// Opens a round (shared).
    Round,
}

/// A function of the vectors: `(module::function, params, return, takes TxContext)`.
pub type FunctionSpec = (&'static str, &'static [Param], Ret, bool);

use Obj::*;
use Param::*;

/// Every function the vectors can call.
pub const FUNCTIONS: &[FunctionSpec] = &[
    ("system::migrate", &[SysMut], Ret::None, false),
    (
        "system::reserve_space",
        &[SysMut, Pure("u64"), Pure("u32"), Mut(Coin)],
        Ret::Obj(Storage),
        true,
    ),
    (
        "system::register_blob",
        &[
            SysMut,
            Val(Storage),
            Pure("u256"),
            Pure("u256"),
            Pure("u64"),
            Pure("u8"),
            Pure("bool"),
            Mut(Coin),
        ],
        Ret::Obj(Blob),
        true,
    ),
    (
        "system::certify_blob",
        &[
            SysRef,
            Mut(Blob),
            Pure("vector<u8>"),
            Pure("vector<vector<u8>>"),
            Pure("u32"),
        ],
        Ret::None,
        false,
    ),
    (
        "system::extend_blob",
        &[SysMut, Mut(Blob), Pure("u32"), Mut(Coin)],
        Ret::None,
        false,
    ),
    (
        "system::delete_blob",
        &[SysRef, Val(Blob)],
        Ret::Obj(Storage),
        false,
    ),
    ("system::burn_blob", &[SysRef, Val(Blob)], Ret::None, false),
    (
        "system::register_candidate",
        &[
            SysMut,
            Pure("String"),
            Pure("String"),
            Pure("vector<u8>"),
            Pure("vector<u8>"),
            Pure("u16"),
            Pure("u64"),
            Pure("u64"),
            Pure("u64"),
        ],
        Ret::Obj(Cap),
        true,
    ),
    (
        "system::set_votes",
        &[SysMut, Ref(Cap), Pure("u64"), Pure("u64"), Pure("u64")],
        Ret::None,
        false,
    ),
    (
        "system::set_network_address",
        &[SysMut, Ref(Cap), Pure("String")],
        Ret::None,
        false,
    ),
    (
        "system::set_commission",
        &[SysMut, Ref(Cap), Pure("u16")],
        Ret::None,
        false,
    ),
    (
        "system::collect_commission",
        &[SysMut, Ref(Cap)],
        Ret::Obj(Coin),
        true,
    ),
    (
        "system::reregister_node",
        &[SysMut, Ref(Cap)],
        Ret::None,
        false,
    ),
    (
        "system::stake_with_pool",
        &[SysMut, Val(Coin), Pure("ID")],
        Ret::Obj(Staked),
        true,
    ),
    (
        "system::request_withdraw_stake",
        &[SysMut, Mut(Staked)],
        Ret::None,
        false,
    ),
    (
        "system::withdraw_stake",
        &[SysMut, Val(Staked)],
        Ret::Obj(Coin),
        true,
    ),
    ("system::advance_epoch", &[SysMut, Clock], Ret::None, false),
    (
        "storage_resource::split_by_epoch",
        &[Mut(Storage), Pure("u32")],
        Ret::Obj(Storage),
        true,
    ),
    (
        "storage_resource::split_by_size",
        &[Mut(Storage), Pure("u64")],
        Ret::Obj(Storage),
        true,
    ),
    (
        "storage_resource::fuse_periods",
        &[Mut(Storage), Val(Storage)],
        Ret::None,
        false,
    ),
    (
        "storage_resource::fuse_amount",
        &[Mut(Storage), Val(Storage)],
        Ret::None,
        false,
    ),
    (
        "storage_resource::fuse",
        &[Mut(Storage), Val(Storage)],
        Ret::None,
        false,
    ),
    (
        "storage_resource::destroy",
        &[Val(Storage)],
        Ret::None,
        false,
    ),
    (
        "blob::set_attribute",
        &[Mut(Blob), Pure("String"), Pure("String")],
        Ret::None,
        false,
    ),
    (
        "blob::remove_attribute",
        &[Mut(Blob), Pure("String")],
        Ret::None,
        false,
    ),
    (
        "staked_wal::split",
        &[Mut(Staked), Pure("u64")],
        Ret::Obj(Staked),
        true,
    ),
    (
        "staked_wal::join",
        &[Mut(Staked), Val(Staked)],
        Ret::None,
        false,
    ),
    (
        "proposal::set_parameter_action",
        &[Pure("u8"), Pure("u64")],
        Ret::Action,
        false,
    ),
    (
        "governance::create_proposal",
        &[SysRef, Ref(Staked), Action, Pure("String"), Clock],
        Ret::ProposalId,
        true,
    ),
    (
        "governance::vote",
        &[SysRef, Mut(Proposal), Mut(Staked), Pure("u8"), Clock],
        Ret::None,
        true,
    ),
    (
        "governance::finalize_proposal",
        &[SysRef, Mut(Proposal), Clock],
        Ret::None,
        false,
    ),
    (
        "governance::execute",
        &[SysMut, Mut(Proposal), Clock],
        Ret::None,
        true,
    ),
    (
        "audit::open_round",
        &[SysMut, Random, Clock],
        Ret::Round,
        true,
    ),
    (
        "audit::submit_report",
        &[
            SysRef,
            Ref(AuditorCap),
            Mut(Round),
            Pure("vector<ID>"),
            Pure("vector<u64>"),
            Pure("vector<u64>"),
            Pure("vector<u8>"),
            Clock,
        ],
        Ret::None,
        false,
    ),
    (
        "audit::finalize_round",
        &[SysMut, Mut(Round), Treasury, Clock],
        Ret::None,
        true,
    ),
    ("wal::burn", &[Treasury, Val(Coin)], Ret::None, true),
];

/// Abort codes no entry function can reach (internal guards, covered by the Move unit tests
/// with test-only functions): the vectors cannot cover them.
pub const UNREACHABLE: &[&str] = &[
    "pricing::EInvalidVotes",
    "staking_pool::ESlashTooLarge",
    "staking_pool::EMissingExchangeRate",
    "staking_pool::EShareOverflow",
    "storage_accounting::EOffsetOutOfRange",
    "storage_resource::EInvalidStorage",
    "storage_resource::ESizeOverflow",
    "proposal::EInvalidActionKind",
    "system::EWrongVersion",
    "params::EInvalidCommissionDelay",
];

/// The spec of `module::function`.
pub fn function(name: &str) -> Option<&'static FunctionSpec> {
    FUNCTIONS.iter().find(|f| f.0 == name)
}

/// The explicit (non-implicit) parameters of a function.
pub fn explicit_params(spec: &FunctionSpec) -> Vec<Param> {
    spec.1
        .iter()
        .copied()
        .filter(|p| !matches!(p, SysMut | SysRef | Clock | Random | Treasury))
        .collect()
}

/// The state a check can probe: `(probe pattern, Move type)`. `X` stands for an object name.
pub const PROBES: &[(&str, &str)] = &[
    ("system.epoch", "u32"),
    ("system.epoch_start_ms", "u64"),
    ("system.total_capacity", "u64"),
    ("system.used_capacity", "u64"),
    ("system.storage_price", "u64"),
    ("system.write_price", "u64"),
    ("system.total_active_stake", "u64"),
    ("system.wal_paid_in", "u128"),
    ("system.wal_paid_out", "u128"),
    ("system.wal_slashed", "u128"),
    ("system.committee_size", "u64"),
    ("system.n_auditors", "u64"),
    ("system.invariants", "bool"),
    ("system.param(P)", "u64"),
    ("pool(X).active_stake", "u64"),
    ("pool(X).total_shares", "u128"),
    ("pool(X).pending_stake", "u64"),
    ("pool(X).withdrawable", "u64"),
    ("pool(X).commission", "u64"),
    ("pool(X).commission_bps", "u16"),
    ("pool(X).excluded", "bool"),
    ("pool(X).shards", "u64"),
    ("coin(X).value", "u64"),
    ("staked(X).principal", "u64"),
    ("staked(X).value", "u64"),
    ("blob(X).certified", "bool"),
    ("blob(X).end_epoch", "u32"),
    ("storage(X).start_epoch", "u32"),
    ("storage(X).end_epoch", "u32"),
    ("storage(X).size", "u64"),
    ("proposal(X).status", "u8"),
    ("proposal(X).votes_for", "u64"),
    ("round(X).finalized", "bool"),
    ("round(X).reports", "u64"),
    ("treasury.burned", "u64"),
];

/// A probe split into its pattern (with `X` or `P`) and argument.
pub fn parse_probe(probe: &str) -> Option<(&'static str, &'static str, Option<String>)> {
    for (pattern, ty) in PROBES {
        if let Some((head, tail)) = pattern.split_once('(') {
            let (_, rest) = tail.split_once(')')?;
            if let Some(arg_rest) = probe.strip_prefix(&format!("{head}("))
                && let Some((arg, after)) = arg_rest.split_once(')')
                && after == rest
            {
                return Some((pattern, ty, Some(arg.to_string())));
            }
        } else if probe == *pattern {
            return Some((pattern, ty, None));
        }
    }
    None
}

/// The key pair of an actor (`user`, `op0`, `auditor1`, ...): derived from its name.
pub fn actor_key(name: &str) -> SuiKeyPair {
    SuiKeyPair::from_bytes(crate::hash::blake2b256_parts(&[
        b"walrus-localnet conformance actor ",
        name.as_bytes(),
    ]))
}

/// An actor's address (or a literal `0x…` address).
pub fn actor(name: &str) -> Address {
    if name.starts_with("0x") {
        return name.parse().unwrap_or(Address::ZERO);
    }
    actor_key(name).address()
}

/// Test protocol key `k`.
pub fn protocol_key(k: u64) -> ProtocolKeyPair {
    ProtocolKeyPair::from_seed(crate::hash::blake2b256_parts(&[
        b"walrus-localnet conformance protocol key ",
        &k.to_le_bytes(),
    ]))
}

/// The root hash of test blob `name`.
pub fn blob_root(name: &str) -> [u8; 32] {
    crate::hash::blake2b256_parts(&[b"walrus-localnet conformance blob ", name.as_bytes()])
}

/// Loads every suite of a directory (`*.json`, sorted by file name).
pub fn load_dir(dir: &std::path::Path) -> Result<Vec<(std::path::PathBuf, Suite)>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            let suite: Suite =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))?;
            Ok((p, suite))
        })
        .collect()
}

/// A suite as the JSON written to its file.
pub fn to_json(suite: &Suite) -> String {
    let mut s = serde_json::to_string_pretty(suite).expect("suites serialize");
    s.push('\n');
    s
}
