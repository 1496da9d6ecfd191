//! `walrus-node`: the storage node of the Walrus-on-Sui blob store.
//!
//! * [`config`]: the configuration file and the protocol key file.
//! * [`storage`]: durable storage (redb): metadata, slivers, the node's view of blobs, cursor.
//! * [`node`]: [`StorageNode`], the checks on every write, reads, confirmations, recovery
//!   symbols, challenge answers, garbage collection.
//! * [`error`]: [`NodeError`] with stable codes.
//! * [`metrics`]: Prometheus metrics.
//!
//! See `docs/node.md`.

pub mod api;
pub mod config;
pub mod error;
pub mod follower;
pub mod metrics;
pub mod node;
pub mod run;
pub mod storage;

pub use error::NodeError;
pub use node::StorageNode;
