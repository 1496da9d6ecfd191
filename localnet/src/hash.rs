//! Hashing helpers.

use blake2::Digest as _;

/// blake2b-256 of `data` (walrus-core's, the hash the protocol formats use).
pub use walrus_core::blake2b256;

/// blake2b-256 of the concatenation of `parts`.
pub fn blake2b256_parts(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = blake2::Blake2b::<blake2::digest::consts::U32>::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}
