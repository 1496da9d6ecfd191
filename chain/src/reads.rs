//! Typed reads of the system's objects, and what the transaction builders need from the chain.
//!
//! Objects are decoded with their bindings ([`crate::bindings`]) after checking their type
//! (matched by the package's original ID). Table entries and dynamic fields are read directly:
//! the entry's object ID is derived from the table's ID and the key
//! ([`crate::bindings::framework::dynamic_field_id`]), and the
//! `0x2::dynamic_field::Field<K, V>` found there is decoded and checked (type and key).
//!
//! | read | object |
//! |---|---|
//! | [`SuiChain::system_state`], [`SuiChain::committee`] | the shared `System` |
//! | [`SuiChain::staking_pool`], [`SuiChain::staking_pools`] | entries of `System.pools` |
//! | [`SuiChain::exchange_rate`] | an entry of `StakingPool.exchange_rates` |
//! | [`SuiChain::penalty_record`] | an entry of `System.penalty_records.records` |
//! | [`SuiChain::blob`], [`SuiChain::blob_attributes`] | a `Blob`, its `AttributesKey` field |
//! | [`SuiChain::proposal`] | a shared `Proposal` |
//! | [`SuiChain::audit_round`], [`SuiChain::audit_report`] | a shared `AuditRound`, an entry of its `reports` |
//! | [`SuiChain::wal_treasury`] | the shared `wal::Treasury` |
//! | [`SuiChain::owned_objects`] | an address's objects of a binding's type (`Blob`, `StakedWal`, caps) |

use std::sync::OnceLock;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sui_sdk_types::{Address, TypeTag};

use crate::bindings::framework::{dynamic_field_id, field_tag};
use crate::bindings::{
    AttributesKey, AuditRound, Blob, Committee, ExchangeRate, Field, Id, PenaltyRecord, Proposal,
    Report, StakingPool, System, Treasury, VecMap, wal_coin_tag,
};
use crate::client::{SuiChain, decode_move_object};
use crate::error::ChainError;
use crate::events::MoveStruct;
use crate::keystore::SuiKeyPair;
use crate::tx::{CoinRef, Deployment, ObjectRef, SharedRef, TransactionBuilder};
use crate::types::{ExecutedTransaction, ObjectData, Owner};

/// Objects per `BatchGetObjects` call.
const BATCH: usize = 50;

/// What the client remembers between reads: IDs that never change.
#[derive(Debug, Default)]
pub(crate) struct ReadCache {
    tables: OnceLock<SystemTables>,
    deployment: OnceLock<Deployment>,
}

/// The IDs of the `System`'s tables (fixed at genesis).
#[derive(Debug, Clone, Copy)]
struct SystemTables {
    pools: Address,
    penalty_records: Address,
}

impl SuiChain {
    // === The System ===

    /// The `System` object, decoded.
    pub async fn system_state(&self) -> Result<System, ChainError> {
        let (_, system) = self
            .get_move_object::<System>(self.config().objects.system)
            .await?;
        let _ = self.read_cache().tables.set(SystemTables {
            pools: system.pools.id.0,
            penalty_records: system.penalty_records.records.id.0,
        });
        Ok(system)
    }

    /// The committee of the current epoch.
    pub async fn committee(&self) -> Result<Committee, ChainError> {
        Ok(self.system_state().await?.committee)
    }

    async fn system_tables(&self) -> Result<SystemTables, ChainError> {
        if let Some(t) = self.read_cache().tables.get() {
            return Ok(*t);
        }
        let system = self.system_state().await?;
        Ok(SystemTables {
            pools: system.pools.id.0,
            penalty_records: system.penalty_records.records.id.0,
        })
    }

    /// The staking pool of `node_id` (an entry of `System.pools`). `NotFound` if no node is
    /// registered with that ID.
    pub async fn staking_pool(&self, node_id: Id) -> Result<StakingPool, ChainError> {
        let tables = self.system_tables().await?;
        self.table_entry::<Id, StakingPool>(tables.pools, Id::type_tag(), &node_id)
            .await?
            .ok_or_else(|| ChainError::NotFound {
                op: "staking_pool",
                what: format!("staking pool of node {node_id} (no entry in System.pools)"),
            })
    }

    /// The staking pools of every registered node, in registration order.
    pub async fn staking_pools(&self) -> Result<Vec<StakingPool>, ChainError> {
        let system = self.system_state().await?;
        let key_type = Id::type_tag();
        let ids: Vec<Address> = system
            .candidates
            .iter()
            .map(|id| dynamic_field_id(system.pools.id.0, &key_type, id.as_bytes()))
            .collect();
        let mut pools = Vec::with_capacity(ids.len());
        for (chunk, nodes) in ids.chunks(BATCH).zip(system.candidates.chunks(BATCH)) {
            for (result, node) in self.batch_get_objects(chunk).await?.into_iter().zip(nodes) {
                let object = result?;
                let field: Field<Id, StakingPool> =
                    self.decode_field(&object, Id::type_tag(), node)?;
                pools.push(field.value);
            }
        }
        Ok(pools)
    }

    /// The penalty record of `node_id`, `None` if audits never penalized it.
    pub async fn penalty_record(&self, node_id: Id) -> Result<Option<PenaltyRecord>, ChainError> {
        let tables = self.system_tables().await?;
        self.table_entry(tables.penalty_records, Id::type_tag(), &node_id)
            .await
    }

    /// The exchange rate `pool` recorded for `epoch`, if any.
    pub async fn exchange_rate(
        &self,
        pool: &StakingPool,
        epoch: u32,
    ) -> Result<Option<ExchangeRate>, ChainError> {
        self.table_entry(pool.exchange_rates.id.0, TypeTag::U32, &epoch)
            .await
    }

    /// The WAL `Treasury`.
    pub async fn wal_treasury(&self) -> Result<Treasury, ChainError> {
        Ok(self
            .get_move_object::<Treasury>(self.config().objects.wal_treasury)
            .await?
            .1)
    }

    // === Blobs ===

    /// The `Blob` object `id`.
    pub async fn blob(&self, id: Address) -> Result<Blob, ChainError> {
        Ok(self.get_move_object::<Blob>(id).await?.1)
    }

    /// The attributes of the blob object `blob` (empty if none were ever set).
    pub async fn blob_attributes(
        &self,
        blob: Address,
    ) -> Result<VecMap<String, String>, ChainError> {
        let key_type = TypeTag::Struct(Box::new(AttributesKey::struct_tag(&self.package_ids())));
        let key = AttributesKey { dummy_field: false };
        Ok(self
            .table_entry::<AttributesKey, crate::bindings::Attributes>(blob, key_type, &key)
            .await?
            .map(|a| a.entries)
            .unwrap_or_default())
    }

    // === Governance and audits ===

    /// The shared `Proposal` `id`.
    pub async fn proposal(&self, id: Address) -> Result<Proposal, ChainError> {
        Ok(self.get_move_object::<Proposal>(id).await?.1)
    }

    /// The shared `AuditRound` `id`.
    pub async fn audit_round(&self, id: Address) -> Result<AuditRound, ChainError> {
        Ok(self.get_move_object::<AuditRound>(id).await?.1)
    }

    /// The report of `auditor` in the round `round_id`, `None` if it did not report.
    pub async fn audit_report(
        &self,
        round_id: Address,
        auditor: Address,
    ) -> Result<Option<Report>, ChainError> {
        let round = self.audit_round(round_id).await?;
        self.audit_report_in(&round, auditor).await
    }

    /// The report of `auditor` in `round` (already read), `None` if it did not report.
    pub async fn audit_report_in(
        &self,
        round: &AuditRound,
        auditor: Address,
    ) -> Result<Option<Report>, ChainError> {
        self.table_entry(round.reports.id.0, TypeTag::Address, &auditor)
            .await
    }

    // === Generic ===

    /// The objects of type `T` that `owner` owns (`Blob`s, `StakedWal`s, `Storage`, caps).
    pub async fn owned_objects<T: MoveStruct>(
        &self,
        owner: Address,
    ) -> Result<Vec<(ObjectData, T)>, ChainError> {
        let ids = self.package_ids();
        let tag = T::struct_tag(&ids).to_string();
        self.list_owned_objects(owner, Some(&tag))
            .await?
            .into_iter()
            .map(|o| {
                let value = decode_move_object::<T>(&o, &ids)?;
                Ok((o, value))
            })
            .collect()
    }

    /// The value of the entry `key` (of Move type `key_type`) of a table, bag or other parent
    /// object, `None` if there is none.
    pub async fn table_entry<K, V>(
        &self,
        table: Address,
        key_type: TypeTag,
        key: &K,
    ) -> Result<Option<V>, ChainError>
    where
        K: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
        V: MoveStruct,
    {
        Ok(self
            .dynamic_field::<K, V>(table, key_type, key)
            .await?
            .map(|(_, f)| f.value))
    }

    /// The dynamic field `key` of `parent`: the `Field<K, V>` object, decoded after checking
    /// its type (`0x2::dynamic_field::Field<key_type, V>`) and its key. `None` if the parent
    /// has no such field.
    pub async fn dynamic_field<K, V>(
        &self,
        parent: Address,
        key_type: TypeTag,
        key: &K,
    ) -> Result<Option<(ObjectData, Field<K, V>)>, ChainError>
    where
        K: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
        V: MoveStruct,
    {
        let key_bcs = bcs::to_bytes(key).map_err(|e| {
            ChainError::Transaction(format!("cannot encode the dynamic field key: {e}"))
        })?;
        let id = dynamic_field_id(parent, &key_type, &key_bcs);
        let object = match self.get_object(id).await {
            Ok(o) => o,
            Err(ChainError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let field = self.decode_field(&object, key_type, key)?;
        Ok(Some((object, field)))
    }

    fn decode_field<K, V>(
        &self,
        object: &ObjectData,
        key_type: TypeTag,
        key: &K,
    ) -> Result<Field<K, V>, ChainError>
    where
        K: DeserializeOwned + PartialEq + std::fmt::Debug,
        V: MoveStruct,
    {
        let value_type = TypeTag::Struct(Box::new(V::struct_tag(&self.package_ids())));
        let expected = field_tag(key_type, value_type);
        if object.struct_tag().as_ref() != Some(&expected) {
            return Err(ChainError::UnexpectedObject {
                object: object.id,
                found: format!("a {}", object.type_),
                expected: format!("the dynamic field {expected}"),
            });
        }
        let field: Field<K, V> =
            bcs::from_bytes(&object.contents).map_err(|e| ChainError::BadResponse {
                op: "get_dynamic_field",
                endpoint: self.preferred_endpoint().to_string(),
                what: format!(
                    "object {} (version {}) does not decode as {expected}: {e}",
                    object.id, object.version
                ),
            })?;
        if &field.name != key || field.id.0 != object.id {
            return Err(ChainError::BadResponse {
                op: "get_dynamic_field",
                endpoint: self.preferred_endpoint().to_string(),
                what: format!(
                    "dynamic field {} holds key {:?}, not {key:?}",
                    object.id, field.name
                ),
            });
        }
        Ok(field)
    }

    // === For transactions ===

    /// The `Coin<WAL>`s of `owner`, largest first.
    pub async fn wal_coins(&self, owner: Address) -> Result<Vec<CoinRef>, ChainError> {
        let tag = wal_coin_tag(&self.package_ids()).to_string();
        let mut coins: Vec<CoinRef> = self
            .list_owned_objects(owner, Some(&tag))
            .await?
            .iter()
            .filter_map(|o| {
                o.coin_balance().map(|balance| CoinRef {
                    object: ObjectRef::from(o),
                    balance,
                })
            })
            .collect();
        coins.sort_by_key(|c| std::cmp::Reverse(c.balance));
        Ok(coins)
    }

    /// The current reference of an owned or immutable object, for a transaction input.
    pub async fn object_ref(&self, id: Address) -> Result<ObjectRef, ChainError> {
        let o = self.get_object(id).await?;
        match o.owner {
            Owner::Address(_) | Owner::Immutable => Ok(ObjectRef::from(&o)),
            other => Err(ChainError::UnexpectedObject {
                object: id,
                found: format!("not owned by an address (owner: {other:?})"),
                expected: "an address-owned or immutable object".into(),
            }),
        }
    }

    /// The shared reference (ID and initial shared version) of a shared object.
    pub async fn shared_ref(&self, id: Address) -> Result<SharedRef, ChainError> {
        SharedRef::of(&self.get_object(id).await?)
    }

    /// The deployment the builders need: package IDs, the shared `System` and WAL `Treasury`,
    /// the `Clock` and (if the network has it) the `Random` object. Resolved once, then
    /// remembered (initial shared versions never change).
    pub async fn deployment(&self) -> Result<Deployment, ChainError> {
        if let Some(d) = self.read_cache().deployment.get() {
            return Ok(d.clone());
        }
        let objects = &self.config().objects;
        let system = self.shared_ref(objects.system).await?;
        let wal_treasury = self.shared_ref(objects.wal_treasury).await?;
        let random = match self.shared_ref(SharedRef::RANDOM_ID).await {
            Ok(r) => Some(r),
            Err(ChainError::NotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        let d = Deployment {
            packages: self.packages().clone(),
            system,
            wal_treasury,
            clock: SharedRef::CLOCK,
            random,
        };
        let _ = self.read_cache().deployment.set(d.clone());
        Ok(d)
    }

    /// Prepares (gas from simulation, see [`SuiChain::prepare`]), signs and executes a built
    /// transaction of `key`'s address.
    pub async fn execute_builder(
        &self,
        builder: TransactionBuilder,
        key: &SuiKeyPair,
    ) -> Result<ExecutedTransaction, ChainError> {
        let tx = self.prepare(builder, key.address()).await?;
        self.sign_and_execute(&tx, key).await
    }
}
