//! Blob metadata (the sliver roots of every pair), blob root and blob ID.

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest as _};
use thiserror::Error;

use crate::config::{BlobTooLarge, EncodingConfig};
use crate::merkle;
use crate::types::{
    BlobId, Digest, EncodingAxis, EncodingType, NShards, ShardIndex, SliverAxis, SliverPairIndex,
    SymbolSize,
};
use crate::wire::{Reader, WireError, WireFormat, Writer};

/// BLAKE2b with a 32-byte output (Move `sui::hash::blake2b256`).
pub fn blake2b256(data: &[u8]) -> [u8; 32] {
    let mut hasher = Blake2b::<U32>::new();
    hasher.update(data);
    hasher.finalize().into()
}

/// The input of the blob ID hash: `[encoding_type] ++ size (u64 LE) ++ blob_root`, 41 bytes
/// (the BCS encoding of `(u8, u64, u256)`).
pub fn blob_id_preimage(
    encoding_type: EncodingType,
    unencoded_size: u64,
    blob_root: &Digest,
) -> [u8; 41] {
    let mut bytes = [0u8; 41];
    bytes[0] = encoding_type.as_u8();
    bytes[1..9].copy_from_slice(&unencoded_size.to_le_bytes());
    bytes[9..].copy_from_slice(&blob_root.0);
    bytes
}

/// `blob_id = blake2b256(bcs(encoding_type: u8, unencoded_size: u64, root_hash: u256))`, where
/// `root_hash = u256::from_le_bytes(blob_root)`. Move re-derives it at registration.
///
/// ```
/// use walrus_core::{blob_id, Digest, EncodingType};
/// let id = blob_id(EncodingType::Rs2, 0, &Digest([0; 32]));
/// assert_eq!(id.0, walrus_core::blake2b256(&[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
///     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
/// ```
pub fn blob_id(encoding_type: EncodingType, unencoded_size: u64, blob_root: &Digest) -> BlobId {
    BlobId(blake2b256(&blob_id_preimage(
        encoding_type,
        unencoded_size,
        blob_root,
    )))
}

/// The two sliver roots of one sliver pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SliverPairRoots {
    /// Root of primary sliver `i` (row `i`).
    pub primary: Digest,
    /// Root of secondary sliver `i` (column `i`).
    pub secondary: Digest,
}

impl SliverPairRoots {
    /// The root for `axis`.
    pub fn get(&self, axis: SliverAxis) -> &Digest {
        match axis {
            SliverAxis::Primary => &self.primary,
            SliverAxis::Secondary => &self.secondary,
        }
    }

    /// The leaf of this pair in the blob tree.
    pub fn leaf(&self) -> Digest {
        merkle::pair_leaf(&self.primary, &self.secondary)
    }
}

/// The metadata of a blob as sent over the network: unverified.
///
/// Wire format (BCS): `encoding_type: u8, unencoded_size: u64, pairs: vector<(primary: [u8; 32],
/// secondary: [u8; 32])>`. Use [`BlobMetadata::verify`] before using it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BlobMetadata {
    /// The encoding (always RS2).
    pub encoding_type: EncodingType,
    /// The size of the blob in bytes.
    pub unencoded_size: u64,
    /// One entry per sliver pair, `n` in total.
    pub pairs: Vec<SliverPairRoots>,
}

/// Why metadata does not belong to a blob ID.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MetadataError {
    /// The number of pairs is not the committee size.
    #[error(
        "metadata lists {got} sliver pairs but the committee has {expected} shards; it was \
         encoded for another committee size"
    )]
    WrongPairCount {
        /// The committee's shard count.
        expected: u16,
        /// The number of pairs in the metadata.
        got: usize,
    },
    /// The blob is too large for the committee.
    #[error(transparent)]
    TooLarge(#[from] BlobTooLarge),
    /// The metadata hashes to another blob ID.
    #[error(
        "metadata does not match blob ID {expected}: it hashes to {computed}; the metadata is \
         corrupt or belongs to another blob"
    )]
    BlobIdMismatch {
        /// The blob ID the metadata was checked against.
        expected: BlobId,
        /// The blob ID the metadata hashes to.
        computed: BlobId,
    },
}

impl BlobMetadata {
    /// The leaves of the blob tree.
    pub fn leaves(&self) -> Vec<Digest> {
        self.pairs.iter().map(SliverPairRoots::leaf).collect()
    }

    /// The root of the blob tree over the pairs.
    pub fn blob_root(&self) -> Digest {
        merkle::tree_root(&self.leaves())
    }

    /// The blob ID this metadata hashes to.
    pub fn compute_blob_id(&self) -> BlobId {
        blob_id(self.encoding_type, self.unencoded_size, &self.blob_root())
    }

    /// Checks the metadata against a blob ID and committee size.
    pub fn verify(
        self,
        expected: &BlobId,
        n_shards: NShards,
    ) -> Result<VerifiedBlobMetadata, MetadataError> {
        if self.pairs.len() != n_shards.as_usize() {
            return Err(MetadataError::WrongPairCount {
                expected: n_shards.get(),
                got: self.pairs.len(),
            });
        }
        let config = EncodingConfig::new(n_shards);
        let symbol_size = config.symbol_size(self.unencoded_size)?;
        let computed = self.compute_blob_id();
        if computed != *expected {
            return Err(MetadataError::BlobIdMismatch {
                expected: *expected,
                computed,
            });
        }
        Ok(VerifiedBlobMetadata {
            blob_id: computed,
            config,
            symbol_size,
            metadata: self,
        })
    }
}

impl WireFormat for BlobMetadata {
    fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::with_capacity(12 + 64 * self.pairs.len());
        writer.u8(self.encoding_type.as_u8());
        writer.u64(self.unencoded_size);
        writer.uleb(self.pairs.len());
        for pair in &self.pairs {
            writer.fixed(&pair.primary.0);
            writer.fixed(&pair.secondary.0);
        }
        writer.finish()
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, WireError> {
        let mut reader = Reader::new(bytes);
        let encoding_type = EncodingType::try_from(reader.u8("encoding_type")?).map_err(|e| {
            WireError::InvalidValue {
                field: "encoding_type",
                reason: e.to_string(),
            }
        })?;
        let unencoded_size = reader.u64("unencoded_size")?;
        let count = reader.uleb("pairs")?;
        if count > usize::from(NShards::MAX) {
            return Err(WireError::InvalidValue {
                field: "pairs",
                reason: format!("{count} pairs, at most {} allowed", NShards::MAX),
            });
        }
        let raw = reader.take(count * 64, "pairs")?;
        let pairs = raw
            .chunks_exact(64)
            .map(|chunk| {
                let mut primary = [0u8; 32];
                let mut secondary = [0u8; 32];
                primary.copy_from_slice(&chunk[..32]);
                secondary.copy_from_slice(&chunk[32..]);
                SliverPairRoots {
                    primary: Digest(primary),
                    secondary: Digest(secondary),
                }
            })
            .collect();
        reader.finish()?;
        Ok(Self {
            encoding_type,
            unencoded_size,
            pairs,
        })
    }
}

/// Metadata checked against its blob ID and committee size: the only form the decoder,
/// sliver verification and proofs accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedBlobMetadata {
    blob_id: BlobId,
    config: EncodingConfig,
    symbol_size: SymbolSize,
    metadata: BlobMetadata,
}

impl VerifiedBlobMetadata {
    /// Used by the encoder, which computed the blob ID itself.
    pub(crate) fn new_trusted(
        config: EncodingConfig,
        symbol_size: SymbolSize,
        metadata: BlobMetadata,
    ) -> Self {
        Self {
            blob_id: metadata.compute_blob_id(),
            config,
            symbol_size,
            metadata,
        }
    }

    /// The blob ID.
    pub fn blob_id(&self) -> &BlobId {
        &self.blob_id
    }

    /// The encoding configuration (committee size).
    pub fn config(&self) -> &EncodingConfig {
        &self.config
    }

    /// The committee size.
    pub fn n_shards(&self) -> NShards {
        self.config.n_shards()
    }

    /// The blob size in bytes.
    pub fn unencoded_size(&self) -> u64 {
        self.metadata.unencoded_size
    }

    /// The symbol size of this blob.
    pub fn symbol_size(&self) -> SymbolSize {
        self.symbol_size
    }

    /// The encoding type.
    pub fn encoding_type(&self) -> EncodingType {
        self.metadata.encoding_type
    }

    /// The roots of every pair.
    pub fn pairs(&self) -> &[SliverPairRoots] {
        &self.metadata.pairs
    }

    /// The root of sliver `index` of axis `A`, if `index < n`.
    pub fn root<A: EncodingAxis>(&self, index: SliverPairIndex) -> Option<&Digest> {
        self.root_for(A::AXIS, index)
    }

    /// The root of sliver `index` of `axis`, if `index < n`.
    pub fn root_for(&self, axis: SliverAxis, index: SliverPairIndex) -> Option<&Digest> {
        self.metadata
            .pairs
            .get(index.as_usize())
            .map(|pair| pair.get(axis))
    }

    /// The sliver pair stored by `shard` (placement rotates by blob ID).
    pub fn pair_index_for_shard(&self, shard: ShardIndex) -> SliverPairIndex {
        self.blob_id.pair_index_for_shard(shard, self.n_shards())
    }

    /// The shard storing sliver pair `pair`.
    pub fn shard_for_pair_index(&self, pair: SliverPairIndex) -> ShardIndex {
        self.blob_id.shard_for_pair_index(pair, self.n_shards())
    }

    /// The unverified metadata (for sending it on).
    pub fn metadata(&self) -> &BlobMetadata {
        &self.metadata
    }

    /// Gives back the inner metadata.
    pub fn into_inner(self) -> BlobMetadata {
        self.metadata
    }

    /// The blob root.
    pub fn blob_root(&self) -> Digest {
        self.metadata.blob_root()
    }
}
