//! The published test vectors: `docs/protocol.md` (section "Test vectors") and the Move test
//! module `move/walrus/tests/encoding_vectors_tests.move` are generated here from
//! `walrus_core::test_vectors` and must match what is committed.
//!
//! Regenerate both with `UPDATE_VECTORS=1 cargo test -p walrus-core --test vectors`.

mod common;

use std::fmt::Write as _;
use std::path::PathBuf;

use walrus_core::test_vectors::*;
use walrus_core::*;

const BEGIN: &str = "<!-- BEGIN GENERATED VECTORS -->";
const END: &str = "<!-- END GENERATED VECTORS -->";

fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

fn config(n: u16) -> EncodingConfig {
    EncodingConfig::new(NShards::new(n).unwrap())
}

/// Independent reimplementation of the spec formula, in u128.
fn encoded_size_reference(n: u64, size: u64) -> Option<u64> {
    if !(4..=1000).contains(&n) {
        return None;
    }
    let f = (n - 1) / 3;
    let (kp, ks) = (u128::from(n - 2 * f), u128::from(n - f));
    let mut s = u128::from(size).div_ceil(kp * ks).max(1);
    if s % 2 == 1 {
        s += 1;
    }
    if s > 65534 {
        return None;
    }
    u64::try_from(u128::from(n) * ((kp + ks) * s + 64 * u128::from(n))).ok()
}

struct BlobIdVector {
    n: u16,
    size: usize,
    symbol_size: u16,
    blob_root: Digest,
    blob_id: BlobId,
}

fn blob_id_vectors() -> Vec<BlobIdVector> {
    BLOB_ID_CASES
        .iter()
        .map(|&(n, size)| {
            let encoded = BlobEncoder::new(config(n))
                .encode(&vector_blob(size))
                .unwrap();
            BlobIdVector {
                n,
                size,
                symbol_size: encoded.metadata().symbol_size().get(),
                blob_root: encoded.metadata().blob_root(),
                blob_id: *encoded.blob_id(),
            }
        })
        .collect()
}

struct ProofVector {
    blob_id: BlobId,
    challenges: Vec<Challenge>,
    proof: StorageProof,
    response_message: [u8; 103],
    response_signature: ProtocolSignature,
}

fn proof_vector() -> ProofVector {
    let (n, size) = PROOF_CASE;
    let config = config(n);
    let encoded = BlobEncoder::new(config).encode(&vector_blob(size)).unwrap();
    let set = CertifiedBlobSet::new([*encoded.blob_id()]);
    let shards: Vec<ShardIndex> = PROOF_SHARDS.iter().copied().map(ShardIndex).collect();
    let challenges = derive_challenges(
        &RoundSeed(PROOF_SEED),
        &NodeId(PROOF_NODE),
        config.n_shards(),
        &shards,
        &set,
        4,
    )
    .unwrap();
    let first = challenges[0];
    let pair = &encoded.sliver_pairs()[first.pair_index.as_usize()];
    let proof = StorageProof::for_challenge(&first, encoded.metadata(), pair).unwrap();
    proof.verify(&first, config.n_shards()).unwrap();
    let response = ChallengeResponse {
        epoch: Epoch(VECTOR_EPOCH),
        seed: RoundSeed(PROOF_SEED),
        node_id: NodeId(PROOF_NODE),
        proofs: vec![Some(proof.clone())],
    };
    let key = ProtocolKeyPair::from_seed(key_seed(1));
    let signed = response.clone().sign(&key);
    ProofVector {
        blob_id: *encoded.blob_id(),
        challenges,
        proof,
        response_message: response.signing_message(),
        response_signature: signed.signature,
    }
}

struct KeyFixture {
    seed: [u8; 32],
    public_key: ProtocolPublicKey,
    confirmation: StorageConfirmation,
    confirmation_signature: ProtocolSignature,
    sender: [u8; 32],
    pop_signature: ProtocolSignature,
}

fn key_fixtures(blob_id: BlobId) -> Vec<KeyFixture> {
    (1..=10u8)
        .map(|i| {
            let key = ProtocolKeyPair::from_seed(key_seed(i));
            let confirmation = StorageConfirmation {
                epoch: Epoch(VECTOR_EPOCH),
                blob_id,
            };
            let (_, pop_signature) = ProofOfPossession::sign(pop_sender(i), &key);
            KeyFixture {
                seed: key_seed(i),
                public_key: key.public(),
                confirmation,
                confirmation_signature: confirmation.sign(&key),
                sender: pop_sender(i),
                pop_signature,
            }
        })
        .collect()
}

fn wrap_hex(bytes: &[u8]) -> String {
    let hex = hex::encode(bytes);
    let mut out = String::new();
    for chunk in hex.as_bytes().chunks(96) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push('\n');
    }
    out
}

fn generate_docs() -> String {
    let mut out = String::new();
    let w = &mut out;
    writeln!(w, "{BEGIN}").unwrap();
    writeln!(w).unwrap();

    writeln!(w, "### Encoded size (shared with Move)").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "`encoded_size(n, S)` in bytes and storage units; `-` means too large (Rust `None`, Move \
         aborts with `EBlobTooLarge`)."
    )
    .unwrap();
    writeln!(w).unwrap();
    writeln!(w, "| n | S | symbol size | encoded size | units |").unwrap();
    writeln!(w, "|---|---|---|---|---|").unwrap();
    for &n in ENCODED_SIZE_N {
        let config = config(n);
        for size in encoded_size_cases(n) {
            let encoded = encoded_size(u64::from(n), size).unwrap();
            writeln!(
                w,
                "| {n} | {size} | {} | {encoded} | {} |",
                config.symbol_size(size).unwrap(),
                storage_units(encoded)
            )
            .unwrap();
        }
        writeln!(w, "| {n} | {} | - | - | - |", too_large_size(n)).unwrap();
    }
    writeln!(w).unwrap();

    writeln!(w, "### Blob IDs (shared with Move)").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "Blob of `S` bytes with byte `i = (131 i + (i >> 8) + 7) mod 256`. `blob_root` as bytes, \
         `root_hash` and `blob_id` as `u256` (big-endian hex, as Move literals); `blob_id` bytes \
         are its little-endian encoding."
    )
    .unwrap();
    writeln!(w).unwrap();
    for v in blob_id_vectors() {
        writeln!(
            w,
            "- n = {}, S = {}, symbol size {}\n  - blob_root bytes: `{}`\n  - root_hash: \
             `{}`\n  - blob_id: `{}` = {}\n  - blob_id bytes: `{}`",
            v.n,
            v.size,
            v.symbol_size,
            hex::encode(v.blob_root.0),
            v.blob_root.to_u256_hex(),
            v.blob_id,
            v.blob_id.to_decimal_string(),
            hex::encode(v.blob_id.0),
        )
        .unwrap();
    }
    writeln!(w).unwrap();

    writeln!(w, "### A complete small encoding").unwrap();
    writeln!(w).unwrap();
    let blob = b"walrus on sui!";
    let encoded = BlobEncoder::new(config(4)).encode(blob).unwrap();
    writeln!(
        w,
        "n = 4 (f = 1, k_p = 2, k_s = 3), blob `\"walrus on sui!\"` (14 bytes), symbol size {}. \
         Slivers as symbol bytes; metadata as its BCS bytes.",
        encoded.metadata().symbol_size()
    )
    .unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "| pair | primary sliver | primary parity_digest | secondary sliver | secondary parity_digest |"
    )
    .unwrap();
    writeln!(w, "|---|---|---|---|---|").unwrap();
    for pair in encoded.sliver_pairs() {
        writeln!(
            w,
            "| {} | `{}` | `{}` | `{}` | `{}` |",
            pair.index(),
            hex::encode(pair.primary.symbols()),
            pair.primary.parity_digest(),
            hex::encode(pair.secondary.symbols()),
            pair.secondary.parity_digest(),
        )
        .unwrap();
    }
    writeln!(w).unwrap();
    writeln!(w, "Metadata (BCS):").unwrap();
    writeln!(w).unwrap();
    writeln!(w, "```text").unwrap();
    write!(w, "{}", wrap_hex(&encoded.metadata().metadata().to_bytes())).unwrap();
    writeln!(w, "```").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "blob_root `{}`, blob_id `{}`.",
        encoded.metadata().blob_root(),
        encoded.blob_id()
    )
    .unwrap();
    writeln!(w).unwrap();
    writeln!(w, "Primary sliver 1 encoded as a `Sliver` (BCS):").unwrap();
    writeln!(w).unwrap();
    writeln!(w, "```text").unwrap();
    write!(
        w,
        "{}",
        wrap_hex(&encoded.sliver_pairs()[1].primary.to_bytes())
    )
    .unwrap();
    writeln!(w, "```").unwrap();
    writeln!(w).unwrap();

    let p = proof_vector();
    writeln!(w, "### Challenges and a storage proof").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "Blob: n = {}, S = {} (vector blob), blob_id `{}`. Round seed `[{}; 32]`, node_id \
         `[{}; 32]`, node shards {:?}, certified set = {{this blob}}, count = 4:",
        PROOF_CASE.0, PROOF_CASE.1, p.blob_id, PROOF_SEED[0], PROOF_NODE[0], PROOF_SHARDS
    )
    .unwrap();
    writeln!(w).unwrap();
    writeln!(w, "| t | shard | pair | axis | symbol |").unwrap();
    writeln!(w, "|---|---|---|---|---|").unwrap();
    for (t, c) in p.challenges.iter().enumerate() {
        writeln!(
            w,
            "| {t} | {} | {} | {} | {} |",
            c.shard, c.pair_index, c.axis, c.symbol_index
        )
        .unwrap();
    }
    writeln!(w).unwrap();
    writeln!(
        w,
        "Storage proof answering challenge 0 ({} bytes: symbol {} bytes, before {}, after {}, {} \
         part siblings, {} pair siblings):",
        p.proof.encoded_len(),
        p.proof.symbol.len(),
        p.proof.symbol_proof.before.len(),
        p.proof.symbol_proof.after.len(),
        p.proof.symbol_proof.siblings.len(),
        p.proof.pair_path.len(),
    )
    .unwrap();
    writeln!(w).unwrap();
    writeln!(w, "```text").unwrap();
    write!(w, "{}", wrap_hex(&p.proof.to_bytes())).unwrap();
    writeln!(w, "```").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "A response with this one proof, epoch {VECTOR_EPOCH}, signed with key 1 below: message \
         `{}`, signature `{}`.",
        hex::encode(p.response_message),
        hex::encode(p.response_signature.0)
    )
    .unwrap();
    writeln!(w).unwrap();

    writeln!(
        w,
        "### Signed storage confirmations and proofs of possession"
    )
    .unwrap();
    writeln!(w).unwrap();
    let fixtures = key_fixtures(p.blob_id);
    let first = &fixtures[0];
    writeln!(
        w,
        "Key `i` has the ed25519 seed (RFC 8032 private key) `[i; 32]`. Every key signs the \
         storage confirmation of epoch {VECTOR_EPOCH} for blob_id `{}` (the proof blob above); \
         the 39-byte message is `{}`. Proof of possession `i` binds sender address `[0xa0 + i; \
         32]`.",
        p.blob_id,
        hex::encode(first.confirmation.to_message())
    )
    .unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "| i | public key | confirmation signature | proof-of-possession signature |"
    )
    .unwrap();
    writeln!(w, "|---|---|---|---|").unwrap();
    for (i, f) in fixtures.iter().enumerate() {
        writeln!(
            w,
            "| {} | `{}` | `{}` | `{}` |",
            i + 1,
            f.public_key,
            hex::encode(f.confirmation_signature.0),
            hex::encode(f.pop_signature.0)
        )
        .unwrap();
    }
    writeln!(w).unwrap();
    writeln!(w, "{END}").unwrap();
    out
}

fn generate_move() -> String {
    let mut out = String::new();
    let w = &mut out;
    writeln!(
        w,
        "// GENERATED by walrus-core (core/tests/vectors.rs) -- do not edit by hand.\n\
         // Regenerate with: UPDATE_VECTORS=1 cargo test -p walrus-core --test vectors\n\
         //\n\
         // Cross-language vectors computed by the Rust core crate: encoded sizes, blob IDs, and\n\
         // ed25519 signatures (seed [i; 32]) over the messages built by `walrus::messages`.\n\
         #[test_only]\n\
         module walrus::encoding_vectors_tests;\n\
         \n\
         use walrus::encoding;\n\
         use walrus::messages;"
    )
    .unwrap();
    for &n in ENCODED_SIZE_N {
        writeln!(w).unwrap();
        writeln!(w, "#[test]").unwrap();
        writeln!(w, "fun encoded_size_n{n}() {{").unwrap();
        for size in encoded_size_cases(n) {
            let expected = encoded_size(u64::from(n), size).unwrap();
            writeln!(
                w,
                "    assert!(encoding::encoded_size({n}, {size}) == {expected});"
            )
            .unwrap();
        }
        let max = config(n).max_blob_size();
        writeln!(w, "    assert!(encoding::max_blob_size({n}) == {max});").unwrap();
        writeln!(w, "}}").unwrap();
        writeln!(w).unwrap();
        writeln!(
            w,
            "#[test, expected_failure(abort_code = encoding::EBlobTooLarge)]"
        )
        .unwrap();
        writeln!(w, "fun encoded_size_too_large_n{n}() {{").unwrap();
        writeln!(w, "    encoding::encoded_size({n}, {});", too_large_size(n)).unwrap();
        writeln!(w, "}}").unwrap();
    }
    writeln!(w).unwrap();
    writeln!(w, "#[test]").unwrap();
    writeln!(w, "fun blob_ids() {{").unwrap();
    for v in blob_id_vectors() {
        writeln!(w, "    // n = {}, S = {}", v.n, v.size).unwrap();
        writeln!(w, "    assert!(").unwrap();
        writeln!(w, "        encoding::blob_id(").unwrap();
        writeln!(w, "            1,").unwrap();
        writeln!(w, "            {},", v.size).unwrap();
        writeln!(w, "            {},", v.blob_root.to_u256_hex()).unwrap();
        writeln!(w, "        ) == {},", v.blob_id).unwrap();
        writeln!(w, "    );").unwrap();
    }
    writeln!(w, "}}").unwrap();

    let p = proof_vector();
    let fixtures = key_fixtures(p.blob_id);
    writeln!(w).unwrap();
    writeln!(w, "#[test]").unwrap();
    writeln!(w, "fun rust_signed_storage_confirmations_verify() {{").unwrap();
    writeln!(
        w,
        "    let msg = messages::storage_confirmation({VECTOR_EPOCH}, {});",
        p.blob_id
    )
    .unwrap();
    writeln!(
        w,
        "    assert!(msg == x\"{}\");",
        hex::encode(fixtures[0].confirmation.to_message())
    )
    .unwrap();
    for f in &fixtures {
        writeln!(
            w,
            "    assert!(messages::verify(\n        &x\"{}\",\n        &x\"{}\",\n        &msg,\n    ));",
            hex::encode(f.confirmation_signature.0),
            f.public_key,
        )
        .unwrap();
    }
    writeln!(
        w,
        "    // Signed for epoch {VECTOR_EPOCH}, not valid for another."
    )
    .unwrap();
    writeln!(
        w,
        "    let other = messages::storage_confirmation({}, {});",
        VECTOR_EPOCH + 1,
        p.blob_id
    )
    .unwrap();
    writeln!(
        w,
        "    assert!(!messages::verify(\n        &x\"{}\",\n        &x\"{}\",\n        &other,\n    ));",
        hex::encode(fixtures[0].confirmation_signature.0),
        fixtures[0].public_key,
    )
    .unwrap();
    writeln!(w, "}}").unwrap();
    writeln!(w).unwrap();
    writeln!(w, "#[test]").unwrap();
    writeln!(w, "fun rust_signed_proofs_of_possession_verify() {{").unwrap();
    for f in &fixtures {
        writeln!(
            w,
            "    assert!(messages::verify_proof_of_possession(\n        @0x{},\n        &x\"{}\",\n        &x\"{}\",\n    ));",
            hex::encode(f.sender),
            f.public_key,
            hex::encode(f.pop_signature.0),
        )
        .unwrap();
    }
    writeln!(w, "    // Bound to its sender.").unwrap();
    writeln!(
        w,
        "    assert!(!messages::verify_proof_of_possession(\n        @0x{},\n        &x\"{}\",\n        &x\"{}\",\n    ));",
        hex::encode(fixtures[1].sender),
        fixtures[0].public_key,
        hex::encode(fixtures[0].pop_signature.0),
    )
    .unwrap();
    writeln!(w, "}}").unwrap();
    out
}

/// Compares `generated` with the file (or the marked section of it); rewrites it when
/// `UPDATE_VECTORS=1`.
fn check_or_update(path: PathBuf, generated: &str, section: bool) {
    let update = std::env::var("UPDATE_VECTORS").is_ok_and(|v| v == "1");
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    let expected = if section {
        let (Some(start), Some(end)) = (current.find(BEGIN), current.find(END)) else {
            panic!("{} lacks the {BEGIN} / {END} markers", path.display());
        };
        let end = end + END.len() + usize::from(current[end + END.len()..].starts_with('\n'));
        format!("{}{}{}", &current[..start], generated, &current[end..])
    } else {
        generated.to_owned()
    };
    if current == expected {
        return;
    }
    if update {
        std::fs::write(&path, &expected).unwrap();
        eprintln!("updated {}", path.display());
    } else {
        panic!(
            "{} is out of date with the vectors computed by walrus-core; run \
             `UPDATE_VECTORS=1 cargo test -p walrus-core --test vectors` and review the diff",
            path.display()
        );
    }
}

#[test]
fn protocol_doc_vectors_are_current() {
    check_or_update(repo_path("docs/protocol.md"), &generate_docs(), true);
}

#[test]
fn move_vectors_are_current() {
    check_or_update(
        repo_path("move/walrus/tests/encoding_vectors_tests.move"),
        &generate_move(),
        false,
    );
}

#[test]
fn encoded_size_vectors_match_the_formula() {
    for &n in ENCODED_SIZE_N {
        for size in encoded_size_cases(n) {
            assert_eq!(
                encoded_size(u64::from(n), size),
                encoded_size_reference(u64::from(n), size),
                "n = {n}, S = {size}"
            );
            assert!(encoded_size(u64::from(n), size).is_some());
        }
        assert_eq!(encoded_size(u64::from(n), too_large_size(n)), None);
        assert_eq!(
            encoded_size_reference(u64::from(n), too_large_size(n)),
            None
        );
    }
    for n in [0u64, 3, 1001, u64::MAX] {
        assert_eq!(encoded_size(n, 0), None);
    }
    assert_eq!(encoded_size(4, u64::MAX), None);
    // Values checked by hand in the Move package's own tests.
    assert_eq!(encoded_size(4, 0), Some(1_064));
    assert_eq!(encoded_size(10, 500_000), Some(1_970_780));
    assert_eq!(encoded_size(1000, 14_599_533_452), Some(65_663_534_000));
}

#[test]
fn blob_id_vectors_are_the_spec_hash() {
    for v in blob_id_vectors() {
        // blake2b256([1] ++ S as u64 LE ++ root LE), computed independently.
        let mut input = vec![1u8];
        input.extend_from_slice(&(v.size as u64).to_le_bytes());
        input.extend_from_slice(&v.blob_root.0);
        assert_eq!(input.len(), 41);
        assert_eq!(blake2b256(&input), v.blob_id.0);
        assert_eq!(
            v.blob_id,
            blob_id(EncodingType::Rs2, v.size as u64, &v.blob_root)
        );
    }
}

#[test]
fn signature_fixtures_verify() {
    let p = proof_vector();
    for f in key_fixtures(p.blob_id) {
        let key = ProtocolKeyPair::from_seed(f.seed);
        assert_eq!(key.public(), f.public_key);
        f.confirmation
            .verify(&f.public_key, &f.confirmation_signature)
            .unwrap();
        ProofOfPossession {
            sender: f.sender,
            public_key: f.public_key,
        }
        .verify(&f.pop_signature)
        .unwrap();
    }
    // RFC 8032 test 1 public key, to pin the seed convention.
    let rfc = ProtocolKeyPair::from_seed(
        hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
            .unwrap()
            .try_into()
            .unwrap(),
    );
    assert_eq!(
        rfc.public().to_string(),
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    );
    let key = ProtocolKeyPair::from_seed(key_seed(1));
    key.public()
        .verify(&p.response_message, &p.response_signature)
        .unwrap();
}
