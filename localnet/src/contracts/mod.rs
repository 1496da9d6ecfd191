//! The walrus and wal Move modules, re-implemented in Rust with the same arguments, results,
//! object changes, events (byte-identical BCS through the `walrus-chain` bindings), aborts
//! (module + error code, in the same order of checks) and accounting.

pub mod algo;
pub mod audit;
pub mod auditors;
pub mod blob;
pub mod dispatch;
pub mod errors;
pub mod framework;
pub mod governance;
pub mod params;
pub mod penalties;
pub mod staking;
pub mod storage;
pub mod system;
