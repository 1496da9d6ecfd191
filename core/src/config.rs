//! Encoding parameters: `f`, source symbols, symbol and sliver sizes, encoded size.

use thiserror::Error;

use crate::types::{EncodingAxis, NShards, SliverAxis, SymbolSize};

/// Storage is priced in units of 1 MiB.
pub const STORAGE_UNIT_BYTES: u64 = 1 << 20;

/// A blob too large for the committee size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error(
    "blob of {size} bytes is too large for {n_shards} shards: the maximum is {max} bytes \
     (symbols are at most 65534 bytes); split the blob or use a larger committee"
)]
pub struct BlobTooLarge {
    /// The blob size.
    pub size: u64,
    /// The committee size.
    pub n_shards: u16,
    /// [`EncodingConfig::max_blob_size`].
    pub max: u64,
}

/// The RS2 encoding parameters for a committee of `n` shards (spec "Encoding parameters").
///
/// ```
/// use walrus_core::{EncodingConfig, NShards};
/// let config = EncodingConfig::new(NShards::new(10).unwrap());
/// assert_eq!(config.max_faulty(), 3);
/// assert_eq!(config.n_primary_source_symbols(), 4); // rows, n - 2f
/// assert_eq!(config.n_secondary_source_symbols(), 7); // columns, n - f
/// assert_eq!(config.symbol_size(0).unwrap().get(), 2);
/// assert_eq!(config.symbol_size(57).unwrap().get(), 4); // ceil(57 / 28) = 3, rounded up to even
/// assert_eq!(config.max_blob_size(), 28 * 65534);
/// assert_eq!(config.encoded_size(57).unwrap(), 10 * ((4 + 7) * 4 + 64 * 10));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EncodingConfig {
    n_shards: NShards,
}

impl EncodingConfig {
    /// The configuration for `n_shards` shards.
    pub const fn new(n_shards: NShards) -> Self {
        Self { n_shards }
    }

    /// The number of shards `n`.
    pub const fn n_shards(&self) -> NShards {
        self.n_shards
    }

    pub(crate) const fn n(&self) -> usize {
        self.n_shards.as_usize()
    }

    /// `f = floor((n - 1) / 3)`.
    pub const fn max_faulty(&self) -> u16 {
        self.n_shards.max_faulty()
    }

    /// `k_p = n - 2f`: primary source symbols, the number of rows of the source matrix, and
    /// the number of primary slivers needed to decode. Also the number of symbols in a
    /// secondary sliver.
    pub const fn n_primary_source_symbols(&self) -> u16 {
        self.n_shards.get() - 2 * self.max_faulty()
    }

    /// `k_s = n - f`: secondary source symbols, the number of columns of the source matrix.
    /// Also the number of symbols in a primary sliver.
    pub const fn n_secondary_source_symbols(&self) -> u16 {
        self.n_shards.get() - self.max_faulty()
    }

    pub(crate) const fn kp(&self) -> usize {
        self.n_primary_source_symbols() as usize
    }

    pub(crate) const fn ks(&self) -> usize {
        self.n_secondary_source_symbols() as usize
    }

    /// Symbols in one sliver of the given axis: `k_s` for primary, `k_p` for secondary.
    pub const fn symbols_per_sliver(&self, axis: SliverAxis) -> u16 {
        match axis {
            SliverAxis::Primary => self.n_secondary_source_symbols(),
            SliverAxis::Secondary => self.n_primary_source_symbols(),
        }
    }

    pub(crate) const fn sliver_symbols<A: EncodingAxis>(&self) -> usize {
        self.symbols_per_sliver(A::AXIS) as usize
    }

    /// Number of symbols (recovery symbols from orthogonal slivers) needed to rebuild one
    /// sliver of `axis`: `n - f` for a primary sliver, `n - 2f` for a secondary sliver.
    pub const fn recovery_threshold(&self, axis: SliverAxis) -> u16 {
        self.symbols_per_sliver(axis)
    }

    /// Source symbols per blob: `k_p * k_s`.
    pub const fn source_symbols(&self) -> u64 {
        self.n_primary_source_symbols() as u64 * self.n_secondary_source_symbols() as u64
    }

    /// `max_blob_size(n) = k_p * k_s * 65534`.
    pub const fn max_blob_size(&self) -> u64 {
        self.source_symbols() * SymbolSize::MAX as u64
    }

    /// `ceil(size / (k_p * k_s))`, at least 1, rounded up to even.
    pub fn symbol_size(&self, unencoded_size: u64) -> Result<SymbolSize, BlobTooLarge> {
        let too_large = || BlobTooLarge {
            size: unencoded_size,
            n_shards: self.n_shards.get(),
            max: self.max_blob_size(),
        };
        let raw = unencoded_size.div_ceil(self.source_symbols()).max(1);
        let even = raw + raw % 2;
        let size = u16::try_from(even).map_err(|_| too_large())?;
        if size > SymbolSize::MAX {
            return Err(too_large());
        }
        SymbolSize::new(size).map_err(|_| too_large())
    }

    /// Bytes of a primary sliver: `k_s * symbol_size`.
    pub fn primary_sliver_size(&self, unencoded_size: u64) -> Result<u64, BlobTooLarge> {
        Ok(u64::from(self.n_secondary_source_symbols())
            * u64::from(self.symbol_size(unencoded_size)?.get()))
    }

    /// Bytes of a secondary sliver: `k_p * symbol_size`.
    pub fn secondary_sliver_size(&self, unencoded_size: u64) -> Result<u64, BlobTooLarge> {
        Ok(u64::from(self.n_primary_source_symbols())
            * u64::from(self.symbol_size(unencoded_size)?.get()))
    }

    /// `metadata_size(n) = 64 * n`: two 32-byte roots per sliver pair.
    pub const fn metadata_size(&self) -> u64 {
        64 * self.n_shards.get() as u64
    }

    /// What one shard stores for the blob: one sliver pair plus a full copy of the metadata,
    /// `(k_p + k_s) * symbol_size + 64 n`.
    pub fn encoded_size_per_shard(&self, unencoded_size: u64) -> Result<u64, BlobTooLarge> {
        let symbols = u64::from(self.n_primary_source_symbols())
            + u64::from(self.n_secondary_source_symbols());
        Ok(symbols * u64::from(self.symbol_size(unencoded_size)?.get()) + self.metadata_size())
    }

    /// `encoded_size(n, S) = n * ((k_p + k_s) * symbol_size + 64 n)`: what storage resources
    /// must cover.
    pub fn encoded_size(&self, unencoded_size: u64) -> Result<u64, BlobTooLarge> {
        Ok(u64::from(self.n_shards.get()) * self.encoded_size_per_shard(unencoded_size)?)
    }

    /// Length in bytes of the padded source matrix, `k_p * k_s * symbol_size`.
    pub fn padded_size(&self, unencoded_size: u64) -> Result<u64, BlobTooLarge> {
        Ok(self.source_symbols() * u64::from(self.symbol_size(unencoded_size)?.get()))
    }
}

/// `encoded_size(n, S)` exactly as the Move function `walrus::encoding::encoded_size` computes
/// it, or `None` where Move aborts (blob too large) or `n` is outside `4..=1000`.
///
/// ```
/// assert_eq!(walrus_core::encoded_size(4, 0), Some(4 * (5 * 2 + 256)));
/// assert_eq!(walrus_core::encoded_size(4, 2 * 3 * 65534 + 1), None);
/// assert_eq!(walrus_core::encoded_size(3, 0), None);
/// ```
pub fn encoded_size(n_shards: u64, unencoded_size: u64) -> Option<u64> {
    let n = NShards::try_from(n_shards).ok()?;
    EncodingConfig::new(n).encoded_size(unencoded_size).ok()
}

/// `max_blob_size(n)`, or `None` if `n` is outside `4..=1000`.
pub fn max_blob_size(n_shards: u64) -> Option<u64> {
    let n = NShards::try_from(n_shards).ok()?;
    Some(EncodingConfig::new(n).max_blob_size())
}

/// Storage units (1 MiB each) needed for `encoded_size` bytes: `ceil(encoded_size / 2^20)`.
pub const fn storage_units(encoded_size: u64) -> u64 {
    encoded_size.div_ceil(STORAGE_UNIT_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_for_all_n() {
        for n in 4..=1000u16 {
            let config = EncodingConfig::new(NShards::new(n).unwrap());
            let f = (n - 1) / 3;
            assert_eq!(config.max_faulty(), f);
            assert_eq!(config.n_primary_source_symbols(), n - 2 * f);
            assert_eq!(config.n_secondary_source_symbols(), n - f);
            let max = config.max_blob_size();
            assert_eq!(config.symbol_size(max).unwrap().get(), 65534);
            assert!(config.symbol_size(max + 1).is_err());
            let encoded = config.encoded_size(max).unwrap();
            assert!(encoded < 1000 * (2000 * 65534 + 64000));
            assert_eq!(config.symbol_size(0).unwrap().get(), 2);
            assert_eq!(config.symbol_size(1).unwrap().get(), 2);
        }
    }

    #[test]
    fn storage_units_round_up() {
        assert_eq!(storage_units(0), 0);
        assert_eq!(storage_units(1), 1);
        assert_eq!(storage_units(1 << 20), 1);
        assert_eq!(storage_units((1 << 20) + 1), 2);
    }
}
