//! Reed-Solomon over GF(2^16) with `reed-solomon-simd`, applied element-wise.
//!
//! # The code
//!
//! A symbol of `s` bytes is `s / 2` GF(2^16) elements; element `e` is the little-endian `u16`
//! of bytes `(2e, 2e + 1)`. Encoding `k` original symbols into `m` recovery symbols applies, for
//! every element position `e` independently, the code of `reed-solomon-simd` 3.x with
//! `original_count = k` and `recovery_count = m` to the `k` elements at position `e`.
//! Equivalently: split every symbol into 2-byte shards and call `reed_solomon_simd::encode(k, m,
//! ...)` once per element position.
//!
//! # Why the layout conversion
//!
//! The library stores a shard as 64-byte blocks holding the low bytes of 32 elements followed
//! by their high bytes. Because every library operation is element-wise, any number of symbols
//! can be batched into one long library shard as long as each element's two bytes end up as a
//! (low, high) pair of the same block position. [`to_lib`] and [`from_lib`] convert between the
//! natural layout (element `e` at bytes `2e, 2e + 1`) and the library layout, so that a whole
//! row or column segment of many symbols is encoded in one library call. This is what makes the
//! encoder fast: one call per segment instead of one per symbol.

use reed_solomon_simd::{DecoderResult, EncoderResult, ReedSolomonDecoder, ReedSolomonEncoder};

/// Converts natural-layout bytes into the library layout.
///
/// `src.len()` must be even; `dst.len()` must be `src.len()` rounded up to a multiple of 64.
/// The padding elements are zero.
pub(crate) fn to_lib(src: &[u8], dst: &mut [u8]) {
    debug_assert_eq!(src.len() % 2, 0);
    debug_assert_eq!(dst.len(), src.len().next_multiple_of(64));
    let full = src.len() / 64;
    let (src_full, src_tail) = src.split_at(full * 64);
    let (dst_full, dst_tail) = dst.split_at_mut(full * 64);
    for (s, d) in src_full.chunks_exact(64).zip(dst_full.chunks_exact_mut(64)) {
        deinterleave_block(s, d);
    }
    if !src_tail.is_empty() {
        let mut block = [0u8; 64];
        block[..src_tail.len()].copy_from_slice(src_tail);
        deinterleave_block(&block, dst_tail);
    }
}

/// Splits one 64-byte block of 32 natural elements into 32 low bytes then 32 high bytes.
#[inline(always)]
fn deinterleave_block(src: &[u8], dst: &mut [u8]) {
    const EVEN: u64 = 0x00FF_00FF_00FF_00FF;
    let (lo, hi) = dst.split_at_mut(32);
    for (q, word) in src.chunks_exact(8).enumerate() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let x = u64::from_le_bytes(bytes);
        let pack = |v: u64| {
            let v = (v | (v >> 8)) & 0x0000_FFFF_0000_FFFF;
            ((v | (v >> 16)) & 0xFFFF_FFFF) as u32
        };
        lo[4 * q..4 * q + 4].copy_from_slice(&pack(x & EVEN).to_le_bytes());
        hi[4 * q..4 * q + 4].copy_from_slice(&pack((x >> 8) & EVEN).to_le_bytes());
    }
}

/// Converts library-layout bytes back to the natural layout.
///
/// Writes `dst.len()` (even) bytes; `src` must hold at least `dst.len()` rounded up to 64.
pub(crate) fn from_lib(src: &[u8], dst: &mut [u8]) {
    debug_assert_eq!(dst.len() % 2, 0);
    debug_assert!(src.len() >= dst.len().next_multiple_of(64));
    let full = dst.len() / 64;
    let (dst_full, dst_tail) = dst.split_at_mut(full * 64);
    for (s, d) in src.chunks_exact(64).zip(dst_full.chunks_exact_mut(64)) {
        let s: &[u8; 64] = s.try_into().unwrap_or(&[0; 64]);
        for i in 0..32 {
            d[2 * i] = s[i];
            d[2 * i + 1] = s[32 + i];
        }
    }
    if !dst_tail.is_empty() {
        let s = &src[full * 64..full * 64 + 64];
        for (i, pair) in dst_tail.chunks_exact_mut(2).enumerate() {
            pair[0] = s[i];
            pair[1] = s[32 + i];
        }
    }
}

/// Copies one symbol. Symbols are often tiny (2 to 100 bytes), where a `memcpy` call costs more
/// than the copy; this uses at most two fixed-size (possibly overlapping) moves up to 128 bytes.
#[inline(always)]
pub(crate) fn copy_symbol(dst: &mut [u8], src: &[u8]) {
    let s = dst.len();
    debug_assert_eq!(s, src.len());
    if !(2..=128).contains(&s) {
        dst.copy_from_slice(src);
    } else if s > 64 {
        dst[..64].copy_from_slice(&src[..64]);
        dst[s - 64..].copy_from_slice(&src[s - 64..]);
    } else if s >= 32 {
        dst[..32].copy_from_slice(&src[..32]);
        dst[s - 32..].copy_from_slice(&src[s - 32..]);
    } else if s >= 16 {
        dst[..16].copy_from_slice(&src[..16]);
        dst[s - 16..].copy_from_slice(&src[s - 16..]);
    } else if s >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[s - 8..].copy_from_slice(&src[s - 8..]);
    } else if s >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[s - 4..].copy_from_slice(&src[s - 4..]);
    } else {
        dst[..2].copy_from_slice(&src[..2]);
    }
}

/// A reusable encoder for segments given in the natural layout.
#[derive(Default)]
pub(crate) struct RsEncoder {
    inner: Option<ReedSolomonEncoder>,
    scratch: Vec<u8>,
}

impl RsEncoder {
    /// Prepares for `k` originals and `m` recovery shards of `len` (even) natural bytes.
    pub(crate) fn reset(&mut self, k: usize, m: usize, len: usize) {
        debug_assert!(len > 0 && len.is_multiple_of(2));
        let padded = len.next_multiple_of(64);
        match &mut self.inner {
            Some(encoder) => encoder
                .reset(k, m, padded)
                .expect("RS parameters are valid for 4 <= n <= 1000"),
            None => {
                self.inner = Some(
                    ReedSolomonEncoder::new(k, m, padded)
                        .expect("RS parameters are valid for 4 <= n <= 1000"),
                )
            }
        }
        self.scratch.resize(padded, 0);
    }

    /// Adds the next original shard, `len` natural bytes.
    pub(crate) fn add(&mut self, natural: &[u8]) {
        to_lib(natural, &mut self.scratch);
        if let Some(encoder) = &mut self.inner {
            encoder
                .add_original_shard(&self.scratch)
                .expect("shard sizes are consistent");
        }
    }

    /// Encodes; recovery shards are in the library layout (use [`from_lib`]).
    pub(crate) fn encode(&mut self) -> EncoderResult<'_> {
        self.inner
            .as_mut()
            .expect("reset before encode")
            .encode()
            .expect("all originals were added")
    }
}

/// A reusable decoder for segments given in the natural layout.
#[derive(Default)]
pub(crate) struct RsDecoder {
    inner: Option<ReedSolomonDecoder>,
    scratch: Vec<u8>,
}

impl RsDecoder {
    pub(crate) fn reset(&mut self, k: usize, m: usize, len: usize) {
        debug_assert!(len > 0 && len.is_multiple_of(2));
        let padded = len.next_multiple_of(64);
        match &mut self.inner {
            Some(decoder) => decoder
                .reset(k, m, padded)
                .expect("RS parameters are valid for 4 <= n <= 1000"),
            None => {
                self.inner = Some(
                    ReedSolomonDecoder::new(k, m, padded)
                        .expect("RS parameters are valid for 4 <= n <= 1000"),
                )
            }
        }
        self.scratch.resize(padded, 0);
    }

    /// Adds shard `index` of the codeword (`0..k` originals, `k..k+m` recovery).
    pub(crate) fn add(&mut self, k: usize, index: usize, natural: &[u8]) {
        to_lib(natural, &mut self.scratch);
        if let Some(decoder) = &mut self.inner {
            let result = if index < k {
                decoder.add_original_shard(index, &self.scratch)
            } else {
                decoder.add_recovery_shard(index - k, &self.scratch)
            };
            result.expect("indices are distinct and in range");
        }
    }

    /// Decodes; restored originals are in the library layout.
    pub(crate) fn decode(&mut self) -> DecoderResult<'_> {
        self.inner
            .as_mut()
            .expect("reset before decode")
            .decode()
            .expect("enough shards were added")
    }
}

/// Expands `k` symbols (natural, `k * s` bytes) into their `m` recovery symbols (`m * s`).
pub(crate) fn expand(symbols: &[u8], k: usize, m: usize, s: usize) -> Vec<u8> {
    debug_assert_eq!(symbols.len(), k * s);
    let mut encoder = RsEncoder::default();
    encoder.reset(k, m, s);
    for symbol in symbols.chunks_exact(s) {
        encoder.add(symbol);
    }
    let result = encoder.encode();
    let mut out = vec![0u8; m * s];
    for (recovery, dst) in result.recovery_iter().zip(out.chunks_exact_mut(s)) {
        from_lib(recovery, dst);
    }
    out
}

/// Rebuilds the `k` originals (natural, `k * s` bytes) from at least `k` distinct codeword
/// symbols `(index in 0..n, bytes)` of a code with `k` originals and `n - k` recovery symbols.
pub(crate) fn reconstruct(available: &[(usize, &[u8])], k: usize, n: usize, s: usize) -> Vec<u8> {
    debug_assert!(available.len() >= k);
    let mut out = vec![0u8; k * s];
    let mut have = vec![false; k];
    for &(index, symbol) in available {
        if index < k {
            out[index * s..(index + 1) * s].copy_from_slice(symbol);
            have[index] = true;
        }
    }
    if have.iter().all(|&h| h) {
        return out;
    }
    let mut decoder = RsDecoder::default();
    decoder.reset(k, n - k, s);
    for &(index, symbol) in available.iter().take(k) {
        decoder.add(k, index, symbol);
    }
    let result = decoder.decode();
    for (index, restored) in result.restored_original_iter() {
        from_lib(restored, &mut out[index * s..(index + 1) * s]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pseudo_random(len: usize, seed: u64) -> Vec<u8> {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect()
    }

    #[test]
    fn layout_roundtrip() {
        for len in [2usize, 4, 62, 64, 66, 128, 190, 1000] {
            let src = pseudo_random(len, len as u64);
            let mut lib = vec![0u8; len.next_multiple_of(64)];
            to_lib(&src, &mut lib);
            let mut back = vec![0u8; len];
            from_lib(&lib, &mut back);
            assert_eq!(src, back);
        }
    }

    /// Batched encoding equals the element-wise definition (2-byte shards).
    #[test]
    fn batched_equals_elementwise() {
        let (k, m, s) = (5usize, 4usize, 38usize);
        let originals = pseudo_random(k * s, 7);
        let batched = expand(&originals, k, m, s);
        for e in 0..s / 2 {
            let shards: Vec<[u8; 2]> = (0..k)
                .map(|i| [originals[i * s + 2 * e], originals[i * s + 2 * e + 1]])
                .collect();
            let recovery = reed_solomon_simd::encode(k, m, &shards).unwrap();
            for (j, rec) in recovery.iter().enumerate() {
                assert_eq!(
                    &batched[j * s + 2 * e..j * s + 2 * e + 2],
                    &rec[..],
                    "e={e} j={j}"
                );
            }
        }
    }

    #[test]
    fn reconstruct_from_any_k() {
        let (k, m, s) = (3usize, 4usize, 10usize);
        let originals = pseudo_random(k * s, 3);
        let parity = expand(&originals, k, m, s);
        let codeword: Vec<&[u8]> = originals
            .chunks_exact(s)
            .chain(parity.chunks_exact(s))
            .collect();
        for subset in [[0usize, 1, 2], [4, 5, 6], [0, 3, 6], [2, 5, 1]] {
            let available: Vec<(usize, &[u8])> = subset.iter().map(|&i| (i, codeword[i])).collect();
            assert_eq!(reconstruct(&available, k, k + m, s), originals);
        }
    }
}
