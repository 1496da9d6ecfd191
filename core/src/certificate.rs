//! Committees and storage certificates (signer bitmap + one ed25519 signature per signer).

use std::collections::BTreeMap;

use thiserror::Error;

use crate::messages::{ProtocolPublicKey, ProtocolSignature, StorageConfirmation};
use crate::types::{Epoch, NShards, NodeId, ShardIndex};
use crate::wire::{Reader, WireError, WireFormat, Writer};

/// One storage node of a committee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeMember {
    /// The node's ID.
    pub node_id: NodeId,
    /// The node's protocol key, which signs confirmations.
    pub public_key: ProtocolPublicKey,
    /// The shards the node holds in this epoch.
    pub shards: Vec<ShardIndex>,
}

impl CommitteeMember {
    /// The member's weight: its number of shards.
    pub fn weight(&self) -> u16 {
        self.shards.len() as u16
    }
}

/// A committee whose members' shards do not form exactly `0..n`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CommitteeError {
    /// A shard index is not below `n`.
    #[error("member {member} holds shard {shard}, which is out of range for {n} shards")]
    ShardOutOfRange {
        /// The member's position.
        member: usize,
        /// The shard.
        shard: ShardIndex,
        /// The committee size.
        n: u16,
    },
    /// Two members (or one twice) hold the same shard.
    #[error("shard {shard} is assigned more than once (second time to member {member})")]
    ShardAssignedTwice {
        /// The shard.
        shard: ShardIndex,
        /// The member that holds it a second time.
        member: usize,
    },
    /// No member holds a shard.
    #[error("shard {0} is not assigned to any member; every shard 0..n needs exactly one")]
    ShardUnassigned(ShardIndex),
}

/// The storage nodes of an epoch, in committee order, with their shards.
///
/// ```
/// use walrus_core::*;
/// let keys: Vec<_> = (1..=4u8).map(|i| ProtocolKeyPair::from_seed([i; 32])).collect();
/// let members = keys.iter().enumerate().map(|(i, key)| CommitteeMember {
///     node_id: NodeId([i as u8; 32]),
///     public_key: key.public(),
///     shards: vec![ShardIndex(i as u16)],
/// }).collect();
/// let committee = Committee::new(Epoch(1), NShards::new(4)?, members)?;
/// let confirmation = StorageConfirmation { epoch: Epoch(1), blob_id: BlobId([9; 32]) };
/// let mut builder = CertificateBuilder::for_confirmation(&committee, &confirmation);
/// for i in [0usize, 2, 3] {
///     builder.add(i, confirmation.sign(&keys[i]))?;
/// }
/// let certificate = builder.finish()?;
/// assert_eq!(certificate.signers, vec![0b1101]);
/// assert_eq!(certificate.verify(&committee, &confirmation.to_message())?, 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committee {
    epoch: Epoch,
    n_shards: NShards,
    members: Vec<CommitteeMember>,
    shard_owner: Vec<usize>,
}

impl Committee {
    /// Builds a committee; every shard `0..n` must be held by exactly one member.
    pub fn new(
        epoch: Epoch,
        n_shards: NShards,
        members: Vec<CommitteeMember>,
    ) -> Result<Self, CommitteeError> {
        let n = n_shards.as_usize();
        let mut shard_owner = vec![usize::MAX; n];
        for (member, entry) in members.iter().enumerate() {
            for &shard in &entry.shards {
                let slot = shard_owner.get_mut(shard.as_usize()).ok_or(
                    CommitteeError::ShardOutOfRange {
                        member,
                        shard,
                        n: n_shards.get(),
                    },
                )?;
                if *slot != usize::MAX {
                    return Err(CommitteeError::ShardAssignedTwice { shard, member });
                }
                *slot = member;
            }
        }
        if let Some(free) = shard_owner.iter().position(|&owner| owner == usize::MAX) {
            return Err(CommitteeError::ShardUnassigned(ShardIndex(free as u16)));
        }
        Ok(Self {
            epoch,
            n_shards,
            members,
            shard_owner,
        })
    }

    /// The epoch.
    pub fn epoch(&self) -> Epoch {
        self.epoch
    }

    /// The number of shards.
    pub fn n_shards(&self) -> NShards {
        self.n_shards
    }

    /// The members in committee order.
    pub fn members(&self) -> &[CommitteeMember] {
        &self.members
    }

    /// The member holding `shard`.
    pub fn member_for_shard(&self, shard: ShardIndex) -> Option<usize> {
        self.shard_owner.get(shard.as_usize()).copied()
    }

    /// The position of the member with `node_id`.
    pub fn index_of(&self, node_id: &NodeId) -> Option<usize> {
        self.members.iter().position(|m| m.node_id == *node_id)
    }

    /// `2f + 1` shards: the weight a certificate needs.
    pub fn quorum_threshold(&self) -> u32 {
        u32::from(self.n_shards.quorum_threshold())
    }
}

/// A certificate that is malformed or does not reach a quorum.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CertificateError {
    /// A signer index is not a member.
    #[error("signer {index} is not a member of the committee ({members} members)")]
    UnknownMember {
        /// The index.
        index: usize,
        /// The committee size in members.
        members: usize,
    },
    /// A member signed twice.
    #[error("member {0} already signed")]
    DuplicateSigner(usize),
    /// A signature does not verify.
    #[error("signature of member {index} ({node}) does not verify over the message")]
    InvalidSignature {
        /// The member's position.
        index: usize,
        /// The member's node ID.
        node: NodeId,
    },
    /// The number of signatures differs from the number of signer bits.
    #[error("the bitmap names {signers} signers but {signatures} signatures were given")]
    SignatureCountMismatch {
        /// Bits set in the bitmap.
        signers: usize,
        /// Signatures given.
        signatures: usize,
    },
    /// The signers do not hold enough shards.
    #[error(
        "signers hold {weight} shards, a quorum needs {needed} (2f + 1); collect more signatures"
    )]
    NotEnoughWeight {
        /// Shards held by the signers.
        weight: u32,
        /// `2f + 1`.
        needed: u32,
    },
}

/// A storage certificate as the Move contract takes it.
///
/// - `signers`: bitmap over the members in committee order; member `i` signed iff bit `i % 8`
///   (LSB first) of byte `i / 8` is set. Exactly `ceil(members / 8)` bytes are produced; longer
///   bitmaps are accepted if the extra bits are zero.
/// - `signatures`: one 64-byte signature per signer, in increasing member order.
///
/// Wire format (BCS): `signers: vector<u8>, signatures: vector<vector<u8>>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// The signer bitmap.
    pub signers: Vec<u8>,
    /// The signatures, in increasing member order.
    pub signatures: Vec<ProtocolSignature>,
}

impl Certificate {
    /// The member indices whose bit is set, in increasing order.
    pub fn signer_indices(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for (byte_index, byte) in self.signers.iter().enumerate() {
            for bit in 0..8 {
                if byte & (1 << bit) != 0 {
                    out.push(byte_index * 8 + bit);
                }
            }
        }
        out
    }

    /// Verifies every signature over `message` and the quorum; returns the signers' weight.
    pub fn verify(&self, committee: &Committee, message: &[u8]) -> Result<u32, CertificateError> {
        let signers = self.signer_indices();
        if signers.len() != self.signatures.len() {
            return Err(CertificateError::SignatureCountMismatch {
                signers: signers.len(),
                signatures: self.signatures.len(),
            });
        }
        let mut weight = 0u32;
        for (&index, signature) in signers.iter().zip(&self.signatures) {
            let member = committee
                .members
                .get(index)
                .ok_or(CertificateError::UnknownMember {
                    index,
                    members: committee.members.len(),
                })?;
            member.public_key.verify(message, signature).map_err(|_| {
                CertificateError::InvalidSignature {
                    index,
                    node: member.node_id,
                }
            })?;
            weight += u32::from(member.weight());
        }
        let needed = committee.quorum_threshold();
        if weight < needed {
            return Err(CertificateError::NotEnoughWeight { weight, needed });
        }
        Ok(weight)
    }
}

impl WireFormat for Certificate {
    fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::with_capacity(self.signers.len() + 66 * self.signatures.len() + 8);
        writer.bytes(&self.signers);
        writer.uleb(self.signatures.len());
        for signature in &self.signatures {
            writer.bytes(&signature.0);
        }
        writer.finish()
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, WireError> {
        let mut reader = Reader::new(bytes);
        let signers = reader.bytes("signers")?.to_vec();
        let count = reader.uleb("signatures")?;
        if count > reader.remaining() / 65 {
            return Err(WireError::InvalidValue {
                field: "signatures",
                reason: format!("{count} signatures do not fit in the input"),
            });
        }
        let mut signatures = Vec::with_capacity(count);
        for _ in 0..count {
            let raw = reader.bytes("signature")?;
            signatures.push(ProtocolSignature::from_bytes(raw).map_err(|e| {
                WireError::InvalidValue {
                    field: "signature",
                    reason: e.to_string(),
                }
            })?);
        }
        reader.finish()?;
        Ok(Self {
            signers,
            signatures,
        })
    }
}

/// Collects signatures over one message until the signers hold a quorum of shards.
#[derive(Debug, Clone)]
pub struct CertificateBuilder<'c> {
    committee: &'c Committee,
    message: Vec<u8>,
    signatures: BTreeMap<usize, ProtocolSignature>,
    weight: u32,
}

impl<'c> CertificateBuilder<'c> {
    /// A builder for signatures over raw `message` bytes.
    pub fn new(committee: &'c Committee, message: impl Into<Vec<u8>>) -> Self {
        Self {
            committee,
            message: message.into(),
            signatures: BTreeMap::new(),
            weight: 0,
        }
    }

    /// A builder for a storage certificate of `confirmation`.
    pub fn for_confirmation(committee: &'c Committee, confirmation: &StorageConfirmation) -> Self {
        Self::new(committee, confirmation.to_message().to_vec())
    }

    /// Adds member `index`'s signature after verifying it. Returns whether the quorum is now
    /// reached.
    pub fn add(
        &mut self,
        index: usize,
        signature: ProtocolSignature,
    ) -> Result<bool, CertificateError> {
        let member = self
            .committee
            .members
            .get(index)
            .ok_or(CertificateError::UnknownMember {
                index,
                members: self.committee.members.len(),
            })?;
        if self.signatures.contains_key(&index) {
            return Err(CertificateError::DuplicateSigner(index));
        }
        member
            .public_key
            .verify(&self.message, &signature)
            .map_err(|_| CertificateError::InvalidSignature {
                index,
                node: member.node_id,
            })?;
        self.signatures.insert(index, signature);
        self.weight += u32::from(member.weight());
        Ok(self.has_quorum())
    }

    /// Adds the signature of the member with `node_id`.
    pub fn add_by_node(
        &mut self,
        node_id: &NodeId,
        signature: ProtocolSignature,
    ) -> Result<bool, CertificateError> {
        let index = self
            .committee
            .index_of(node_id)
            .ok_or(CertificateError::UnknownMember {
                index: usize::MAX,
                members: self.committee.members.len(),
            })?;
        self.add(index, signature)
    }

    /// The shards held by the signers so far.
    pub fn weight(&self) -> u32 {
        self.weight
    }

    /// Whether the signers hold at least `2f + 1` shards.
    pub fn has_quorum(&self) -> bool {
        self.weight >= self.committee.quorum_threshold()
    }

    /// The certificate, if the quorum is reached.
    pub fn finish(self) -> Result<Certificate, CertificateError> {
        if !self.has_quorum() {
            return Err(CertificateError::NotEnoughWeight {
                weight: self.weight,
                needed: self.committee.quorum_threshold(),
            });
        }
        let mut signers = vec![0u8; self.committee.members.len().div_ceil(8)];
        for &index in self.signatures.keys() {
            signers[index / 8] |= 1 << (index % 8);
        }
        Ok(Certificate {
            signers,
            signatures: self.signatures.into_values().collect(),
        })
    }
}
