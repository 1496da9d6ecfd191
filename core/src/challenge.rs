//! Storage challenges: deterministic derivation, proofs and signed responses.
//!
//! # Derivation
//!
//! For challenge number `t` (`0..count`) of node `node_id` in a round with seed `seed`:
//!
//! ```text
//! d  = blake2b256(CHALLENGE_DOMAIN ++ seed (32) ++ node_id (32) ++ n_shards (u16 LE) ++ t (u32 LE))
//! blob   = blobs[u64_le(d[0..8])   mod |blobs|]   (certified blob IDs sorted by u256 value, distinct)
//! shard  = shards[u64_le(d[8..16]) mod |shards|]  (the node's shards, sorted, distinct)
//! axis   = primary if d[16] is even, else secondary
//! symbol = u64_le(d[24..32]) mod k(axis)          (k = n - f for primary, n - 2f for secondary)
//! pair   = (shard + blob mod n) mod n
//! ```
//!
//! BLAKE2b keeps the derivation computable in Move (`sui::hash::blake2b256`) should it ever be
//! needed on chain. The modulo bias is below `2^-40` for any realistic set size.
//!
//! # Detection
//!
//! Each challenge picks a symbol uniformly (up to that bias) among all symbols the node must
//! hold, independently; a node that dropped a fraction `d` of them fails at least one of `c`
//! challenges with probability `1 - (1 - d)^c` ([`detection_probability`]).

use thiserror::Error;

use crate::config::EncodingConfig;
use crate::merkle::{self, MAX_PAIR_SIBLINGS};
use crate::messages::{
    IntentType, ProtocolKeyPair, ProtocolPublicKey, ProtocolSignature, SignatureError,
};
use crate::metadata::{VerifiedBlobMetadata, blake2b256, blob_id};
use crate::sliver::{ProofError, Sliver, SliverPair, SymbolProof};
use crate::types::{
    BlobId, Digest, EncodingAxis, EncodingType, Epoch, NShards, NodeId, ShardIndex, SliverAxis,
    SliverPairIndex,
};
use crate::wire::{Reader, WireError, WireFormat, Writer};

/// Domain separator of the challenge derivation.
pub const CHALLENGE_DOMAIN: &[u8] = b"walrus-sui challenge v1";

/// The public seed of a challenge round (from `sui::random` when the round opens on chain).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RoundSeed(pub [u8; 32]);

/// The set of certified blobs a round challenges: distinct IDs sorted by `u256` value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CertifiedBlobSet {
    ids: Vec<BlobId>,
}

impl CertifiedBlobSet {
    /// Sorts and deduplicates `ids`; input order does not matter.
    pub fn new(ids: impl IntoIterator<Item = BlobId>) -> Self {
        let mut ids: Vec<BlobId> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        Self { ids }
    }

    /// The IDs in canonical order.
    pub fn as_slice(&self) -> &[BlobId] {
        &self.ids
    }

    /// The number of blobs.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

impl FromIterator<BlobId> for CertifiedBlobSet {
    fn from_iter<T: IntoIterator<Item = BlobId>>(iter: T) -> Self {
        Self::new(iter)
    }
}

/// One challenged symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Challenge {
    /// The blob.
    pub blob_id: BlobId,
    /// The node's shard that must answer.
    pub shard: ShardIndex,
    /// The sliver pair that shard stores for this blob.
    pub pair_index: SliverPairIndex,
    /// Which sliver of the pair.
    pub axis: SliverAxis,
    /// The symbol within the sliver (`0..k`).
    pub symbol_index: u16,
}

/// Inputs that do not allow deriving challenges.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChallengeError {
    /// The node holds no shard.
    #[error("node holds no shards in this epoch; it cannot be challenged")]
    NoShards,
    /// A shard index is not below `n`.
    #[error("shard {shard} is out of range for {n} shards")]
    ShardOutOfRange {
        /// The shard.
        shard: ShardIndex,
        /// The committee size.
        n: u16,
    },
    /// No certified blob to challenge.
    #[error("no certified blobs: nothing to challenge")]
    NoCertifiedBlobs,
}

fn u64_at(digest: &[u8; 32], at: usize) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[at..at + 8]);
    u64::from_le_bytes(bytes)
}

/// Derives the `count` challenges of `node_id` for a round (see the module documentation).
///
/// ```
/// use walrus_core::*;
/// let n = NShards::new(10).unwrap();
/// let blobs = CertifiedBlobSet::new([BlobId([1; 32]), BlobId([2; 32])]);
/// let shards = [ShardIndex(3), ShardIndex(7)];
/// let a = derive_challenges(&RoundSeed([5; 32]), &NodeId([9; 32]), n, &shards, &blobs, 4).unwrap();
/// let b = derive_challenges(&RoundSeed([5; 32]), &NodeId([9; 32]), n, &shards, &blobs, 4).unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.len(), 4);
/// ```
pub fn derive_challenges(
    seed: &RoundSeed,
    node_id: &NodeId,
    n_shards: NShards,
    node_shards: &[ShardIndex],
    blobs: &CertifiedBlobSet,
    count: u32,
) -> Result<Vec<Challenge>, ChallengeError> {
    let mut shards = node_shards.to_vec();
    shards.sort_unstable();
    shards.dedup();
    if shards.is_empty() {
        return Err(ChallengeError::NoShards);
    }
    if let Some(&shard) = shards.iter().find(|s| s.get() >= n_shards.get()) {
        return Err(ChallengeError::ShardOutOfRange {
            shard,
            n: n_shards.get(),
        });
    }
    if blobs.is_empty() {
        return Err(ChallengeError::NoCertifiedBlobs);
    }
    let config = EncodingConfig::new(n_shards);
    let mut input = Vec::with_capacity(CHALLENGE_DOMAIN.len() + 70);
    input.extend_from_slice(CHALLENGE_DOMAIN);
    input.extend_from_slice(&seed.0);
    input.extend_from_slice(&node_id.0);
    input.extend_from_slice(&n_shards.get().to_le_bytes());
    let prefix = input.len();
    Ok((0..count)
        .map(|t| {
            input.truncate(prefix);
            input.extend_from_slice(&t.to_le_bytes());
            let d = blake2b256(&input);
            let blob_id = blobs.ids[(u64_at(&d, 0) % blobs.len() as u64) as usize];
            let shard = shards[(u64_at(&d, 8) % shards.len() as u64) as usize];
            let axis = if d[16].is_multiple_of(2) {
                SliverAxis::Primary
            } else {
                SliverAxis::Secondary
            };
            let symbols = u64::from(config.symbols_per_sliver(axis));
            Challenge {
                blob_id,
                shard,
                pair_index: blob_id.pair_index_for_shard(shard, n_shards),
                axis,
                symbol_index: (u64_at(&d, 24) % symbols) as u16,
            }
        })
        .collect())
}

/// `1 - (1 - d)^c`: the probability that `c` challenges catch a node that dropped a fraction
/// `d` of its symbols.
pub fn detection_probability(dropped_fraction: f64, challenges: u32) -> f64 {
    1.0 - (1.0 - dropped_fraction.clamp(0.0, 1.0)).powi(challenges.min(i32::MAX as u32) as i32)
}

/// A self-contained proof that a node holds one symbol of a certified blob: the symbol, its
/// path to the sliver root, the other root of the pair and the pair's path to the blob root.
/// It verifies against the blob ID alone (no metadata needed).
///
/// Wire format (BCS): `blob_id: [u8; 32], encoding_type: u8, unencoded_size: u64,
/// n_shards: u16, pair_index: u16, axis: u8, symbol_index: u16, symbol: vector<u8>,
/// symbol_proof: SymbolProof, other_axis_root: [u8; 32], pair_path: vector<[u8; 32]>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageProof {
    /// The blob.
    pub blob_id: BlobId,
    /// The blob's encoding.
    pub encoding_type: EncodingType,
    /// The blob's size (authenticated by the blob ID).
    pub unencoded_size: u64,
    /// The committee size the blob was encoded for.
    pub n_shards: u16,
    /// The sliver pair.
    pub pair_index: SliverPairIndex,
    /// Which sliver of the pair.
    pub axis: SliverAxis,
    /// The symbol within the sliver.
    pub symbol_index: u16,
    /// The symbol.
    pub symbol: Vec<u8>,
    /// Path of the symbol to the sliver root.
    pub symbol_proof: SymbolProof,
    /// The root of the other sliver of the pair.
    pub other_axis_root: Digest,
    /// Siblings of the pair's leaf in the blob tree, left to right.
    pub pair_path: Vec<[u8; 32]>,
}

impl StorageProof {
    /// The proof of symbol `symbol_index` of `sliver` (which must belong to `metadata`).
    pub fn new<A: EncodingAxis>(
        metadata: &VerifiedBlobMetadata,
        sliver: &Sliver<A>,
        symbol_index: u16,
    ) -> Result<Self, ProofError> {
        let symbols = sliver.n_symbols();
        let invalid = ProofError::SymbolIndexOutOfRange {
            index: usize::from(symbol_index),
            symbols,
        };
        let symbol = sliver
            .symbol(usize::from(symbol_index))
            .ok_or(invalid.clone())?
            .to_vec();
        let symbol_proof = sliver
            .symbol_proof(usize::from(symbol_index))
            .ok_or(invalid)?;
        let pair = sliver.index();
        let roots =
            metadata
                .pairs()
                .get(pair.as_usize())
                .ok_or(ProofError::PositionOutOfRange {
                    position: pair.as_usize(),
                    n: metadata.n_shards().get(),
                })?;
        let leaves = metadata.metadata().leaves();
        Ok(Self {
            blob_id: *metadata.blob_id(),
            encoding_type: metadata.encoding_type(),
            unencoded_size: metadata.unencoded_size(),
            n_shards: metadata.n_shards().get(),
            pair_index: pair,
            axis: A::AXIS,
            symbol_index,
            symbol,
            symbol_proof,
            other_axis_root: *roots.get(A::AXIS.orthogonal()),
            pair_path: merkle::tree_path(&leaves, pair.as_usize()),
        })
    }

    /// Answers `challenge` from the node's stored pair.
    pub fn for_challenge(
        challenge: &Challenge,
        metadata: &VerifiedBlobMetadata,
        pair: &SliverPair,
    ) -> Result<Self, ProofError> {
        if *metadata.blob_id() != challenge.blob_id {
            return Err(ProofError::ChallengeMismatch("blob ID"));
        }
        if pair.index() != challenge.pair_index {
            return Err(ProofError::ChallengeMismatch("pair index"));
        }
        match challenge.axis {
            SliverAxis::Primary => Self::new(metadata, &pair.primary, challenge.symbol_index),
            SliverAxis::Secondary => Self::new(metadata, &pair.secondary, challenge.symbol_index),
        }
    }

    /// Verifies the proof for `challenge` in a committee of `n_shards`.
    pub fn verify(&self, challenge: &Challenge, n_shards: NShards) -> Result<(), ProofError> {
        if self.blob_id != challenge.blob_id {
            return Err(ProofError::ChallengeMismatch("blob ID"));
        }
        if self.pair_index != challenge.pair_index {
            return Err(ProofError::ChallengeMismatch("pair index"));
        }
        if self.axis != challenge.axis {
            return Err(ProofError::ChallengeMismatch("axis"));
        }
        if self.symbol_index != challenge.symbol_index {
            return Err(ProofError::ChallengeMismatch("symbol index"));
        }
        if self.n_shards != n_shards.get() {
            return Err(ProofError::ChallengeMismatch("number of shards"));
        }
        let config = EncodingConfig::new(n_shards);
        let symbol_size = config.symbol_size(self.unencoded_size)?;
        let symbols = usize::from(config.symbols_per_sliver(self.axis));
        if usize::from(self.symbol_index) >= symbols {
            return Err(ProofError::SymbolIndexOutOfRange {
                index: usize::from(self.symbol_index),
                symbols,
            });
        }
        let root = self.symbol_proof.sliver_root(
            &config,
            self.axis,
            symbol_size,
            usize::from(self.symbol_index),
            &self.symbol,
        )?;
        let leaf = match self.axis {
            SliverAxis::Primary => merkle::pair_leaf(&root, &self.other_axis_root),
            SliverAxis::Secondary => merkle::pair_leaf(&self.other_axis_root, &root),
        };
        let blob_root = merkle::tree_root_from_path(
            &leaf,
            self.pair_index.as_usize(),
            config.n(),
            &self.pair_path,
        )
        .ok_or(ProofError::MalformedPath)?;
        let computed = blob_id(self.encoding_type, self.unencoded_size, &blob_root);
        if computed != challenge.blob_id {
            return Err(ProofError::BlobIdMismatch {
                expected: challenge.blob_id,
                computed,
            });
        }
        Ok(())
    }

    /// The size of the encoded proof in bytes: `48 + uleb(s) + s + proof + 32 + uleb(p) + 32 p`.
    pub fn encoded_len(&self) -> usize {
        use crate::wire::uleb_len;
        48 + uleb_len(self.symbol.len())
            + self.symbol.len()
            + self.symbol_proof.encoded_len()
            + 32
            + uleb_len(self.pair_path.len())
            + 32 * self.pair_path.len()
    }

    fn encode(&self, writer: &mut Writer) {
        writer.fixed(&self.blob_id.0);
        writer.u8(self.encoding_type.as_u8());
        writer.u64(self.unencoded_size);
        writer.u16(self.n_shards);
        writer.u16(self.pair_index.get());
        writer.u8(self.axis.as_u8());
        writer.u16(self.symbol_index);
        writer.bytes(&self.symbol);
        self.symbol_proof.encode(writer);
        writer.fixed(&self.other_axis_root.0);
        writer.digests(&self.pair_path);
    }

    fn decode(reader: &mut Reader<'_>) -> Result<Self, WireError> {
        let blob_id = BlobId(reader.array("blob_id")?);
        let encoding_type = EncodingType::try_from(reader.u8("encoding_type")?).map_err(|e| {
            WireError::InvalidValue {
                field: "encoding_type",
                reason: e.to_string(),
            }
        })?;
        let unencoded_size = reader.u64("unencoded_size")?;
        let n_shards = reader.u16("n_shards")?;
        let pair_index = SliverPairIndex(reader.u16("pair_index")?);
        let axis_byte = reader.u8("axis")?;
        let axis = SliverAxis::from_u8(axis_byte).ok_or_else(|| WireError::InvalidValue {
            field: "axis",
            reason: format!("{axis_byte} is neither 0 (primary) nor 1 (secondary)"),
        })?;
        let symbol_index = reader.u16("symbol_index")?;
        let symbol = reader.bytes("symbol")?.to_vec();
        let symbol_proof = SymbolProof::decode(reader)?;
        let other_axis_root = Digest(reader.array("other_axis_root")?);
        let pair_path = reader.digests("pair_path", MAX_PAIR_SIBLINGS)?;
        Ok(Self {
            blob_id,
            encoding_type,
            unencoded_size,
            n_shards,
            pair_index,
            axis,
            symbol_index,
            symbol,
            symbol_proof,
            other_axis_root,
            pair_path,
        })
    }
}

impl WireFormat for StorageProof {
    fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::with_capacity(self.encoded_len());
        self.encode(&mut writer);
        writer.finish()
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, WireError> {
        Reader::decode_exact(bytes, Self::decode)
    }
}

/// A node's answers to its challenges of a round: one entry per challenge, in challenge order,
/// `None` where the node cannot answer.
///
/// Wire format (BCS): `epoch: u32, seed: [u8; 32], node_id: [u8; 32],
/// proofs: vector<option<StorageProof>>`.
///
/// Signed message (intent 2, 103 bytes): `[2, 0, 3] ++ epoch (u32 LE) ++ seed (32) ++ node_id
/// (32) ++ blake2b256(bcs(proofs))`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeResponse {
    /// The epoch of the round.
    pub epoch: Epoch,
    /// The round's seed.
    pub seed: RoundSeed,
    /// The answering node.
    pub node_id: NodeId,
    /// One entry per challenge.
    pub proofs: Vec<Option<StorageProof>>,
}

/// How one challenge of a response fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChallengeOutcome {
    /// The proof verified.
    Passed,
    /// The node gave no proof.
    Missing,
    /// The proof did not verify.
    Failed(ProofError),
}

impl ChallengeOutcome {
    /// Whether the challenge passed.
    pub fn passed(&self) -> bool {
        matches!(self, Self::Passed)
    }
}

impl ChallengeResponse {
    fn proofs_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::default();
        writer.uleb(self.proofs.len());
        for proof in &self.proofs {
            match proof {
                None => writer.u8(0),
                Some(proof) => {
                    writer.u8(1);
                    proof.encode(&mut writer);
                }
            }
        }
        writer.finish()
    }

    /// The 103 signed bytes.
    pub fn signing_message(&self) -> [u8; 103] {
        let mut message = [0u8; 103];
        message[..3].copy_from_slice(&IntentType::ChallengeResponse.header());
        message[3..7].copy_from_slice(&self.epoch.0.to_le_bytes());
        message[7..39].copy_from_slice(&self.seed.0);
        message[39..71].copy_from_slice(&self.node_id.0);
        message[71..].copy_from_slice(&blake2b256(&self.proofs_bytes()));
        message
    }

    /// Signs the response with the node's protocol key.
    pub fn sign(self, key: &ProtocolKeyPair) -> SignedChallengeResponse {
        let signature = key.sign(&self.signing_message());
        SignedChallengeResponse {
            response: self,
            signature,
        }
    }

    /// Checks every proof against its challenge.
    pub fn outcomes(&self, challenges: &[Challenge], n_shards: NShards) -> Vec<ChallengeOutcome> {
        challenges
            .iter()
            .enumerate()
            .map(|(i, challenge)| match self.proofs.get(i) {
                Some(Some(proof)) => match proof.verify(challenge, n_shards) {
                    Ok(()) => ChallengeOutcome::Passed,
                    Err(error) => ChallengeOutcome::Failed(error),
                },
                _ => ChallengeOutcome::Missing,
            })
            .collect()
    }
}

impl WireFormat for ChallengeResponse {
    fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::default();
        writer.u32(self.epoch.0);
        writer.fixed(&self.seed.0);
        writer.fixed(&self.node_id.0);
        writer.fixed(&self.proofs_bytes());
        writer.finish()
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, WireError> {
        Reader::decode_exact(bytes, decode_response)
    }
}

fn decode_response(reader: &mut Reader<'_>) -> Result<ChallengeResponse, WireError> {
    let epoch = Epoch(reader.u32("epoch")?);
    let seed = RoundSeed(reader.array("seed")?);
    let node_id = NodeId(reader.array("node_id")?);
    let count = reader.uleb("proofs")?;
    if count > reader.remaining() {
        return Err(WireError::InvalidValue {
            field: "proofs",
            reason: format!("{count} entries do not fit in the input"),
        });
    }
    let mut proofs = Vec::with_capacity(count);
    for _ in 0..count {
        match reader.u8("proof option tag")? {
            0 => proofs.push(None),
            1 => proofs.push(Some(StorageProof::decode(reader)?)),
            tag => {
                return Err(WireError::InvalidValue {
                    field: "proof option tag",
                    reason: format!("{tag} is neither 0 (none) nor 1 (some)"),
                });
            }
        }
    }
    Ok(ChallengeResponse {
        epoch,
        seed,
        node_id,
        proofs,
    })
}

/// A response that cannot be scored at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ResponseError {
    /// The signature does not verify with the node's key.
    #[error("challenge response signature: {0}")]
    Signature(#[from] SignatureError),
    /// The response is for another round or node.
    #[error(
        "challenge response is for epoch {epoch}, node {node_id} or another seed, not the \
         round being checked"
    )]
    WrongRound {
        /// The epoch in the response.
        epoch: Epoch,
        /// The node in the response.
        node_id: NodeId,
    },
}

/// A challenge response with the node's signature.
///
/// Wire format (BCS): `response: ChallengeResponse, signature: [u8; 64]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedChallengeResponse {
    /// The response.
    pub response: ChallengeResponse,
    /// Signature over [`ChallengeResponse::signing_message`].
    pub signature: ProtocolSignature,
}

impl SignedChallengeResponse {
    /// Checks the signature with the node's protocol key.
    pub fn verify_signature(&self, public_key: &ProtocolPublicKey) -> Result<(), SignatureError> {
        public_key.verify(&self.response.signing_message(), &self.signature)
    }

    /// Checks the signature, the round fields, and every proof. A bad signature or a response
    /// for another round is an error; per-challenge results are returned otherwise.
    pub fn check(
        &self,
        public_key: &ProtocolPublicKey,
        epoch: Epoch,
        seed: &RoundSeed,
        node_id: &NodeId,
        challenges: &[Challenge],
        n_shards: NShards,
    ) -> Result<Vec<ChallengeOutcome>, ResponseError> {
        self.verify_signature(public_key)?;
        if self.response.epoch != epoch
            || self.response.seed != *seed
            || self.response.node_id != *node_id
        {
            return Err(ResponseError::WrongRound {
                epoch: self.response.epoch,
                node_id: self.response.node_id,
            });
        }
        Ok(self.response.outcomes(challenges, n_shards))
    }
}

impl WireFormat for SignedChallengeResponse {
    fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = self.response.to_bytes();
        bytes.extend_from_slice(&self.signature.0);
        bytes
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, WireError> {
        let mut reader = Reader::new(bytes);
        let response = decode_response(&mut reader)?;
        let signature = ProtocolSignature(reader.array("signature")?);
        reader.finish()?;
        Ok(Self {
            response,
            signature,
        })
    }
}
