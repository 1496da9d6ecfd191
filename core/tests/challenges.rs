//! Challenge derivation, storage proofs and signed challenge responses.

mod common;

use common::{config, random_bytes};
use proptest::prelude::*;
use walrus_core::*;

struct World {
    n: NShards,
    blobs: Vec<EncodedBlob>,
    set: CertifiedBlobSet,
}

impl World {
    fn new(n: u16, sizes: &[usize]) -> Self {
        let config = config(n);
        let blobs: Vec<EncodedBlob> = sizes
            .iter()
            .enumerate()
            .map(|(i, &size)| {
                BlobEncoder::new(config)
                    .encode(&random_bytes(size, i as u64 + 100))
                    .unwrap()
            })
            .collect();
        let set = blobs.iter().map(|blob| *blob.blob_id()).collect();
        Self {
            n: config.n_shards(),
            blobs,
            set,
        }
    }

    /// What an honest node holding `challenge.shard` answers.
    fn answer(&self, challenge: &Challenge) -> StorageProof {
        let blob = self
            .blobs
            .iter()
            .find(|blob| *blob.blob_id() == challenge.blob_id)
            .unwrap();
        let pair_index = blob.metadata().pair_index_for_shard(challenge.shard);
        assert_eq!(pair_index, challenge.pair_index);
        let pair = &blob.sliver_pairs()[pair_index.as_usize()];
        StorageProof::for_challenge(challenge, blob.metadata(), pair).unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    /// Challenges are a function of (seed, node, n, shards, blob set) only: reproducible, and
    /// independent of the order shards and blobs are given in.
    #[test]
    fn challenges_are_reproducible(
        seed in any::<[u8; 32]>(),
        node in any::<[u8; 32]>(),
        n in 4u16..=1000,
        shard_picks in proptest::collection::vec(any::<u16>(), 1..8),
        blob_ids in proptest::collection::vec(any::<[u8; 32]>(), 1..20),
        count in 0u32..64,
    ) {
        let n_shards = NShards::new(n).unwrap();
        let shards: Vec<ShardIndex> = shard_picks.iter().map(|s| ShardIndex(s % n)).collect();
        let set = CertifiedBlobSet::new(blob_ids.iter().map(|id| BlobId(*id)));
        let a = derive_challenges(&RoundSeed(seed), &NodeId(node), n_shards, &shards, &set, count).unwrap();
        let mut reversed = shards.clone();
        reversed.reverse();
        let set_reversed = CertifiedBlobSet::new(blob_ids.iter().rev().map(|id| BlobId(*id)));
        let b = derive_challenges(&RoundSeed(seed), &NodeId(node), n_shards, &reversed, &set_reversed, count).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.len(), count as usize);
        let config = EncodingConfig::new(n_shards);
        for challenge in &a {
            prop_assert!(shards.contains(&challenge.shard));
            prop_assert!(set.as_slice().contains(&challenge.blob_id));
            prop_assert_eq!(challenge.pair_index, challenge.blob_id.pair_index_for_shard(challenge.shard, n_shards));
            prop_assert!(challenge.symbol_index < config.symbols_per_sliver(challenge.axis));
        }
        // Another seed gives other challenges.
        let mut other_seed = seed;
        other_seed[0] ^= 1;
        let c = derive_challenges(&RoundSeed(other_seed), &NodeId(node), n_shards, &shards, &set, count).unwrap();
        if count >= 8 {
            prop_assert_ne!(a, c);
        }
    }

    /// Any single changed byte of an encoded proof is detected.
    #[test]
    fn changed_proof_bytes_are_detected(n in 4u16..=40, size in 0usize..=60_000, seed in any::<u64>(), flip in any::<u8>(), pos in any::<prop::sample::Index>()) {
        let world = World::new(n, &[size]);
        let node_shards = [ShardIndex((seed % u64::from(n)) as u16)];
        let challenges = derive_challenges(&RoundSeed([seed as u8; 32]), &NodeId([1; 32]), world.n, &node_shards, &world.set, 1).unwrap();
        let proof = world.answer(&challenges[0]);
        proof.verify(&challenges[0], world.n).unwrap();
        let mut bytes = proof.to_bytes();
        prop_assert_eq!(bytes.len(), proof.encoded_len());
        let at = pos.index(bytes.len());
        bytes[at] ^= flip | 1;
        if let Ok(changed) = StorageProof::from_bytes(&bytes) {
            prop_assert!(changed.verify(&challenges[0], world.n).is_err(), "byte {} not detected", at);
        }
    }
}

#[test]
fn honest_node_passes_and_dishonest_fails() {
    let world = World::new(10, &[0, 1, 5000, 70_000]);
    let node = NodeId([3; 32]);
    let seed = RoundSeed([4; 32]);
    let shards = [ShardIndex(1), ShardIndex(6)];
    let key = ProtocolKeyPair::from_seed([5; 32]);
    let challenges = derive_challenges(&seed, &node, world.n, &shards, &world.set, 40).unwrap();
    let proofs: Vec<Option<StorageProof>> =
        challenges.iter().map(|c| Some(world.answer(c))).collect();
    for (proof, challenge) in proofs.iter().zip(&challenges) {
        let proof = proof.as_ref().unwrap();
        // Proof size: symbol + revealed chunk bytes + paths, as documented.
        let s = proof.symbol.len();
        assert!(
            proof.encoded_len() <= 48 + 3 + s + 3 + 2 * 1023 + 1 + 32 * 20 + 32 + 32 + 1 + 32 * 4
        );
        proof.verify(challenge, world.n).unwrap();
    }
    let response = ChallengeResponse {
        epoch: Epoch(3),
        seed,
        node_id: node,
        proofs,
    };
    let signed = response.clone().sign(&key);
    let bytes = signed.to_bytes();
    let decoded = SignedChallengeResponse::from_bytes(&bytes).unwrap();
    assert_eq!(decoded, signed);
    let outcomes = decoded
        .check(&key.public(), Epoch(3), &seed, &node, &challenges, world.n)
        .unwrap();
    assert!(outcomes.iter().all(ChallengeOutcome::passed));

    // Wrong key, wrong round.
    let other = ProtocolKeyPair::from_seed([6; 32]);
    assert!(matches!(
        decoded.check(
            &other.public(),
            Epoch(3),
            &seed,
            &node,
            &challenges,
            world.n
        ),
        Err(ResponseError::Signature(_))
    ));
    assert!(matches!(
        decoded.check(&key.public(), Epoch(4), &seed, &node, &challenges, world.n),
        Err(ResponseError::WrongRound { .. })
    ));

    // A node that dropped a blob answers None or garbage for it.
    let dropped = challenges[0].blob_id;
    let mut cheating = response;
    for (proof, challenge) in cheating.proofs.iter_mut().zip(&challenges) {
        if challenge.blob_id == dropped {
            *proof = None;
        }
    }
    if let Some(Some(proof)) = cheating.proofs.get_mut(1) {
        proof.symbol[0] ^= 1;
    }
    let outcomes = cheating.outcomes(&challenges, world.n);
    for (i, (outcome, challenge)) in outcomes.iter().zip(&challenges).enumerate() {
        let expected_pass = challenge.blob_id != dropped && i != 1;
        assert_eq!(
            outcome.passed(),
            expected_pass,
            "challenge {i}: {outcome:?}"
        );
    }
    assert_eq!(outcomes[0], ChallengeOutcome::Missing);
    // A proof for another challenge does not count.
    let p0 = world.answer(&challenges[0]);
    if let Some(other) = challenges.iter().find(|c| **c != challenges[0]) {
        assert!(matches!(
            p0.verify(other, world.n),
            Err(ProofError::ChallengeMismatch(_))
        ));
    }
}

#[test]
fn derivation_rejects_bad_inputs() {
    let n = NShards::new(10).unwrap();
    let set = CertifiedBlobSet::new([BlobId([1; 32])]);
    let seed = RoundSeed([0; 32]);
    let node = NodeId([0; 32]);
    assert_eq!(
        derive_challenges(&seed, &node, n, &[], &set, 1),
        Err(ChallengeError::NoShards)
    );
    assert!(matches!(
        derive_challenges(&seed, &node, n, &[ShardIndex(10)], &set, 1),
        Err(ChallengeError::ShardOutOfRange { .. })
    ));
    assert_eq!(
        derive_challenges(
            &seed,
            &node,
            n,
            &[ShardIndex(1)],
            &CertifiedBlobSet::default(),
            1
        ),
        Err(ChallengeError::NoCertifiedBlobs)
    );
}

#[test]
fn detection_probability_formula() {
    assert_eq!(detection_probability(0.0, 100), 0.0);
    assert_eq!(detection_probability(1.0, 1), 1.0);
    let p = detection_probability(0.01, 300);
    assert!((p - (1.0 - 0.99f64.powi(300))).abs() < 1e-12);
    assert!(p > 0.95);
}

#[test]
fn challenge_distribution_covers_axes_and_symbols() {
    let n = NShards::new(7).unwrap();
    let set = CertifiedBlobSet::new((0..5u8).map(|i| BlobId([i; 32])));
    let challenges = derive_challenges(
        &RoundSeed([9; 32]),
        &NodeId([2; 32]),
        n,
        &[ShardIndex(0), ShardIndex(4)],
        &set,
        2000,
    )
    .unwrap();
    let primary = challenges
        .iter()
        .filter(|c| c.axis == SliverAxis::Primary)
        .count();
    assert!((800..1200).contains(&primary), "{primary}");
    for blob in set.as_slice() {
        let hits = challenges.iter().filter(|c| c.blob_id == *blob).count();
        assert!((300..500).contains(&hits), "{hits}");
    }
    // Every symbol index of both axes is hit.
    for axis in [SliverAxis::Primary, SliverAxis::Secondary] {
        let k = EncodingConfig::new(n).symbols_per_sliver(axis);
        for index in 0..k {
            assert!(
                challenges
                    .iter()
                    .any(|c| c.axis == axis && c.symbol_index == index)
            );
        }
    }
}
