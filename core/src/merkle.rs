//! Commitments: sliver roots (blake3 chunk trees over two parts) and the blob tree.
//!
//! # Sliver root
//!
//! An expanded sliver has `n` symbols: the sliver's own `k` symbols (the *systematic part*)
//! followed by its `n - k` parity symbols (the *parity part*). Each part is hashed as one long
//! input with BLAKE3 in derive-key mode (context [`PART_CONTEXT`]), so the hashing runs over large
//! contiguous ranges with BLAKE3's SIMD chunk parallelism instead of one call per symbol. BLAKE3
//! is itself a Merkle tree over 1024-byte chunks, so any symbol can be proven with the chunks
//! that contain it plus the chaining values of the other subtrees (as in the Bao format).
//!
//! ```text
//! sliver_root = blake3_derive_key(SLIVER_ROOT_CONTEXT, part_digest(systematic) || part_digest(parity))
//! ```
//!
//! # Blob root
//!
//! The blob tree has one leaf per sliver pair and the shape of RFC 6962 (the left subtree of a
//! node over `m` leaves holds the largest power of two smaller than `m`):
//!
//! ```text
//! leaf(i)  = blake3_derive_key(PAIR_LEAF_CONTEXT, primary_root(i) || secondary_root(i))
//! node(l,r) = blake3_derive_key(BLOB_NODE_CONTEXT, l || r)
//! ```
//!
//! Leaves, inner nodes, sliver roots and part chunks/parents are all domain-separated: by the
//! four derive-key contexts and, inside a part, by BLAKE3's own chunk/parent/root flags.

use std::sync::LazyLock;

use blake3::hazmat::{
    ChainingValue, ContextKey, HasherExt, Mode, hash_derive_key_context, left_subtree_len,
    merge_subtrees_non_root, merge_subtrees_root,
};
use blake3::{CHUNK_LEN, Hasher};

use crate::types::Digest;

/// Derive-key context for hashing one part (systematic or parity) of an expanded sliver.
pub const PART_CONTEXT: &str = "walrus-sui rs2 v1 sliver part";
/// Derive-key context for a sliver root from its two part digests.
pub const SLIVER_ROOT_CONTEXT: &str = "walrus-sui rs2 v1 sliver root";
/// Derive-key context for a leaf of the blob tree (one sliver pair).
pub const PAIR_LEAF_CONTEXT: &str = "walrus-sui rs2 v1 pair leaf";
/// Derive-key context for an inner node of the blob tree.
pub const BLOB_NODE_CONTEXT: &str = "walrus-sui rs2 v1 blob tree node";

/// The most siblings a part proof can need (two paths of a 64-level tree).
pub(crate) const MAX_PART_SIBLINGS: usize = 128;
/// The most siblings a pair path can need (`ceil(log2(1000))`).
pub(crate) const MAX_PAIR_SIBLINGS: usize = 10;

struct Keys {
    part: ContextKey,
    sliver_root: ContextKey,
    pair_leaf: ContextKey,
    blob_node: ContextKey,
}

static KEYS: LazyLock<Keys> = LazyLock::new(|| Keys {
    part: hash_derive_key_context(PART_CONTEXT),
    sliver_root: hash_derive_key_context(SLIVER_ROOT_CONTEXT),
    pair_leaf: hash_derive_key_context(PAIR_LEAF_CONTEXT),
    blob_node: hash_derive_key_context(BLOB_NODE_CONTEXT),
});

fn hash_pair(key: &ContextKey, left: &[u8; 32], right: &[u8; 32]) -> Digest {
    let mut hasher = Hasher::new_from_context_key(key);
    hasher.update(left);
    hasher.update(right);
    Digest(*hasher.finalize().as_bytes())
}

/// The digest of one part of an expanded sliver.
pub(crate) fn part_digest(bytes: &[u8]) -> Digest {
    let mut hasher = Hasher::new_from_context_key(&KEYS.part);
    hasher.update(bytes);
    Digest(*hasher.finalize().as_bytes())
}

/// The root of a sliver from its systematic and parity part digests.
pub(crate) fn sliver_root(systematic: &Digest, parity: &Digest) -> Digest {
    hash_pair(&KEYS.sliver_root, &systematic.0, &parity.0)
}

/// The blob-tree leaf of a sliver pair.
pub(crate) fn pair_leaf(primary: &Digest, secondary: &Digest) -> Digest {
    hash_pair(&KEYS.pair_leaf, &primary.0, &secondary.0)
}

fn blob_node(left: &Digest, right: &Digest) -> Digest {
    hash_pair(&KEYS.blob_node, &left.0, &right.0)
}

/// Size of the left subtree of a node over `count >= 2` leaves.
fn split(count: usize) -> usize {
    debug_assert!(count >= 2);
    1 << (usize::BITS - 1 - (count - 1).leading_zeros())
}

/// The root of the blob tree over `leaves` (at least one).
pub(crate) fn tree_root(leaves: &[Digest]) -> Digest {
    match leaves.len() {
        0 => Digest::default(),
        1 => leaves[0],
        count => {
            let k = split(count);
            blob_node(&tree_root(&leaves[..k]), &tree_root(&leaves[k..]))
        }
    }
}

/// The siblings proving leaf `index`, in left-to-right order of the subtrees they cover.
pub(crate) fn tree_path(leaves: &[Digest], index: usize) -> Vec<[u8; 32]> {
    fn walk(leaves: &[Digest], index: usize, out: &mut Vec<[u8; 32]>) {
        if leaves.len() <= 1 {
            return;
        }
        let k = split(leaves.len());
        if index < k {
            walk(&leaves[..k], index, out);
            out.push(tree_root(&leaves[k..]).0);
        } else {
            out.push(tree_root(&leaves[..k]).0);
            walk(&leaves[k..], index - k, out);
        }
    }
    let mut out = Vec::new();
    walk(leaves, index, &mut out);
    out
}

/// Recomputes the blob root from a leaf, its index among `count` leaves and its path.
/// `None` if the path has the wrong number of siblings.
pub(crate) fn tree_root_from_path(
    leaf: &Digest,
    index: usize,
    count: usize,
    siblings: &[[u8; 32]],
) -> Option<Digest> {
    fn walk(
        leaf: &Digest,
        index: usize,
        count: usize,
        siblings: &mut std::slice::Iter<'_, [u8; 32]>,
    ) -> Option<Digest> {
        if count <= 1 {
            return Some(*leaf);
        }
        let k = split(count);
        if index < k {
            let left = walk(leaf, index, k, siblings)?;
            let right = Digest(*siblings.next()?);
            Some(blob_node(&left, &right))
        } else {
            let left = Digest(*siblings.next()?);
            let right = walk(leaf, index - k, count - k, siblings)?;
            Some(blob_node(&left, &right))
        }
    }
    if index >= count {
        return None;
    }
    let mut iter = siblings.iter();
    let root = walk(leaf, index, count, &mut iter)?;
    iter.next().is_none().then_some(root)
}

/// The chunk-aligned byte range of a part that a proof for `[start, end)` must reveal.
pub(crate) fn covered_range(part_len: usize, start: usize, end: usize) -> (usize, usize) {
    let cov_start = start / CHUNK_LEN * CHUNK_LEN;
    let cov_end = end
        .div_ceil(CHUNK_LEN)
        .saturating_mul(CHUNK_LEN)
        .min(part_len);
    (cov_start, cov_end)
}

/// Walks the BLAKE3 tree of a part. Subtrees inside the covered range are hashed from
/// `covered`; the others come from `uncovered(offset, len)`.
struct PartWalker<'a, 'f> {
    cov_start: u64,
    cov_end: u64,
    covered: &'a [u8],
    uncovered: &'f mut dyn FnMut(u64, u64) -> Option<ChainingValue>,
}

impl PartWalker<'_, '_> {
    fn node(&mut self, offset: u64, len: u64, is_root: bool) -> Option<[u8; 32]> {
        let key = &KEYS.part;
        if offset >= self.cov_start && offset + len <= self.cov_end {
            let from = usize::try_from(offset - self.cov_start).ok()?;
            let data = self.covered.get(from..from + usize::try_from(len).ok()?)?;
            let mut hasher = Hasher::new_from_context_key(key);
            if offset > 0 {
                hasher.set_input_offset(offset);
            }
            hasher.update(data);
            return Some(if is_root {
                *hasher.finalize().as_bytes()
            } else {
                hasher.finalize_non_root()
            });
        }
        if offset + len <= self.cov_start || offset >= self.cov_end {
            if is_root {
                return None;
            }
            return (self.uncovered)(offset, len);
        }
        if len <= CHUNK_LEN as u64 {
            return None;
        }
        let left_len = left_subtree_len(len);
        let left = self.node(offset, left_len, false)?;
        let right = self.node(offset + left_len, len - left_len, false)?;
        let mode = Mode::DeriveKeyMaterial(key);
        Some(if is_root {
            *merge_subtrees_root(&left, &right, mode).as_bytes()
        } else {
            merge_subtrees_non_root(&left, &right, mode)
        })
    }
}

/// Returns the part digest (the BLAKE3 root) of a part of `part_len` bytes whose bytes
/// `[cov_start, cov_start + covered.len())` are known, or `None` if `uncovered` failed.
fn walk_part(
    part_len: u64,
    cov_start: u64,
    covered: &[u8],
    uncovered: &mut dyn FnMut(u64, u64) -> Option<ChainingValue>,
) -> Option<Digest> {
    if part_len == 0 {
        return None;
    }
    let mut walker = PartWalker {
        cov_start,
        cov_end: cov_start + covered.len() as u64,
        covered,
        uncovered,
    };
    walker.node(0, part_len, true).map(Digest)
}

/// The chaining values a proof of bytes `[start, end)` of `part` needs, left to right.
pub(crate) fn part_siblings(part: &[u8], start: usize, end: usize) -> Vec<[u8; 32]> {
    let (cov_start, cov_end) = covered_range(part.len(), start, end);
    let key = &KEYS.part;
    let mut siblings = Vec::new();
    let mut uncovered = |offset: u64, len: u64| {
        let data = &part[offset as usize..(offset + len) as usize];
        let mut hasher = Hasher::new_from_context_key(key);
        if offset > 0 {
            hasher.set_input_offset(offset);
        }
        hasher.update(data);
        let cv = hasher.finalize_non_root();
        siblings.push(cv);
        Some(cv)
    };
    let _ = walk_part(
        part.len() as u64,
        cov_start as u64,
        &part[cov_start..cov_end],
        &mut uncovered,
    );
    siblings
}

/// Recomputes a part digest from the revealed chunk-aligned bytes starting at `cov_start` and
/// the sibling chaining values. `None` if the siblings do not fit the tree exactly.
pub(crate) fn part_digest_from_proof(
    part_len: usize,
    cov_start: usize,
    covered: &[u8],
    siblings: &[[u8; 32]],
) -> Option<Digest> {
    let mut iter = siblings.iter();
    let mut uncovered = |_offset: u64, _len: u64| iter.next().copied();
    let digest = walk_part(part_len as u64, cov_start as u64, covered, &mut uncovered)?;
    iter.next().is_none().then_some(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_proofs_match_plain_hash() {
        for part_len in [2usize, 100, 1024, 1026, 3000, 4096, 9000, 70_000] {
            let part: Vec<u8> = (0..part_len).map(|i| (i * 31 + 7) as u8).collect();
            let digest = part_digest(&part);
            assert_eq!(
                digest.0,
                *blake3::Hasher::new_derive_key(PART_CONTEXT)
                    .update(&part)
                    .finalize()
                    .as_bytes()
            );
            for (start, end) in [
                (0, 2.min(part_len)),
                (part_len - 2, part_len),
                ((part_len / 2) & !1, ((part_len / 2) & !1) + 2),
                (1000.min(part_len - 2), part_len.min(1100)),
            ] {
                let siblings = part_siblings(&part, start, end);
                let (cs, ce) = covered_range(part_len, start, end);
                assert_eq!(
                    part_digest_from_proof(part_len, cs, &part[cs..ce], &siblings),
                    Some(digest),
                    "len {part_len} range {start}..{end}"
                );
                if !siblings.is_empty() {
                    assert_eq!(
                        part_digest_from_proof(part_len, cs, &part[cs..ce], &siblings[1..]),
                        None
                    );
                    let mut extra = siblings.clone();
                    extra.push([0; 32]);
                    assert_eq!(
                        part_digest_from_proof(part_len, cs, &part[cs..ce], &extra),
                        None
                    );
                }
            }
        }
    }

    #[test]
    fn tree_paths() {
        for count in 1..=40usize {
            let leaves: Vec<Digest> = (0..count).map(|i| Digest([i as u8; 32])).collect();
            let root = tree_root(&leaves);
            for index in 0..count {
                let path = tree_path(&leaves, index);
                assert_eq!(
                    tree_root_from_path(&leaves[index], index, count, &path),
                    Some(root)
                );
                assert_ne!(
                    tree_root_from_path(&leaves[(index + 1) % count], index, count, &path),
                    Some(root).filter(|_| count > 1)
                );
            }
        }
    }
}
