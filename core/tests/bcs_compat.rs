//! The hand-written codecs produce exactly the BCS encoding of the documented structs
//! (`docs/protocol.md`), checked against the `bcs` crate.

mod common;

use common::{config, random_bytes};
use serde::{Deserialize, Serialize};
use walrus_core::*;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct MetadataBcs {
    encoding_type: u8,
    unencoded_size: u64,
    pairs: Vec<([u8; 32], [u8; 32])>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct SliverBcs {
    axis: u8,
    index: u16,
    symbol_size: u16,
    symbols: Vec<u8>,
    parity_digest: [u8; 32],
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct SymbolProofBcs {
    before: Vec<u8>,
    after: Vec<u8>,
    siblings: Vec<[u8; 32]>,
    other_part: [u8; 32],
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct RecoverySymbolBcs {
    axis: u8,
    source: u16,
    target: u16,
    symbol: Vec<u8>,
    proof: SymbolProofBcs,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct StorageProofBcs {
    blob_id: [u8; 32],
    encoding_type: u8,
    unencoded_size: u64,
    n_shards: u16,
    pair_index: u16,
    axis: u8,
    symbol_index: u16,
    symbol: Vec<u8>,
    symbol_proof: SymbolProofBcs,
    other_axis_root: [u8; 32],
    pair_path: Vec<[u8; 32]>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct ChallengeResponseBcs {
    epoch: u32,
    seed: [u8; 32],
    node_id: [u8; 32],
    proofs: Vec<Option<StorageProofBcs>>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct SignedChallengeResponseBcs {
    response: ChallengeResponseBcs,
    signature: ([u8; 32], [u8; 32]),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct CertificateBcs {
    signers: Vec<u8>,
    signatures: Vec<Vec<u8>>,
}

fn symbol_proof(proof: &SymbolProof) -> SymbolProofBcs {
    SymbolProofBcs {
        before: proof.before.clone(),
        after: proof.after.clone(),
        siblings: proof.siblings.clone(),
        other_part: proof.other_part.0,
    }
}

fn storage_proof(proof: &StorageProof) -> StorageProofBcs {
    StorageProofBcs {
        blob_id: proof.blob_id.0,
        encoding_type: proof.encoding_type.as_u8(),
        unencoded_size: proof.unencoded_size,
        n_shards: proof.n_shards,
        pair_index: proof.pair_index.get(),
        axis: proof.axis.as_u8(),
        symbol_index: proof.symbol_index,
        symbol: proof.symbol.clone(),
        symbol_proof: symbol_proof(&proof.symbol_proof),
        other_axis_root: proof.other_axis_root.0,
        pair_path: proof.pair_path.clone(),
    }
}

fn check<T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(
    ours: Vec<u8>,
    reference: T,
) {
    assert_eq!(ours, bcs::to_bytes(&reference).unwrap());
    assert_eq!(bcs::from_bytes::<T>(&ours).unwrap(), reference);
}

#[test]
fn wire_formats_are_bcs() {
    // n = 200 so that the pair count needs a two-byte ULEB128 length.
    for n in [10u16, 200] {
        let config = config(n);
        let encoded = BlobEncoder::new(config)
            .encode(&random_bytes(30_000, 1))
            .unwrap();
        let metadata = encoded.metadata();
        check(
            metadata.metadata().to_bytes(),
            MetadataBcs {
                encoding_type: 1,
                unencoded_size: 30_000,
                pairs: metadata
                    .pairs()
                    .iter()
                    .map(|p| (p.primary.0, p.secondary.0))
                    .collect(),
            },
        );
        let pair = &encoded.sliver_pairs()[3];
        check(
            pair.primary.to_bytes(),
            SliverBcs {
                axis: 0,
                index: 3,
                symbol_size: metadata.symbol_size().get(),
                symbols: pair.primary.symbols().to_vec(),
                parity_digest: pair.primary.parity_digest().0,
            },
        );
        check(
            pair.secondary.to_bytes(),
            SliverBcs {
                axis: 1,
                index: 3,
                symbol_size: metadata.symbol_size().get(),
                symbols: pair.secondary.symbols().to_vec(),
                parity_digest: pair.secondary.parity_digest().0,
            },
        );
        let recovery = pair
            .secondary
            .expand(&config)
            .unwrap()
            .recovery_symbol(SliverPairIndex(n - 1))
            .unwrap();
        check(
            recovery.to_bytes(),
            RecoverySymbolBcs {
                axis: 1,
                source: 3,
                target: n - 1,
                symbol: recovery.symbol.clone(),
                proof: symbol_proof(&recovery.proof),
            },
        );
        check(recovery.proof.to_bytes(), symbol_proof(&recovery.proof));

        let challenge = Challenge {
            blob_id: *metadata.blob_id(),
            shard: metadata.shard_for_pair_index(SliverPairIndex(3)),
            pair_index: SliverPairIndex(3),
            axis: SliverAxis::Primary,
            symbol_index: 2,
        };
        let proof = StorageProof::for_challenge(&challenge, metadata, pair).unwrap();
        check(proof.to_bytes(), storage_proof(&proof));
        let response = ChallengeResponse {
            epoch: Epoch(9),
            seed: RoundSeed([4; 32]),
            node_id: NodeId([5; 32]),
            proofs: vec![Some(proof.clone()), None],
        };
        let reference = || ChallengeResponseBcs {
            epoch: 9,
            seed: [4; 32],
            node_id: [5; 32],
            proofs: vec![Some(storage_proof(&proof)), None],
        };
        check(response.to_bytes(), reference());
        let signed = response.sign(&ProtocolKeyPair::from_seed([1; 32]));
        let mut first = [0u8; 32];
        let mut second = [0u8; 32];
        first.copy_from_slice(&signed.signature.0[..32]);
        second.copy_from_slice(&signed.signature.0[32..]);
        check(
            signed.to_bytes(),
            SignedChallengeResponseBcs {
                response: reference(),
                signature: (first, second),
            },
        );
    }
}

#[test]
fn certificate_is_bcs() {
    let key = ProtocolKeyPair::from_seed([2; 32]);
    let certificate = Certificate {
        signers: vec![0b101],
        signatures: vec![key.sign(b"a"), key.sign(b"b")],
    };
    check(
        certificate.to_bytes(),
        CertificateBcs {
            signers: vec![0b101],
            signatures: certificate
                .signatures
                .iter()
                .map(|s| s.0.to_vec())
                .collect(),
        },
    );
}
