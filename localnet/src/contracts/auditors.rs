//! `walrus::auditors`: the auditor registry.

use sui_sdk_types::Address;
use walrus_chain::bindings::{AuditorCap, AuditorEntry, AuditorRegistry, Uid};

use super::errors::auditors as e;
use crate::ensure;
use crate::exec::{Cx, Fail};

/// Most auditors the registry holds.
pub const MAX_AUDITORS: usize = 100;

fn index_of(r: &AuditorRegistry, auditor: Address) -> Option<usize> {
    r.entries.iter().position(|en| en.auditor == auditor)
}

/// `auditors::check_can_add`.
pub fn check_can_add(r: &AuditorRegistry, auditor: Address) -> Result<(), Fail> {
    ensure!(index_of(r, auditor).is_none(), e::EAlreadyAuditor);
    ensure!(r.entries.len() < MAX_AUDITORS, e::ETooManyAuditors);
    Ok(())
}

/// `auditors::check_can_remove`.
pub fn check_can_remove(r: &AuditorRegistry, auditor: Address) -> Result<(), Fail> {
    ensure!(index_of(r, auditor).is_some(), e::EAuditorNotFound);
    Ok(())
}

/// `auditors::add`: the new cap (the caller transfers it).
pub fn add(
    cx: &mut Cx,
    r: &mut AuditorRegistry,
    auditor: Address,
    epoch: u32,
) -> Result<AuditorCap, Fail> {
    check_can_add(r, auditor)?;
    let cap = AuditorCap {
        id: Uid(cx.fresh_id()),
        auditor,
    };
    r.entries.push(AuditorEntry {
        auditor,
        cap_id: cap.id.to_id(),
        added_epoch: epoch,
    });
    Ok(cap)
}

/// `auditors::remove`.
pub fn remove(r: &mut AuditorRegistry, auditor: Address) -> Result<AuditorEntry, Fail> {
    let i = index_of(r, auditor).ok_or(Fail::Abort(e::EAuditorNotFound))?;
    Ok(r.entries.remove(i))
}

/// `auditors::assert_active`: the auditor's address.
pub fn assert_active(r: &AuditorRegistry, cap: &AuditorCap) -> Result<Address, Fail> {
    ensure!(
        r.entries.iter().any(|en| en.cap_id == cap.id.to_id()),
        e::ENotAuditor
    );
    Ok(cap.auditor)
}
