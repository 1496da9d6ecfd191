//! Signed messages and certificates.

use walrus_core::*;

fn committee(shards_per_member: &[u16]) -> (Committee, Vec<ProtocolKeyPair>) {
    let n: u16 = shards_per_member.iter().sum();
    let keys: Vec<ProtocolKeyPair> = (1..=shards_per_member.len() as u8)
        .map(|i| ProtocolKeyPair::from_seed([i; 32]))
        .collect();
    let mut next = 0u16;
    let members = shards_per_member
        .iter()
        .zip(&keys)
        .enumerate()
        .map(|(i, (&count, key))| {
            let shards = (next..next + count).map(ShardIndex).collect();
            next += count;
            CommitteeMember {
                node_id: NodeId([i as u8; 32]),
                public_key: key.public(),
                shards,
            }
        })
        .collect();
    (
        Committee::new(Epoch(5), NShards::new(n).unwrap(), members).unwrap(),
        keys,
    )
}

#[test]
fn message_layouts() {
    let confirmation = StorageConfirmation {
        epoch: Epoch(0x0102_0304),
        blob_id: BlobId([0xab; 32]),
    };
    let message = confirmation.to_message();
    assert_eq!(message.len(), 39);
    assert_eq!(&message[..7], &[1, 0, 3, 4, 3, 2, 1]);
    assert_eq!(&message[7..], &[0xab; 32]);
    assert_eq!(
        StorageConfirmation::from_message(&message),
        Some(confirmation)
    );
    assert_eq!(StorageConfirmation::from_message(&message[1..]), None);

    let key = ProtocolKeyPair::from_seed([1; 32]);
    let (pop, signature) = ProofOfPossession::sign([0xa1; 32], &key);
    let message = pop.to_message();
    assert_eq!(message.len(), 67);
    assert_eq!(&message[..3], &[3, 0, 3]);
    assert_eq!(&message[3..35], &[0xa1; 32]);
    assert_eq!(&message[35..], &key.public().to_bytes());
    pop.verify(&signature).unwrap();
    let other = ProofOfPossession {
        sender: [0xa2; 32],
        ..pop
    };
    assert_eq!(other.verify(&signature), Err(SignatureError::Invalid));

    assert_eq!(IntentType::ChallengeResponse.header(), [2, 0, 3]);
}

#[test]
fn signatures_detect_any_change() {
    let key = ProtocolKeyPair::from_seed([9; 32]);
    let confirmation = StorageConfirmation {
        epoch: Epoch(7),
        blob_id: BlobId([3; 32]),
    };
    let signature = confirmation.sign(&key);
    confirmation.verify(&key.public(), &signature).unwrap();
    for i in 0..64 {
        let mut bytes = signature.0;
        bytes[i] ^= 1;
        assert!(
            confirmation
                .verify(&key.public(), &ProtocolSignature(bytes))
                .is_err()
        );
    }
    let later = StorageConfirmation {
        epoch: Epoch(8),
        ..confirmation
    };
    assert!(later.verify(&key.public(), &signature).is_err());
    assert!(ProtocolPublicKey::from_bytes(&[0; 31]).is_err());
    assert!(ProtocolSignature::from_bytes(&[0; 63]).is_err());
    let again = ProtocolKeyPair::from_seed(key.seed());
    assert_eq!(again.public(), key.public());
    let random = ProtocolKeyPair::generate(&mut rand::rngs::OsRng);
    assert_ne!(random.public(), key.public());
}

#[test]
fn certificate_needs_quorum_by_shards() {
    // n = 10, f = 3, quorum 7 shards. Members hold 4, 3, 2, 1 shards.
    let (committee, keys) = committee(&[4, 3, 2, 1]);
    assert_eq!(committee.quorum_threshold(), 7);
    assert_eq!(committee.member_for_shard(ShardIndex(8)), Some(2));
    let confirmation = StorageConfirmation {
        epoch: Epoch(5),
        blob_id: BlobId([1; 32]),
    };
    let message = confirmation.to_message();

    let mut builder = CertificateBuilder::for_confirmation(&committee, &confirmation);
    assert!(!builder.add(1, confirmation.sign(&keys[1])).unwrap());
    assert!(!builder.add(2, confirmation.sign(&keys[2])).unwrap());
    assert!(matches!(
        builder.add(2, confirmation.sign(&keys[2])),
        Err(CertificateError::DuplicateSigner(2))
    ));
    assert!(matches!(
        builder.add(3, confirmation.sign(&keys[0])),
        Err(CertificateError::InvalidSignature { index: 3, .. })
    ));
    assert!(matches!(
        builder.add(9, confirmation.sign(&keys[0])),
        Err(CertificateError::UnknownMember { .. })
    ));
    assert_eq!(builder.weight(), 5);
    assert!(matches!(
        builder.clone().finish(),
        Err(CertificateError::NotEnoughWeight {
            weight: 5,
            needed: 7
        })
    ));
    assert!(
        builder
            .add_by_node(&NodeId([3; 32]), confirmation.sign(&keys[3]))
            .is_ok()
    );
    assert!(!builder.has_quorum());
    assert!(builder.add(0, confirmation.sign(&keys[0])).unwrap());
    let certificate = builder.finish().unwrap();
    assert_eq!(certificate.signers, vec![0b1111]);
    assert_eq!(certificate.signer_indices(), vec![0, 1, 2, 3]);
    assert_eq!(certificate.verify(&committee, &message).unwrap(), 10);

    // Wire round trip.
    let bytes = certificate.to_bytes();
    assert_eq!(Certificate::from_bytes(&bytes).unwrap(), certificate);

    // Signers 1 and 2 only: 5 shards, not a quorum.
    let weak = Certificate {
        signers: vec![0b0110],
        signatures: vec![certificate.signatures[1], certificate.signatures[2]],
    };
    assert!(matches!(
        weak.verify(&committee, &message),
        Err(CertificateError::NotEnoughWeight { .. })
    ));
    // Signatures out of order.
    let swapped = Certificate {
        signers: vec![0b0011],
        signatures: vec![certificate.signatures[1], certificate.signatures[0]],
    };
    assert!(swapped.verify(&committee, &message).is_err());
    // A set bit beyond the committee.
    let beyond = Certificate {
        signers: vec![0b1111, 0b1],
        signatures: certificate
            .signatures
            .iter()
            .copied()
            .chain([certificate.signatures[0]])
            .collect(),
    };
    assert!(matches!(
        beyond.verify(&committee, &message),
        Err(CertificateError::UnknownMember { index: 8, .. })
    ));
    // Trailing zero bytes are fine.
    let padded = Certificate {
        signers: vec![0b1111, 0],
        signatures: certificate.signatures.clone(),
    };
    assert_eq!(padded.verify(&committee, &message).unwrap(), 10);
    // Count mismatch.
    let short = Certificate {
        signers: vec![0b1111],
        signatures: certificate.signatures[..3].to_vec(),
    };
    assert!(matches!(
        short.verify(&committee, &message),
        Err(CertificateError::SignatureCountMismatch { .. })
    ));
}

#[test]
fn committee_shards_must_partition() {
    let key = ProtocolKeyPair::from_seed([1; 32]).public();
    let member = |shards: &[u16]| CommitteeMember {
        node_id: NodeId([0; 32]),
        public_key: key,
        shards: shards.iter().copied().map(ShardIndex).collect(),
    };
    let n = NShards::new(4).unwrap();
    assert!(Committee::new(Epoch(1), n, vec![member(&[0, 1]), member(&[2, 3])]).is_ok());
    assert!(matches!(
        Committee::new(Epoch(1), n, vec![member(&[0, 1]), member(&[1, 2, 3])]),
        Err(CommitteeError::ShardAssignedTwice { .. })
    ));
    assert!(matches!(
        Committee::new(Epoch(1), n, vec![member(&[0, 1]), member(&[3])]),
        Err(CommitteeError::ShardUnassigned(ShardIndex(2)))
    ));
    assert!(matches!(
        Committee::new(Epoch(1), n, vec![member(&[0, 1, 2, 3, 4])]),
        Err(CommitteeError::ShardOutOfRange { .. })
    ));
}
