//! Rebuilding a lost sliver from recovery symbols served by other nodes.
//!
//! Symbol `r` of expanded secondary sliver `c` is symbol `c` of expanded primary sliver `r`
//! (both are cell `(r, c)` of the expanded `n x n` matrix). So:
//!
//! - primary sliver `r` is rebuilt from cell `(r, c)` of any `n - f` secondary slivers `c`;
//! - secondary sliver `c` is rebuilt from cell `(r, c)` of any `n - 2f` primary slivers `r`.
//!
//! Each recovery symbol comes with a [`SymbolProof`] against the root of the sliver that served
//! it, so wrong symbols are dropped before decoding; the rebuilt sliver is finally checked
//! against its own root. The blob itself is never needed.

use std::collections::BTreeSet;
use std::marker::PhantomData;

use thiserror::Error;

use crate::merkle;
use crate::metadata::VerifiedBlobMetadata;
use crate::rs;
use crate::sliver::{ExpandedSliver, ProofError, Sliver, SymbolProof};
use crate::types::{EncodingAxis, SliverAxis, SliverPairIndex};
use crate::wire::{Reader, WireError, WireFormat, Writer};

/// A symbol of an expanded sliver of axis `A`, served to rebuild a sliver of the other axis.
///
/// Wire format (BCS): `axis: u8` (of the serving sliver), `source: u16`, `target: u16`,
/// `symbol: vector<u8>`, `proof: SymbolProof`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoverySymbol<A: EncodingAxis> {
    /// The index of the serving sliver (axis `A`).
    pub source: SliverPairIndex,
    /// The index of the sliver being rebuilt (the other axis) = the symbol's position in the
    /// expanded serving sliver.
    pub target: SliverPairIndex,
    /// The symbol.
    pub symbol: Vec<u8>,
    /// Its proof against the root of the serving sliver.
    pub proof: SymbolProof,
    _axis: PhantomData<A>,
}

impl<A: EncodingAxis> RecoverySymbol<A> {
    /// Assembles a recovery symbol.
    pub fn new(
        source: SliverPairIndex,
        target: SliverPairIndex,
        symbol: Vec<u8>,
        proof: SymbolProof,
    ) -> Self {
        Self {
            source,
            target,
            symbol,
            proof,
            _axis: PhantomData,
        }
    }

    /// Checks the symbol against the root of its serving sliver in the metadata.
    pub fn verify(&self, metadata: &VerifiedBlobMetadata) -> Result<(), ProofError> {
        let root = self.proof.sliver_root(
            metadata.config(),
            A::AXIS,
            metadata.symbol_size(),
            self.target.as_usize(),
            &self.symbol,
        )?;
        if metadata.root::<A>(self.source) != Some(&root) {
            return Err(ProofError::RootMismatch {
                axis: A::AXIS,
                index: self.source,
                position: self.target.as_usize(),
            });
        }
        Ok(())
    }
}

impl<A: EncodingAxis> WireFormat for RecoverySymbol<A> {
    fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::with_capacity(self.symbol.len() + self.proof.encoded_len() + 8);
        writer.u8(A::AXIS.as_u8());
        writer.u16(self.source.get());
        writer.u16(self.target.get());
        writer.bytes(&self.symbol);
        self.proof.encode(&mut writer);
        writer.finish()
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, WireError> {
        let mut reader = Reader::new(bytes);
        let axis = reader.u8("axis")?;
        if axis != A::AXIS.as_u8() {
            return Err(WireError::InvalidValue {
                field: "axis",
                reason: format!("expected a symbol of a {} sliver, got axis {axis}", A::AXIS),
            });
        }
        let source = SliverPairIndex(reader.u16("source")?);
        let target = SliverPairIndex(reader.u16("target")?);
        let symbol = reader.bytes("symbol")?.to_vec();
        let proof = SymbolProof::decode(&mut reader)?;
        reader.finish()?;
        Ok(Self::new(source, target, symbol, proof))
    }
}

impl<A: EncodingAxis> ExpandedSliver<'_, A> {
    /// The recovery symbol this sliver serves to rebuild sliver `target` of the other axis.
    /// `None` if `target` is not below `n`.
    pub fn recovery_symbol(&self, target: SliverPairIndex) -> Option<RecoverySymbol<A>> {
        let symbol = self.symbol(target.as_usize())?.to_vec();
        let proof = self.symbol_proof(target.as_usize())?;
        Some(RecoverySymbol::new(
            self.sliver().index(),
            target,
            symbol,
            proof,
        ))
    }
}

/// Why a sliver could not be rebuilt.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RecoveryError {
    /// The target index is not below `n`.
    #[error("cannot recover {axis} sliver {index}: index out of range for {n} shards")]
    IndexOutOfRange {
        /// The axis of the sliver to rebuild.
        axis: SliverAxis,
        /// Its index.
        index: SliverPairIndex,
        /// The committee size.
        n: u16,
    },
    /// Too few valid, distinct recovery symbols.
    #[error(
        "cannot recover {axis} sliver {index}: {valid} valid recovery symbols from distinct \
         slivers, {needed} needed ({rejected} rejected); ask more nodes"
    )]
    NotEnoughSymbols {
        /// The axis of the sliver to rebuild.
        axis: SliverAxis,
        /// Its index.
        index: SliverPairIndex,
        /// Valid symbols received.
        valid: usize,
        /// Symbols needed (`n - f` for primary, `n - 2f` for secondary).
        needed: usize,
        /// Symbols dropped (wrong target, duplicate source, bad proof).
        rejected: usize,
    },
    /// All symbols verified but the rebuilt sliver does not match its root.
    #[error(
        "recovered {axis} sliver {index} does not match its root in the metadata although every \
         symbol verified: the blob was encoded inconsistently"
    )]
    Inconsistent {
        /// The axis of the sliver to rebuild.
        axis: SliverAxis,
        /// Its index.
        index: SliverPairIndex,
    },
}

impl<A: EncodingAxis> Sliver<A> {
    /// Rebuilds sliver `index` of this axis from recovery symbols served by slivers of the other
    /// axis. Wrong or duplicate symbols are skipped; needs `n - f` valid symbols for a primary
    /// sliver and `n - 2f` for a secondary one. The result is checked against the metadata, so
    /// it is bit-identical to the original sliver.
    pub fn recover(
        metadata: &VerifiedBlobMetadata,
        index: SliverPairIndex,
        symbols: impl IntoIterator<Item = RecoverySymbol<A::Orthogonal>>,
    ) -> Result<Self, RecoveryError> {
        let config = metadata.config();
        let n = config.n();
        if index.as_usize() >= n {
            return Err(RecoveryError::IndexOutOfRange {
                axis: A::AXIS,
                index,
                n: config.n_shards().get(),
            });
        }
        let k = config.sliver_symbols::<A>();
        let s = metadata.symbol_size().as_usize();
        let mut seen = BTreeSet::new();
        let mut valid: Vec<RecoverySymbol<A::Orthogonal>> = Vec::with_capacity(k);
        let mut rejected = 0;
        for symbol in symbols {
            if valid.len() == k {
                break;
            }
            if symbol.target != index
                || seen.contains(&symbol.source)
                || symbol.verify(metadata).is_err()
            {
                rejected += 1;
                continue;
            }
            seen.insert(symbol.source);
            valid.push(symbol);
        }
        if valid.len() < k {
            return Err(RecoveryError::NotEnoughSymbols {
                axis: A::AXIS,
                index,
                valid: valid.len(),
                needed: k,
                rejected,
            });
        }
        let available: Vec<(usize, &[u8])> = valid
            .iter()
            .map(|symbol| (symbol.source.as_usize(), symbol.symbol.as_slice()))
            .collect();
        let symbols = rs::reconstruct(&available, k, n, s);
        let parity = rs::expand(&symbols, k, n - k, s);
        let sliver = Sliver::new_unchecked(
            index,
            metadata.symbol_size(),
            symbols,
            merkle::part_digest(&parity),
        );
        if metadata.root::<A>(index) != Some(&sliver.root()) {
            return Err(RecoveryError::Inconsistent {
                axis: A::AXIS,
                index,
            });
        }
        Ok(sliver)
    }
}
