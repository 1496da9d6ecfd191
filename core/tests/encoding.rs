//! Encode/decode round trips, determinism across threads and the streaming path, edge cases.

mod common;

use common::{cap, config, permutation, random_bytes};
use proptest::prelude::*;
use walrus_core::*;

/// `(n, size)`: large blobs with small committees, small blobs with large ones.
fn shapes() -> impl Strategy<Value = (u16, usize)> {
    prop_oneof![
        (4u16..=12, 0usize..=400_000),
        (13u16..=60, 0usize..=5 << 20),
        (61u16..=300, 0usize..=300_000),
        (301u16..=1000, 0usize..=20_000),
    ]
    .prop_map(|(n, size)| (n, cap(n, size)))
}

/// Encodes, checks the metadata against the blob ID, and decodes from the given pair indices,
/// after offering some corrupted slivers first.
fn roundtrip(n: u16, blob: &[u8], threads: usize, seed: u64) {
    let config = config(n);
    let encoded = BlobEncoder::new(config)
        .with_threads(threads)
        .encode(blob)
        .unwrap();
    let blob_id = *encoded.blob_id();
    // What a reader gets from the network: unverified metadata, checked against the ID.
    let bytes = encoded.metadata().metadata().to_bytes();
    let metadata = BlobMetadata::from_bytes(&bytes)
        .unwrap()
        .verify(&blob_id, config.n_shards())
        .unwrap();
    assert_eq!(metadata, *encoded.metadata());
    let (_, pairs) = encoded.into_parts();
    let kp = usize::from(config.n_primary_source_symbols());

    let order = permutation(usize::from(n), seed);
    let mut offered: Vec<Sliver<Primary>> = Vec::new();
    // A wrong sliver: right index, one flipped byte; and a sliver of another index relabelled.
    let mut bad = pairs[order[0]].primary.symbols().to_vec();
    let middle = bad.len() / 2;
    bad[middle] ^= 1;
    offered.push(
        Sliver::new(
            pairs[order[0]].primary.index(),
            metadata.symbol_size(),
            bad,
            *pairs[order[0]].primary.parity_digest(),
        )
        .unwrap(),
    );
    offered.push(
        Sliver::new(
            pairs[order[1]].primary.index(),
            metadata.symbol_size(),
            pairs[order[2]].primary.symbols().to_vec(),
            *pairs[order[1]].primary.parity_digest(),
        )
        .unwrap(),
    );
    // Then valid ones in random order, with a duplicate; the first k_p valid ones are used.
    offered.push(pairs[order[0]].primary.clone());
    for &i in &order {
        offered.push(pairs[i].primary.clone());
    }
    assert!(offered.len() >= kp + 3);
    let decoded = decode_blob(&metadata, offered, threads).unwrap();
    assert_eq!(decoded, blob);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any `n - 2f` primary slivers decode to the exact bytes; wrong slivers are skipped.
    #[test]
    fn any_kp_primary_slivers_decode((n, size) in shapes(), seed in any::<u64>(), threads in 1usize..=2) {
        let blob = random_bytes(size, seed);
        roundtrip(n, &blob, threads, seed);
    }

    /// One thread, two threads and the streaming path give identical output.
    #[test]
    fn deterministic_across_threads_and_streaming((n, size) in shapes(), seed in any::<u64>()) {
        let blob = random_bytes(size, seed);
        let config = config(n);
        let one = BlobEncoder::new(config).encode(&blob).unwrap();
        let two = BlobEncoder::new(config).with_threads(2).encode(&blob).unwrap();
        prop_assert_eq!(&one, &two);
        // The reader hands out data in odd-sized pieces.
        let reader = std::io::BufReader::with_capacity(4093, blob.as_slice());
        let streamed = BlobEncoder::new(config).encode_reader(reader, size as u64).unwrap();
        prop_assert_eq!(&one, &streamed);
        for pair in one.sliver_pairs() {
            pair.verify(one.metadata()).unwrap();
        }
    }
}

#[test]
fn not_enough_slivers_is_an_error() {
    let config = config(10);
    let blob = random_bytes(1000, 1);
    let (metadata, pairs) = BlobEncoder::new(config).encode(&blob).unwrap().into_parts();
    let slivers = pairs.into_iter().take(3).map(|pair| pair.primary);
    let error = decode_blob(&metadata, slivers, 1).unwrap_err();
    assert_eq!(
        error,
        DecodeError::NotEnoughSlivers {
            valid: 3,
            needed: 4,
            rejected: 0
        }
    );
    assert!(error.to_string().contains("fetch slivers from more nodes"));
}

#[test]
fn edge_cases_roundtrip() {
    let cases: Vec<(u16, usize)> = vec![
        (4, 0),
        (4, 1),
        (4, 2),
        (4, 393_204), // the maximum for n = 4
        (4, 393_203),
        (5, 0),
        (10, 1_834_952), // the maximum for n = 10
        (1000, 0),
        (1000, 1),
        (1000, 3001),
        (999, 77),
    ];
    for (i, (n, size)) in cases.into_iter().enumerate() {
        let max = config(n).max_blob_size();
        assert!(size as u64 <= max);
        let blob = random_bytes(size, i as u64);
        roundtrip(n, &blob, 1 + i % 2, i as u64);
    }
}

#[test]
fn too_large_is_rejected() {
    for n in [4u16, 10, 1000] {
        let config = config(n);
        let max = config.max_blob_size();
        assert!(config.symbol_size(max + 1).is_err());
        assert_eq!(encoded_size(u64::from(n), max + 1), None);
        if max < 4 << 20 {
            let error = BlobEncoder::new(config)
                .encode(&vec![0u8; max as usize + 1])
                .unwrap_err();
            assert!(error.to_string().contains("too large"), "{error}");
        }
    }
    // The streaming path checks the size before reading anything.
    let error = BlobEncoder::new(config(4))
        .encode_reader(std::io::empty(), 393_205)
        .unwrap_err();
    assert!(matches!(error, EncodeError::TooLarge(_)));
}

#[test]
fn short_reader_is_an_error() {
    let error = BlobEncoder::new(config(7))
        .encode_reader(&[1u8, 2, 3][..], 10)
        .unwrap_err();
    match error {
        EncodeError::Read { read, size, .. } => {
            assert_eq!((read, size), (3, 10));
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn sizes_match_config() {
    for (n, size) in [(4u16, 0usize), (10, 12_345), (100, 100_003), (1000, 7)] {
        let config = config(n);
        let encoded = BlobEncoder::new(config)
            .encode(&random_bytes(size, 3))
            .unwrap();
        let pair = &encoded.sliver_pairs()[0];
        assert_eq!(
            pair.primary.symbols().len() as u64,
            config.primary_sliver_size(size as u64).unwrap()
        );
        assert_eq!(
            pair.secondary.symbols().len() as u64,
            config.secondary_sliver_size(size as u64).unwrap()
        );
        let stored: u64 = encoded
            .sliver_pairs()
            .iter()
            .map(|pair| pair.symbols_len() as u64 + config.metadata_size())
            .sum();
        assert_eq!(stored, config.encoded_size(size as u64).unwrap());
        assert_eq!(
            encoded.metadata().metadata().to_bytes().len() as u64,
            config.metadata_size() + 9 + if n < 128 { 1 } else { 2 }
        );
    }
}

#[test]
fn systematic_slivers_hold_the_blob() {
    // Rows 0..k_p are the blob itself, row-major, zero-padded.
    let config = config(7);
    let blob = random_bytes(4097, 9);
    let encoded = BlobEncoder::new(config).encode(&blob).unwrap();
    let kp = usize::from(config.n_primary_source_symbols());
    let joined: Vec<u8> = encoded.sliver_pairs()[..kp]
        .iter()
        .flat_map(|pair| pair.primary.symbols().to_vec())
        .collect();
    assert_eq!(&joined[..blob.len()], &blob[..]);
    assert!(joined[blob.len()..].iter().all(|&b| b == 0));
    // Secondary sliver c is column c of the source rows.
    let s = encoded.metadata().symbol_size().as_usize();
    for (c, pair) in encoded.sliver_pairs().iter().enumerate().take(5) {
        for r in 0..kp {
            assert_eq!(
                pair.secondary.symbol(r).unwrap(),
                encoded.sliver_pairs()[r].primary.symbol(c).unwrap(),
                "column {c} row {r} ({s}-byte symbols)"
            );
        }
    }
}

#[test]
fn decoder_reports_progress() {
    let config = config(13);
    let blob = random_bytes(10_000, 5);
    let (metadata, pairs) = BlobEncoder::new(config).encode(&blob).unwrap().into_parts();
    let mut decoder = BlobDecoder::new(&metadata).with_threads(2);
    assert_eq!(decoder.needed(), 5);
    let mut wrong = pairs[0].primary.clone();
    wrong = Sliver::new(
        SliverPairIndex(1),
        wrong.symbol_size(),
        wrong.symbols().to_vec(),
        *wrong.parity_digest(),
    )
    .unwrap();
    assert!(matches!(
        decoder.add(wrong),
        Err(SliverVerificationError::RootMismatch { .. })
    ));
    for pair in pairs.iter().rev().take(5) {
        assert!(!decoder.is_ready());
        decoder.add(pair.primary.clone()).unwrap();
    }
    assert!(decoder.is_ready());
    assert_eq!(decoder.decode().unwrap(), blob);
}
