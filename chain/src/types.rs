//! Plain data types of the chain, converted from the gRPC messages with checks.
//!
//! Every conversion names the field that was missing or malformed; the client turns that into
//! [`ChainError::BadResponse`](crate::ChainError::BadResponse).

use std::str::FromStr;

use sui_rpc::proto::sui::rpc::v2 as proto;
use sui_sdk_types::{Address, Digest, StructTag};

/// What was wrong with a response message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) fn missing(field: &str) -> Malformed {
    Malformed(format!("missing field `{field}`"))
}

pub(crate) fn invalid(field: &str, value: &str, why: impl std::fmt::Display) -> Malformed {
    Malformed(format!("field `{field}` = {value:?} is invalid: {why}"))
}

pub(crate) fn parse_address(field: &str, value: Option<&str>) -> Result<Address, Malformed> {
    let value = value.ok_or_else(|| missing(field))?;
    Address::from_str(value).map_err(|e| invalid(field, value, e))
}

pub(crate) fn parse_digest(field: &str, value: Option<&str>) -> Result<Digest, Malformed> {
    let value = value.ok_or_else(|| missing(field))?;
    Digest::from_str(value).map_err(|e| invalid(field, value, e))
}

pub(crate) fn timestamp_ms(
    field: &str,
    ts: Option<&prost_types::Timestamp>,
) -> Result<u64, Malformed> {
    let ts = ts.ok_or_else(|| missing(field))?;
    sui_rpc::proto::proto_to_timestamp_ms(*ts)
        .map_err(|e| invalid(field, &format!("{ts:?}"), e.to_string()))
}

/// Who owns an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// Owned by an address.
    Address(Address),
    /// Owned by another object (a dynamic field or child).
    Object(Address),
    /// Shared since `initial_shared_version`.
    Shared {
        /// The version at which it became shared.
        initial_shared_version: u64,
    },
    /// Frozen.
    Immutable,
    /// Owned by an address through consensus (party objects).
    ConsensusAddress {
        /// The version at which it became consensus-owned.
        start_version: u64,
        /// The owning address.
        owner: Address,
    },
}

impl Owner {
    /// Converts the gRPC owner.
    pub fn from_proto(field: &str, owner: &proto::Owner) -> Result<Self, Malformed> {
        use proto::owner::OwnerKind;
        let address = || parse_address(&format!("{field}.address"), owner.address.as_deref());
        let version = || {
            owner
                .version
                .ok_or_else(|| missing(&format!("{field}.version")))
        };
        Ok(match owner.kind() {
            OwnerKind::Address => Owner::Address(address()?),
            OwnerKind::Object => Owner::Object(address()?),
            OwnerKind::Shared => Owner::Shared {
                initial_shared_version: version()?,
            },
            OwnerKind::Immutable => Owner::Immutable,
            OwnerKind::ConsensusAddress => Owner::ConsensusAddress {
                start_version: version()?,
                owner: address()?,
            },
            _ => {
                return Err(invalid(
                    &format!("{field}.kind"),
                    &format!("{:?}", owner.kind),
                    "unknown owner kind",
                ));
            }
        })
    }

    /// The gRPC owner.
    pub fn to_proto(&self) -> proto::Owner {
        use proto::owner::OwnerKind;
        let mut o = proto::Owner::default();
        match self {
            Owner::Address(a) => {
                o.set_kind(OwnerKind::Address);
                o.address = Some(a.to_string());
            }
            Owner::Object(a) => {
                o.set_kind(OwnerKind::Object);
                o.address = Some(a.to_string());
            }
            Owner::Shared {
                initial_shared_version,
            } => {
                o.set_kind(OwnerKind::Shared);
                o.version = Some(*initial_shared_version);
            }
            Owner::Immutable => o.set_kind(OwnerKind::Immutable),
            Owner::ConsensusAddress {
                start_version,
                owner,
            } => {
                o.set_kind(OwnerKind::ConsensusAddress);
                o.version = Some(*start_version);
                o.address = Some(owner.to_string());
            }
        }
        o
    }
}

/// An object as read from the chain: its reference, owner, type and BCS contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectData {
    /// Object ID.
    pub id: Address,
    /// Version.
    pub version: u64,
    /// Object digest.
    pub digest: Digest,
    /// Owner.
    pub owner: Owner,
    /// The Move type (`0x2::coin::Coin<0x2::sui::SUI>`), or `package` for a package.
    pub type_: String,
    /// BCS of the Move struct (empty for a package).
    pub contents: Vec<u8>,
    /// The transaction that last wrote the object, when the node says.
    pub previous_transaction: Option<Digest>,
}

impl ObjectData {
    /// The read mask that selects every field this conversion needs.
    pub const READ_MASK: &'static [&'static str] = &[
        "object_id",
        "version",
        "digest",
        "owner",
        "object_type",
        "contents",
        "previous_transaction",
    ];

    /// Converts the gRPC object.
    pub fn from_proto(o: &proto::Object) -> Result<Self, Malformed> {
        let id = parse_address("object.object_id", o.object_id.as_deref())?;
        Ok(Self {
            id,
            version: o.version.ok_or_else(|| missing("object.version"))?,
            digest: parse_digest("object.digest", o.digest.as_deref())?,
            owner: Owner::from_proto(
                "object.owner",
                o.owner.as_ref().ok_or_else(|| missing("object.owner"))?,
            )?,
            type_: o
                .object_type
                .clone()
                .ok_or_else(|| missing("object.object_type"))?,
            contents: o
                .contents
                .as_ref()
                .and_then(|b| b.value.as_ref())
                .map(|v| v.to_vec())
                .unwrap_or_default(),
            previous_transaction: o
                .previous_transaction
                .as_deref()
                .map(|d| parse_digest("object.previous_transaction", Some(d)))
                .transpose()?,
        })
    }

    /// The struct tag of the object's type (`None` for a package or an unparsable type).
    pub fn struct_tag(&self) -> Option<StructTag> {
        StructTag::from_str(&self.type_).ok()
    }

    /// The `(id, version, digest)` reference, e.g. for a transaction input.
    pub fn object_ref(&self) -> (Address, u64, Digest) {
        (self.id, self.version, self.digest)
    }

    /// The balance of a `0x2::coin::Coin<T>` (the `u64` after the 32-byte UID).
    pub fn coin_balance(&self) -> Option<u64> {
        let tag = self.struct_tag()?;
        tag.is_coin()?;
        let bytes: [u8; 8] = self.contents.get(32..40)?.try_into().ok()?;
        Some(u64::from_le_bytes(bytes))
    }
}

/// A Move event with its BCS contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainEvent {
    /// The package of the Move call that emitted the event.
    pub package_id: Address,
    /// The module of the Move call that emitted the event.
    pub module: String,
    /// The transaction's sender.
    pub sender: Address,
    /// The event's type (its address is the defining package's original ID).
    pub event_type: StructTag,
    /// BCS of the event struct.
    pub contents: Vec<u8>,
    /// The event's index within its transaction.
    pub event_index: u32,
}

impl ChainEvent {
    /// Converts the `index`-th gRPC event of a transaction.
    pub fn from_proto(index: usize, e: &proto::Event) -> Result<Self, Malformed> {
        let f = |name: &str| format!("events[{index}].{name}");
        let event_type = e
            .event_type
            .as_deref()
            .ok_or_else(|| missing(&f("event_type")))?;
        Ok(Self {
            package_id: parse_address(&f("package_id"), e.package_id.as_deref())?,
            module: e.module.clone().ok_or_else(|| missing(&f("module")))?,
            sender: parse_address(&f("sender"), e.sender.as_deref())?,
            event_type: StructTag::from_str(event_type)
                .map_err(|err| invalid(&f("event_type"), event_type, err))?,
            contents: e
                .contents
                .as_ref()
                .and_then(|b| b.value.as_ref())
                .map(|v| v.to_vec())
                .ok_or_else(|| missing(&f("contents")))?,
            event_index: e.event_index.unwrap_or(index as u32),
        })
    }
}

/// A transaction of a checkpoint: its digest and events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionData {
    /// Transaction digest.
    pub digest: Digest,
    /// Events in emission order.
    pub events: Vec<ChainEvent>,
}

/// A checkpoint as the stream delivers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointData {
    /// Sequence number.
    pub sequence_number: u64,
    /// Timestamp (ms since the Unix epoch).
    pub timestamp_ms: u64,
    /// Epoch, when the node says.
    pub epoch: Option<u64>,
    /// Transactions in execution order.
    pub transactions: Vec<TransactionData>,
}

impl CheckpointData {
    /// The read mask of checkpoint reads: sequence number, timestamp, epoch, and each
    /// transaction's digest and events.
    pub const READ_MASK: &'static [&'static str] = &[
        "sequence_number",
        "summary.timestamp",
        "summary.epoch",
        "transactions.digest",
        "transactions.events.events.package_id",
        "transactions.events.events.module",
        "transactions.events.events.sender",
        "transactions.events.events.event_type",
        "transactions.events.events.contents",
    ];

    /// Converts the gRPC checkpoint.
    pub fn from_proto(c: &proto::Checkpoint) -> Result<Self, Malformed> {
        let sequence_number = c
            .sequence_number
            .ok_or_else(|| missing("checkpoint.sequence_number"))?;
        let ctx = |m: Malformed| Malformed(format!("checkpoint {sequence_number}: {m}"));
        let summary = c.summary.as_ref().ok_or_else(|| ctx(missing("summary")))?;
        let timestamp_ms =
            timestamp_ms("summary.timestamp", summary.timestamp.as_ref()).map_err(ctx)?;
        let mut transactions = Vec::with_capacity(c.transactions.len());
        for (i, t) in c.transactions.iter().enumerate() {
            let digest = parse_digest(&format!("transactions[{i}].digest"), t.digest.as_deref())
                .map_err(ctx)?;
            let mut events = Vec::new();
            if let Some(evs) = &t.events {
                for (j, e) in evs.events.iter().enumerate() {
                    events.push(ChainEvent::from_proto(j, e).map_err(|m| {
                        Malformed(format!(
                            "checkpoint {sequence_number}, transaction {digest}: {m}"
                        ))
                    })?);
                }
            }
            transactions.push(TransactionData { digest, events });
        }
        Ok(Self {
            sequence_number,
            timestamp_ms,
            epoch: summary.epoch,
            transactions,
        })
    }

    /// The events of this checkpoint whose type is defined by one of `packages` (original
    /// IDs), with their transaction digest.
    pub fn events_of<'a>(
        &'a self,
        packages: &'a crate::events::PackageIds,
    ) -> impl Iterator<Item = (&'a TransactionData, &'a ChainEvent)> + 'a {
        self.transactions.iter().flat_map(move |t| {
            t.events
                .iter()
                .filter(move |e| packages.contains(e.event_type.address()))
                .map(move |e| (t, e))
        })
    }
}

/// What the node says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Chain identifier (base58 digest of the genesis checkpoint).
    pub chain_id: String,
    /// Chain name (`mainnet`, `testnet`, `localnet`, ...), when known.
    pub chain: Option<String>,
    /// Current epoch.
    pub epoch: u64,
    /// Latest executed checkpoint.
    pub checkpoint_height: u64,
    /// Timestamp of that checkpoint (ms).
    pub timestamp_ms: Option<u64>,
    /// Lowest checkpoint the node still has.
    pub lowest_available_checkpoint: Option<u64>,
    /// Server software.
    pub server: Option<String>,
}

impl ServiceInfo {
    /// Converts the gRPC answer.
    pub fn from_proto(r: &proto::GetServiceInfoResponse) -> Result<Self, Malformed> {
        Ok(Self {
            chain_id: r.chain_id.clone().ok_or_else(|| missing("chain_id"))?,
            chain: r.chain.clone(),
            epoch: r.epoch.ok_or_else(|| missing("epoch"))?,
            checkpoint_height: r
                .checkpoint_height
                .ok_or_else(|| missing("checkpoint_height"))?,
            timestamp_ms: r
                .timestamp
                .as_ref()
                .map(|t| timestamp_ms("timestamp", Some(t)))
                .transpose()?,
            lowest_available_checkpoint: r.lowest_available_checkpoint,
            server: r.server.clone(),
        })
    }
}

/// The Sui epoch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpochInfo {
    /// Epoch number.
    pub epoch: u64,
    /// Reference gas price (MIST per gas unit).
    pub reference_gas_price: u64,
    /// First checkpoint of the epoch.
    pub first_checkpoint: Option<u64>,
    /// Start time (ms).
    pub start_ms: Option<u64>,
}

impl EpochInfo {
    /// Converts the gRPC epoch.
    pub fn from_proto(e: &proto::Epoch) -> Result<Self, Malformed> {
        Ok(Self {
            epoch: e.epoch.ok_or_else(|| missing("epoch.epoch"))?,
            reference_gas_price: e
                .reference_gas_price
                .ok_or_else(|| missing("epoch.reference_gas_price"))?,
            first_checkpoint: e.first_checkpoint,
            start_ms: e
                .start
                .as_ref()
                .map(|t| timestamp_ms("epoch.start", Some(t)))
                .transpose()?,
        })
    }
}

/// How a transaction changed an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Created by the transaction.
    Created,
    /// Existed and still exists, written.
    Mutated,
    /// Deleted.
    Deleted,
    /// Existed, now wrapped in another object.
    Wrapped,
    /// Did not exist as a top-level object, now does (unwrapped).
    Unwrapped,
    /// A package was published or upgraded.
    Published,
    /// Something else (an accumulator write, or a kind this crate does not know).
    Other,
}

/// One object change of a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectChange {
    /// Object ID.
    pub id: Address,
    /// What happened.
    pub kind: ChangeKind,
    /// Version after the transaction (absent when deleted or wrapped).
    pub version: Option<u64>,
    /// Digest after the transaction.
    pub digest: Option<Digest>,
    /// Owner after the transaction.
    pub owner: Option<Owner>,
    /// The object's type, when the node says.
    pub object_type: Option<String>,
}

impl ObjectChange {
    /// Converts a gRPC changed object.
    pub fn from_proto(i: usize, c: &proto::ChangedObject) -> Result<Self, Malformed> {
        use proto::changed_object::{IdOperation, InputObjectState, OutputObjectState};
        let f = |name: &str| format!("effects.changed_objects[{i}].{name}");
        let id = parse_address(&f("object_id"), c.object_id.as_deref())?;
        let input_exists = c.input_state() == InputObjectState::Exists;
        let kind = match (c.id_operation(), c.output_state()) {
            (IdOperation::Created, _) => ChangeKind::Created,
            (IdOperation::Deleted, _) => ChangeKind::Deleted,
            (_, OutputObjectState::PackageWrite) => ChangeKind::Published,
            (_, OutputObjectState::ObjectWrite) if input_exists => ChangeKind::Mutated,
            (_, OutputObjectState::ObjectWrite) => ChangeKind::Unwrapped,
            (_, OutputObjectState::DoesNotExist) if input_exists => ChangeKind::Wrapped,
            _ => ChangeKind::Other,
        };
        Ok(Self {
            id,
            kind,
            version: c.output_version,
            digest: c
                .output_digest
                .as_deref()
                .map(|d| parse_digest(&f("output_digest"), Some(d)))
                .transpose()?,
            owner: c
                .output_owner
                .as_ref()
                .map(|o| Owner::from_proto(&f("output_owner"), o))
                .transpose()?,
            object_type: c.object_type.clone(),
        })
    }
}

/// Gas charged to a transaction (MIST).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GasSummary {
    /// Computation cost.
    pub computation_cost: u64,
    /// Storage cost.
    pub storage_cost: u64,
    /// Storage rebate.
    pub storage_rebate: u64,
    /// Non-refundable storage fee.
    pub non_refundable_storage_fee: u64,
}

impl GasSummary {
    /// Converts the gRPC summary (missing fields count as 0).
    pub fn from_proto(g: &proto::GasCostSummary) -> Self {
        Self {
            computation_cost: g.computation_cost.unwrap_or_default(),
            storage_cost: g.storage_cost.unwrap_or_default(),
            storage_rebate: g.storage_rebate.unwrap_or_default(),
            non_refundable_storage_fee: g.non_refundable_storage_fee.unwrap_or_default(),
        }
    }

    /// What the sender pays net: computation + storage - rebate (may be negative).
    pub fn net(&self) -> i128 {
        i128::from(self.computation_cost) + i128::from(self.storage_cost)
            - i128::from(self.storage_rebate)
    }

    /// The budget this transaction needs: computation + storage (the rebate is only refunded
    /// after execution).
    pub fn gross(&self) -> u64 {
        self.computation_cost.saturating_add(self.storage_cost)
    }
}

/// A successfully executed transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutedTransaction {
    /// Transaction digest.
    pub digest: Digest,
    /// The checkpoint that includes it (`None` for a simulation).
    pub checkpoint: Option<u64>,
    /// The checkpoint's timestamp (ms), when known.
    pub timestamp_ms: Option<u64>,
    /// Events in emission order.
    pub events: Vec<ChainEvent>,
    /// Object changes.
    pub changed_objects: Vec<ObjectChange>,
    /// Gas charged.
    pub gas: GasSummary,
}

impl ExecutedTransaction {
    /// The read mask of execution answers.
    pub const READ_MASK: &'static [&'static str] = &[
        "digest",
        "checkpoint",
        "timestamp",
        "effects.status",
        "effects.gas_used",
        "effects.changed_objects",
        "events.events.package_id",
        "events.events.module",
        "events.events.sender",
        "events.events.event_type",
        "events.events.contents",
    ];

    /// The objects this transaction created, optionally only those whose type ends with
    /// `type_suffix` (`::wal::Treasury`).
    pub fn created(&self, type_suffix: Option<&str>) -> Vec<&ObjectChange> {
        self.changed_objects
            .iter()
            .filter(|c| c.kind == ChangeKind::Created)
            .filter(|c| match type_suffix {
                Some(s) => c.object_type.as_deref().is_some_and(|t| t.ends_with(s)),
                None => true,
            })
            .collect()
    }
}
