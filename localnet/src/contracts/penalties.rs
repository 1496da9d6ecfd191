//! `walrus::penalties`: the slash formula and penalty records.

use sui_sdk_types::TypeTag;
use walrus_chain::bindings::{Id, PenaltyRecord, PenaltyRecords};

use super::errors::penalties as e;
use super::framework as fw;
use crate::ensure;
use crate::exec::{Cx, Fail, add};
use crate::ids;

fn value_tag(cx: &Cx) -> TypeTag {
    ids::tag(cx.tag::<PenaltyRecord>())
}

/// The record of `node_id`, if any.
pub fn record(
    cx: &mut Cx,
    records: &PenaltyRecords,
    node_id: Id,
) -> Result<Option<PenaltyRecord>, Fail> {
    let vt = value_tag(cx);
    cx.world
        .field_get::<Id, PenaltyRecord>(records.records.id.0, &fw::id_tag(), &node_id, &vt)
}

fn save(cx: &mut Cx, records: &PenaltyRecords, node_id: Id, r: &PenaltyRecord) {
    let vt = value_tag(cx);
    cx.world
        .field_put(records.records.id.0, &fw::id_tag(), &node_id, &vt, r);
}

/// `penalties::record_penalty`: (streak, newly excluded).
pub fn record_penalty(
    cx: &mut Cx,
    records: &mut PenaltyRecords,
    node_id: Id,
    slashed: u64,
    exclusion_rounds: u64,
    epoch: u32,
) -> Result<(u64, bool), Fail> {
    let mut r = match record(cx, records, node_id)? {
        Some(r) => r,
        None => {
            records.records.size = add(records.records.size, 1)?;
            PenaltyRecord {
                consecutive_penalties: 0,
                penalized_rounds: 0,
                total_slashed: 0,
                excluded_epoch: None,
            }
        }
    };
    r.consecutive_penalties = add(r.consecutive_penalties, 1)?;
    r.penalized_rounds = add(r.penalized_rounds, 1)?;
    r.total_slashed = add(r.total_slashed, slashed)?;
    let newly = r.consecutive_penalties >= exclusion_rounds && r.excluded_epoch.is_none();
    if newly {
        r.excluded_epoch = Some(epoch);
    }
    save(cx, records, node_id, &r);
    Ok((r.consecutive_penalties, newly))
}

/// `penalties::record_pass`.
pub fn record_pass(cx: &mut Cx, records: &PenaltyRecords, node_id: Id) -> Result<(), Fail> {
    if let Some(mut r) = record(cx, records, node_id)? {
        r.consecutive_penalties = 0;
        save(cx, records, node_id, &r);
    }
    Ok(())
}

/// `penalties::reregister`: the epoch of the exclusion.
pub fn reregister(
    cx: &mut Cx,
    records: &mut PenaltyRecords,
    node_id: Id,
    epoch: u32,
) -> Result<u32, Fail> {
    let r = record(cx, records, node_id)?;
    let Some(mut r) = r.filter(|r| r.excluded_epoch.is_some()) else {
        return Err(Fail::Abort(e::ENotExcluded));
    };
    let excluded_epoch = r.excluded_epoch.unwrap_or_default();
    ensure!(epoch > excluded_epoch, e::EExclusionNotOver);
    r.excluded_epoch = None;
    r.consecutive_penalties = 0;
    save(cx, records, node_id, &r);
    Ok(excluded_epoch)
}

/// `penalties::slash_amount`.
pub fn slash_amount(active_stake: u64, total_shares: u128, penalty_bps: u16) -> u64 {
    let wanted = (u128::from(active_stake) * u128::from(penalty_bps) / 10_000) as u64;
    // keep = max(1, ceil(S / 2^32)), computed without overflow.
    let keep = (total_shares >> 32) + u128::from(total_shares & 0xffff_ffff != 0);
    let keep = keep.max(1);
    if u128::from(active_stake) <= keep {
        return 0;
    }
    let most = (u128::from(active_stake) - keep) as u64;
    wanted.min(most)
}
