//! Rebuilding lost slivers from recovery symbols of other nodes.

mod common;

use common::{cap, config, permutation, random_bytes};
use proptest::prelude::*;
use walrus_core::*;

fn shapes() -> impl Strategy<Value = (u16, usize)> {
    prop_oneof![
        (4u16..=16, 0usize..=200_000),
        (17u16..=120, 0usize..=100_000),
        (121u16..=400, 0usize..=5_000),
    ]
    .prop_map(|(n, size)| (n, cap(n, size)))
}

/// Recovery symbols for sliver `target` from every other node's sliver of axis `A`, in a random
/// order, with the first few corrupted.
fn symbols_for<A: EncodingAxis>(
    config: &EncodingConfig,
    slivers: &[&Sliver<A>],
    target: SliverPairIndex,
    seed: u64,
    corrupt: usize,
) -> Vec<RecoverySymbol<A>> {
    let order = permutation(slivers.len(), seed);
    let mut out = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let sliver = slivers[i];
        if sliver.index() == target {
            continue; // the node that lost its pair cannot serve
        }
        let mut symbol = sliver
            .expand(config)
            .unwrap()
            .recovery_symbol(target)
            .unwrap();
        assert_eq!(symbol.source, sliver.index());
        if k < corrupt {
            let at = k % symbol.symbol.len();
            symbol.symbol[at] ^= 0x40;
        }
        out.push(symbol);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    /// A lost pair is rebuilt bit-identically from the other nodes' recovery symbols, even with
    /// some wrong symbols among them.
    #[test]
    fn recovery_rebuilds_bit_identical_slivers((n, size) in shapes(), seed in any::<u64>()) {
        let config = config(n);
        let blob = random_bytes(size, seed);
        let encoded = BlobEncoder::new(config).encode(&blob).unwrap();
        let metadata = encoded.metadata();
        let pairs = encoded.sliver_pairs();
        let lost = SliverPairIndex((seed % u64::from(n)) as u16);
        let corrupt = usize::from(config.max_faulty()) / 2;

        let secondaries: Vec<&Sliver<Secondary>> = pairs.iter().map(|p| &p.secondary).collect();
        let symbols = symbols_for(&config, &secondaries, lost, seed, corrupt);
        let primary = Sliver::<Primary>::recover(metadata, lost, symbols).unwrap();
        prop_assert_eq!(&primary, &pairs[lost.as_usize()].primary);

        let primaries: Vec<&Sliver<Primary>> = pairs.iter().map(|p| &p.primary).collect();
        let symbols = symbols_for(&config, &primaries, lost, seed ^ 1, corrupt);
        let secondary = Sliver::<Secondary>::recover(metadata, lost, symbols).unwrap();
        prop_assert_eq!(&secondary, &pairs[lost.as_usize()].secondary);
    }
}

#[test]
fn thresholds_are_exactly_the_2d_ones() {
    let n = 10u16;
    let config = config(n);
    let encoded = BlobEncoder::new(config)
        .encode(&random_bytes(3000, 4))
        .unwrap();
    let metadata = encoded.metadata();
    let pairs = encoded.sliver_pairs();
    let target = SliverPairIndex(3);
    let secondaries: Vec<&Sliver<Secondary>> = pairs.iter().map(|p| &p.secondary).collect();
    let primaries: Vec<&Sliver<Primary>> = pairs.iter().map(|p| &p.primary).collect();

    // Primary: n - f = 7 symbols suffice, 6 do not.
    let symbols = symbols_for(&config, &secondaries, target, 1, 0);
    assert_eq!(config.recovery_threshold(SliverAxis::Primary), 7);
    let error = Sliver::<Primary>::recover(metadata, target, symbols[..6].to_vec()).unwrap_err();
    assert!(matches!(
        error,
        RecoveryError::NotEnoughSymbols {
            valid: 6,
            needed: 7,
            ..
        }
    ));
    assert!(Sliver::<Primary>::recover(metadata, target, symbols[..7].to_vec()).is_ok());

    // Secondary: n - 2f = 4 symbols suffice, 3 do not.
    let symbols = symbols_for(&config, &primaries, target, 2, 0);
    assert!(Sliver::<Secondary>::recover(metadata, target, symbols[..3].to_vec()).is_err());
    let recovered = Sliver::<Secondary>::recover(metadata, target, symbols[..4].to_vec()).unwrap();
    assert_eq!(recovered, pairs[3].secondary);
}

#[test]
fn wrong_symbols_are_rejected_individually() {
    let config = config(7);
    let encoded = BlobEncoder::new(config)
        .encode(&random_bytes(5000, 8))
        .unwrap();
    let metadata = encoded.metadata();
    let pairs = encoded.sliver_pairs();
    let good = pairs[2]
        .secondary
        .expand(&config)
        .unwrap()
        .recovery_symbol(SliverPairIndex(5))
        .unwrap();
    good.verify(metadata).unwrap();
    // Wire round trip.
    let bytes = good.to_bytes();
    assert_eq!(
        RecoverySymbol::<Secondary>::from_bytes(&bytes).unwrap(),
        good
    );
    assert!(RecoverySymbol::<Primary>::from_bytes(&bytes).is_err());
    // Claimed to come from another sliver.
    let mut wrong_source = good.clone();
    wrong_source.source = SliverPairIndex(3);
    assert!(wrong_source.verify(metadata).is_err());
    // Claimed for another target.
    let mut wrong_target = good.clone();
    wrong_target.target = SliverPairIndex(4);
    assert!(wrong_target.verify(metadata).is_err());
    // Every byte of the encoding matters.
    for i in 0..bytes.len() {
        let mut changed = bytes.clone();
        changed[i] ^= 0x01;
        if let Ok(symbol) = RecoverySymbol::<Secondary>::from_bytes(&changed) {
            assert!(symbol.verify(metadata).is_err(), "byte {i} not detected");
        }
    }
}

#[test]
fn expanded_slivers_are_consistent() {
    let config = config(13);
    let encoded = BlobEncoder::new(config)
        .encode(&random_bytes(20_000, 3))
        .unwrap();
    let pairs = encoded.sliver_pairs();
    for pair in pairs {
        pair.primary.check_parity(&config).unwrap();
        pair.secondary.check_parity(&config).unwrap();
        let row = pair.primary.expand(&config).unwrap();
        assert!(row.parity_digest_matches());
        // Cell (r, c) is in both row r and column c.
        for (c, other) in pairs.iter().enumerate() {
            let column = other.secondary.expand(&config).unwrap();
            assert_eq!(
                row.symbol(c).unwrap(),
                column.symbol(pair.index().as_usize()).unwrap()
            );
        }
    }
    // A sliver built from its symbols alone gets the same parity digest.
    let rebuilt = Sliver::<Primary>::from_symbols(
        &config,
        pairs[4].primary.index(),
        pairs[4].primary.symbol_size(),
        pairs[4].primary.symbols().to_vec(),
    )
    .unwrap();
    assert_eq!(rebuilt, pairs[4].primary);
}
