//! The object view of one transaction: reads through to the ledger, buffers writes and
//! deletions until the transaction commits, and gives typed access to objects and dynamic
//! fields (real child objects with Sui-derived IDs, so that clients can read table entries).

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sui_sdk_types::{Address, StructTag, TypeTag};
use walrus_chain::server::LedgerStore;
use walrus_chain::types::{ObjectData, Owner};

use super::Fail;
use crate::ids;

/// An object's state inside a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obj {
    /// Owner.
    pub owner: Owner,
    /// Move type.
    pub type_: StructTag,
    /// BCS contents (starting with the 32-byte ID).
    pub contents: Vec<u8>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// The object as the ledger has it (`None`: did not exist).
    before: Option<ObjectData>,
    /// The object now (`None`: deleted or never existed).
    after: Option<Obj>,
    /// Whether `after` differs from `before` (written or deleted).
    dirty: bool,
}

/// A change to apply when the transaction commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Write (create or mutate) the object.
    Write(Address, Obj),
    /// Delete (or wrap) the object.
    Delete(Address),
}

/// The objects of one transaction over a ledger.
pub struct World<'s> {
    store: &'s LedgerStore,
    entries: BTreeMap<Address, Entry>,
}

impl std::fmt::Debug for World<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("World")
            .field("entries", &self.entries.len())
            .finish()
    }
}

/// Decodes BCS as `T`, naming the type on failure (an invariant violation: stored objects are
/// always well-formed).
pub fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, Fail> {
    bcs::from_bytes(bytes).map_err(|e| Fail::invariant(format!("cannot decode {what}: {e}")))
}

/// BCS of `value`.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    bcs::to_bytes(value).expect("bindings always serialize")
}

impl<'s> World<'s> {
    /// A fresh view of `store`.
    pub fn new(store: &'s LedgerStore) -> Self {
        Self {
            store,
            entries: BTreeMap::new(),
        }
    }

    /// The ledger behind the view.
    pub fn store(&self) -> &'s LedgerStore {
        self.store
    }

    fn entry(&mut self, id: &Address) -> &mut Entry {
        let store = self.store;
        self.entries.entry(*id).or_insert_with(|| {
            let before = store.object(id);
            let after = before.as_ref().and_then(|o| {
                Some(Obj {
                    owner: o.owner,
                    type_: StructTag::from_str(&o.type_).ok()?,
                    contents: o.contents.clone(),
                })
            });
            Entry {
                before,
                after,
                dirty: false,
            }
        })
    }

    /// The object as the ledger had it before the transaction.
    pub fn original(&mut self, id: &Address) -> Option<ObjectData> {
        self.entry(id).before.clone()
    }

    /// The object now, if it exists.
    pub fn get(&mut self, id: &Address) -> Option<Obj> {
        self.entry(id).after.clone()
    }

    /// Writes an object.
    pub fn put(&mut self, id: Address, obj: Obj) {
        let e = self.entry(&id);
        e.after = Some(obj);
        e.dirty = true;
    }

    /// Deletes an object (no-op if it does not exist).
    pub fn delete(&mut self, id: &Address) {
        let e = self.entry(id);
        if e.after.is_some() || e.before.is_some() {
            e.after = None;
            e.dirty = true;
        }
    }

    /// Decodes an object's contents as `T` after checking its type.
    pub fn load<T: DeserializeOwned>(
        &mut self,
        id: &Address,
        type_: &StructTag,
    ) -> Result<Option<T>, Fail> {
        match self.get(id) {
            None => Ok(None),
            Some(o) if &o.type_ == type_ => decode(&o.contents, &type_.to_string()).map(Some),
            Some(o) => Err(Fail::invariant(format!(
                "object {id} has type {}, expected {type_}",
                o.type_
            ))),
        }
    }

    /// Writes `value` as an object of `type_` owned by `owner`.
    pub fn store_value<T: Serialize>(
        &mut self,
        id: Address,
        owner: Owner,
        type_: StructTag,
        value: &T,
    ) {
        self.put(
            id,
            Obj {
                owner,
                type_,
                contents: encode(value),
            },
        );
    }

    // === Dynamic fields ===

    /// The ID of the dynamic field of `parent` with `key` of `key_type`.
    pub fn field_id<K: Serialize>(parent: Address, key_type: &TypeTag, key: &K) -> Address {
        parent.derive_dynamic_child_id(key_type, &encode(key))
    }

    /// The value of a dynamic field (`0x2::dynamic_field::Field<K, V>`), if present.
    pub fn field_get<K: Serialize + DeserializeOwned, V: DeserializeOwned>(
        &mut self,
        parent: Address,
        key_type: &TypeTag,
        key: &K,
        value_type: &TypeTag,
    ) -> Result<Option<V>, Fail> {
        let id = Self::field_id(parent, key_type, key);
        let tag = ids::field_type(key_type.clone(), value_type.clone());
        Ok(self
            .load::<walrus_chain::bindings::Field<K, V>>(&id, &tag)?
            .map(|f| f.value))
    }

    /// Whether a dynamic field exists.
    pub fn field_exists<K: Serialize>(
        &mut self,
        parent: Address,
        key_type: &TypeTag,
        key: &K,
    ) -> bool {
        let id = Self::field_id(parent, key_type, key);
        self.get(&id).is_some()
    }

    /// Writes (adds or replaces) a dynamic field.
    pub fn field_put<K: Serialize + Clone, V: Serialize + Clone>(
        &mut self,
        parent: Address,
        key_type: &TypeTag,
        key: &K,
        value_type: &TypeTag,
        value: &V,
    ) {
        let id = Self::field_id(parent, key_type, key);
        let field = walrus_chain::bindings::Field {
            id: walrus_chain::bindings::Uid(id),
            name: key.clone(),
            value: value.clone(),
        };
        self.store_value(
            id,
            Owner::Object(parent),
            ids::field_type(key_type.clone(), value_type.clone()),
            &field,
        );
    }

    /// Removes a dynamic field.
    pub fn field_remove<K: Serialize>(&mut self, parent: Address, key_type: &TypeTag, key: &K) {
        let id = Self::field_id(parent, key_type, key);
        self.delete(&id);
    }

    // === Commit ===

    /// The highest version among the objects this transaction read or wrote.
    pub fn max_version(&self) -> u64 {
        self.entries
            .values()
            .filter_map(|e| e.before.as_ref().map(|o| o.version))
            .max()
            .unwrap_or(0)
    }

    /// The changes to apply, in ID order.
    pub fn changes(&self) -> Vec<Change> {
        self.entries
            .iter()
            .filter(|(_, e)| e.dirty)
            .filter_map(|(id, e)| match (&e.before, &e.after) {
                (_, Some(o)) => Some(Change::Write(*id, o.clone())),
                (Some(_), None) => Some(Change::Delete(*id)),
                (None, None) => None,
            })
            .collect()
    }
}
