//! Newtypes for counts, indices and identifiers.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// The number of shards of a committee, `4 <= n <= 1000`.
///
/// Every count derived from it (`f`, source symbols, symbol size) is computed by
/// [`EncodingConfig`](crate::EncodingConfig).
///
/// ```
/// use walrus_core::NShards;
/// let n = NShards::new(10).unwrap();
/// assert_eq!(n.get(), 10);
/// assert_eq!(n.max_faulty(), 3);
/// assert!(NShards::new(3).is_err());
/// assert!(NShards::new(1001).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NShards(u16);

/// A shard count outside `4..=1000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error(
    "invalid number of shards {0}: the RS2 encoding needs between {min} and {max} shards",
    min = NShards::MIN,
    max = NShards::MAX
)]
pub struct InvalidNShards(pub u64);

impl NShards {
    /// The smallest supported committee size (`f = 1`).
    pub const MIN: u16 = 4;
    /// The largest supported committee size.
    pub const MAX: u16 = 1000;

    /// Checks that `n` is in `4..=1000`.
    pub const fn new(n: u16) -> Result<Self, InvalidNShards> {
        if n < Self::MIN || n > Self::MAX {
            Err(InvalidNShards(n as u64))
        } else {
            Ok(Self(n))
        }
    }

    /// The number of shards.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The number of shards as `usize`.
    pub const fn as_usize(self) -> usize {
        self.0 as usize
    }

    /// `f = floor((n - 1) / 3)`, the number of shards that may be faulty.
    pub const fn max_faulty(self) -> u16 {
        (self.0 - 1) / 3
    }

    /// `2f + 1`: the shard weight of a quorum (certificates).
    pub const fn quorum_threshold(self) -> u16 {
        2 * self.max_faulty() + 1
    }

    /// `f + 1`: any set of this many shards contains at least one correct shard.
    pub const fn validity_threshold(self) -> u16 {
        self.max_faulty() + 1
    }

    /// Iterates over all shard indices `0..n`.
    pub fn shard_indices(self) -> impl Iterator<Item = ShardIndex> {
        (0..self.0).map(ShardIndex)
    }
}

impl TryFrom<u16> for NShards {
    type Error = InvalidNShards;
    fn try_from(n: u16) -> Result<Self, Self::Error> {
        Self::new(n)
    }
}

impl TryFrom<u64> for NShards {
    type Error = InvalidNShards;
    fn try_from(n: u64) -> Result<Self, Self::Error> {
        u16::try_from(n)
            .map_err(|_| InvalidNShards(n))
            .and_then(Self::new)
    }
}

impl TryFrom<usize> for NShards {
    type Error = InvalidNShards;
    fn try_from(n: usize) -> Result<Self, Self::Error> {
        Self::try_from(n as u64)
    }
}

impl fmt::Display for NShards {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

macro_rules! index_type {
    ($(#[$meta:meta])* $name:ident($inner:ty)) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub $inner);

        impl $name {
            /// The index as `usize`.
            pub const fn as_usize(self) -> usize {
                self.0 as usize
            }

            /// The raw value.
            pub const fn get(self) -> $inner {
                self.0
            }
        }

        impl From<$inner> for $name {
            fn from(value: $inner) -> Self {
                Self(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

index_type!(
    /// The index of a shard in the committee, `0..n`.
    ShardIndex(u16)
);
index_type!(
    /// The index of a sliver pair, `0..n`: pair `i` is primary sliver `i` (row `i` of the
    /// expanded matrix) and secondary sliver `i` (column `i`). Shard `s` stores pair
    /// `(s + blob_id mod n) mod n`, see [`BlobId::pair_index_for_shard`].
    SliverPairIndex(u16)
);

/// A Sui/Walrus epoch. Epochs are `u32` everywhere (spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Epoch(pub u32);

impl fmt::Display for Epoch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<u32> for Epoch {
    fn from(value: u32) -> Self {
        Self(value)
    }
}

/// The encoding of a blob. Only RS2 (`1`) exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum EncodingType {
    /// Two-dimensional Reed-Solomon over GF(2^16) with blake3 commitments (this crate).
    Rs2 = 1,
}

/// An encoding type byte that this crate does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("unknown encoding type {0}: only RS2 (1) is supported by this version")]
pub struct UnknownEncodingType(pub u8);

impl EncodingType {
    /// The byte used in blob IDs and on chain.
    pub const fn as_u8(self) -> u8 {
        self as u8
    }
}

impl TryFrom<u8> for EncodingType {
    type Error = UnknownEncodingType;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        match value {
            1 => Ok(Self::Rs2),
            other => Err(UnknownEncodingType(other)),
        }
    }
}

/// The size in bytes of one symbol: even, `2..=65534`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SymbolSize(u16);

/// A symbol size that is odd or zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("invalid symbol size {0}: symbols are 2..=65534 bytes and even")]
pub struct InvalidSymbolSize(pub u16);

impl SymbolSize {
    /// The largest symbol size (the largest even `u16`).
    pub const MAX: u16 = 65534;

    /// Checks that `size` is even and non-zero.
    pub const fn new(size: u16) -> Result<Self, InvalidSymbolSize> {
        if size == 0 || !size.is_multiple_of(2) {
            Err(InvalidSymbolSize(size))
        } else {
            Ok(Self(size))
        }
    }

    /// The size in bytes.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The size in bytes as `usize`.
    pub const fn as_usize(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for SymbolSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A 32-byte hash: Merkle roots, chaining values, part digests.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The digest read as a little-endian `u256` and written as `0x`-prefixed big-endian hex,
    /// i.e. the Move literal of `u256::from_le_bytes(digest)`.
    pub fn to_u256_hex(&self) -> String {
        u256_hex(&self.0)
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", hex::encode(self.0))
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl From<[u8; 32]> for Digest {
    fn from(value: [u8; 32]) -> Self {
        Self(value)
    }
}

/// The ID of a blob: `blake2b256(encoding_type || unencoded_size (u64 LE) || blob_root)`.
///
/// The 32 bytes are the BLAKE2b output; on chain the ID is `u256::from_le_bytes(bytes)`, so the
/// bytes are also the BCS (little-endian) encoding of the on-chain `u256`.
///
/// `Display` prints the `u256` value as `0x` + 64 big-endian hex digits; [`FromStr`] accepts
/// that form and plain decimal (as Sui's JSON shows `u256` values).
///
/// ```
/// use walrus_core::BlobId;
/// let id = BlobId([1; 32]);
/// let text = id.to_string();
/// assert!(text.starts_with("0x0101"));
/// assert_eq!(text.parse::<BlobId>().unwrap(), id);
/// assert_eq!(id.to_decimal_string().parse::<BlobId>().unwrap(), id);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BlobId(pub [u8; 32]);

impl BlobId {
    /// The little-endian bytes of the `u256` (= the BLAKE2b output).
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// `blob_id mod n` as used by shard placement.
    pub fn rem(&self, n: u16) -> u16 {
        let n = u32::from(n.max(1));
        let mut rem: u32 = 0;
        for &byte in self.0.iter().rev() {
            rem = ((rem << 8) | u32::from(byte)) % n;
        }
        rem as u16
    }

    /// The sliver pair stored by `shard`: `(shard + blob_id mod n) mod n` (spec, shard placement).
    ///
    /// ```
    /// use walrus_core::{BlobId, NShards, ShardIndex, SliverPairIndex};
    /// let n = NShards::new(10).unwrap();
    /// let id = BlobId([0; 32]);
    /// assert_eq!(id.pair_index_for_shard(ShardIndex(3), n), SliverPairIndex(3));
    /// let mut bytes = [0; 32];
    /// bytes[0] = 12; // blob_id = 12, 12 mod 10 = 2
    /// assert_eq!(BlobId(bytes).pair_index_for_shard(ShardIndex(9), n), SliverPairIndex(1));
    /// ```
    pub fn pair_index_for_shard(&self, shard: ShardIndex, n: NShards) -> SliverPairIndex {
        let n = u32::from(n.get());
        SliverPairIndex(((u32::from(shard.0) + u32::from(self.rem(n as u16))) % n) as u16)
    }

    /// The shard that stores sliver pair `pair` (inverse of [`Self::pair_index_for_shard`]).
    pub fn shard_for_pair_index(&self, pair: SliverPairIndex, n: NShards) -> ShardIndex {
        let n = u32::from(n.get());
        ShardIndex(((u32::from(pair.0) + n - u32::from(self.rem(n as u16))) % n) as u16)
    }

    /// The `u256` value in decimal, as Sui's JSON-RPC and events show it.
    pub fn to_decimal_string(&self) -> String {
        u256_decimal(&self.0)
    }
}

impl PartialOrd for BlobId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Blob IDs order by their `u256` value (as Move compares them).
impl Ord for BlobId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

impl fmt::Debug for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlobId({self})")
    }
}

impl fmt::Display for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&u256_hex(&self.0))
    }
}

/// A string that is neither `0x` + hex nor decimal `u256`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "invalid 32-byte value {0:?}: expected 0x followed by up to 64 hex digits, or a decimal \
     number below 2^256"
)]
pub struct ParseIdError(pub String);

impl FromStr for BlobId {
    type Err = ParseIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_u256_le(s).map(Self)
    }
}

/// The ID of a storage node (the Sui object ID of its pool / capability), 32 bytes.
///
/// Displayed as `0x` + 64 hex digits in byte order, like Sui addresses.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct NodeId(pub [u8; 32]);

impl fmt::Debug for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeId({self})")
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{}", hex::encode(self.0))
    }
}

impl FromStr for NodeId {
    type Err = ParseIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s
            .strip_prefix("0x")
            .ok_or_else(|| ParseIdError(s.to_owned()))?;
        if digits.is_empty() || digits.len() > 64 {
            return Err(ParseIdError(s.to_owned()));
        }
        let padded = format!("{digits:0>64}");
        let mut out = [0u8; 32];
        hex::decode_to_slice(&padded, &mut out).map_err(|_| ParseIdError(s.to_owned()))?;
        Ok(Self(out))
    }
}

/// Which of the two sliver kinds, as a runtime value (challenges, proofs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SliverAxis {
    /// Primary slivers: rows of the expanded matrix, `n - f` symbols each.
    Primary,
    /// Secondary slivers: columns of the expanded matrix, `n - 2f` symbols each.
    Secondary,
}

impl SliverAxis {
    /// The wire byte: 0 for primary, 1 for secondary.
    pub const fn as_u8(self) -> u8 {
        match self {
            Self::Primary => 0,
            Self::Secondary => 1,
        }
    }

    /// The other axis.
    pub const fn orthogonal(self) -> Self {
        match self {
            Self::Primary => Self::Secondary,
            Self::Secondary => Self::Primary,
        }
    }

    pub(crate) fn from_u8(value: u8) -> Option<Self> {
        match value {
            0 => Some(Self::Primary),
            1 => Some(Self::Secondary),
            _ => None,
        }
    }
}

impl fmt::Display for SliverAxis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Primary => "primary",
            Self::Secondary => "secondary",
        })
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Primary {}
    impl Sealed for super::Secondary {}
}

/// The two encoding axes as types, so that a primary sliver cannot be used where a secondary one
/// is expected. Implemented only by [`Primary`] and [`Secondary`].
pub trait EncodingAxis:
    sealed::Sealed + Clone + Copy + fmt::Debug + PartialEq + Eq + Send + Sync + 'static
{
    /// The other axis.
    type Orthogonal: EncodingAxis<Orthogonal = Self>;
    /// The runtime value of this axis.
    const AXIS: SliverAxis;
}

/// Marker for primary slivers (rows; any `n - 2f` of them rebuild the blob).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Primary;

/// Marker for secondary slivers (columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Secondary;

impl EncodingAxis for Primary {
    type Orthogonal = Secondary;
    const AXIS: SliverAxis = SliverAxis::Primary;
}

impl EncodingAxis for Secondary {
    type Orthogonal = Primary;
    const AXIS: SliverAxis = SliverAxis::Secondary;
}

/// `0x` + big-endian hex of the little-endian `u256` in `le`.
pub(crate) fn u256_hex(le: &[u8; 32]) -> String {
    let mut be = *le;
    be.reverse();
    format!("0x{}", hex::encode(be))
}

/// Decimal digits of the little-endian `u256` in `le`.
pub(crate) fn u256_decimal(le: &[u8; 32]) -> String {
    // Repeated division by 10 of a big-endian base-256 number.
    let mut be = *le;
    be.reverse();
    let mut digits = Vec::new();
    while be.iter().any(|&byte| byte != 0) {
        let mut rem: u32 = 0;
        for byte in be.iter_mut() {
            let cur = (rem << 8) | u32::from(*byte);
            *byte = (cur / 10) as u8;
            rem = cur % 10;
        }
        digits.push(b'0' + rem as u8);
    }
    if digits.is_empty() {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// Parses `0x` hex (up to 64 digits, big-endian value) or decimal into little-endian bytes.
pub(crate) fn parse_u256_le(s: &str) -> Result<[u8; 32], ParseIdError> {
    let err = || ParseIdError(s.to_owned());
    let mut le = [0u8; 32];
    if let Some(digits) = s.strip_prefix("0x") {
        if digits.is_empty() || digits.len() > 64 {
            return Err(err());
        }
        let padded = format!("{digits:0>64}");
        hex::decode_to_slice(&padded, &mut le).map_err(|_| err())?;
        le.reverse();
        return Ok(le);
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err());
    }
    for digit in s.bytes() {
        // le = le * 10 + digit, with overflow detection.
        let mut carry = u32::from(digit - b'0');
        for byte in le.iter_mut() {
            let cur = u32::from(*byte) * 10 + carry;
            *byte = cur as u8;
            carry = cur >> 8;
        }
        if carry != 0 {
            return Err(err());
        }
    }
    Ok(le)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn u256_text_forms() {
        let mut le = [0u8; 32];
        le[0] = 0x39;
        le[1] = 0x30; // 0x3039 = 12345
        assert_eq!(u256_decimal(&le), "12345");
        assert_eq!(parse_u256_le("12345").unwrap(), le);
        assert_eq!(parse_u256_le("0x3039").unwrap(), le);
        let max = [0xff; 32];
        let dec = u256_decimal(&max);
        assert_eq!(
            dec,
            "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        );
        assert_eq!(parse_u256_le(&dec).unwrap(), max);
        assert!(
            parse_u256_le(
                "115792089237316195423570985008687907853269984665640564039457584007913129639936"
            )
            .is_err()
        );
        assert!(parse_u256_le("").is_err());
        assert!(parse_u256_le("0x").is_err());
        assert!(parse_u256_le("12a").is_err());
        assert_eq!(u256_decimal(&[0; 32]), "0");
    }

    #[test]
    fn blob_id_rem_and_order() {
        let mut a = [0u8; 32];
        a[31] = 1; // 2^248
        let id = BlobId(a);
        // 2^248 mod 1000 computed independently: pow(2, 248, 1000) = 656 (Python).
        assert_eq!(id.rem(1000), 656);
        let mut b = [0u8; 32];
        b[0] = 0xff;
        assert!(BlobId(b) < id);
        let n = NShards::new(7).unwrap();
        for shard in n.shard_indices() {
            let pair = id.pair_index_for_shard(shard, n);
            assert_eq!(id.shard_for_pair_index(pair, n), shard);
        }
    }
}
