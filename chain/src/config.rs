//! The client configuration file (TOML).
//!
//! ```toml
//! # RPC endpoints in failover order (gRPC, sui-rpc v2).
//! endpoints = ["http://127.0.0.1:9000", "https://fullnode.testnet.sui.io"]
//!
//! [packages]
//! # Original package IDs: the IDs types keep across upgrades (events and objects match on these).
//! wal = "0x1a2b..."
//! walrus = "0x3c4d..."
//! # Optional: the current published-at IDs, for calls, when the packages were upgraded.
//! # walrus_published_at = "0x5e6f..."
//!
//! [objects]
//! system = "0x7a8b..."       # the shared walrus System object
//! wal_treasury = "0x9c0d..." # the shared wal::wal::Treasury object
//!
//! [keystore]                 # optional
//! path = "~/.sui/sui_config/sui.keystore"
//! active_address = "0x..."
//!
//! [rpc]                      # optional; these are the defaults
//! request_timeout_ms = 10000
//! checkpoint_wait_timeout_ms = 60000
//! stream_idle_timeout_ms = 30000
//!
//! [rpc.retry]
//! attempts_per_endpoint = 3
//! initial_backoff_ms = 100
//! max_backoff_ms = 5000
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sui_sdk_types::Address;

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not have the expected shape (toml names the line, the
    /// key and what was expected).
    #[error("config file {path} is invalid: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line, column and the offending text.
        message: String,
    },
    /// A field has a value that parses but cannot be used.
    #[error("config file {path}: field `{field}` {reason}")]
    Invalid {
        /// The file (empty for a config built in code).
        path: PathBuf,
        /// The field, as a dotted TOML path.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The file could not be written.
    #[error("cannot write config file {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// The walrus package IDs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageConfig {
    /// Original ID of the `wal` package (where `wal::wal::WAL` is defined).
    pub wal: Address,
    /// Original ID of the `walrus` package.
    pub walrus: Address,
    /// Current published-at ID of `wal` for calls, when upgraded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wal_published_at: Option<Address>,
    /// Current published-at ID of `walrus` for calls, when upgraded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walrus_published_at: Option<Address>,
}

impl PackageConfig {
    /// The package to call `wal` functions in.
    pub fn wal_call_target(&self) -> Address {
        self.wal_published_at.unwrap_or(self.wal)
    }

    /// The package to call `walrus` functions in.
    pub fn walrus_call_target(&self) -> Address {
        self.walrus_published_at.unwrap_or(self.walrus)
    }

    /// The original IDs, for matching types.
    pub fn ids(&self) -> crate::events::PackageIds {
        crate::events::PackageIds {
            wal: self.wal,
            walrus: self.walrus,
        }
    }
}

/// Well-known shared objects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectsConfig {
    /// The shared walrus `System` object.
    pub system: Address,
    /// The shared `wal::wal::Treasury` object.
    pub wal_treasury: Address,
}

/// Where the signing keys are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeystoreConfig {
    /// A Sui-CLI-format `sui.keystore` file. `~/` is expanded; a relative path is relative to
    /// the config file.
    pub path: PathBuf,
    /// The address that signs by default; must be one of the keystore's keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_address: Option<Address>,
}

/// Retry policy for transient errors.
///
/// Each endpoint is tried `attempts_per_endpoint` times with exponential backoff (doubling from
/// `initial_backoff_ms`, capped at `max_backoff_ms`, with +-50% jitter) before failing over to
/// the next endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetryPolicy {
    /// Attempts on one endpoint before failing over (at least 1).
    pub attempts_per_endpoint: u32,
    /// First backoff.
    pub initial_backoff_ms: u64,
    /// Backoff cap.
    pub max_backoff_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts_per_endpoint: 3,
            initial_backoff_ms: 100,
            max_backoff_ms: 5_000,
        }
    }
}

impl RetryPolicy {
    /// The backoff before retry number `retry` (0-based), with jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let base = self
            .initial_backoff_ms
            .saturating_mul(1u64 << retry.min(20))
            .min(self.max_backoff_ms);
        let jitter = rand::random::<f64>() + 0.5; // [0.5, 1.5)
        Duration::from_millis(((base as f64) * jitter) as u64)
    }
}

/// RPC behaviour: timeouts and retries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RpcConfig {
    /// Timeout of every single call (each attempt), in milliseconds.
    pub request_timeout_ms: u64,
    /// How long `execute` waits for the transaction to reach a checkpoint.
    pub checkpoint_wait_timeout_ms: u64,
    /// A checkpoint subscription that delivers nothing for this long is reconnected.
    pub stream_idle_timeout_ms: u64,
    /// Retry policy.
    pub retry: RetryPolicy,
}

impl Default for RpcConfig {
    fn default() -> Self {
        Self {
            request_timeout_ms: 10_000,
            checkpoint_wait_timeout_ms: 60_000,
            stream_idle_timeout_ms: 30_000,
            retry: RetryPolicy::default(),
        }
    }
}

impl RpcConfig {
    /// [`RpcConfig::request_timeout_ms`] as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }

    /// [`RpcConfig::checkpoint_wait_timeout_ms`] as a duration.
    pub fn checkpoint_wait_timeout(&self) -> Duration {
        Duration::from_millis(self.checkpoint_wait_timeout_ms)
    }

    /// [`RpcConfig::stream_idle_timeout_ms`] as a duration.
    pub fn stream_idle_timeout(&self) -> Duration {
        Duration::from_millis(self.stream_idle_timeout_ms)
    }
}

/// The client configuration: endpoints, package and object IDs, keys, RPC policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// gRPC endpoints (`http://host:port` or `https://...`), in failover order.
    pub endpoints: Vec<String>,
    /// Package IDs.
    pub packages: PackageConfig,
    /// Shared object IDs.
    pub objects: ObjectsConfig,
    /// The keystore, for commands that sign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keystore: Option<KeystoreConfig>,
    /// Timeouts and retries.
    #[serde(default)]
    pub rpc: RpcConfig,
}

impl ClientConfig {
    /// A configuration with default RPC settings and no keystore.
    pub fn new(endpoints: Vec<String>, packages: PackageConfig, objects: ObjectsConfig) -> Self {
        Self {
            endpoints,
            packages,
            objects,
            keystore: None,
            rpc: RpcConfig::default(),
        }
    }

    /// Reads and validates a config file. A relative keystore path is resolved against the
    /// file's directory and `~/` against `$HOME`.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Self::from_toml_str(&text).map_err(|e| e.with_path(path))?;
        if let Some(ks) = &mut config.keystore {
            ks.path = resolve_path(&ks.path, path.parent());
        }
        Ok(config)
    }

    /// Parses and validates TOML text (errors carry an empty path).
    pub fn from_toml_str(text: &str) -> Result<Self, ConfigError> {
        let config: Self = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: PathBuf::new(),
            message: e.to_string().trim_end().to_string(),
        })?;
        config.validate()?;
        Ok(config)
    }

    /// The TOML text of this configuration.
    pub fn to_toml_string(&self) -> String {
        toml::to_string_pretty(self).expect("a ClientConfig always serializes to TOML")
    }

    /// Validates and writes the file (atomically: a temporary file renamed over it).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), ConfigError> {
        let path = path.as_ref();
        self.validate().map_err(|e| e.with_path(path))?;
        crate::keystore::write_atomically(path, self.to_toml_string().as_bytes(), false).map_err(
            |source| ConfigError::Write {
                path: path.to_path_buf(),
                source,
            },
        )
    }

    /// Checks the values serde cannot: at least one endpoint, each a `http(s)://` URI, positive
    /// timeouts, at least one attempt.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |field: String, reason: String| ConfigError::Invalid {
            path: PathBuf::new(),
            field,
            reason,
        };
        if self.endpoints.is_empty() {
            return Err(invalid(
                "endpoints".into(),
                "must list at least one gRPC endpoint".into(),
            ));
        }
        for (i, e) in self.endpoints.iter().enumerate() {
            let ok = e
                .parse::<tonic::codegen::http::Uri>()
                .ok()
                .filter(|u| {
                    matches!(u.scheme_str(), Some("http") | Some("https")) && u.host().is_some()
                })
                .is_some();
            if !ok {
                return Err(invalid(
                    format!("endpoints[{i}]"),
                    format!("is not an http:// or https:// URL: {e:?}"),
                ));
            }
        }
        for (field, value) in [
            ("rpc.request_timeout_ms", self.rpc.request_timeout_ms),
            (
                "rpc.checkpoint_wait_timeout_ms",
                self.rpc.checkpoint_wait_timeout_ms,
            ),
            (
                "rpc.stream_idle_timeout_ms",
                self.rpc.stream_idle_timeout_ms,
            ),
        ] {
            if value == 0 {
                return Err(invalid(field.into(), "must be greater than 0".into()));
            }
        }
        if self.rpc.retry.attempts_per_endpoint == 0 {
            return Err(invalid(
                "rpc.retry.attempts_per_endpoint".into(),
                "must be at least 1".into(),
            ));
        }
        if self.rpc.retry.max_backoff_ms < self.rpc.retry.initial_backoff_ms {
            return Err(invalid(
                "rpc.retry.max_backoff_ms".into(),
                "must not be smaller than rpc.retry.initial_backoff_ms".into(),
            ));
        }
        Ok(())
    }
}

impl ConfigError {
    fn with_path(self, file: &Path) -> Self {
        match self {
            ConfigError::Parse { message, .. } => ConfigError::Parse {
                path: file.to_path_buf(),
                message,
            },
            ConfigError::Invalid { field, reason, .. } => ConfigError::Invalid {
                path: file.to_path_buf(),
                field,
                reason,
            },
            other => other,
        }
    }
}

/// Expands `~/` and makes a relative path relative to `base`.
pub fn resolve_path(path: &Path, base: Option<&Path>) -> PathBuf {
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    match base {
        Some(base) if path.is_relative() => base.join(path),
        _ => path.to_path_buf(),
    }
}
