//! BCS-compatible binary encoding helpers.
//!
//! Every wire format of this crate is the [BCS] encoding of a struct whose fields are listed in
//! `docs/protocol.md`: integers little-endian, `vector<T>` prefixed by its length as ULEB128,
//! fixed-size byte arrays (`[u8; 32]`, `[u8; 64]`) without a length prefix. The codec here is
//! written by hand so that decoding untrusted bytes never allocates more than the input can
//! justify, rejects non-canonical lengths and trailing bytes, and never panics.
//!
//! [BCS]: https://github.com/diem/bcs

use thiserror::Error;

/// Why bytes received from the network could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WireError {
    /// The input ended before the value was complete.
    #[error(
        "input ended early: {field} needs {needed} more bytes but only {remaining} remain; \
         the message was truncated or is not of the expected type"
    )]
    UnexpectedEnd {
        /// The field being read.
        field: &'static str,
        /// Bytes the field needs.
        needed: u64,
        /// Bytes left in the input.
        remaining: usize,
    },
    /// Bytes were left after the value was complete.
    #[error(
        "{0} unexpected bytes after the end of the value; the message is not of the expected \
         type or was corrupted"
    )]
    TrailingBytes(usize),
    /// A ULEB128 length was not in canonical (shortest) form or did not fit in 32 bits.
    #[error("invalid ULEB128 length prefix for {0}: not canonical or larger than 2^32-1")]
    InvalidLength(&'static str),
    /// A field holds a value that is not allowed.
    #[error("invalid value for {field}: {reason}")]
    InvalidValue {
        /// The field being read.
        field: &'static str,
        /// What was wrong with it.
        reason: String,
    },
}

/// Types with a canonical binary (BCS-compatible) encoding defined in `docs/protocol.md`.
pub trait WireFormat: Sized {
    /// Encodes `self` into its canonical bytes.
    fn to_bytes(&self) -> Vec<u8>;

    /// Decodes a value from exactly `bytes` (no trailing bytes allowed).
    ///
    /// Decoding only checks the syntax; use the type's `verify` methods to check the content
    /// against a blob ID or metadata before trusting it.
    fn from_bytes(bytes: &[u8]) -> Result<Self, WireError>;
}

/// Appends BCS-encoded values to a byte vector.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub(crate) buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            buf: Vec::with_capacity(capacity),
        }
    }

    pub(crate) fn u8(&mut self, value: u8) {
        self.buf.push(value);
    }

    pub(crate) fn u16(&mut self, value: u16) {
        self.buf.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u32(&mut self, value: u32) {
        self.buf.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, value: u64) {
        self.buf.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn fixed(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    pub(crate) fn uleb(&mut self, mut value: usize) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.buf.push(byte);
                return;
            }
            self.buf.push(byte | 0x80);
        }
    }

    /// A `vector<u8>`: ULEB128 length then the bytes.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.uleb(bytes.len());
        self.buf.extend_from_slice(bytes);
    }

    /// A `vector<[u8; 32]>`.
    pub(crate) fn digests(&mut self, digests: &[[u8; 32]]) {
        self.uleb(digests.len());
        for digest in digests {
            self.buf.extend_from_slice(digest);
        }
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        self.buf
    }
}

/// Reads BCS-encoded values from a byte slice without ever panicking.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    input: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Self { input }
    }

    pub(crate) fn take(&mut self, len: usize, field: &'static str) -> Result<&'a [u8], WireError> {
        if len > self.input.len() {
            return Err(WireError::UnexpectedEnd {
                field,
                needed: len as u64,
                remaining: self.input.len(),
            });
        }
        let (head, tail) = self.input.split_at(len);
        self.input = tail;
        Ok(head)
    }

    pub(crate) fn array<const N: usize>(
        &mut self,
        field: &'static str,
    ) -> Result<[u8; N], WireError> {
        let bytes = self.take(N, field)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, WireError> {
        Ok(self.array::<1>(field)?[0])
    }

    pub(crate) fn u16(&mut self, field: &'static str) -> Result<u16, WireError> {
        Ok(u16::from_le_bytes(self.array(field)?))
    }

    pub(crate) fn u32(&mut self, field: &'static str) -> Result<u32, WireError> {
        Ok(u32::from_le_bytes(self.array(field)?))
    }

    pub(crate) fn u64(&mut self, field: &'static str) -> Result<u64, WireError> {
        Ok(u64::from_le_bytes(self.array(field)?))
    }

    /// A canonical ULEB128 value of at most 32 bits (BCS limits lengths to u32).
    pub(crate) fn uleb(&mut self, field: &'static str) -> Result<usize, WireError> {
        let mut value: u64 = 0;
        for shift in (0..35).step_by(7) {
            let byte = self.u8(field)?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                // Canonical: no redundant trailing zero group (except the value 0 itself).
                if (byte == 0 && shift != 0) || value > u64::from(u32::MAX) {
                    return Err(WireError::InvalidLength(field));
                }
                return usize::try_from(value).map_err(|_| WireError::InvalidLength(field));
            }
        }
        Err(WireError::InvalidLength(field))
    }

    /// A `vector<u8>`.
    pub(crate) fn bytes(&mut self, field: &'static str) -> Result<&'a [u8], WireError> {
        let len = self.uleb(field)?;
        self.take(len, field)
    }

    /// A `vector<[u8; 32]>`, with at most `max` elements.
    pub(crate) fn digests(
        &mut self,
        field: &'static str,
        max: usize,
    ) -> Result<Vec<[u8; 32]>, WireError> {
        let len = self.uleb(field)?;
        if len > max {
            return Err(WireError::InvalidValue {
                field,
                reason: format!("{len} entries, at most {max} allowed"),
            });
        }
        let needed = len.checked_mul(32).ok_or(WireError::InvalidLength(field))?;
        let bytes = self.take(needed, field)?;
        Ok(bytes
            .chunks_exact(32)
            .map(|chunk| {
                let mut digest = [0u8; 32];
                digest.copy_from_slice(chunk);
                digest
            })
            .collect())
    }

    pub(crate) fn remaining(&self) -> usize {
        self.input.len()
    }

    /// Decodes a whole value from exactly `input` with `decode`: bytes left over are an error.
    pub(crate) fn decode_exact<T>(
        input: &'a [u8],
        decode: impl FnOnce(&mut Self) -> Result<T, WireError>,
    ) -> Result<T, WireError> {
        let mut reader = Self::new(input);
        let value = decode(&mut reader)?;
        reader.finish()?;
        Ok(value)
    }

    pub(crate) fn finish(self) -> Result<(), WireError> {
        if self.input.is_empty() {
            Ok(())
        } else {
            Err(WireError::TrailingBytes(self.input.len()))
        }
    }
}

/// Size in bytes of the ULEB128 encoding of `value`.
pub(crate) fn uleb_len(mut value: usize) -> usize {
    let mut len = 1;
    while value >= 0x80 {
        value >>= 7;
        len += 1;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uleb_roundtrip_and_canonical() {
        for value in [
            0usize,
            1,
            127,
            128,
            255,
            16_383,
            16_384,
            1 << 28,
            u32::MAX as usize,
        ] {
            let mut writer = Writer::default();
            writer.uleb(value);
            let bytes = writer.finish();
            assert_eq!(bytes.len(), uleb_len(value));
            let mut reader = Reader::new(&bytes);
            assert_eq!(reader.uleb("x").unwrap(), value);
            reader.finish().unwrap();
        }
        // Non-canonical encodings of 0 and 1.
        for bytes in [
            &[0x80, 0x00][..],
            &[0x81, 0x00],
            &[0xff, 0xff, 0xff, 0xff, 0x7f],
        ] {
            assert!(Reader::new(bytes).uleb("x").is_err(), "{bytes:?}");
        }
        assert!(Reader::new(&[0x80]).uleb("x").is_err());
    }
}
