//! Decoding a blob from any `n - 2f` primary slivers.

use thiserror::Error;

use crate::encode::{resolve_threads, run_tasks, split_buffers, split_range};
use crate::metadata::VerifiedBlobMetadata;
use crate::pool;
use crate::rs::from_lib;
use crate::sliver::{Sliver, SliverVerificationError};
use crate::types::{Primary, SliverPairIndex};

/// Why a blob could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// Too few valid primary slivers.
    #[error(
        "cannot decode blob: {valid} valid primary slivers with distinct indices, {needed} \
         needed ({rejected} rejected as not matching the metadata); fetch slivers from more nodes"
    )]
    NotEnoughSlivers {
        /// Valid distinct slivers received.
        valid: usize,
        /// Slivers needed (`n - 2f`).
        needed: usize,
        /// Slivers rejected.
        rejected: usize,
    },
}

/// Bytes per library shard segment for decoding. The library's decoder has a fixed cost per
/// call (erasure locator over GF(2^16)), so segments are larger than for encoding.
pub fn decode_segment_bytes(n: usize) -> usize {
    ((4 << 20) / n.next_power_of_two()).clamp(4096, 256 * 1024) / 64 * 64
}

/// Collects primary slivers, checks each against the metadata, and decodes the blob once
/// `n - 2f` valid ones are in.
///
/// ```
/// use walrus_core::{BlobDecoder, BlobEncoder, EncodingConfig, NShards};
/// let config = EncodingConfig::new(NShards::new(10).unwrap());
/// let blob: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
/// let (metadata, pairs) = BlobEncoder::new(config).encode(&blob).unwrap().into_parts();
/// let mut decoder = BlobDecoder::new(&metadata);
/// // Any n - 2f = 4 primary slivers; here the last four.
/// for pair in pairs.into_iter().rev().take(4) {
///     decoder.add(pair.primary).unwrap();
/// }
/// assert_eq!(decoder.decode().unwrap(), blob);
/// ```
#[derive(Debug)]
pub struct BlobDecoder<'m> {
    metadata: &'m VerifiedBlobMetadata,
    slivers: Vec<Option<Sliver<Primary>>>,
    valid: usize,
    rejected: usize,
    threads: usize,
}

impl<'m> BlobDecoder<'m> {
    /// A decoder for the blob described by `metadata`.
    pub fn new(metadata: &'m VerifiedBlobMetadata) -> Self {
        Self {
            metadata,
            slivers: vec![None; metadata.n_shards().as_usize()],
            valid: 0,
            rejected: 0,
            threads: 1,
        }
    }

    /// Uses `threads` threads (`0` = all cores) for verification and decoding.
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = resolve_threads(threads);
        self
    }

    /// Slivers needed: `n - 2f`.
    pub fn needed(&self) -> usize {
        self.metadata.config().kp()
    }

    /// Whether enough valid slivers are in.
    pub fn is_ready(&self) -> bool {
        self.valid >= self.needed()
    }

    /// Offers a sliver. It is checked against the metadata and kept if valid; duplicates and
    /// slivers offered after the decoder is ready are ignored without checking.
    pub fn add(&mut self, sliver: Sliver<Primary>) -> Result<(), SliverVerificationError> {
        if self.is_ready() || self.has(sliver.index()) {
            return Ok(());
        }
        match sliver.verify(self.metadata) {
            Ok(()) => {
                self.insert(sliver);
                Ok(())
            }
            Err(error) => {
                self.rejected += 1;
                Err(error)
            }
        }
    }

    /// Offers many slivers, verifying them on the decoder's threads. Invalid ones are counted
    /// and dropped. Returns the number rejected by this call.
    pub fn add_all(&mut self, slivers: impl IntoIterator<Item = Sliver<Primary>>) -> usize {
        let mut rejected = 0;
        let mut pending: Vec<Sliver<Primary>> = Vec::new();
        let mut iter = slivers.into_iter();
        loop {
            let missing = self.needed().saturating_sub(self.valid);
            if missing == 0 {
                break;
            }
            pending.clear();
            for sliver in iter.by_ref() {
                if !self.has(sliver.index()) && !pending.iter().any(|p| p.index() == sliver.index())
                {
                    pending.push(sliver);
                    if pending.len() == missing {
                        break;
                    }
                }
            }
            if pending.is_empty() {
                break;
            }
            let mut ok = vec![false; pending.len()];
            let ranges = split_range(0, pending.len(), self.threads.min(pending.len()));
            let metadata = self.metadata;
            let slivers = &pending;
            let mut tasks = Vec::new();
            let mut rest = ok.as_mut_slice();
            for &(lo, hi) in &ranges {
                let (head, tail) = rest.split_at_mut(hi - lo);
                rest = tail;
                tasks.push((lo, head));
            }
            run_tasks(tasks, |(lo, out)| {
                for (i, flag) in out.iter_mut().enumerate() {
                    *flag = slivers[lo + i].verify(metadata).is_ok();
                }
            });
            for (sliver, ok) in pending.drain(..).zip(ok) {
                if ok {
                    self.insert(sliver);
                } else {
                    rejected += 1;
                }
            }
        }
        self.rejected += rejected;
        rejected
    }

    fn has(&self, index: SliverPairIndex) -> bool {
        self.slivers
            .get(index.as_usize())
            .is_some_and(Option::is_some)
    }

    fn insert(&mut self, sliver: Sliver<Primary>) {
        let index = sliver.index().as_usize();
        if let Some(slot) = self.slivers.get_mut(index)
            && slot.is_none()
        {
            *slot = Some(sliver);
            self.valid += 1;
        }
    }

    /// Decodes the blob. Fails if fewer than `n - 2f` valid slivers were added.
    pub fn decode(self) -> Result<Vec<u8>, DecodeError> {
        let config = self.metadata.config();
        let (n, kp, ks) = (config.n(), config.kp(), config.ks());
        let s = self.metadata.symbol_size().as_usize();
        if self.valid < kp {
            return Err(DecodeError::NotEnoughSlivers {
                valid: self.valid,
                needed: kp,
                rejected: self.rejected,
            });
        }
        let row_len = ks * s;
        let present: Vec<(usize, &[u8])> = self
            .slivers
            .iter()
            .enumerate()
            .filter_map(|(i, sliver)| sliver.as_ref().map(|s| (i, s.symbols())))
            .take(kp)
            .collect();
        let mut blob = vec![0u8; kp * row_len];
        let mut missing = vec![true; kp];
        for &(index, symbols) in &present {
            if index < kp {
                blob[index * row_len..(index + 1) * row_len].copy_from_slice(symbols);
                missing[index] = false;
            }
        }
        if missing.iter().any(|&m| m) {
            let ranges: Vec<(usize, usize)> = split_range(0, row_len / 2, self.threads)
                .into_iter()
                .map(|(a, b)| (a * 2, b * 2))
                .collect();
            let missing_rows = blob
                .chunks_exact_mut(row_len)
                .zip(&missing)
                .filter(|(_, m)| **m)
                .map(|(row, _)| row);
            let pieces = split_buffers(missing_rows, &ranges);
            let missing_indices: Vec<usize> = (0..kp).filter(|&r| missing[r]).collect();
            let segment = decode_segment_bytes(n);
            let present = &present;
            let missing_indices = &missing_indices;
            // Decoders come from the pool, taken here on the calling thread.
            let tasks: Vec<_> = ranges
                .iter()
                .copied()
                .zip(pieces)
                .map(|(range, out)| {
                    let decoder = pool::decoder(kp, n - kp, segment.min(range.1 - range.0));
                    (range, out, decoder)
                })
                .collect();
            run_tasks(tasks, |((lo, hi), mut out, mut decoder)| {
                let mut a = lo;
                while a < hi {
                    let b = (a + segment).min(hi);
                    decoder.reset(kp, n - kp, b - a);
                    for &(index, symbols) in present {
                        decoder.add(kp, index, &symbols[a..b]);
                    }
                    let result = decoder.decode();
                    for (index, restored) in result.restored_original_iter() {
                        if let Ok(slot) = missing_indices.binary_search(&index) {
                            from_lib(restored, &mut out[slot][a - lo..b - lo]);
                        }
                    }
                    a = b;
                }
                pool::return_decoder(decoder);
            });
        }
        blob.truncate(usize::try_from(self.metadata.unencoded_size()).unwrap_or(usize::MAX));
        Ok(blob)
    }
}

/// Decodes a blob from primary slivers (any order, extra or invalid ones tolerated).
pub fn decode_blob(
    metadata: &VerifiedBlobMetadata,
    slivers: impl IntoIterator<Item = Sliver<Primary>>,
    threads: usize,
) -> Result<Vec<u8>, DecodeError> {
    let mut decoder = BlobDecoder::new(metadata).with_threads(threads);
    decoder.add_all(slivers);
    decoder.decode()
}
