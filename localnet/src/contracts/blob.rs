//! `walrus::blob`: attributes and destruction.

use sui_sdk_types::TypeTag;
use walrus_chain::bindings::{
    Attributes, AttributesKey, Blob, BlobAttributeRemoved, BlobAttributeSet, Entry, Storage, VecMap,
};

use super::errors::blob as e;
use crate::ensure;
use crate::exec::{Cx, Fail};
use crate::ids;

fn key_tag(cx: &Cx) -> TypeTag {
    ids::tag(cx.tag::<AttributesKey>())
}

fn value_tag(cx: &Cx) -> TypeTag {
    ids::tag(cx.tag::<Attributes>())
}

const KEY: AttributesKey = AttributesKey { dummy_field: false };

/// The blob's attributes field, if present.
pub fn attributes(cx: &mut Cx, blob: &Blob) -> Result<Option<Attributes>, Fail> {
    let (kt, vt) = (key_tag(cx), value_tag(cx));
    cx.world
        .field_get::<AttributesKey, Attributes>(blob.id.0, &kt, &KEY, &vt)
}

fn save(cx: &mut Cx, blob: &Blob, attrs: &Attributes) {
    let (kt, vt) = (key_tag(cx), value_tag(cx));
    cx.world.field_put(blob.id.0, &kt, &KEY, &vt, attrs);
}

/// `blob::set_attribute`.
pub fn set_attribute(cx: &mut Cx, blob: &mut Blob, key: String, value: String) -> Result<(), Fail> {
    let mut attrs = attributes(cx, blob)?.unwrap_or(Attributes {
        entries: VecMap::default(),
    });
    match attrs.entries.contents.iter_mut().find(|en| en.key == key) {
        Some(en) => en.value = value.clone(),
        None => attrs.entries.contents.push(Entry {
            key: key.clone(),
            value: value.clone(),
        }),
    }
    save(cx, blob, &attrs);
    cx.emit(&BlobAttributeSet {
        blob_object_id: blob.id.to_id(),
        blob_id: blob.blob_id,
        key,
        value,
    });
    Ok(())
}

/// `blob::remove_attribute`.
pub fn remove_attribute(cx: &mut Cx, blob: &mut Blob, key: String) -> Result<(), Fail> {
    let attrs = attributes(cx, blob)?;
    let position = attrs
        .as_ref()
        .and_then(|a| a.entries.contents.iter().position(|en| en.key == key));
    ensure!(position.is_some(), e::EAttributeNotFound);
    if let (Some(mut attrs), Some(i)) = (attrs, position) {
        attrs.entries.contents.remove(i);
        save(cx, blob, &attrs);
    }
    cx.emit(&BlobAttributeRemoved {
        blob_object_id: blob.id.to_id(),
        blob_id: blob.blob_id,
        key,
    });
    Ok(())
}

/// `blob::destroy`: removes the attributes and returns the storage (the caller deletes the
/// blob object).
pub fn destroy(cx: &mut Cx, blob: Blob) -> Storage {
    let kt = key_tag(cx);
    cx.world.field_remove(blob.id.0, &kt, &KEY);
    blob.storage
}
