//! Helpers shared by the integration tests.
#![allow(dead_code)]

use walrus_core::{EncodingConfig, NShards};

/// The configuration for `n` shards.
pub fn config(n: u16) -> EncodingConfig {
    EncodingConfig::new(NShards::new(n).expect("valid n"))
}

/// Deterministic pseudo-random bytes.
pub fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect()
}

/// A deterministic permutation of `0..n` from `seed` (Fisher-Yates with xorshift).
pub fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1;
    let mut out: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        out.swap(i, j);
    }
    out
}

/// Blob sizes capped at the maximum for `n`.
pub fn cap(n: u16, size: usize) -> usize {
    size.min(config(n).max_blob_size() as usize)
}
