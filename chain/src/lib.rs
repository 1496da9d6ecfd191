//! `walrus-chain`: the only crate of the project that knows Sui.
//!
//! Every other component reads and writes the chain through it, against the embedded localnet
//! and against a real Sui full node alike; only the endpoint differs.
//!
//! * [`config`]: the client configuration file (endpoints, package and object IDs, keystore,
//!   timeouts and retries).
//! * [`keystore`]: keys in the Sui CLI's `sui.keystore` format; signing.
//! * [`client`]: [`SuiChain`], the gRPC client (sui-rpc v2) with timeouts, retries with
//!   backoff, and failover between endpoints; objects, balances, checkpoints, simulation and
//!   execution that waits for the checkpoint.
//! * [`stream`]: a resumable, gap-free checkpoint stream (backfill, then follow).
//! * [`bindings`]: Rust bindings of every Move struct and event of the system (declared with
//!   [`move_struct!`]) and mirrors of the framework types they contain.
//! * [`events`]: the binding machinery ([`MoveStruct`]) and the event decoder.
//! * [`reads`]: typed reads on [`SuiChain`]: the `System`, table entries (staking pools,
//!   penalty records, audit reports) by derived dynamic-field IDs, blobs, proposals, rounds.
//! * [`tx`]: transaction builders for every entry function of the walrus and wal packages.
//! * [`abort`]: Move abort codes to error constant names and messages, generated from the Move
//!   sources at build time.
//! * [`move_bytecode`]: a reader of compiled Move modules, the ground truth of the layout
//!   check ([`layout`]) that keeps the bindings in line with the Move code.
//! * `server` (feature `server`): an in-memory implementation of the Sui gRPC services, the
//!   test double of this crate's tests and the base of the localnet.
//!
//! See `docs/chain.md` for the configuration format, the retry policy and the stream
//! semantics.

mod abort_parse;

pub mod abort;
pub mod bindings;
pub mod client;
pub mod config;
pub mod error;
pub mod events;
pub mod keystore;
pub mod layout;
pub mod move_bytecode;
pub mod reads;
pub mod stream;
pub mod tx;
pub mod types;

#[cfg(feature = "server")]
pub mod server;

pub use abort::AbortCatalog;
pub use client::SuiChain;
pub use config::ClientConfig;
pub use error::{ChainError, MoveAbort};
pub use events::{EventDecoder, MoveEvent, MoveStruct, PackageIds, SystemEvent};
pub use keystore::{Keystore, SuiKeyPair};
pub use stream::{CheckpointStream, StreamOptions, StreamStart};
pub use types::{CheckpointData, ExecutedTransaction, ObjectData};

/// Re-exports of the Sui SDK crates this crate's API uses, so that users need not pin them.
pub mod sdk {
    pub use sui_crypto;
    pub use sui_rpc;
    pub use sui_sdk_types;
    pub use sui_transaction_builder;
}
