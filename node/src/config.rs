//! The node's configuration file (TOML) and its protocol key file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use walrus_core::ProtocolKeyPair;

/// Configuration errors.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The file does not parse.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

fn default_max_body() -> u64 {
    // The largest sliver (k_s * 65534 at n = 1000, ~44 MB) plus framing headroom.
    80 * 1024 * 1024
}

fn default_grace_ms() -> u64 {
    60_000
}

/// `walrus-node` configuration.
///
/// ```toml
/// name = "node-0"
/// data_dir = "/var/lib/walrus-node"        # relative paths are relative to this file
/// listen_address = "127.0.0.1:9100"
/// network_address = "127.0.0.1:9100"       # what is registered on chain (peers dial it)
/// protocol_key = "protocol.key"            # hex ed25519 seed, 0600
/// chain_config = "client.toml"             # walrus-chain client config: endpoints, package
///                                          # IDs, System ID, keystore (operator address)
/// # start_checkpoint = 0                    # where a fresh node starts following
/// # max_body_bytes = 83886080
/// # shard_grace_period_ms = 60000
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeConfig {
    /// Node name (registered on chain).
    pub name: String,
    /// Where the database lives.
    pub data_dir: PathBuf,
    /// HTTP listen address.
    pub listen_address: SocketAddr,
    /// Network address registered on chain.
    pub network_address: String,
    /// Path of the protocol key file.
    pub protocol_key: PathBuf,
    /// Path of the `walrus-chain` client config.
    pub chain_config: PathBuf,
    /// First checkpoint a fresh node processes.
    #[serde(default)]
    pub start_checkpoint: u64,
    /// Upper bound of any request body.
    #[serde(default = "default_max_body")]
    pub max_body_bytes: u64,
    /// How long a lost shard is still served after an epoch change.
    #[serde(default = "default_grace_ms")]
    pub shard_grace_period_ms: u64,
}

impl NodeConfig {
    /// Loads a config file; relative paths become relative to its directory.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_owned(),
            source,
        })?;
        let mut config: Self = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        for p in [
            &mut config.data_dir,
            &mut config.protocol_key,
            &mut config.chain_config,
        ] {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        Ok(config)
    }

    /// Writes the config file.
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let text = toml::to_string_pretty(self).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        std::fs::write(path, text).map_err(|source| ConfigError::Io {
            path: path.to_owned(),
            source,
        })
    }
}

/// Reads a protocol key file (64 hex digits of the ed25519 seed).
pub fn load_protocol_key(path: &Path) -> Result<ProtocolKeyPair, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut seed = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut seed).map_err(|e| ConfigError::Parse {
        path: path.to_owned(),
        message: format!("expected 64 hex digits of an ed25519 seed: {e}"),
    })?;
    Ok(ProtocolKeyPair::from_seed(seed))
}

/// Writes a protocol key file with permissions 0600; refuses to overwrite.
pub fn save_protocol_key(path: &Path, key: &ProtocolKeyPair) -> Result<(), ConfigError> {
    use std::io::Write;
    let io = |source| ConfigError::Io {
        path: path.to_owned(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(io)?;
    file.write_all(hex::encode(key.seed()).as_bytes())
        .map_err(io)?;
    file.sync_all().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_roundtrip_and_config_paths() {
        let dir = tempfile::tempdir().unwrap();
        let key = ProtocolKeyPair::from_seed([7; 32]);
        let kp = dir.path().join("protocol.key");
        save_protocol_key(&kp, &key).unwrap();
        assert!(save_protocol_key(&kp, &key).is_err(), "never overwrites");
        assert_eq!(load_protocol_key(&kp).unwrap().seed(), [7; 32]);
        let cfg = dir.path().join("node.toml");
        std::fs::write(
            &cfg,
            "name = \"n\"\ndata_dir = \"db\"\nlisten_address = \"127.0.0.1:1\"\nnetwork_address = \"127.0.0.1:1\"\nprotocol_key = \"protocol.key\"\nchain_config = \"client.toml\"\n",
        )
        .unwrap();
        let c = NodeConfig::load(&cfg).unwrap();
        assert_eq!(c.data_dir, dir.path().join("db"));
        assert_eq!(c.max_body_bytes, default_max_body());
        std::fs::write(&cfg, "nme = 1").unwrap();
        assert!(NodeConfig::load(&cfg).is_err());
    }
}
