//! `walrus-localnet`: an embedded local Sui chain for development, demos and end-to-end tests.
//!
//! It serves, on 127.0.0.1, the part of the Sui gRPC v2 API that the project's clients use
//! (through `walrus-chain`'s server), and executes signed programmable transactions that call
//! the `wal` and `walrus` entry functions (re-implemented in Rust with the Move code's
//! semantics: [`contracts`]) and the framework operations clients need ([`exec`]).
//!
//! * [`genesis`]: the genesis configuration (TOML) and the genesis state.
//! * [`node`]: a running local chain: gRPC services, checkpoints at an interval, the clock,
//!   persistence, the faucet and the admin API.
//! * [`persistence`]: the data directory's append-only checkpoint log.
//! * [`admin`]: the HTTP/JSON admin API (clock, checkpoints, faucet, status).
//!
//! See `docs/localnet.md`.

pub mod admin;
pub mod clock;
pub mod conformance;
pub mod contracts;
pub mod exec;
pub mod genesis;
pub mod hash;
pub mod ids;
pub mod node;
pub mod persistence;
