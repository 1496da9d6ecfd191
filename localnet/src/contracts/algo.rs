//! The pure algorithms of the walrus contracts (`encoding`, `messages`, `pricing`, and the
//! selection, apportionment and certificate rules of `committee`), on plain values. Each
//! function aborts exactly where and with what the Move function does.

use sui_sdk_types::Address;

use super::errors::{self, Abort};

/// RS2, the only encoding type.
pub const RS2_ENCODING_TYPE: u8 = 1;

fn check_n_shards(n: u64) -> Result<(), Abort> {
    if (4..=1000).contains(&n) {
        Ok(())
    } else {
        Err(errors::encoding::EInvalidShardCount)
    }
}

/// `encoding::max_faulty`.
pub fn max_faulty(n: u64) -> Result<u64, Abort> {
    check_n_shards(n)?;
    Ok((n - 1) / 3)
}

/// `encoding::quorum_shards`.
pub fn quorum_shards(n: u64) -> Result<u64, Abort> {
    Ok(2 * max_faulty(n)? + 1)
}

/// `encoding::encoded_size`: the shard count is checked first (`EInvalidShardCount`), then
/// walrus-core's encoded size, whose vectors are checked against the Move function, is taken
/// (`EBlobTooLarge` where it has none).
pub fn encoded_size(n: u64, size: u64) -> Result<u64, Abort> {
    check_n_shards(n)?;
    walrus_core::encoded_size(n, size).ok_or(errors::encoding::EBlobTooLarge)
}

/// `encoding::storage_units`.
pub fn storage_units(size: u64) -> u64 {
    walrus_core::storage_units(size)
}

/// `encoding::blob_id`: the u256 as 32 little-endian bytes. Move accepts any encoding type
/// byte here, so the preimage is built from the raw byte rather than walrus-core's
/// `EncodingType` (which only knows RS2); the layout is the same as `blob_id_preimage`.
pub fn blob_id(encoding_type: u8, size: u64, root_hash: &[u8; 32]) -> [u8; 32] {
    let mut bytes = vec![encoding_type];
    bytes.extend_from_slice(&size.to_le_bytes());
    bytes.extend_from_slice(root_hash);
    walrus_core::blake2b256(&bytes)
}

/// `messages::storage_confirmation`: walrus-core's 39-byte message.
pub fn storage_confirmation(epoch: u32, blob_id: &[u8; 32]) -> Vec<u8> {
    walrus_core::StorageConfirmation {
        epoch: walrus_core::Epoch(epoch),
        blob_id: walrus_core::BlobId(*blob_id),
    }
    .to_message()
    .to_vec()
}

/// `messages::proof_of_possession`.
pub fn proof_of_possession(sender: &Address, public_key: &[u8]) -> Vec<u8> {
    let mut m = vec![3, 0, 3];
    m.extend_from_slice(sender.as_bytes());
    m.extend_from_slice(public_key);
    m
}

/// `messages::verify`: a 64-byte signature and a 32-byte key, and `sui::ed25519` verification.
pub fn verify(signature: &[u8], public_key: &[u8], msg: &[u8]) -> bool {
    let (Ok(sig), Ok(key)) = (
        <[u8; 64]>::try_from(signature),
        <[u8; 32]>::try_from(public_key),
    ) else {
        return false;
    };
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&key) else {
        return false;
    };
    use ed25519_dalek::Verifier as _;
    key.verify(msg, &ed25519_dalek::Signature::from_bytes(&sig))
        .is_ok()
}

// === pricing ===

fn sorted(values: &[u64], weights: &[u64]) -> Result<(Vec<usize>, u128), Abort> {
    let n = values.len();
    if n == 0 || n != weights.len() {
        return Err(errors::pricing::EInvalidVotes);
    }
    let total: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    if total == 0 {
        return Err(errors::pricing::EInvalidVotes);
    }
    // Stable insertion sort by value (as the Move code).
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for i in 0..n {
        order.push(i);
        let mut j = order.len() - 1;
        while j > 0 && values[order[j]] < values[order[j - 1]] {
            order.swap(j, j - 1);
            j -= 1;
        }
    }
    Ok((order, total))
}

/// `pricing::quantile_from_below`.
pub fn quantile_from_below(values: &[u64], weights: &[u64]) -> Result<u64, Abort> {
    let (order, total) = sorted(values, weights)?;
    let mut acc: u128 = 0;
    for &j in &order {
        acc += u128::from(weights[j]);
        if acc * 3 >= total * 2 {
            return Ok(values[j]);
        }
    }
    Ok(values[order[order.len() - 1]])
}

/// `pricing::quantile_from_above`.
pub fn quantile_from_above(values: &[u64], weights: &[u64]) -> Result<u64, Abort> {
    let (order, total) = sorted(values, weights)?;
    let mut acc: u128 = 0;
    for &j in order.iter().rev() {
        acc += u128::from(weights[j]);
        if acc * 3 >= total * 2 {
            return Ok(values[j]);
        }
    }
    Ok(values[order[0]])
}

// === committee ===

/// A committee member as `committee::select` builds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Node ID.
    pub node_id: Address,
    /// Protocol key.
    pub public_key: Vec<u8>,
    /// Active stake at selection.
    pub stake: u64,
    /// Shard indices, ascending.
    pub shards: Vec<u16>,
}

/// `committee::apportion`: largest remainder.
pub fn apportion(stakes: &[u64], n: u64) -> Vec<u64> {
    let k = stakes.len();
    let total: u128 = stakes.iter().map(|w| u128::from(*w)).sum();
    if k == 0 || total == 0 {
        return vec![0; k];
    }
    let mut counts = Vec::with_capacity(k);
    let mut rems = Vec::with_capacity(k);
    let mut assigned = 0u64;
    for w in stakes {
        let scaled = u128::from(n) * u128::from(*w);
        let q = (scaled / total) as u64;
        counts.push(q);
        rems.push(scaled % total);
        assigned += q;
    }
    let mut bumped = vec![false; k];
    for _ in 0..n.saturating_sub(assigned) {
        let mut best = k;
        for i in 0..k {
            if !bumped[i] && (best == k || rems[i] > rems[best]) {
                best = i;
            }
        }
        if best == k {
            break;
        }
        bumped[best] = true;
        counts[best] += 1;
    }
    counts
}

fn comes_before(ids: &[Address], stakes: &[u64], a: usize, b: usize) -> bool {
    if stakes[a] != stakes[b] {
        return stakes[a] > stakes[b];
    }
    ids[a].as_bytes() < ids[b].as_bytes()
}

/// `committee::select`: candidates `(node_id, stake, key)` in registration order.
pub fn select(
    candidates: &[(Address, u64, Vec<u8>)],
    n_shards: u64,
    max_size: u64,
    previous: &[Member],
) -> Vec<Member> {
    let ids: Vec<Address> = candidates.iter().map(|c| c.0).collect();
    let stakes: Vec<u64> = candidates.iter().map(|c| c.1).collect();
    let mut order: Vec<usize> = Vec::new();
    for i in 0..candidates.len() {
        order.push(i);
        let mut j = order.len() - 1;
        while j > 0 && comes_before(&ids, &stakes, order[j], order[j - 1]) {
            order.swap(j, j - 1);
            j -= 1;
        }
    }
    let size = (order.len() as u64).min(max_size) as usize;
    let sel: Vec<usize> = order[..size].to_vec();
    let sel_stakes: Vec<u64> = sel.iter().map(|&j| stakes[j]).collect();
    let targets = apportion(&sel_stakes, n_shards);
    let mut members = Vec::new();
    let mut counts = Vec::new();
    for (i, &j) in sel.iter().enumerate() {
        if targets[i] > 0 {
            members.push(Member {
                node_id: ids[j],
                public_key: candidates[j].2.clone(),
                stake: stakes[j],
                shards: Vec::new(),
            });
            counts.push(targets[i]);
        }
    }
    if members.is_empty() {
        return members;
    }
    const NO_OWNER: usize = usize::MAX;
    let n = n_shards as usize;
    let k = members.len();
    let mut owner = vec![NO_OWNER; n];
    let mut kept = vec![0u64; k];
    for old in previous {
        if let Some(j) = members.iter().position(|m| m.node_id == old.node_id) {
            for &s in &old.shards {
                let s = usize::from(s);
                if s < n && kept[j] < counts[j] && owner[s] == NO_OWNER {
                    owner[s] = j;
                    kept[j] += 1;
                }
            }
        }
    }
    let mut cursor = 0;
    for o in owner.iter_mut() {
        if *o == NO_OWNER {
            while cursor < k && kept[cursor] >= counts[cursor] {
                cursor += 1;
            }
            if cursor == k {
                break;
            }
            *o = cursor;
            kept[cursor] += 1;
        }
    }
    for (s, &o) in owner.iter().enumerate() {
        if o != NO_OWNER {
            members[o].shards.push(s as u16);
        }
    }
    members
}

/// `committee::verify_certificate`: returns the signers' shards.
pub fn verify_certificate(
    members: &[Member],
    n_shards: u64,
    signers: &[u8],
    signatures: &[Vec<u8>],
    message: &[u8],
) -> Result<u64, Abort> {
    let k = members.len();
    let mut indices = Vec::new();
    for (byte, b) in signers.iter().enumerate() {
        for bit in 0..8 {
            if (b >> bit) & 1 == 1 {
                let idx = byte * 8 + bit;
                if idx >= k {
                    return Err(errors::committee::EInvalidBitmap);
                }
                indices.push(idx);
            }
        }
    }
    if indices.len() != signatures.len() {
        return Err(errors::committee::ESignatureCountMismatch);
    }
    let weight: u64 = indices
        .iter()
        .map(|&i| members[i].shards.len() as u64)
        .sum();
    if weight < quorum_shards(n_shards)? {
        return Err(errors::committee::ENotEnoughWeight);
    }
    for (j, &i) in indices.iter().enumerate() {
        if !verify(&signatures[j], &members[i].public_key, message) {
            return Err(errors::committee::EInvalidSignature);
        }
    }
    Ok(weight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_matches_core() {
        for n in [4u16, 7, 10, 100, 1000] {
            for size in [0u64, 1, 1000, 1 << 20, 123_456_789] {
                let core = walrus_core::encoded_size(u64::from(n), size);
                assert_eq!(
                    encoded_size(u64::from(n), size).ok(),
                    core,
                    "n={n} size={size}"
                );
            }
        }
        assert_eq!(
            encoded_size(3, 1),
            Err(errors::encoding::EInvalidShardCount)
        );
        assert_eq!(
            encoded_size(4, u64::MAX),
            Err(errors::encoding::EBlobTooLarge)
        );
        assert_eq!(storage_units(0), 0);
        assert_eq!(storage_units(1), 1);
        assert_eq!(storage_units(1 << 20), 1);
        assert_eq!(storage_units((1 << 20) + 1), 2);
    }

    #[test]
    fn apportion_and_select() {
        assert_eq!(apportion(&[400, 300, 200, 100], 10), vec![4, 3, 2, 1]);
        assert_eq!(apportion(&[1, 1, 1], 10), vec![4, 3, 3]);
        let a = Address::from_static("0x1");
        let b = Address::from_static("0x2");
        let c = select(&[(b, 10, vec![]), (a, 10, vec![])], 4, 10, &[]);
        assert_eq!(c[0].node_id, a);
        assert_eq!(c[0].shards, vec![0, 1]);
        assert_eq!(c[1].shards, vec![2, 3]);
        // Keep previous shards.
        let prev = vec![Member {
            node_id: b,
            public_key: vec![],
            stake: 0,
            shards: vec![0, 1],
        }];
        let c = select(&[(b, 10, vec![]), (a, 10, vec![])], 4, 10, &prev);
        assert_eq!(c[0].node_id, a);
        assert_eq!(c[0].shards, vec![2, 3]);
        assert_eq!(c[1].shards, vec![0, 1]);
    }

    #[test]
    fn quantiles() {
        assert_eq!(quantile_from_below(&[5, 1, 3], &[1, 1, 1]), Ok(3));
        assert_eq!(quantile_from_above(&[5, 1, 3], &[1, 1, 1]), Ok(3));
        assert_eq!(
            quantile_from_below(&[], &[]),
            Err(errors::pricing::EInvalidVotes)
        );
    }
}
