//! Slivers, symbol proofs and sliver verification.

use std::fmt;
use std::marker::PhantomData;

use thiserror::Error;

use crate::config::EncodingConfig;
use crate::merkle::{self, MAX_PART_SIBLINGS};
use crate::metadata::VerifiedBlobMetadata;
use crate::rs;
use crate::types::{
    Digest, EncodingAxis, Primary, Secondary, SliverAxis, SliverPairIndex, SymbolSize,
};
use crate::wire::{Reader, WireError, WireFormat, Writer};

/// A sliver that does not match the metadata.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SliverVerificationError {
    /// The sliver index is not below `n`.
    #[error("{axis} sliver index {index} is out of range for {n} shards")]
    IndexOutOfRange {
        /// The axis of the sliver.
        axis: SliverAxis,
        /// The index of the sliver.
        index: SliverPairIndex,
        /// The committee size.
        n: u16,
    },
    /// The symbol size differs from the blob's.
    #[error(
        "{axis} sliver {index} has symbol size {got} but the blob's symbol size is {expected}; \
         it belongs to another blob"
    )]
    WrongSymbolSize {
        /// The axis of the sliver.
        axis: SliverAxis,
        /// The index of the sliver.
        index: SliverPairIndex,
        /// The blob's symbol size.
        expected: u16,
        /// The sliver's symbol size.
        got: u16,
    },
    /// The sliver has the wrong number of bytes.
    #[error(
        "{axis} sliver {index} has {got} bytes but must have {expected}; it is truncated or \
         belongs to another blob"
    )]
    WrongLength {
        /// The axis of the sliver.
        axis: SliverAxis,
        /// The index of the sliver.
        index: SliverPairIndex,
        /// The expected number of bytes.
        expected: usize,
        /// The sliver's number of bytes.
        got: usize,
    },
    /// The sliver hashes to another root than the metadata lists.
    #[error(
        "{axis} sliver {index} does not match its root in the metadata: its data or parity \
         digest is corrupt; fetch it from another node"
    )]
    RootMismatch {
        /// The axis of the sliver.
        axis: SliverAxis,
        /// The index of the sliver.
        index: SliverPairIndex,
    },
}

/// A symbol proof that does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProofError {
    /// The symbol position is not below `n`.
    #[error("symbol position {position} is out of range for {n} shards")]
    PositionOutOfRange {
        /// The position in the expanded sliver.
        position: usize,
        /// The committee size.
        n: u16,
    },
    /// The symbol has the wrong size.
    #[error("symbol has {got} bytes but the blob's symbol size is {expected}")]
    WrongSymbolSize {
        /// The blob's symbol size.
        expected: usize,
        /// The symbol's size.
        got: usize,
    },
    /// The revealed chunk bytes around the symbol have the wrong length.
    #[error("proof reveals {got} chunk bytes {field} the symbol but the tree needs {expected}")]
    WrongContextLength {
        /// `before` or `after`.
        field: &'static str,
        /// The required length.
        expected: usize,
        /// The length in the proof.
        got: usize,
    },
    /// The sibling list does not fit the tree.
    #[error("proof has a wrong number of sibling hashes for the tree it claims to prove")]
    MalformedPath,
    /// The proof leads to another root.
    #[error(
        "proof of symbol {position} of {axis} sliver {index} does not match the sliver root: \
         wrong symbol or proof"
    )]
    RootMismatch {
        /// The axis of the sliver.
        axis: SliverAxis,
        /// The index of the sliver.
        index: SliverPairIndex,
        /// The position in the expanded sliver.
        position: usize,
    },
    /// A storage proof answers another challenge than the one it is checked against.
    #[error("proof does not answer the challenge: its {0} differs from the challenge's")]
    ChallengeMismatch(&'static str),
    /// The challenged symbol index is not a symbol of the sliver.
    #[error("symbol index {index} is out of range: the sliver has {symbols} symbols")]
    SymbolIndexOutOfRange {
        /// The index.
        index: usize,
        /// Symbols in the sliver.
        symbols: usize,
    },
    /// The size in the proof is too large for the committee.
    #[error(transparent)]
    TooLarge(#[from] crate::config::BlobTooLarge),
    /// The proof leads to another blob ID.
    #[error(
        "proof leads to blob ID {computed}, not the challenged {expected}: wrong symbol, path or \
         size"
    )]
    BlobIdMismatch {
        /// The challenged blob.
        expected: crate::types::BlobId,
        /// The blob ID the proof leads to.
        computed: crate::types::BlobId,
    },
}

/// Where symbol `position` of an expanded sliver lies: `(systematic?, offset in part, part length)`.
fn locate(
    config: &EncodingConfig,
    axis: SliverAxis,
    symbol_size: usize,
    position: usize,
) -> (bool, usize, usize) {
    let k = usize::from(config.symbols_per_sliver(axis));
    let n = config.n();
    if position < k {
        (true, position * symbol_size, k * symbol_size)
    } else {
        (false, (position - k) * symbol_size, (n - k) * symbol_size)
    }
}

/// The proof that one symbol belongs to an expanded sliver with a given root.
///
/// The symbol lies in one part (systematic if its position is below the sliver's symbol count,
/// parity otherwise). The proof reveals the rest of the 1024-byte BLAKE3 chunks that hold the
/// symbol (`before`, `after`), the chaining values of all other subtrees of that part's BLAKE3
/// tree (`siblings`, left to right), and the digest of the other part.
///
/// Wire format (BCS): `before: vector<u8>, after: vector<u8>, siblings: vector<[u8; 32]>,
/// other_part: [u8; 32]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SymbolProof {
    /// The bytes of the covering chunks before the symbol.
    pub before: Vec<u8>,
    /// The bytes of the covering chunks after the symbol.
    pub after: Vec<u8>,
    /// Chaining values of the uncovered subtrees of the part, left to right.
    pub siblings: Vec<[u8; 32]>,
    /// The digest of the other part of the expanded sliver.
    pub other_part: Digest,
}

impl SymbolProof {
    /// Builds the proof of symbol `position` from both parts of an expanded sliver.
    pub(crate) fn new(
        systematic: &[u8],
        parity_digest: &Digest,
        parity: Option<&[u8]>,
        systematic_digest: Option<&Digest>,
        symbol_size: usize,
        position: usize,
    ) -> Option<Self> {
        let k = systematic.len() / symbol_size;
        let (part, offset, other_part) = if position < k {
            (systematic, position * symbol_size, *parity_digest)
        } else {
            let other = match systematic_digest {
                Some(digest) => *digest,
                None => merkle::part_digest(systematic),
            };
            (parity?, (position - k) * symbol_size, other)
        };
        let end = offset + symbol_size;
        if end > part.len() {
            return None;
        }
        let (cov_start, cov_end) = merkle::covered_range(part.len(), offset, end);
        Some(Self {
            before: part[cov_start..offset].to_vec(),
            after: part[end..cov_end].to_vec(),
            siblings: merkle::part_siblings(part, offset, end),
            other_part,
        })
    }

    /// The sliver root that `symbol` at `position` of a sliver of `axis` proves, if the proof is
    /// well-formed.
    pub(crate) fn sliver_root(
        &self,
        config: &EncodingConfig,
        axis: SliverAxis,
        symbol_size: SymbolSize,
        position: usize,
        symbol: &[u8],
    ) -> Result<Digest, ProofError> {
        let n = config.n_shards().get();
        if position >= usize::from(n) {
            return Err(ProofError::PositionOutOfRange { position, n });
        }
        let s = symbol_size.as_usize();
        if symbol.len() != s {
            return Err(ProofError::WrongSymbolSize {
                expected: s,
                got: symbol.len(),
            });
        }
        let (systematic, offset, part_len) = locate(config, axis, s, position);
        let (cov_start, cov_end) = merkle::covered_range(part_len, offset, offset + s);
        if self.before.len() != offset - cov_start {
            return Err(ProofError::WrongContextLength {
                field: "before",
                expected: offset - cov_start,
                got: self.before.len(),
            });
        }
        if self.after.len() != cov_end - offset - s {
            return Err(ProofError::WrongContextLength {
                field: "after",
                expected: cov_end - offset - s,
                got: self.after.len(),
            });
        }
        let mut covered = Vec::with_capacity(cov_end - cov_start);
        covered.extend_from_slice(&self.before);
        covered.extend_from_slice(symbol);
        covered.extend_from_slice(&self.after);
        let digest = merkle::part_digest_from_proof(part_len, cov_start, &covered, &self.siblings)
            .ok_or(ProofError::MalformedPath)?;
        Ok(if systematic {
            merkle::sliver_root(&digest, &self.other_part)
        } else {
            merkle::sliver_root(&self.other_part, &digest)
        })
    }

    /// The size of the encoded proof in bytes.
    pub fn encoded_len(&self) -> usize {
        use crate::wire::uleb_len;
        uleb_len(self.before.len())
            + self.before.len()
            + uleb_len(self.after.len())
            + self.after.len()
            + uleb_len(self.siblings.len())
            + 32 * self.siblings.len()
            + 32
    }

    pub(crate) fn encode(&self, writer: &mut Writer) {
        writer.bytes(&self.before);
        writer.bytes(&self.after);
        writer.digests(&self.siblings);
        writer.fixed(&self.other_part.0);
    }

    pub(crate) fn decode(reader: &mut Reader<'_>) -> Result<Self, WireError> {
        let before = reader.bytes("proof.before")?.to_vec();
        let after = reader.bytes("proof.after")?.to_vec();
        let siblings = reader.digests("proof.siblings", MAX_PART_SIBLINGS)?;
        let other_part = Digest(reader.array("proof.other_part")?);
        Ok(Self {
            before,
            after,
            siblings,
            other_part,
        })
    }
}

impl WireFormat for SymbolProof {
    fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::with_capacity(self.encoded_len());
        self.encode(&mut writer);
        writer.finish()
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, WireError> {
        Reader::decode_exact(bytes, Self::decode)
    }
}

/// One sliver: `k` symbols of `symbol_size` bytes (`k = n - f` for primary, `n - 2f` for
/// secondary) plus the digest of its parity part.
///
/// The parity digest lets anyone check the sliver against its root in the metadata by hashing
/// the sliver once, without re-encoding it. [`Sliver::check_parity`] re-encodes to check that the
/// digest is also consistent with the data.
///
/// Wire format (BCS): `axis: u8 (0 primary, 1 secondary), index: u16, symbol_size: u16,
/// symbols: vector<u8>, parity_digest: [u8; 32]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Sliver<A: EncodingAxis> {
    index: SliverPairIndex,
    symbol_size: SymbolSize,
    symbols: Vec<u8>,
    parity_digest: Digest,
    _axis: PhantomData<A>,
}

impl<A: EncodingAxis> fmt::Debug for Sliver<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sliver")
            .field("axis", &A::AXIS)
            .field("index", &self.index)
            .field("symbol_size", &self.symbol_size)
            .field("len", &self.symbols.len())
            .field("parity_digest", &self.parity_digest)
            .finish()
    }
}

/// A byte vector that is not a whole number of symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("sliver data of {len} bytes is not a whole number of {symbol_size}-byte symbols")]
pub struct NotWholeSymbols {
    /// The data length.
    pub len: usize,
    /// The symbol size.
    pub symbol_size: u16,
}

impl<A: EncodingAxis> Sliver<A> {
    /// Assembles a sliver from its parts (e.g. read back from storage).
    pub fn new(
        index: SliverPairIndex,
        symbol_size: SymbolSize,
        symbols: Vec<u8>,
        parity_digest: Digest,
    ) -> Result<Self, NotWholeSymbols> {
        if symbols.is_empty() || !symbols.len().is_multiple_of(symbol_size.as_usize()) {
            return Err(NotWholeSymbols {
                len: symbols.len(),
                symbol_size: symbol_size.get(),
            });
        }
        Ok(Self::new_unchecked(
            index,
            symbol_size,
            symbols,
            parity_digest,
        ))
    }

    pub(crate) fn new_unchecked(
        index: SliverPairIndex,
        symbol_size: SymbolSize,
        symbols: Vec<u8>,
        parity_digest: Digest,
    ) -> Self {
        Self {
            index,
            symbol_size,
            symbols,
            parity_digest,
            _axis: PhantomData,
        }
    }

    /// Builds a sliver from its symbols alone, computing the parity digest by re-encoding.
    pub fn from_symbols(
        config: &EncodingConfig,
        index: SliverPairIndex,
        symbol_size: SymbolSize,
        symbols: Vec<u8>,
    ) -> Result<Self, SliverVerificationError> {
        let mut sliver = Self::new_unchecked(index, symbol_size, symbols, Digest::default());
        sliver.check_shape(config, symbol_size)?;
        sliver.parity_digest = merkle::part_digest(&sliver.parity_symbols(config));
        Ok(sliver)
    }

    /// The axis of this sliver.
    pub const fn axis(&self) -> SliverAxis {
        A::AXIS
    }

    /// The pair index of this sliver.
    pub const fn index(&self) -> SliverPairIndex {
        self.index
    }

    /// The symbol size.
    pub const fn symbol_size(&self) -> SymbolSize {
        self.symbol_size
    }

    /// The symbols, concatenated.
    pub fn symbols(&self) -> &[u8] {
        &self.symbols
    }

    /// The number of symbols.
    pub fn n_symbols(&self) -> usize {
        self.symbols.len() / self.symbol_size.as_usize()
    }

    /// Symbol `i`, if it exists.
    pub fn symbol(&self, i: usize) -> Option<&[u8]> {
        let s = self.symbol_size.as_usize();
        self.symbols.get(i.checked_mul(s)?..(i + 1).checked_mul(s)?)
    }

    /// The digest of the parity part of the expanded sliver.
    pub const fn parity_digest(&self) -> &Digest {
        &self.parity_digest
    }

    /// Gives back the symbols.
    pub fn into_symbols(self) -> Vec<u8> {
        self.symbols
    }

    /// The digest of the systematic part (the symbols).
    pub fn systematic_digest(&self) -> Digest {
        merkle::part_digest(&self.symbols)
    }

    /// The sliver root this sliver hashes to.
    pub fn root(&self) -> Digest {
        merkle::sliver_root(&self.systematic_digest(), &self.parity_digest)
    }

    fn check_shape(
        &self,
        config: &EncodingConfig,
        symbol_size: SymbolSize,
    ) -> Result<(), SliverVerificationError> {
        let n = config.n_shards().get();
        if self.index.get() >= n {
            return Err(SliverVerificationError::IndexOutOfRange {
                axis: A::AXIS,
                index: self.index,
                n,
            });
        }
        if self.symbol_size != symbol_size {
            return Err(SliverVerificationError::WrongSymbolSize {
                axis: A::AXIS,
                index: self.index,
                expected: symbol_size.get(),
                got: self.symbol_size.get(),
            });
        }
        let expected = config.sliver_symbols::<A>() * symbol_size.as_usize();
        if self.symbols.len() != expected {
            return Err(SliverVerificationError::WrongLength {
                axis: A::AXIS,
                index: self.index,
                expected,
                got: self.symbols.len(),
            });
        }
        Ok(())
    }

    /// Checks the sliver against its root in verified metadata (hashes the sliver once).
    pub fn verify(&self, metadata: &VerifiedBlobMetadata) -> Result<(), SliverVerificationError> {
        self.check_shape(metadata.config(), metadata.symbol_size())?;
        let expected = metadata.root::<A>(self.index);
        if expected != Some(&self.root()) {
            return Err(SliverVerificationError::RootMismatch {
                axis: A::AXIS,
                index: self.index,
            });
        }
        Ok(())
    }

    /// The `n - k` parity symbols of the expanded sliver (re-encodes the sliver).
    fn parity_symbols(&self, config: &EncodingConfig) -> Vec<u8> {
        let k = config.sliver_symbols::<A>();
        rs::expand(
            &self.symbols,
            k,
            config.n() - k,
            self.symbol_size.as_usize(),
        )
    }

    /// Checks that the parity digest is the digest of this sliver's re-encoded parity symbols
    /// (that the sliver is consistent with itself). [`Sliver::verify`] does not need this; a
    /// node may run it once on receipt to make sure it can later serve recovery symbols.
    pub fn check_parity(&self, config: &EncodingConfig) -> Result<(), SliverVerificationError> {
        self.check_shape(config, self.symbol_size)?;
        if merkle::part_digest(&self.parity_symbols(config)) != self.parity_digest {
            return Err(SliverVerificationError::RootMismatch {
                axis: A::AXIS,
                index: self.index,
            });
        }
        Ok(())
    }

    /// Re-encodes the sliver into its `n` expanded symbols, to serve recovery symbols.
    pub fn expand(
        &self,
        config: &EncodingConfig,
    ) -> Result<ExpandedSliver<'_, A>, SliverVerificationError> {
        self.check_shape(config, self.symbol_size)?;
        let parity = self.parity_symbols(config);
        let parity_digest = merkle::part_digest(&parity);
        Ok(ExpandedSliver {
            sliver: self,
            systematic_digest: self.systematic_digest(),
            parity_digest,
            parity,
        })
    }

    /// The proof of the sliver's own symbol `i` (`i < k`), without re-encoding.
    pub fn symbol_proof(&self, i: usize) -> Option<SymbolProof> {
        if i >= self.n_symbols() {
            return None;
        }
        SymbolProof::new(
            &self.symbols,
            &self.parity_digest,
            None,
            None,
            self.symbol_size.as_usize(),
            i,
        )
    }
}

impl<A: EncodingAxis> WireFormat for Sliver<A> {
    fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::with_capacity(self.symbols.len() + 48);
        writer.u8(A::AXIS.as_u8());
        writer.u16(self.index.get());
        writer.u16(self.symbol_size.get());
        writer.bytes(&self.symbols);
        writer.fixed(&self.parity_digest.0);
        writer.finish()
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, WireError> {
        let mut reader = Reader::new(bytes);
        let axis = reader.u8("axis")?;
        if axis != A::AXIS.as_u8() {
            return Err(WireError::InvalidValue {
                field: "axis",
                reason: format!(
                    "expected a {} sliver ({}), got axis byte {axis}",
                    A::AXIS,
                    A::AXIS.as_u8()
                ),
            });
        }
        let index = SliverPairIndex(reader.u16("index")?);
        let symbol_size =
            SymbolSize::new(reader.u16("symbol_size")?).map_err(|e| WireError::InvalidValue {
                field: "symbol_size",
                reason: e.to_string(),
            })?;
        let symbols = reader.bytes("symbols")?.to_vec();
        let parity_digest = Digest(reader.array("parity_digest")?);
        reader.finish()?;
        Self::new(index, symbol_size, symbols, parity_digest).map_err(|e| WireError::InvalidValue {
            field: "symbols",
            reason: e.to_string(),
        })
    }
}

/// A sliver re-encoded into all `n` symbols of its row or column, with both part digests.
#[derive(Debug, Clone)]
pub struct ExpandedSliver<'a, A: EncodingAxis> {
    sliver: &'a Sliver<A>,
    parity: Vec<u8>,
    systematic_digest: Digest,
    parity_digest: Digest,
}

impl<A: EncodingAxis> ExpandedSliver<'_, A> {
    /// The sliver that was expanded.
    pub fn sliver(&self) -> &Sliver<A> {
        self.sliver
    }

    /// Symbol `position` of the expanded sliver (`0..n`).
    pub fn symbol(&self, position: usize) -> Option<&[u8]> {
        let k = self.sliver.n_symbols();
        if position < k {
            return self.sliver.symbol(position);
        }
        let s = self.sliver.symbol_size.as_usize();
        let from = (position - k).checked_mul(s)?;
        self.parity.get(from..from + s)
    }

    /// Whether the sliver's stored parity digest matches the re-encoded parity.
    pub fn parity_digest_matches(&self) -> bool {
        self.parity_digest == self.sliver.parity_digest
    }

    /// The proof of symbol `position` (`0..n`) against the sliver root.
    pub fn symbol_proof(&self, position: usize) -> Option<SymbolProof> {
        SymbolProof::new(
            &self.sliver.symbols,
            &self.parity_digest,
            Some(&self.parity),
            Some(&self.systematic_digest),
            self.sliver.symbol_size.as_usize(),
            position,
        )
    }
}

/// The two slivers stored by one shard for one blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SliverPair {
    /// Primary sliver (row) `i`.
    pub primary: Sliver<Primary>,
    /// Secondary sliver (column) `i`.
    pub secondary: Sliver<Secondary>,
}

impl SliverPair {
    /// The pair index.
    pub fn index(&self) -> SliverPairIndex {
        self.primary.index()
    }

    /// Checks both slivers against verified metadata.
    pub fn verify(&self, metadata: &VerifiedBlobMetadata) -> Result<(), SliverVerificationError> {
        if self.primary.index() != self.secondary.index() {
            return Err(SliverVerificationError::RootMismatch {
                axis: SliverAxis::Secondary,
                index: self.secondary.index(),
            });
        }
        self.primary.verify(metadata)?;
        self.secondary.verify(metadata)
    }

    /// Bytes of both slivers' symbols.
    pub fn symbols_len(&self) -> usize {
        self.primary.symbols().len() + self.secondary.symbols().len()
    }
}
