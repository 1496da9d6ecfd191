//! Fixed inputs of the published test vectors.
//!
//! `docs/protocol.md`, the Move test module `walrus::encoding_vectors_tests` and this crate's
//! tests are all generated from or checked against these tables (see `core/tests/vectors.rs`).

use crate::config::EncodingConfig;
use crate::types::NShards;

/// Committee sizes of the shared `encoded_size` vectors.
pub const ENCODED_SIZE_N: &[u16] = &[4, 5, 7, 10, 13, 100, 334, 1000];

/// Blob sizes of the shared `encoded_size` vectors for `n` shards (all accepted): the edges,
/// odd sizes, and the two sizes around every symbol-size step near the maximum.
pub fn encoded_size_cases(n: u16) -> Vec<u64> {
    let max = max_blob_size(n);
    let source = max / 65534;
    let mut sizes = vec![
        0,
        1,
        2,
        3,
        source - 1,
        source,
        source + 1,
        2 * source + 1,
        4 * source + 3,
        1021,
        65_537,
        1_000_003,
        123_456_789,
        max - 2 * source,
        max - 2 * source + 1,
        max - 1,
        max,
    ];
    sizes.retain(|&size| size <= max);
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// The smallest rejected size for `n` shards (Move aborts, Rust returns `None`).
pub fn too_large_size(n: u16) -> u64 {
    max_blob_size(n) + 1
}

fn max_blob_size(n: u16) -> u64 {
    NShards::new(n)
        .map(|n| EncodingConfig::new(n).max_blob_size())
        .unwrap_or(0)
}

/// `(n, size)` of the blob-ID vectors; the blob is [`vector_blob`]`(size)`.
pub const BLOB_ID_CASES: &[(u16, usize)] = &[
    (4, 0),
    (4, 1),
    (4, 1000),
    (7, 4097),
    (10, 0),
    (10, 12_345),
    (100, 1),
    (100, 100_003),
    (1000, 0),
    (1000, 65_536),
];

/// The deterministic content of the vector blobs: byte `i` is `(131 i + (i >> 8) + 7) mod 256`.
pub fn vector_blob(size: usize) -> Vec<u8> {
    (0..size)
        .map(|i| (i.wrapping_mul(131).wrapping_add(i >> 8).wrapping_add(7)) as u8)
        .collect()
}

/// The storage-proof vector: `(n, blob size)`.
pub const PROOF_CASE: (u16, usize) = (10, 20_000);
/// The round seed of the storage-proof vector.
pub const PROOF_SEED: [u8; 32] = [7; 32];
/// The node of the storage-proof vector.
pub const PROOF_NODE: [u8; 32] = [8; 32];
/// The node's shards in the storage-proof vector.
pub const PROOF_SHARDS: &[u16] = &[2, 9];
/// The epoch of the signed vectors.
pub const VECTOR_EPOCH: u32 = 7;

/// Seeds of the ed25519 fixtures: `[i; 32]` for `i` in `1..=10`.
pub fn key_seed(i: u8) -> [u8; 32] {
    [i; 32]
}

/// Sui address used as the registering sender in proof-of-possession fixture `i`:
/// `[0xa0 + i; 32]`.
pub fn pop_sender(i: u8) -> [u8; 32] {
    [0xa0u8.wrapping_add(i); 32]
}
