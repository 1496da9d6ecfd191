//! Encoding a blob into sliver pairs and metadata.
//!
//! # Layout
//!
//! The blob, zero-padded to `k_p * k_s * s` bytes, is read row by row into the `k_p x k_s`
//! source matrix: symbol `(r, c)` is bytes `[(r * k_s + c) * s, (r * k_s + c + 1) * s)`. The
//! *primary code* (`k_p -> n`) extends every column to `n` rows; the *secondary code*
//! (`k_s -> n`) extends every row to `n` columns. The result is the expanded `n x n` matrix `M`.
//! Primary sliver `i` is `M[i][0..k_s]`, secondary sliver `i` is `M[0..k_p][i]`; expanded primary
//! sliver `i` is row `M[i][0..n]`, expanded secondary sliver `i` is column `M[0..n][i]`.
//!
//! # Work plan (what makes it fast)
//!
//! 1. Primary code over column segments of the source rows: each library call encodes a segment
//!    of `w` whole symbols of every source row (one long library shard per row), giving the same
//!    segment of all parity rows. While that segment is in cache, the secondary slivers and the
//!    parity parts of its `w` columns are gathered and hashed.
//! 2. Secondary code over row segments: the `h` symbols of each column in rows `a..b` form one
//!    library shard; the outputs are the parity columns for those rows. The parity parts of rows
//!    `a..b` are assembled from them and the rows are hashed while in cache.
//! 3. The remaining columns (`k_s..n`) are hashed from the buffers filled in step 2.
//!
//! Every library call works on a segment sized to stay in cache; threads take disjoint ranges
//! of segments and write disjoint outputs, so the output does not depend on the thread count.
//!
//! Memory: the output (`n (k_p + k_s) s` bytes, about 4.5x the blob at n = 1000) plus the
//! parity-of-parity block (`(n - k_p)(n - k_s) s`, about 1x) plus per-thread scratch; the
//! in-memory path additionally borrows the caller's blob, the streaming path reads straight into
//! the output.

use std::io::Read;
use std::thread;

use thiserror::Error;

use crate::config::{BlobTooLarge, EncodingConfig};
use crate::merkle;
use crate::metadata::{BlobMetadata, SliverPairRoots, VerifiedBlobMetadata};
use crate::pool;
use crate::rs::{copy_symbol, from_lib};
use crate::sliver::{Sliver, SliverPair};
use crate::types::{Digest, EncodingType, SliverPairIndex, SymbolSize};

/// Why a blob could not be encoded.
#[derive(Debug, Error)]
pub enum EncodeError {
    /// The blob exceeds the maximum size for the committee.
    #[error(transparent)]
    TooLarge(#[from] BlobTooLarge),
    /// The reader failed or ended before `size` bytes.
    #[error("reading the blob failed after {read} of {size} bytes: {source}")]
    Read {
        /// Bytes read successfully.
        read: u64,
        /// Bytes expected.
        size: u64,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// A blob encoded into `n` sliver pairs, with its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedBlob {
    metadata: VerifiedBlobMetadata,
    pairs: Vec<SliverPair>,
}

impl EncodedBlob {
    /// The metadata (all sliver roots, blob ID).
    pub fn metadata(&self) -> &VerifiedBlobMetadata {
        &self.metadata
    }

    /// The blob ID.
    pub fn blob_id(&self) -> &crate::BlobId {
        self.metadata.blob_id()
    }

    /// Sliver pair `i` at index `i`, for all `n` pairs.
    pub fn sliver_pairs(&self) -> &[SliverPair] {
        &self.pairs
    }

    /// Splits into metadata and sliver pairs.
    pub fn into_parts(self) -> (VerifiedBlobMetadata, Vec<SliverPair>) {
        (self.metadata, self.pairs)
    }
}

/// Encodes blobs for one committee size, on one or more threads.
///
/// ```
/// use walrus_core::{BlobEncoder, EncodingConfig, NShards};
/// let config = EncodingConfig::new(NShards::new(7).unwrap());
/// let blob = b"hello walrus".to_vec();
/// let encoded = BlobEncoder::new(config).encode(&blob).unwrap();
/// assert_eq!(encoded.sliver_pairs().len(), 7);
/// // Two threads give the same bytes.
/// let again = BlobEncoder::new(config).with_threads(2).encode(&blob).unwrap();
/// assert_eq!(encoded, again);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct BlobEncoder {
    config: EncodingConfig,
    threads: usize,
}

impl BlobEncoder {
    /// An encoder running on the calling thread only.
    pub fn new(config: EncodingConfig) -> Self {
        Self { config, threads: 1 }
    }

    /// Uses `threads` threads (`0` = all available cores). Output is identical for any count.
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = resolve_threads(threads);
        self
    }

    /// The configuration.
    pub fn config(&self) -> &EncodingConfig {
        &self.config
    }

    /// Encodes a blob held in memory.
    pub fn encode(&self, blob: &[u8]) -> Result<EncodedBlob, BlobTooLarge> {
        let size = blob.len() as u64;
        let threads = self.threads;
        let result = self.encode_with(size, |rows, row_len| {
            // Allocated here, filled (and so faulted in) on `threads` threads.
            let count = rows.capacity();
            rows.extend((0..count).map(|_| Vec::with_capacity(row_len)));
            let ranges = split_range(0, count, threads);
            let mut tasks = Vec::new();
            let mut rest = rows.as_mut_slice();
            for &(lo, hi) in &ranges {
                let (head, tail) = rest.split_at_mut(hi - lo);
                rest = tail;
                tasks.push((lo, head));
            }
            run_tasks(tasks, |(lo, slots)| {
                for (i, row) in slots.iter_mut().enumerate() {
                    let chunk = blob.get((lo + i) * row_len..).unwrap_or_default();
                    row.extend_from_slice(&chunk[..chunk.len().min(row_len)]);
                    row.resize(row_len, 0);
                }
            });
            Ok(())
        });
        match result {
            Ok(encoded) => Ok(encoded),
            Err(EncodeError::TooLarge(e)) => Err(e),
            Err(EncodeError::Read { .. }) => unreachable!("copying from memory cannot fail"),
        }
    }

    /// Encodes `size` bytes read from `reader`, without holding the blob in memory besides the
    /// slivers being built (the source rows are read directly into the primary slivers).
    pub fn encode_reader<R: Read>(
        &self,
        mut reader: R,
        size: u64,
    ) -> Result<EncodedBlob, EncodeError> {
        self.encode_with(size, |rows, row_len| {
            let mut read = 0u64;
            for _ in 0..rows.capacity() {
                let want = (size - read).min(row_len as u64);
                let mut row = Vec::with_capacity(row_len);
                let got = reader
                    .by_ref()
                    .take(want)
                    .read_to_end(&mut row)
                    .map_err(|source| EncodeError::Read { read, size, source })?;
                read += got as u64;
                if (got as u64) < want {
                    return Err(EncodeError::Read {
                        read,
                        size,
                        source: std::io::ErrorKind::UnexpectedEof.into(),
                    });
                }
                row.resize(row_len, 0);
                rows.push(row);
            }
            Ok(())
        })
    }

    /// Computes only the metadata (and blob ID) of a blob.
    pub fn compute_metadata(&self, blob: &[u8]) -> Result<VerifiedBlobMetadata, BlobTooLarge> {
        Ok(self.encode(blob)?.metadata)
    }

    /// `fill` pushes the `k_p` source rows (of `row_len` bytes, zero-padded) into the given
    /// vector, whose capacity is `k_p`.
    fn encode_with(
        &self,
        size: u64,
        fill: impl FnOnce(&mut Vec<Vec<u8>>, usize) -> Result<(), EncodeError>,
    ) -> Result<EncodedBlob, EncodeError> {
        let config = self.config;
        let symbol_size = config.symbol_size(size)?;
        let geom = Geometry::new(&config, symbol_size);
        let Geometry { n, kp, ks, s } = geom;
        // Rows of the expanded matrix restricted to columns 0..k_s = the primary slivers.
        let mut rows: Vec<Vec<u8>> = Vec::with_capacity(kp);
        fill(&mut rows, ks * s)?;
        debug_assert_eq!(rows.len(), kp);
        rows.extend(zeroed_buffers(n - kp, ks * s, self.threads));
        // Columns restricted to rows 0..k_p = the secondary slivers.
        let mut cols = zeroed_buffers(n, kp * s, self.threads);
        // Columns k_s..n restricted to rows k_p..n: the parity of the parity.
        let mut corner = zeroed_buffers(n - ks, (n - kp) * s, self.threads);
        let mut row_parity = vec![Digest::default(); n];
        let mut row_roots = vec![Digest::default(); n];
        let mut col_parity = vec![Digest::default(); n];
        let mut col_roots = vec![Digest::default(); n];

        geom.primary_pass(
            self.threads,
            &mut rows,
            &mut cols[..ks],
            &mut col_parity[..ks],
            &mut col_roots[..ks],
        );
        geom.secondary_pass(
            self.threads,
            &rows,
            &mut cols[ks..],
            &mut corner,
            &mut row_parity,
            &mut row_roots,
        );
        geom.corner_pass(
            self.threads,
            &cols[ks..],
            &corner,
            &mut col_parity[ks..],
            &mut col_roots[ks..],
        );
        drop(corner);

        let metadata = BlobMetadata {
            encoding_type: EncodingType::Rs2,
            unencoded_size: size,
            pairs: row_roots
                .iter()
                .zip(&col_roots)
                .map(|(primary, secondary)| SliverPairRoots {
                    primary: *primary,
                    secondary: *secondary,
                })
                .collect(),
        };
        let metadata = VerifiedBlobMetadata::new_trusted(config, symbol_size, metadata);
        let pairs = rows
            .into_iter()
            .zip(cols)
            .zip(row_parity.into_iter().zip(col_parity))
            .enumerate()
            .map(|(i, ((row, col), (row_digest, col_digest)))| {
                let index = SliverPairIndex(i as u16);
                SliverPair {
                    primary: Sliver::new_unchecked(index, symbol_size, row, row_digest),
                    secondary: Sliver::new_unchecked(index, symbol_size, col, col_digest),
                }
            })
            .collect();
        Ok(EncodedBlob { metadata, pairs })
    }
}

/// `count` zeroed buffers of `len` bytes. They are allocated on the calling thread (so that
/// freeing them later does not depend on worker threads' allocator arenas) and zeroed, which is
/// where fresh pages get faulted in, on `threads` threads.
fn zeroed_buffers(count: usize, len: usize, threads: usize) -> Vec<Vec<u8>> {
    let mut buffers: Vec<Vec<u8>> = (0..count).map(|_| Vec::with_capacity(len)).collect();
    let ranges = split_range(0, count, threads);
    let mut tasks = Vec::new();
    let mut rest = buffers.as_mut_slice();
    for &(lo, hi) in &ranges {
        let (head, tail) = rest.split_at_mut(hi - lo);
        rest = tail;
        tasks.push(head);
    }
    run_tasks(tasks, |slots| {
        for slot in slots {
            slot.resize(len, 0);
        }
    });
    buffers
}

/// `0` means all available cores.
pub(crate) fn resolve_threads(threads: usize) -> usize {
    if threads == 0 {
        thread::available_parallelism().map_or(1, usize::from)
    } else {
        threads
    }
}

/// Bytes per library shard segment that keep a library call in cache, for `n` shards.
pub fn encode_segment_bytes(n: usize) -> usize {
    ((2 << 20) / n.next_power_of_two()).clamp(1024, 32 * 1024)
}

/// Splits `lo..hi` into `parts` contiguous ranges of near-equal length (some may be empty).
pub(crate) fn split_range(lo: usize, hi: usize, parts: usize) -> Vec<(usize, usize)> {
    let parts = parts.max(1);
    let len = hi - lo;
    (0..parts)
        .map(|i| (lo + len * i / parts, lo + len * (i + 1) / parts))
        .collect()
}

/// Splits each buffer at the byte boundaries of `ranges` (contiguous, in order) and returns, for
/// each range, the list of its pieces (one per buffer).
pub(crate) fn split_buffers<'a>(
    buffers: impl Iterator<Item = &'a mut [u8]>,
    ranges: &[(usize, usize)],
) -> Vec<Vec<&'a mut [u8]>> {
    let mut out: Vec<Vec<&'a mut [u8]>> = ranges.iter().map(|_| Vec::new()).collect();
    for buffer in buffers {
        let start = ranges.first().map_or(0, |r| r.0);
        let (_, mut rest) = buffer.split_at_mut(start);
        for (i, &(lo, hi)) in ranges.iter().enumerate() {
            let (piece, tail) = rest.split_at_mut(hi - lo);
            out[i].push(piece);
            rest = tail;
        }
    }
    out
}

/// Runs `work` on every task, on up to `tasks.len()` threads (the first on the caller's thread).
pub(crate) fn run_tasks<T: Send>(tasks: Vec<T>, work: impl Fn(T) + Sync) {
    if tasks.len() <= 1 {
        tasks.into_iter().for_each(&work);
        return;
    }
    thread::scope(|scope| {
        let work = &work;
        let mut tasks = tasks.into_iter();
        let first = tasks.next();
        for task in tasks {
            scope.spawn(move || work(task));
        }
        if let Some(task) = first {
            work(task);
        }
    });
}

/// Fixed sizes of one encoding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub(crate) n: usize,
    pub(crate) kp: usize,
    pub(crate) ks: usize,
    pub(crate) s: usize,
}

impl Geometry {
    pub(crate) fn new(config: &EncodingConfig, symbol_size: SymbolSize) -> Self {
        Self {
            n: config.n(),
            kp: config.kp(),
            ks: config.ks(),
            s: symbol_size.as_usize(),
        }
    }

    /// Step 1: primary code over column segments; secondary slivers and column roots for
    /// columns `0..k_s`.
    fn primary_pass(
        &self,
        threads: usize,
        rows: &mut [Vec<u8>],
        cols: &mut [Vec<u8>],
        col_parity: &mut [Digest],
        col_roots: &mut [Digest],
    ) {
        let Self { n, kp, ks, s } = *self;
        let ranges = split_range(0, ks, threads);
        let byte_ranges: Vec<(usize, usize)> =
            ranges.iter().map(|&(a, b)| (a * s, b * s)).collect();
        let (source, parity_rows) = rows.split_at_mut(kp);
        let source: &[Vec<u8>] = source;
        let parity_pieces =
            split_buffers(parity_rows.iter_mut().map(Vec::as_mut_slice), &byte_ranges);
        let width = (encode_segment_bytes(n) / s).max(1);
        let parity_len = (n - kp) * s;
        let mut tasks = Vec::new();
        let (mut cols, mut col_parity, mut col_roots) = (cols, col_parity, col_roots);
        for (&(lo, hi), parity) in ranges.iter().zip(parity_pieces) {
            let (c, rest_c) = cols.split_at_mut(hi - lo);
            let (p, rest_p) = col_parity.split_at_mut(hi - lo);
            let (r, rest_r) = col_roots.split_at_mut(hi - lo);
            cols = rest_c;
            col_parity = rest_p;
            col_roots = rest_r;
            // Scratch comes from the pool, taken here on the calling thread.
            let columns = width.min(hi - lo);
            let scratch = (
                pool::encoder(kp, n - kp, columns * s),
                pool::buffer(columns * parity_len),
            );
            tasks.push((lo, hi, parity, c, p, r, scratch));
        }
        run_tasks(
            tasks,
            |(lo, hi, mut parity, cols, col_parity, col_roots, scratch)| {
                let base = lo * s;
                let (mut encoder, mut column_parity) = scratch;
                let mut c0 = lo;
                while c0 < hi {
                    let c1 = (c0 + width).min(hi);
                    let (a, b) = (c0 * s, c1 * s);
                    encoder.reset(kp, n - kp, b - a);
                    for row in source {
                        encoder.add(&row[a..b]);
                    }
                    let result = encoder.encode();
                    for (recovery, dst) in result.recovery_iter().zip(parity.iter_mut()) {
                        from_lib(recovery, &mut dst[a - base..b - base]);
                    }
                    // Transpose the segment, reading each row once: the source rows go to the
                    // secondary slivers, the parity rows to the columns' parity parts.
                    for (r, row) in source.iter().enumerate() {
                        for (c, symbol) in row[a..b].chunks_exact(s).enumerate() {
                            copy_symbol(&mut cols[c0 - lo + c][r * s..(r + 1) * s], symbol);
                        }
                    }
                    for (j, row) in parity.iter().enumerate() {
                        for (c, symbol) in row[a - base..b - base].chunks_exact(s).enumerate() {
                            let at = c * parity_len + j * s;
                            copy_symbol(&mut column_parity[at..at + s], symbol);
                        }
                    }
                    for c in c0..c1 {
                        let systematic = merkle::part_digest(&cols[c - lo]);
                        let at = (c - c0) * parity_len;
                        let parity_digest =
                            merkle::part_digest(&column_parity[at..at + parity_len]);
                        col_parity[c - lo] = parity_digest;
                        col_roots[c - lo] = merkle::sliver_root(&systematic, &parity_digest);
                    }
                    c0 = c1;
                }
                pool::return_encoder(encoder);
                pool::return_buffer(column_parity);
            },
        );
    }

    /// Step 2: secondary code over row segments; parity columns and row roots.
    fn secondary_pass(
        &self,
        threads: usize,
        rows: &[Vec<u8>],
        parity_cols: &mut [Vec<u8>],
        corner: &mut [Vec<u8>],
        row_parity: &mut [Digest],
        row_roots: &mut [Digest],
    ) {
        let Self { n, kp, ks, s } = *self;
        let ranges = split_range(0, n, threads);
        // Pieces of the parity columns (rows 0..k_p) and of the corner (rows k_p..n).
        let top: Vec<(usize, usize)> = ranges
            .iter()
            .map(|&(a, b)| (a.min(kp) * s, b.min(kp) * s))
            .collect();
        let bottom: Vec<(usize, usize)> = ranges
            .iter()
            .map(|&(a, b)| (a.max(kp) - kp, b.max(kp) - kp))
            .map(|(a, b)| (a * s, b * s))
            .collect();
        let top_pieces = split_buffers(parity_cols.iter_mut().map(Vec::as_mut_slice), &top);
        let bottom_pieces = split_buffers(corner.iter_mut().map(Vec::as_mut_slice), &bottom);
        let height = (encode_segment_bytes(n) / s).max(1);
        let mut tasks = Vec::new();
        let (mut row_parity, mut row_roots) = (row_parity, row_roots);
        for ((&(lo, hi), top), bottom) in ranges.iter().zip(top_pieces).zip(bottom_pieces) {
            let (p, rest_p) = row_parity.split_at_mut(hi - lo);
            let (r, rest_r) = row_roots.split_at_mut(hi - lo);
            row_parity = rest_p;
            row_roots = rest_r;
            // Scratch comes from the pool, taken here on the calling thread. `gathered` is the
            // column-major copy of a segment: column c holds rows a..b.
            let max_h = height.min(hi - lo);
            let scratch = (
                pool::encoder(ks, n - ks, max_h * s),
                pool::buffer(ks * max_h * s),
                pool::buffer(max_h * (n - ks) * s),
            );
            tasks.push((lo, hi, top, bottom, p, r, scratch));
        }
        run_tasks(
            tasks,
            |(lo, hi, mut top, mut bottom, row_parity, row_roots, scratch)| {
                let (mut encoder, mut gathered, mut parity_rows) = scratch;
                let row_parity_len = (n - ks) * s;
                let mut a = lo;
                while a < hi {
                    // Segments do not straddle row k_p (different destinations above and below).
                    let limit = if a < kp { kp.min(hi) } else { hi };
                    let b = (a + height).min(limit);
                    let h = b - a;
                    let column_len = h * s;
                    // Read each row once, sequentially, scattering its symbols into the columns.
                    for (i, row) in rows[a..b].iter().enumerate() {
                        for (c, symbol) in row.chunks_exact(s).enumerate() {
                            let at = c * column_len + i * s;
                            copy_symbol(&mut gathered[at..at + s], symbol);
                        }
                    }
                    encoder.reset(ks, n - ks, column_len);
                    for column in gathered[..ks * column_len].chunks_exact(column_len) {
                        encoder.add(column);
                    }
                    let result = encoder.encode();
                    for (j, recovery) in result.recovery_iter().enumerate() {
                        let dst = if a < kp {
                            &mut top[j][(a - lo) * s..(b - lo) * s]
                        } else {
                            let start = a - lo.max(kp);
                            &mut bottom[j][start * s..(start + h) * s]
                        };
                        from_lib(recovery, dst);
                        for (i, symbol) in dst.chunks_exact(s).enumerate() {
                            let at = i * row_parity_len + j * s;
                            copy_symbol(&mut parity_rows[at..at + s], symbol);
                        }
                    }
                    for r in a..b {
                        let parity =
                            &parity_rows[(r - a) * row_parity_len..(r - a + 1) * row_parity_len];
                        let systematic = merkle::part_digest(&rows[r]);
                        let parity_digest = merkle::part_digest(parity);
                        row_parity[r - lo] = parity_digest;
                        row_roots[r - lo] = merkle::sliver_root(&systematic, &parity_digest);
                    }
                    a = b;
                }
                pool::return_encoder(encoder);
                pool::return_buffer(gathered);
                pool::return_buffer(parity_rows);
            },
        );
    }

    /// Step 3: roots of columns `k_s..n` from the secondary slivers and the corner.
    fn corner_pass(
        &self,
        threads: usize,
        parity_cols: &[Vec<u8>],
        corner: &[Vec<u8>],
        col_parity: &mut [Digest],
        col_roots: &mut [Digest],
    ) {
        let ranges = split_range(0, parity_cols.len(), threads);
        let mut tasks = Vec::new();
        let (mut col_parity, mut col_roots) = (col_parity, col_roots);
        for &(lo, hi) in &ranges {
            let (p, rest_p) = col_parity.split_at_mut(hi - lo);
            let (r, rest_r) = col_roots.split_at_mut(hi - lo);
            col_parity = rest_p;
            col_roots = rest_r;
            tasks.push((lo, hi, p, r));
        }
        run_tasks(tasks, |(lo, hi, col_parity, col_roots)| {
            for j in lo..hi {
                let systematic = merkle::part_digest(&parity_cols[j]);
                let parity_digest = merkle::part_digest(&corner[j]);
                col_parity[j - lo] = parity_digest;
                col_roots[j - lo] = merkle::sliver_root(&systematic, &parity_digest);
            }
        });
    }
}
