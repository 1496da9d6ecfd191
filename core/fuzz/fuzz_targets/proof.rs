//! Storage-proof decoding and verification on arbitrary bytes: must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use walrus_core::{Challenge, NShards, ShardIndex, StorageProof, WireFormat};

fuzz_target!(|data: &[u8]| {
    let Ok(proof) = StorageProof::from_bytes(data) else {
        return;
    };
    assert_eq!(proof.to_bytes(), data);
    // Verify against the challenge the proof claims to answer, so that verification runs all
    // the way through the symbol proof, the pair path and the blob ID.
    let challenge = Challenge {
        blob_id: proof.blob_id,
        shard: ShardIndex(0),
        pair_index: proof.pair_index,
        axis: proof.axis,
        symbol_index: proof.symbol_index,
    };
    if let Ok(n) = NShards::new(proof.n_shards) {
        let _ = proof.verify(&challenge, n);
    }
});
