//! A small process-wide pool of Reed-Solomon coders and scratch buffers.
//!
//! Encoding and decoding need a few megabytes of working memory per thread (library work
//! buffers sized for one segment, transposition scratch). Allocating it afresh on every call
//! costs a page fault per 4 KiB on first touch, which on virtual machines is a large part of the
//! work for small and medium blobs, and the cost lands on worker threads unevenly. Keeping a
//! handful of them between calls removes that. The pool is bounded: at most [`MAX_POOLED`] items
//! of each kind, and buffers above [`MAX_POOLED_BYTES`] are freed instead of kept.

use std::sync::Mutex;

use crate::rs::{RsDecoder, RsEncoder};

/// Items of each kind kept between calls.
const MAX_POOLED: usize = 8;
/// Larger scratch buffers are not kept.
const MAX_POOLED_BYTES: usize = 64 << 20;

static ENCODERS: Mutex<Vec<RsEncoder>> = Mutex::new(Vec::new());
static DECODERS: Mutex<Vec<RsDecoder>> = Mutex::new(Vec::new());
static BUFFERS: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

fn take<T>(pool: &Mutex<Vec<T>>) -> Option<T> {
    pool.lock().ok().and_then(|mut items| items.pop())
}

fn give<T>(pool: &Mutex<Vec<T>>, item: T) {
    if let Ok(mut items) = pool.lock()
        && items.len() < MAX_POOLED
    {
        items.push(item);
    }
}

/// An encoder ready for `k` originals, `m` recovery shards and segments up to `max_len` bytes.
pub(crate) fn encoder(k: usize, m: usize, max_len: usize) -> RsEncoder {
    let mut encoder = take(&ENCODERS).unwrap_or_default();
    encoder.reset(k, m, max_len.max(2));
    encoder
}

/// Returns an encoder to the pool.
pub(crate) fn return_encoder(encoder: RsEncoder) {
    give(&ENCODERS, encoder);
}

/// A decoder ready for `k` originals, `m` recovery shards and segments up to `max_len` bytes.
pub(crate) fn decoder(k: usize, m: usize, max_len: usize) -> RsDecoder {
    let mut decoder = take(&DECODERS).unwrap_or_default();
    decoder.reset(k, m, max_len.max(2));
    decoder
}

/// Returns a decoder to the pool.
pub(crate) fn return_decoder(decoder: RsDecoder) {
    give(&DECODERS, decoder);
}

/// A zeroed scratch buffer of `len` bytes.
pub(crate) fn buffer(len: usize) -> Vec<u8> {
    let mut buffer = take(&BUFFERS).unwrap_or_default();
    buffer.clear();
    buffer.resize(len, 0);
    buffer
}

/// Returns a scratch buffer to the pool.
pub(crate) fn return_buffer(buffer: Vec<u8>) {
    if buffer.capacity() <= MAX_POOLED_BYTES {
        give(&BUFFERS, buffer);
    }
}
