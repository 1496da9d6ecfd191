//! The in-memory ledger behind the test server: checkpoints, transactions, objects, epoch.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use sui_rpc::proto::sui::rpc::v2 as proto;
use sui_rpc::proto::timestamp_ms_to_proto;
use sui_sdk_types::hash::Hasher;
use sui_sdk_types::{Address, Digest, StructTag};
use tokio::sync::watch;

use crate::events::{MoveStruct, PackageIds};
use crate::types::{GasSummary, ObjectData, Owner};

/// An object to write into the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    /// Object ID.
    pub id: Address,
    /// Version; `None` takes the next version (1 for a new object).
    pub version: Option<u64>,
    /// Owner.
    pub owner: Owner,
    /// Move type, e.g. `0x2::coin::Coin<0x2::sui::SUI>`.
    pub type_: String,
    /// BCS of the Move struct.
    pub contents: Vec<u8>,
}

/// An event to record in a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    /// Package of the emitting Move call.
    pub package_id: Address,
    /// Module of the emitting Move call.
    pub module: String,
    /// The event's Move type.
    pub event_type: String,
    /// BCS of the event (any bytes: tests use this to inject malformed payloads).
    pub contents: Vec<u8>,
}

impl EventRecord {
    /// The event of a binding, emitted from its own module.
    pub fn of<T: MoveStruct>(ids: &PackageIds, value: &T) -> Self {
        let package_id = ids.get(T::PACKAGE);
        Self {
            package_id,
            module: T::MODULE.to_string(),
            event_type: T::struct_tag(ids).to_string(),
            contents: bcs::to_bytes(value).expect("bindings serialize"),
        }
    }

    /// An event with raw contents.
    pub fn raw(package_id: Address, module: &str, event_type: &str, contents: Vec<u8>) -> Self {
        Self {
            package_id,
            module: module.to_string(),
            event_type: event_type.to_string(),
            contents,
        }
    }
}

/// A transaction to record.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionRecord {
    /// Digest.
    pub digest: Digest,
    /// Sender.
    pub sender: Address,
    /// The transaction itself, when known.
    pub transaction: Option<sui_sdk_types::Transaction>,
    /// Signatures, when known.
    pub signatures: Vec<sui_sdk_types::UserSignature>,
    /// `None` for success, else the execution error.
    pub error: Option<proto::ExecutionError>,
    /// Events (ignored for a failed transaction).
    pub events: Vec<EventRecord>,
    /// Object changes of the effects.
    pub changed_objects: Vec<proto::ChangedObject>,
    /// Gas charged.
    pub gas: GasSummary,
}

impl TransactionRecord {
    /// A successful transaction with a digest derived from `seed`, no events and no changes.
    pub fn new(seed: &[u8], sender: Address) -> Self {
        let mut h = Hasher::new();
        h.update(b"walrus-chain test transaction");
        h.update(seed);
        Self {
            digest: h.finalize(),
            sender,
            transaction: None,
            signatures: Vec::new(),
            error: None,
            events: Vec::new(),
            changed_objects: Vec::new(),
            gas: GasSummary::default(),
        }
    }

    /// Adds an event.
    pub fn with_event(mut self, event: EventRecord) -> Self {
        self.events.push(event);
        self
    }

    /// The gRPC executed transaction (not yet in a checkpoint).
    pub fn to_proto(&self, epoch: u64) -> proto::ExecutedTransaction {
        let mut t = proto::ExecutedTransaction::default();
        t.digest = Some(self.digest.to_string());
        let mut tx = match &self.transaction {
            Some(tx) => proto::Transaction::from(tx.clone()),
            None => proto::Transaction::default(),
        };
        tx.sender = Some(self.sender.to_string());
        tx.digest = Some(self.digest.to_string());
        t.transaction = Some(tx);
        t.signatures = self.signatures.iter().cloned().map(Into::into).collect();

        let mut status = proto::ExecutionStatus::default();
        status.success = Some(self.error.is_none());
        status.error = self.error.clone();
        let mut gas = proto::GasCostSummary::default();
        gas.computation_cost = Some(self.gas.computation_cost);
        gas.storage_cost = Some(self.gas.storage_cost);
        gas.storage_rebate = Some(self.gas.storage_rebate);
        gas.non_refundable_storage_fee = Some(self.gas.non_refundable_storage_fee);
        let mut effects = proto::TransactionEffects::default();
        effects.status = Some(status);
        effects.epoch = Some(epoch);
        effects.gas_used = Some(gas);
        effects.transaction_digest = Some(self.digest.to_string());
        effects.changed_objects = self.changed_objects.clone();
        let mut h = Hasher::new();
        h.update(b"effects");
        h.update(self.digest.inner());
        effects.digest = Some(h.finalize().to_string());
        t.effects = Some(effects);

        let mut events = proto::TransactionEvents::default();
        if self.error.is_none() {
            events.events = self
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let mut ev = proto::Event::default();
                    ev.package_id = Some(e.package_id.to_string());
                    ev.module = Some(e.module.clone());
                    ev.sender = Some(self.sender.to_string());
                    ev.event_type = Some(e.event_type.clone());
                    let mut bcs = proto::Bcs::from(e.contents.clone());
                    bcs.name = Some(e.event_type.clone());
                    ev.contents = Some(bcs);
                    ev.transaction_digest = Some(self.digest.to_string());
                    ev.event_index = Some(i as u32);
                    ev
                })
                .collect();
        }
        t.events = Some(events);
        t
    }
}

/// The chain's identity and the server's paging limits.
#[derive(Debug, Clone)]
struct Settings {
    chain_id: String,
    chain: String,
    server: String,
    list_page_default: u32,
    list_page_max: u32,
    owned_page_max: u32,
    auto_checkpoint: bool,
    list_lag: u64,
}

#[derive(Debug, Clone, Copy)]
enum TxLocation {
    Checkpointed { sequence: u64, index: usize },
    Pending(usize),
}

/// The state of the ledger.
#[derive(Debug)]
pub(crate) struct Ledger {
    settings: Settings,
    pub(crate) epoch: u64,
    pub(crate) reference_gas_price: u64,
    pub(crate) epoch_start_ms: u64,
    pub(crate) epoch_first_checkpoint: u64,
    /// Checkpoints from `lowest` on; index = sequence - lowest.
    checkpoints: Vec<proto::Checkpoint>,
    lowest: u64,
    transactions: HashMap<Digest, TxLocation>,
    pending: Vec<proto::ExecutedTransaction>,
    /// Every version of every object; `None` marks a deletion.
    objects: BTreeMap<Address, BTreeMap<u64, Option<proto::Object>>>,
    total_transactions: u64,
    last_timestamp_ms: u64,
    /// Every mutation since [`LedgerStore::enable_journal`], for persistence.
    journal: Option<Vec<LedgerOp>>,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

/// Digest of an object version: blake2b over its parts (stable, not Sui's real object digest).
fn object_digest(o: &StoredObject, version: u64) -> Digest {
    let mut h = Hasher::new();
    h.update(b"object");
    h.update(o.id.inner());
    h.update(version.to_le_bytes());
    h.update(o.type_.as_bytes());
    h.update(&o.contents);
    h.finalize()
}

impl Ledger {
    pub(crate) fn chain_id(&self) -> &str {
        &self.settings.chain_id
    }

    pub(crate) fn chain(&self) -> &str {
        &self.settings.chain
    }

    pub(crate) fn server_name(&self) -> &str {
        &self.settings.server
    }

    pub(crate) fn list_page(&self, asked: Option<u32>) -> u32 {
        asked
            .filter(|n| *n > 0)
            .unwrap_or(self.settings.list_page_default)
            .min(self.settings.list_page_max)
            .max(1)
    }

    pub(crate) fn owned_page(&self, asked: Option<u32>) -> u32 {
        asked
            .filter(|n| *n > 0)
            .unwrap_or(50)
            .min(self.settings.owned_page_max)
            .max(1)
    }

    /// The tip `ListCheckpoints` serves by default: the latest checkpoint minus the lag.
    pub(crate) fn indexed_tip(&self) -> u64 {
        self.latest()
            .saturating_sub(self.settings.list_lag)
            .max(self.lowest)
    }

    pub(crate) fn latest(&self) -> u64 {
        self.lowest + self.checkpoints.len() as u64 - 1
    }

    pub(crate) fn lowest(&self) -> u64 {
        self.lowest
    }

    pub(crate) fn checkpoint(&self, sequence: u64) -> Option<&proto::Checkpoint> {
        let index = sequence.checked_sub(self.lowest)?;
        self.checkpoints.get(usize::try_from(index).ok()?)
    }

    pub(crate) fn checkpoint_by_digest(&self, digest: &str) -> Option<&proto::Checkpoint> {
        self.checkpoints
            .iter()
            .find(|c| c.digest.as_deref() == Some(digest))
    }

    pub(crate) fn transaction(&self, digest: &Digest) -> Option<&proto::ExecutedTransaction> {
        match self.transactions.get(digest)? {
            TxLocation::Checkpointed { sequence, index } => {
                self.checkpoint(*sequence)?.transactions.get(*index)
            }
            TxLocation::Pending(i) => self.pending.get(*i),
        }
    }

    /// The latest live version of an object.
    pub(crate) fn object(&self, id: &Address) -> Option<&proto::Object> {
        self.objects.get(id)?.values().next_back()?.as_ref()
    }

    pub(crate) fn object_at(&self, id: &Address, version: u64) -> Option<&proto::Object> {
        self.objects.get(id)?.get(&version)?.as_ref()
    }

    /// Every live object, ordered by ID.
    pub(crate) fn live_objects(&self) -> impl Iterator<Item = &proto::Object> {
        self.objects
            .values()
            .filter_map(|versions| versions.values().next_back()?.as_ref())
    }

    fn next_version(&self, id: &Address) -> u64 {
        self.objects
            .get(id)
            .and_then(|v| v.keys().next_back())
            .map_or(1, |v| v + 1)
    }

    fn put_object(&mut self, o: StoredObject, previous: Option<&Digest>) -> proto::Object {
        let version = o.version.unwrap_or_else(|| self.next_version(&o.id));
        let digest = object_digest(&o, version);
        let mut p = proto::Object::default();
        p.object_id = Some(o.id.to_string());
        p.version = Some(version);
        p.digest = Some(digest.to_string());
        p.owner = Some(o.owner.to_proto());
        p.object_type = Some(o.type_.clone());
        let mut contents = proto::Bcs::from(o.contents.clone());
        contents.name = Some(o.type_.clone());
        p.contents = Some(contents);
        p.storage_rebate = Some(0);
        p.previous_transaction = previous.map(Digest::to_string);
        if let Ok(tag) = o.type_.parse::<StructTag>()
            && tag.is_coin().is_some()
            && let Some(bytes) = o.contents.get(32..40)
        {
            p.balance = Some(u64::from_le_bytes(bytes.try_into().expect("8 bytes")));
        }
        self.objects
            .entry(o.id)
            .or_default()
            .insert(version, Some(p.clone()));
        if let Some(journal) = &mut self.journal {
            journal.push(LedgerOp::Put {
                object: StoredObject {
                    version: Some(version),
                    ..o
                },
                previous_transaction: previous.copied(),
            });
        }
        p
    }

    fn delete_object(&mut self, id: &Address) -> Option<u64> {
        let version = self.next_version(id);
        let versions = self.objects.get_mut(id)?;
        versions.insert(version, None);
        if let Some(journal) = &mut self.journal {
            journal.push(LedgerOp::Delete { id: *id });
        }
        Some(version)
    }

    fn record_pending(&mut self, tx: proto::ExecutedTransaction) {
        if let Some(d) = tx.digest.as_deref().and_then(|d| d.parse::<Digest>().ok()) {
            if let Some(journal) = &mut self.journal {
                journal.push(LedgerOp::Pending(Box::new(tx.clone())));
            }
            let i = self.pending.len();
            self.pending.push(tx);
            self.transactions.insert(d, TxLocation::Pending(i));
        }
    }

    fn seal(
        &mut self,
        mut txs: Vec<proto::ExecutedTransaction>,
        timestamp_ms: Option<u64>,
        from_pending: bool,
    ) -> u64 {
        let sequence = self.latest() + 1;
        let previous = self.checkpoints.last().and_then(|c| c.digest.clone());
        let ts = timestamp_ms
            .unwrap_or_else(now_ms)
            .max(self.last_timestamp_ms + 1);
        self.last_timestamp_ms = ts;
        if let Some(journal) = &mut self.journal {
            journal.push(LedgerOp::Seal {
                timestamp_ms: ts,
                direct: (!from_pending).then(|| txs.clone()),
            });
        }
        let mut h = Hasher::new();
        h.update(b"checkpoint");
        h.update(sequence.to_le_bytes());
        h.update(previous.as_deref().unwrap_or("").as_bytes());
        for (i, t) in txs.iter_mut().enumerate() {
            let index = self.total_transactions + i as u64;
            t.checkpoint = Some(sequence);
            t.timestamp = Some(timestamp_ms_to_proto(ts));
            t.transaction_index = Some(index);
            if let Some(events) = &mut t.events {
                for e in &mut events.events {
                    e.checkpoint = Some(sequence);
                    e.transaction_index = Some(index);
                }
            }
            h.update(t.digest.as_deref().unwrap_or("").as_bytes());
        }
        self.total_transactions += txs.len() as u64;
        let digest = h.finalize().to_string();
        for (index, t) in txs.iter().enumerate() {
            if let Some(d) = t.digest.as_deref().and_then(|d| d.parse::<Digest>().ok()) {
                self.transactions
                    .insert(d, TxLocation::Checkpointed { sequence, index });
            }
        }
        let mut summary = proto::CheckpointSummary::default();
        summary.digest = Some(digest.clone());
        summary.epoch = Some(self.epoch);
        summary.sequence_number = Some(sequence);
        summary.total_network_transactions = Some(self.total_transactions);
        summary.previous_digest = previous;
        summary.timestamp = Some(timestamp_ms_to_proto(ts));
        let mut cp = proto::Checkpoint::default();
        cp.sequence_number = Some(sequence);
        cp.digest = Some(digest);
        cp.summary = Some(summary);
        cp.transactions = txs;
        self.checkpoints.push(cp);
        sequence
    }
}

/// The in-memory ledger: checkpoints, transactions, objects, epoch and the chain's identity.
/// Cheap to clone (clones share the state).
///
/// ```
/// use walrus_chain::server::{LedgerStore, TransactionRecord};
/// use sui_sdk_types::Address;
///
/// let store = LedgerStore::new("test-chain");
/// assert_eq!(store.latest_checkpoint(), 0); // genesis
/// let cp = store.append_checkpoint(vec![TransactionRecord::new(b"tx", Address::TWO)]);
/// assert_eq!(cp, 1);
/// ```
#[derive(Clone, Debug)]
pub struct LedgerStore {
    inner: Arc<RwLock<Ledger>>,
    tip: watch::Sender<u64>,
    exec: Arc<std::sync::Mutex<()>>,
}

/// One change of a [`LedgerStore`], as recorded by its journal
/// ([`LedgerStore::enable_journal`]) and re-applied by [`LedgerStore::replay`].
#[derive(Debug, Clone, PartialEq)]
pub enum LedgerOp {
    /// An object version was written (`object.version` is always set).
    Put {
        /// The object.
        object: StoredObject,
        /// The transaction that wrote it, if any.
        previous_transaction: Option<Digest>,
    },
    /// An object was deleted (at its next version).
    Delete {
        /// The object.
        id: Address,
    },
    /// An executed transaction was recorded, pending a checkpoint.
    Pending(Box<proto::ExecutedTransaction>),
    /// A checkpoint was sealed with `timestamp_ms`: from the pending transactions, or from
    /// `direct` ones.
    Seal {
        /// Its timestamp.
        timestamp_ms: u64,
        /// Transactions sealed directly (`append_checkpoint`), not from the pending list.
        direct: Option<Vec<proto::ExecutedTransaction>>,
    },
}

impl LedgerStore {
    /// A chain with `chain_id`, a genesis checkpoint 0 (empty), epoch 0 and a reference gas
    /// price of 1000.
    pub fn new(chain_id: impl Into<String>) -> Self {
        Self::new_at(chain_id, now_ms())
    }

    /// Like [`LedgerStore::new`], with the genesis checkpoint at `genesis_timestamp_ms` (a
    /// ledger restored with [`LedgerStore::replay`] must be created with the same value).
    pub fn new_at(chain_id: impl Into<String>, genesis_timestamp_ms: u64) -> Self {
        let mut ledger = Ledger {
            settings: Settings {
                chain_id: chain_id.into(),
                chain: "localnet".into(),
                server: format!("walrus-chain/{}", env!("CARGO_PKG_VERSION")),
                list_page_default: 50,
                list_page_max: 1000,
                owned_page_max: 1000,
                auto_checkpoint: true,
                list_lag: 0,
            },
            epoch: 0,
            reference_gas_price: 1000,
            epoch_start_ms: 0,
            epoch_first_checkpoint: 0,
            checkpoints: Vec::new(),
            lowest: 0,
            transactions: HashMap::new(),
            pending: Vec::new(),
            objects: BTreeMap::new(),
            total_transactions: 0,
            last_timestamp_ms: 0,
            journal: None,
        };
        // Genesis: sequence 0.
        ledger.lowest = 0;
        let mut h = Hasher::new();
        h.update(b"genesis");
        let mut summary = proto::CheckpointSummary::default();
        let ts = genesis_timestamp_ms;
        ledger.epoch_start_ms = ts;
        ledger.last_timestamp_ms = ts;
        let digest = h.finalize().to_string();
        summary.digest = Some(digest.clone());
        summary.epoch = Some(0);
        summary.sequence_number = Some(0);
        summary.total_network_transactions = Some(0);
        summary.timestamp = Some(timestamp_ms_to_proto(ts));
        let mut genesis = proto::Checkpoint::default();
        genesis.sequence_number = Some(0);
        genesis.digest = Some(digest);
        genesis.summary = Some(summary);
        ledger.checkpoints.push(genesis);
        let (tip, _) = watch::channel(0);
        Self {
            inner: Arc::new(RwLock::new(ledger)),
            tip,
            exec: Arc::new(std::sync::Mutex::new(())),
        }
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Ledger> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Ledger> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Watches the latest checkpoint's sequence number.
    pub fn subscribe_tip(&self) -> watch::Receiver<u64> {
        self.tip.subscribe()
    }

    /// The chain identifier.
    pub fn chain_id(&self) -> String {
        self.read().settings.chain_id.clone()
    }

    /// Sets the chain name reported by `GetServiceInfo` (default `localnet`).
    pub fn set_chain_name(&self, name: &str) {
        self.write().settings.chain = name.to_string();
    }

    /// Sets the default and maximum page sizes of `ListCheckpoints` (default 50 and 1000) and
    /// the maximum of `ListOwnedObjects` (default 1000).
    pub fn set_page_limits(&self, list_default: u32, list_max: u32, owned_max: u32) {
        let mut l = self.write();
        l.settings.list_page_default = list_default.max(1);
        l.settings.list_page_max = list_max.max(1);
        l.settings.owned_page_max = owned_max.max(1);
    }

    /// Whether executed transactions are sealed into a checkpoint at once (default) or stay
    /// pending until [`LedgerStore::seal_pending`].
    pub fn set_auto_checkpoint(&self, on: bool) {
        self.write().settings.auto_checkpoint = on;
    }

    /// Makes `ListCheckpoints` lag `n` checkpoints behind the latest one by default (an index
    /// that trails execution, as on a busy full node). Explicit end bounds are still served.
    pub fn set_list_lag(&self, n: u64) {
        self.write().settings.list_lag = n;
    }

    pub(crate) fn auto_checkpoint(&self) -> bool {
        self.read().settings.auto_checkpoint
    }

    /// Starts a new epoch at the next checkpoint.
    pub fn set_epoch(&self, epoch: u64, reference_gas_price: u64) {
        let mut l = self.write();
        l.epoch = epoch;
        l.reference_gas_price = reference_gas_price;
        l.epoch_start_ms = now_ms();
        l.epoch_first_checkpoint = l.latest() + 1;
    }

    /// The latest checkpoint.
    pub fn latest_checkpoint(&self) -> u64 {
        self.read().latest()
    }

    /// The lowest checkpoint still stored.
    pub fn lowest_checkpoint(&self) -> u64 {
        self.read().lowest
    }

    /// Forgets checkpoints below `sequence` (as a pruning full node does). The latest
    /// checkpoint is always kept.
    pub fn prune_below(&self, sequence: u64) {
        let mut l = self.write();
        let sequence = sequence.min(l.latest());
        if sequence <= l.lowest {
            return;
        }
        let n = (sequence - l.lowest) as usize;
        l.checkpoints.drain(..n);
        l.lowest = sequence;
        l.transactions.retain(|_, loc| match loc {
            TxLocation::Checkpointed { sequence: s, .. } => *s >= sequence,
            TxLocation::Pending(_) => true,
        });
    }

    /// Writes an object version; returns it as clients read it.
    pub fn put_object(&self, object: StoredObject) -> ObjectData {
        let p = self.write().put_object(object, None);
        ObjectData::from_proto(&p).expect("stored objects are well-formed")
    }

    /// Deletes an object (its versions stay readable with `version`).
    pub fn delete_object(&self, id: &Address) {
        self.write().delete_object(id);
    }

    /// The latest version of an object.
    pub fn object(&self, id: &Address) -> Option<ObjectData> {
        self.read()
            .object(id)
            .map(|o| ObjectData::from_proto(o).expect("stored objects are well-formed"))
    }

    /// The live objects owned by address `owner`, ordered by ID.
    pub fn objects_owned_by(&self, owner: &Address) -> Vec<ObjectData> {
        let want = Owner::Address(*owner).to_proto();
        self.read()
            .live_objects()
            .filter(|o| o.owner.as_ref() == Some(&want))
            .filter_map(|o| ObjectData::from_proto(o).ok())
            .collect()
    }

    /// Creates a `0x2::coin::Coin<coin_type>` of `value` owned by `owner`, with a fresh ID.
    pub fn add_coin(&self, owner: Address, coin_type: &StructTag, value: u64) -> ObjectData {
        let id = Address::new(rand::random());
        let mut contents = id.into_inner().to_vec();
        contents.extend_from_slice(&value.to_le_bytes());
        self.put_object(StoredObject {
            id,
            version: None,
            owner: Owner::Address(owner),
            type_: StructTag::coin(coin_type.clone().into()).to_string(),
            contents,
        })
    }

    /// Creates a SUI coin (gas) of `value` MIST owned by `owner`.
    pub fn add_gas_coin(&self, owner: Address, value: u64) -> ObjectData {
        self.add_coin(owner, &StructTag::sui(), value)
    }

    /// Seals `transactions` into a new checkpoint now; returns its sequence number.
    pub fn append_checkpoint(&self, transactions: Vec<TransactionRecord>) -> u64 {
        self.append_checkpoint_at(transactions, None)
    }

    /// Like [`LedgerStore::append_checkpoint`] with a given timestamp (kept strictly
    /// increasing).
    pub fn append_checkpoint_at(
        &self,
        transactions: Vec<TransactionRecord>,
        timestamp_ms: Option<u64>,
    ) -> u64 {
        let seq = {
            let mut l = self.write();
            let epoch = l.epoch;
            let txs = transactions.iter().map(|t| t.to_proto(epoch)).collect();
            l.seal(txs, timestamp_ms, false)
        };
        self.tip.send_replace(seq);
        seq
    }

    /// Seals `n` empty checkpoints; returns the last sequence number.
    pub fn append_empty_checkpoints(&self, n: u64) -> u64 {
        let mut last = self.latest_checkpoint();
        for _ in 0..n {
            last = self.append_checkpoint(Vec::new());
        }
        last
    }

    /// Records an executed transaction that is not in a checkpoint yet.
    pub(crate) fn record_pending(&self, tx: proto::ExecutedTransaction) {
        self.write().record_pending(tx);
    }

    /// Seals every pending transaction into a new checkpoint; `None` when none was pending.
    pub fn seal_pending(&self) -> Option<u64> {
        self.seal_pending_at(None, false)
    }

    /// Seals every pending transaction into a new checkpoint with timestamp `timestamp_ms`
    /// (default: now; kept strictly increasing). With nothing pending, seals an empty
    /// checkpoint if `even_if_empty`, else returns `None`.
    pub fn seal_pending_at(&self, timestamp_ms: Option<u64>, even_if_empty: bool) -> Option<u64> {
        let seq = {
            let mut l = self.write();
            if l.pending.is_empty() && !even_if_empty {
                return None;
            }
            let txs = std::mem::take(&mut l.pending);
            l.seal(txs, timestamp_ms, true)
        };
        self.tip.send_replace(seq);
        Some(seq)
    }

    /// The timestamp of the latest checkpoint (ms).
    pub fn latest_timestamp_ms(&self) -> u64 {
        self.read().last_timestamp_ms
    }

    /// Serializes transaction execution: the server holds this lock while it executes a
    /// transaction and applies its effects, and while it simulates one, so that executions do
    /// not interleave. Hold it to change the ledger consistently from outside (e.g. sealing
    /// checkpoints or writing system objects) while the server runs. Not reentrant.
    pub fn lock_execution(&self) -> std::sync::MutexGuard<'_, ()> {
        self.exec.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Applies an execution's outcome the way the server does for a submitted transaction: on
    /// success its writes and deletions (then `always_writes`), on failure only
    /// `always_writes` (the charged gas coin); then records the transaction as pending (sealed
    /// into the next checkpoint) and returns it. Call under [`LedgerStore::lock_execution`].
    pub fn commit_transaction(
        &self,
        tx: &sui_sdk_types::Transaction,
        signatures: Vec<sui_sdk_types::UserSignature>,
        outcome: super::executor::Outcome,
    ) -> proto::ExecutedTransaction {
        let executed = self.transaction_record(tx, signatures, outcome, true);
        self.record_pending(executed.clone());
        executed
    }

    /// The executed transaction of an outcome; applies its effects if `apply`.
    pub(crate) fn transaction_record(
        &self,
        tx: &sui_sdk_types::Transaction,
        signatures: Vec<sui_sdk_types::UserSignature>,
        outcome: super::executor::Outcome,
        apply: bool,
    ) -> proto::ExecutedTransaction {
        let digest = tx.digest();
        let mut changed = Vec::new();
        if apply {
            if outcome.error.is_none() {
                changed = self.apply_writes(outcome.writes.clone(), &outcome.deletes, &digest);
            }
            if !outcome.always_writes.is_empty() {
                changed.extend(self.apply_writes(outcome.always_writes.clone(), &[], &digest));
            }
        }
        let record = TransactionRecord {
            digest,
            sender: tx.sender,
            transaction: Some(tx.clone()),
            signatures,
            error: outcome.error,
            events: outcome.events,
            changed_objects: changed,
            gas: outcome.gas,
        };
        record.to_proto(self.read().epoch)
    }

    /// Starts recording every change of the ledger (object writes and deletions, executed
    /// transactions, sealed checkpoints) as [`LedgerOp`]s, for persistence; see
    /// [`LedgerStore::take_journal`] and [`LedgerStore::replay`].
    pub fn enable_journal(&self) {
        let mut l = self.write();
        if l.journal.is_none() {
            l.journal = Some(Vec::new());
        }
    }

    /// The changes recorded since the last call (empty when the journal is off).
    pub fn take_journal(&self) -> Vec<LedgerOp> {
        self.write()
            .journal
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Number of changes recorded and not taken yet.
    pub fn journal_len(&self) -> usize {
        self.read().journal.as_ref().map_or(0, Vec::len)
    }

    /// Re-applies recorded changes, in order (restoring a persisted ledger). Replaying the
    /// journal of a ledger created with the same [`LedgerStore::new_at`] arguments rebuilds the
    /// same objects, versions, digests, transactions and checkpoints. Replayed changes are not
    /// journaled again.
    pub fn replay(&self, ops: impl IntoIterator<Item = LedgerOp>) {
        let mut tip = None;
        {
            let mut l = self.write();
            let journal = l.journal.take();
            for op in ops {
                match op {
                    LedgerOp::Put {
                        object,
                        previous_transaction,
                    } => {
                        l.put_object(object, previous_transaction.as_ref());
                    }
                    LedgerOp::Delete { id } => {
                        l.delete_object(&id);
                    }
                    LedgerOp::Pending(tx) => l.record_pending(*tx),
                    LedgerOp::Seal {
                        timestamp_ms,
                        direct,
                    } => {
                        let from_pending = direct.is_none();
                        let txs = match direct {
                            Some(txs) => txs,
                            None => std::mem::take(&mut l.pending),
                        };
                        tip = Some(l.seal(txs, Some(timestamp_ms), from_pending));
                    }
                }
            }
            l.journal = journal;
        }
        if let Some(seq) = tip {
            self.tip.send_replace(seq);
        }
    }

    /// Number of executed transactions waiting for a checkpoint.
    pub fn pending_count(&self) -> usize {
        self.read().pending.len()
    }

    /// Applies a successful execution's object writes and deletions, returning the effects'
    /// changed objects.
    pub(crate) fn apply_writes(
        &self,
        writes: Vec<StoredObject>,
        deletes: &[Address],
        digest: &Digest,
    ) -> Vec<proto::ChangedObject> {
        use proto::changed_object::{IdOperation, InputObjectState, OutputObjectState};
        let mut l = self.write();
        let mut changes = Vec::new();
        for mut w in writes {
            let before = l.object(&w.id).cloned();
            w.version = w.version.or_else(|| Some(l.next_version(&w.id)));
            let after = l.put_object(w, Some(digest));
            let mut c = proto::ChangedObject::default();
            c.object_id = after.object_id.clone();
            c.object_type = after.object_type.clone();
            c.output_version = after.version;
            c.output_digest = after.digest.clone();
            c.output_owner = after.owner.clone();
            c.set_output_state(OutputObjectState::ObjectWrite);
            match before {
                Some(b) => {
                    c.set_input_state(InputObjectState::Exists);
                    c.input_version = b.version;
                    c.input_digest = b.digest.clone();
                    c.input_owner = b.owner.clone();
                    c.set_id_operation(IdOperation::None);
                }
                None => {
                    c.set_input_state(InputObjectState::DoesNotExist);
                    c.set_id_operation(IdOperation::Created);
                }
            }
            changes.push(c);
        }
        for id in deletes {
            let before = l.object(id).cloned();
            if l.delete_object(id).is_some() {
                let mut c = proto::ChangedObject::default();
                c.object_id = Some(id.to_string());
                c.set_input_state(InputObjectState::Exists);
                if let Some(b) = before {
                    c.input_version = b.version;
                    c.input_digest = b.digest;
                    c.input_owner = b.owner;
                    c.object_type = b.object_type;
                }
                c.set_output_state(OutputObjectState::DoesNotExist);
                c.set_id_operation(IdOperation::Deleted);
                changes.push(c);
            }
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_replays_into_an_identical_ledger() {
        let store = LedgerStore::new_at("journal", 10);
        store.enable_journal();
        let owner = Address::from_static("0xa");
        let coin = store.add_gas_coin(owner, 5);
        store.append_checkpoint_at(vec![TransactionRecord::new(b"direct", owner)], Some(20));
        let tx = TransactionRecord::new(b"pending", owner).to_proto(0);
        store.record_pending(tx);
        store.delete_object(&coin.id);
        store.seal_pending_at(Some(30), false);
        store.seal_pending_at(Some(40), true);
        let ops = store.take_journal();
        assert!(store.take_journal().is_empty());

        let replayed = LedgerStore::new_at("journal", 10);
        replayed.replay(ops);
        assert_eq!(replayed.latest_checkpoint(), store.latest_checkpoint());
        assert_eq!(replayed.latest_timestamp_ms(), 40);
        for seq in 0..=store.latest_checkpoint() {
            assert_eq!(
                replayed.read().checkpoint(seq),
                store.read().checkpoint(seq),
                "checkpoint {seq}"
            );
        }
        assert!(replayed.object(&coin.id).is_none());
        assert_eq!(
            replayed.read().object_at(&coin.id, 1),
            store.read().object_at(&coin.id, 1)
        );
        assert_eq!(
            replayed.journal_len(),
            0,
            "replayed changes are not journaled"
        );
    }
}
