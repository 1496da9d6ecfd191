//! Metadata decoding and verification on arbitrary bytes: must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use walrus_core::{BlobId, BlobMetadata, NShards, WireFormat};

fuzz_target!(|data: &[u8]| {
    let Ok(metadata) = BlobMetadata::from_bytes(data) else {
        return;
    };
    // Round trip is exact.
    assert_eq!(metadata.to_bytes(), data);
    let n = NShards::try_from(metadata.pairs.len()).unwrap_or(NShards::new(4).unwrap());
    let blob_id = metadata.compute_blob_id();
    if let Ok(verified) = metadata.clone().verify(&blob_id, n) {
        assert_eq!(verified.blob_id(), &blob_id);
    }
    let _ = metadata.verify(&BlobId([0; 32]), n);
});
