//! The core of the Walrus-on-Sui blob store: encoding, commitments, blob IDs, storage proofs and
//! signed messages.
//!
//! A pure library: no I/O of its own, no async, no chain access. The node, the client, the
//! verifier and the localnet all build on it, and its byte formats are the protocol
//! (`docs/protocol.md`); they change only with a version bump.
//!
//! # Overview
//!
//! - [`EncodingConfig`]: the RS2 parameters for `n` shards (`f`, source symbols, symbol size,
//!   sliver sizes, [`encoded_size`], maximum blob size).
//! - [`BlobEncoder`]: blob (slice or [`std::io::Read`]) -> [`EncodedBlob`] = sliver pairs +
//!   [`VerifiedBlobMetadata`] (sliver roots, blob root, [`BlobId`]). Multi-threaded on request,
//!   deterministic.
//! - [`BlobDecoder`] / [`decode_blob`]: any `n - 2f` primary slivers -> blob; every sliver is
//!   checked against the metadata, which is checked against the blob ID
//!   ([`BlobMetadata::verify`]).
//! - [`Sliver::recover`]: rebuild a lost sliver from [`RecoverySymbol`]s of other nodes.
//! - [`derive_challenges`], [`StorageProof`], [`ChallengeResponse`]: storage challenges.
//! - [`StorageConfirmation`], [`ProofOfPossession`], [`ProtocolKeyPair`], [`Certificate`]:
//!   ed25519-signed messages, byte-identical to what the Move contracts verify.
//!
//! ```
//! use walrus_core::*;
//!
//! let config = EncodingConfig::new(NShards::new(10)?);
//! let blob = b"a small blob".repeat(100);
//! let encoded = BlobEncoder::new(config).with_threads(2).encode(&blob)?;
//! let blob_id = *encoded.blob_id();
//!
//! // A reader gets the metadata from any node and checks it against the blob ID.
//! let metadata = encoded.metadata().metadata().clone().verify(&blob_id, config.n_shards())?;
//! let (_, pairs) = encoded.into_parts();
//! let slivers = pairs.into_iter().skip(3).map(|pair| pair.primary);
//! assert_eq!(decode_blob(&metadata, slivers, 1)?, blob);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod certificate;
mod challenge;
mod config;
mod decode;
mod encode;
mod merkle;
mod messages;
mod metadata;
mod pool;
mod recovery;
mod rs;
mod sliver;
pub mod test_vectors;
mod types;
mod wire;

pub use certificate::{
    Certificate, CertificateBuilder, CertificateError, Committee, CommitteeError, CommitteeMember,
};
pub use challenge::{
    CHALLENGE_DOMAIN, CertifiedBlobSet, Challenge, ChallengeError, ChallengeOutcome,
    ChallengeResponse, ResponseError, RoundSeed, SignedChallengeResponse, StorageProof,
    derive_challenges, detection_probability,
};
pub use config::{
    BlobTooLarge, EncodingConfig, STORAGE_UNIT_BYTES, encoded_size, max_blob_size, storage_units,
};
pub use decode::{BlobDecoder, DecodeError, decode_blob};
pub use encode::{BlobEncoder, EncodeError, EncodedBlob};
pub use merkle::{BLOB_NODE_CONTEXT, PAIR_LEAF_CONTEXT, PART_CONTEXT, SLIVER_ROOT_CONTEXT};
pub use messages::{
    APP_ID, INTENT_VERSION, IntentType, ProofOfPossession, ProtocolKeyPair, ProtocolPublicKey,
    ProtocolSignature, SignatureError, StorageConfirmation,
};
pub use metadata::{
    BlobMetadata, MetadataError, SliverPairRoots, VerifiedBlobMetadata, blake2b256, blob_id,
    blob_id_preimage,
};
pub use recovery::{RecoveryError, RecoverySymbol};
pub use sliver::{
    ExpandedSliver, NotWholeSymbols, ProofError, Sliver, SliverPair, SliverVerificationError,
    SymbolProof,
};
pub use types::{
    BlobId, Digest, EncodingAxis, EncodingType, Epoch, InvalidNShards, InvalidSymbolSize, NShards,
    NodeId, ParseIdError, Primary, Secondary, ShardIndex, SliverAxis, SliverPairIndex, SymbolSize,
    UnknownEncodingType,
};
pub use wire::{WireError, WireFormat};

/// Internals exposed for the benchmarks only (segment sizes the encoder and decoder use, so the
/// floor measurements use the same ones). Not part of the API.
#[doc(hidden)]
pub mod bench_support {
    pub use crate::decode::decode_segment_bytes;
    pub use crate::encode::encode_segment_bytes;
}
