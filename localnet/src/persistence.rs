//! The data directory: an append-only log of the ledger's changes.
//!
//! `ledger.log` starts with a header line (`walrus-localnet ledger log v1\n`), then holds
//! frames: `[length: u32 LE][checksum: first 8 bytes of blake2b-256(payload)][payload]`, the
//! payload being the BCS of a [`Record`]. The first record is the genesis record (chain ID,
//! genesis time, package and object IDs, the genesis configuration); every later record holds
//! the ledger changes since the previous one ([`walrus_chain::server::LedgerOp`]: object
//! writes and deletions, executed transactions, sealed checkpoints) and the clock. Each record
//! is written with one `write` and `fsync`ed before the next checkpoint is produced.
//!
//! On start, the records are replayed in order into an empty ledger, which rebuilds the same
//! objects (IDs, versions, digests), transactions and checkpoints. A torn last frame (a crash
//! in the middle of a write) fails its checksum: it and anything after it are cut off.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use prost::Message as _;
use serde::{Deserialize, Serialize};
use sui_rpc::proto::sui::rpc::v2 as proto;
use sui_sdk_types::{Address, Digest};
use walrus_chain::server::{LedgerOp, StoredObject};
use walrus_chain::types::Owner;

use crate::clock::ClockState;
use crate::genesis::GenesisObjects;
use crate::ids::Packages;

const HEADER: &[u8] = b"walrus-localnet ledger log v1\n";
/// File name of the log in the data directory.
pub const LOG_FILE: &str = "ledger.log";

/// The first record: what the chain is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenesisRecord {
    /// The chain identifier.
    pub chain_id: String,
    /// Timestamp of checkpoint 0.
    pub genesis_ms: u64,
    /// The `wal` package ID.
    pub wal: Address,
    /// The `walrus` package ID.
    pub walrus: Address,
    /// The objects genesis created.
    pub objects: GenesisObjects,
    /// The randomness seed.
    pub random_seed: [u8; 32],
    /// The genesis configuration, as TOML.
    pub config_toml: String,
}

impl GenesisRecord {
    /// The package IDs.
    pub fn packages(&self) -> Packages {
        Packages {
            wal: self.wal,
            walrus: self.walrus,
        }
    }
}

/// An owner, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum OwnerRepr {
    Address(Address),
    Object(Address),
    Shared(u64),
    Immutable,
    ConsensusAddress(u64, Address),
}

impl From<Owner> for OwnerRepr {
    fn from(o: Owner) -> Self {
        match o {
            Owner::Address(a) => Self::Address(a),
            Owner::Object(a) => Self::Object(a),
            Owner::Shared {
                initial_shared_version,
            } => Self::Shared(initial_shared_version),
            Owner::Immutable => Self::Immutable,
            Owner::ConsensusAddress {
                start_version,
                owner,
            } => Self::ConsensusAddress(start_version, owner),
        }
    }
}

impl From<OwnerRepr> for Owner {
    fn from(o: OwnerRepr) -> Self {
        match o {
            OwnerRepr::Address(a) => Owner::Address(a),
            OwnerRepr::Object(a) => Owner::Object(a),
            OwnerRepr::Shared(v) => Owner::Shared {
                initial_shared_version: v,
            },
            OwnerRepr::Immutable => Owner::Immutable,
            OwnerRepr::ConsensusAddress(v, a) => Owner::ConsensusAddress {
                start_version: v,
                owner: a,
            },
        }
    }
}

/// A ledger change, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Op {
    Put {
        id: Address,
        version: u64,
        owner: OwnerRepr,
        type_: String,
        contents: Vec<u8>,
        previous: Option<Digest>,
    },
    Delete {
        id: Address,
    },
    /// A prost-encoded `ExecutedTransaction`.
    Pending(Vec<u8>),
    Seal {
        timestamp_ms: u64,
        direct: Option<Vec<Vec<u8>>>,
    },
}

/// One record of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)]
enum Record {
    Genesis(GenesisRecord),
    Changes { ops: Vec<Op>, clock: ClockState },
}

fn to_op(op: LedgerOp) -> Op {
    match op {
        LedgerOp::Put {
            object,
            previous_transaction,
        } => Op::Put {
            id: object.id,
            version: object.version.unwrap_or(0),
            owner: object.owner.into(),
            type_: object.type_,
            contents: object.contents,
            previous: previous_transaction,
        },
        LedgerOp::Delete { id } => Op::Delete { id },
        LedgerOp::Pending(tx) => Op::Pending(tx.encode_to_vec()),
        LedgerOp::Seal {
            timestamp_ms,
            direct,
        } => Op::Seal {
            timestamp_ms,
            direct: direct.map(|txs| txs.iter().map(|t| t.encode_to_vec()).collect()),
        },
    }
}

fn from_op(op: Op) -> Result<LedgerOp, String> {
    Ok(match op {
        Op::Put {
            id,
            version,
            owner,
            type_,
            contents,
            previous,
        } => LedgerOp::Put {
            object: StoredObject {
                id,
                version: Some(version),
                owner: owner.into(),
                type_,
                contents,
            },
            previous_transaction: previous,
        },
        Op::Delete { id } => LedgerOp::Delete { id },
        Op::Pending(bytes) => LedgerOp::Pending(Box::new(
            proto::ExecutedTransaction::decode(bytes.as_slice())
                .map_err(|e| format!("stored transaction does not decode: {e}"))?,
        )),
        Op::Seal {
            timestamp_ms,
            direct,
        } => LedgerOp::Seal {
            timestamp_ms,
            direct: direct
                .map(|txs| {
                    txs.iter()
                        .map(|b| {
                            proto::ExecutedTransaction::decode(b.as_slice())
                                .map_err(|e| format!("stored transaction does not decode: {e}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .transpose()?,
        },
    })
}

/// What a data directory holds.
#[derive(Debug)]
pub struct Restored {
    /// The genesis record.
    pub genesis: GenesisRecord,
    /// Every change, in order.
    pub ops: Vec<LedgerOp>,
    /// The clock as last persisted.
    pub clock: Option<ClockState>,
    /// Records read.
    pub records: usize,
    /// Bytes cut off the end (a torn write).
    pub truncated_bytes: u64,
}

/// An open log, appending.
#[derive(Debug)]
pub struct Log {
    path: PathBuf,
    file: File,
}

fn checksum(payload: &[u8]) -> [u8; 8] {
    let h = crate::hash::blake2b256(payload);
    h[..8].try_into().expect("8 bytes")
}

impl Log {
    /// The log of a data directory.
    pub fn path_in(dir: &Path) -> PathBuf {
        dir.join(LOG_FILE)
    }

    /// Whether `dir` holds a log.
    pub fn exists(dir: &Path) -> bool {
        Self::path_in(dir).exists()
    }

    /// Creates a new log in `dir` (which must not hold one) with the genesis record.
    pub fn create(dir: &Path, genesis: &GenesisRecord) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let path = Self::path_in(dir);
        let tmp = dir.join(format!("{LOG_FILE}.new"));
        {
            let mut f = File::create(&tmp)?;
            f.write_all(HEADER)?;
            f.write_all(&frame(&Record::Genesis(genesis.clone())))?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        let file = OpenOptions::new().append(true).open(&path)?;
        Ok(Self { path, file })
    }

    /// Reads the log of `dir`, cutting off a torn end, and opens it for appending.
    pub fn open(dir: &Path) -> std::io::Result<(Self, Restored)> {
        let path = Self::path_in(dir);
        let mut bytes = Vec::new();
        File::open(&path)?.read_to_end(&mut bytes)?;
        let bad = |m: String| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: {m}", path.display()),
            )
        };
        if !bytes.starts_with(HEADER) {
            return Err(bad("not a walrus-localnet ledger log (bad header)".into()));
        }
        let mut pos = HEADER.len();
        let mut genesis = None;
        let mut ops = Vec::new();
        let mut clock = None;
        let mut records = 0;
        while pos < bytes.len() {
            let Some(head) = bytes.get(pos..pos + 12) else {
                break;
            };
            let len = u32::from_le_bytes(head[..4].try_into().expect("4 bytes")) as usize;
            let sum: [u8; 8] = head[4..12].try_into().expect("8 bytes");
            let Some(payload) = bytes.get(pos + 12..pos + 12 + len) else {
                break;
            };
            if checksum(payload) != sum {
                break;
            }
            let record: Record = match bcs::from_bytes(payload) {
                Ok(r) => r,
                Err(_) => break,
            };
            match record {
                Record::Genesis(g) => {
                    if genesis.is_some() {
                        return Err(bad("two genesis records".into()));
                    }
                    genesis = Some(g);
                }
                Record::Changes { ops: o, clock: c } => {
                    for op in o {
                        ops.push(from_op(op).map_err(bad)?);
                    }
                    clock = Some(c);
                }
            }
            records += 1;
            pos += 12 + len;
        }
        let genesis = genesis.ok_or_else(|| bad("no genesis record".into()))?;
        let truncated_bytes = (bytes.len() - pos) as u64;
        if truncated_bytes > 0 {
            let f = OpenOptions::new().write(true).open(&path)?;
            f.set_len(pos as u64)?;
            f.sync_all()?;
        }
        let file = OpenOptions::new().append(true).open(&path)?;
        Ok((
            Self { path, file },
            Restored {
                genesis,
                ops,
                clock,
                records,
                truncated_bytes,
            },
        ))
    }

    /// Appends the changes (and the clock) as one record and syncs it to disk.
    pub fn append(&mut self, ops: Vec<LedgerOp>, clock: ClockState) -> std::io::Result<()> {
        let record = Record::Changes {
            ops: ops.into_iter().map(to_op).collect(),
            clock,
        };
        self.file.write_all(&frame(&record))?;
        self.file.sync_data()
    }

    /// The log file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn frame(record: &Record) -> Vec<u8> {
    let payload = bcs::to_bytes(record).expect("records serialize");
    let mut out = Vec::with_capacity(payload.len() + 12);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&checksum(&payload));
    out.extend_from_slice(&payload);
    out
}
