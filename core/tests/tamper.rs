//! Any single changed byte in a sliver or in metadata is detected; decoders never panic.

mod common;

use common::{cap, config, random_bytes};
use proptest::prelude::*;
use walrus_core::*;

fn shapes() -> impl Strategy<Value = (u16, usize)> {
    prop_oneof![(4u16..=30, 0usize..=100_000), (31u16..=300, 0usize..=4_000)]
        .prop_map(|(n, size)| (n, cap(n, size)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    /// A changed byte anywhere in an encoded sliver (header, symbols, parity digest) makes it
    /// undecodable or fail verification.
    #[test]
    fn changed_sliver_bytes_are_detected(
        (n, size) in shapes(),
        seed in any::<u64>(),
        secondary in any::<bool>(),
        pos in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let encoded = BlobEncoder::new(config(n)).encode(&random_bytes(size, seed)).unwrap();
        let metadata = encoded.metadata();
        let pair = &encoded.sliver_pairs()[(seed % u64::from(n)) as usize];
        if secondary {
            let mut bytes = pair.secondary.to_bytes();
            let at = pos.index(bytes.len());
            bytes[at] ^= flip;
            if let Ok(sliver) = Sliver::<Secondary>::from_bytes(&bytes) {
                prop_assert!(sliver.verify(metadata).is_err(), "byte {} not detected", at);
            }
        } else {
            let mut bytes = pair.primary.to_bytes();
            let at = pos.index(bytes.len());
            bytes[at] ^= flip;
            if let Ok(sliver) = Sliver::<Primary>::from_bytes(&bytes) {
                prop_assert!(sliver.verify(metadata).is_err(), "byte {} not detected", at);
            }
        }
    }

    /// A changed byte anywhere in encoded metadata makes it undecodable or not match the blob ID.
    #[test]
    fn changed_metadata_bytes_are_detected(
        (n, size) in shapes(),
        seed in any::<u64>(),
        pos in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let config = config(n);
        let encoded = BlobEncoder::new(config).encode(&random_bytes(size, seed)).unwrap();
        let mut bytes = encoded.metadata().metadata().to_bytes();
        let at = pos.index(bytes.len());
        bytes[at] ^= flip;
        if let Ok(metadata) = BlobMetadata::from_bytes(&bytes) {
            prop_assert!(metadata.verify(encoded.blob_id(), config.n_shards()).is_err(), "byte {} not detected", at);
        }
    }

    /// Random bytes never make a decoder panic.
    #[test]
    fn decoders_never_panic_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = BlobMetadata::from_bytes(&bytes);
        let _ = Sliver::<Primary>::from_bytes(&bytes);
        let _ = Sliver::<Secondary>::from_bytes(&bytes);
        let _ = SymbolProof::from_bytes(&bytes);
        let _ = StorageProof::from_bytes(&bytes);
        let _ = ChallengeResponse::from_bytes(&bytes);
        let _ = SignedChallengeResponse::from_bytes(&bytes);
        let _ = RecoverySymbol::<Primary>::from_bytes(&bytes);
        let _ = RecoverySymbol::<Secondary>::from_bytes(&bytes);
        let _ = Certificate::from_bytes(&bytes);
        let _ = ProtocolPublicKey::from_bytes(&bytes);
        let _ = ProtocolSignature::from_bytes(&bytes);
        let _ = StorageConfirmation::from_message(&bytes);
    }
}

/// Mutated valid encodings (truncations, extensions, byte changes) decode or fail cleanly, and
/// whatever decodes can be verified without panicking.
#[test]
fn mutated_encodings_never_panic() {
    let config = config(10);
    let encoded = BlobEncoder::new(config)
        .encode(&random_bytes(9000, 2))
        .unwrap();
    let metadata = encoded.metadata();
    let pair = &encoded.sliver_pairs()[4];
    let challenge = Challenge {
        blob_id: *metadata.blob_id(),
        shard: metadata.shard_for_pair_index(SliverPairIndex(4)),
        pair_index: SliverPairIndex(4),
        axis: SliverAxis::Primary,
        symbol_index: 5,
    };
    let proof = StorageProof::for_challenge(&challenge, metadata, pair).unwrap();
    let samples: Vec<Vec<u8>> = vec![
        metadata.metadata().to_bytes(),
        pair.primary.to_bytes(),
        pair.secondary.to_bytes(),
        proof.to_bytes(),
    ];
    for (kind, sample) in samples.iter().enumerate() {
        let mut variants = Vec::new();
        for cut in (0..sample.len()).step_by(7) {
            variants.push(sample[..cut].to_vec());
        }
        let mut longer = sample.clone();
        longer.push(0);
        variants.push(longer);
        for at in (0..sample.len()).step_by(3) {
            for value in [0x00u8, 0x7f, 0x80, 0xff] {
                let mut changed = sample.clone();
                changed[at] = value;
                variants.push(changed);
            }
        }
        for bytes in variants {
            match kind {
                0 => {
                    if let Ok(m) = BlobMetadata::from_bytes(&bytes) {
                        let ok = m
                            .clone()
                            .verify(metadata.blob_id(), config.n_shards())
                            .is_ok();
                        assert_eq!(ok, m == *metadata.metadata());
                    }
                }
                1 => {
                    if let Ok(s) = Sliver::<Primary>::from_bytes(&bytes) {
                        assert_eq!(s.verify(metadata).is_ok(), s == pair.primary);
                    }
                }
                2 => {
                    if let Ok(s) = Sliver::<Secondary>::from_bytes(&bytes) {
                        assert_eq!(s.verify(metadata).is_ok(), s == pair.secondary);
                    }
                }
                _ => {
                    if let Ok(p) = StorageProof::from_bytes(&bytes) {
                        assert_eq!(p.verify(&challenge, config.n_shards()).is_ok(), p == proof);
                    }
                }
            }
        }
    }
}

#[test]
fn slivers_of_the_wrong_axis_or_blob_are_rejected() {
    let config = config(7);
    let a = BlobEncoder::new(config)
        .encode(&random_bytes(3000, 1))
        .unwrap();
    let b = BlobEncoder::new(config)
        .encode(&random_bytes(3000, 2))
        .unwrap();
    let primary = a.sliver_pairs()[0].primary.to_bytes();
    assert!(Sliver::<Secondary>::from_bytes(&primary).is_err());
    let sliver = Sliver::<Primary>::from_bytes(&primary).unwrap();
    sliver.verify(a.metadata()).unwrap();
    assert!(matches!(
        sliver.verify(b.metadata()),
        Err(SliverVerificationError::RootMismatch { .. })
    ));
    // Metadata of another blob does not verify against this blob's ID.
    let other = b.metadata().metadata().clone();
    assert!(matches!(
        other.verify(a.blob_id(), config.n_shards()),
        Err(MetadataError::BlobIdMismatch { .. })
    ));
    // Nor for another committee size.
    let same = a.metadata().metadata().clone();
    assert!(matches!(
        same.verify(a.blob_id(), NShards::new(8).unwrap()),
        Err(MetadataError::WrongPairCount { .. })
    ));
}
