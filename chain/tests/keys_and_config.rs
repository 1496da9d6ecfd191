//! The keystore file (Sui CLI format) and the client config file.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use walrus_chain::config::{ClientConfig, ConfigError, KeystoreConfig};
use walrus_chain::keystore::{Keystore, KeystoreEntry, KeystoreError, SuiKeyPair};

/// A keystore as the Sui CLI writes it: an ed25519 key and a secp256k1 key.
const SUI_CLI_KEYSTORE: &str = r#"[
  "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g",
  "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB"
]"#;

#[test]
fn reads_a_sui_cli_keystore_and_keeps_unsupported_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sui.keystore");
    std::fs::write(&path, SUI_CLI_KEYSTORE).unwrap();

    let ks = Keystore::load(&path).unwrap();
    assert_eq!(ks.entries().len(), 2);
    let keys: Vec<_> = ks.keys().collect();
    assert_eq!(keys.len(), 1);
    // Entry 0 is flag 0 || 0x01..=0x20.
    let mut expected = [0u8; 32];
    for (i, b) in expected.iter_mut().enumerate() {
        *b = i as u8 + 1;
    }
    assert_eq!(keys[0].private_key_bytes(), expected);
    assert_eq!(
        keys[0].address().to_string(),
        "0x7573c697fa68450f04fa0dee2d39dcdc8a5ccf5db547f3e47638a6f8eeeec110"
    );
    assert!(ks.get(&keys[0].address()).is_ok());
    let unsupported = ks.unsupported();
    assert_eq!(unsupported.len(), 1);
    assert!(matches!(
        unsupported[0],
        KeystoreError::UnsupportedScheme {
            index: 1,
            flag: 1,
            scheme: "secp256k1"
        }
    ));
    assert!(unsupported[0].to_string().contains("secp256k1"));
    assert!(matches!(
        ks.entries()[1],
        KeystoreEntry::Unsupported { flag: 1, .. }
    ));

    // Saving keeps every entry, byte for byte, in order.
    let out = dir.path().join("copy.keystore");
    ks.save(&out).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let a: Vec<String> = serde_json::from_str(&text).unwrap();
    let b: Vec<String> = serde_json::from_str(SUI_CLI_KEYSTORE).unwrap();
    assert_eq!(a, b);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "keys are private to their owner");
    }
}

#[test]
fn generated_keys_round_trip_through_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("sui.keystore");
    let mut ks = Keystore::load_or_default(&path).unwrap();
    assert!(ks.entries().is_empty());
    let a = ks.generate();
    let b = ks.generate();
    assert_ne!(a.address(), b.address());
    assert_eq!(ks.add(a.clone()), a.address(), "adding twice is a no-op");
    assert_eq!(ks.entries().len(), 2);
    ks.save(&path).unwrap();

    let loaded = Keystore::load(&path).unwrap();
    assert_eq!(loaded.addresses(), vec![a.address(), b.address()]);
    assert_eq!(loaded.get(&b.address()).unwrap(), &b);
    // Each entry is base64 of 0x00 || 32 key bytes.
    let raw: Vec<String> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for entry in raw {
        let bytes = BASE64.decode(entry).unwrap();
        assert_eq!(bytes.len(), 33);
        assert_eq!(bytes[0], 0);
    }
    let missing = SuiKeyPair::from_bytes([3; 32]).address();
    let err = loaded.get(&missing).unwrap_err();
    assert!(err.to_string().contains(&missing.to_string()), "{err}");
    assert!(err.to_string().contains("sui.keystore"), "{err}");
}

#[test]
fn keystore_errors_name_the_file_and_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.keystore");

    let err = Keystore::load(&path).unwrap_err();
    assert!(matches!(err, KeystoreError::Read { .. }), "{err}");
    assert!(err.to_string().contains("bad.keystore"), "{err}");

    std::fs::write(&path, "{not json").unwrap();
    let err = Keystore::load(&path).unwrap_err();
    assert!(matches!(err, KeystoreError::Format { .. }), "{err}");

    std::fs::write(
        &path,
        r#"["AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g", "AAEC"]"#,
    )
    .unwrap();
    let err = Keystore::load(&path).unwrap_err();
    assert!(
        matches!(&err, KeystoreError::Entry { index: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("entry 1"), "{err}");
    assert!(err.to_string().contains("bad.keystore"), "{err}");
}

const CONFIG: &str = r#"
endpoints = ["http://127.0.0.1:9000", "https://fullnode.testnet.sui.io:443"]

[packages]
wal = "0xa11"
walrus = "0x00000000000000000000000000000000000000000000000000000000000000b2"
walrus_published_at = "0xb3"

[objects]
system = "0x555"
wal_treasury = "0x7ea"

[keystore]
path = "keys/sui.keystore"
active_address = "0x7573c697fa68450f04fa0dee2d39dcdc8a5ccf5db547f3e47638a6f8eeeec110"

[rpc]
request_timeout_ms = 2500

[rpc.retry]
attempts_per_endpoint = 5
"#;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn config_loads_with_defaults_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "client.toml", CONFIG);
    let c = ClientConfig::load(&path).unwrap();
    assert_eq!(c.endpoints.len(), 2);
    assert_eq!(c.packages.wal.to_string(), format!("0x{:0>64}", "a11"));
    assert_eq!(c.packages.wal_call_target(), c.packages.wal);
    assert_eq!(
        c.packages.walrus_call_target().to_string(),
        format!("0x{:0>64}", "b3")
    );
    assert_eq!(
        c.keystore.as_ref().unwrap().path,
        dir.path().join("keys/sui.keystore"),
        "relative to the config file"
    );
    assert_eq!(c.rpc.request_timeout_ms, 2500);
    assert_eq!(c.rpc.checkpoint_wait_timeout_ms, 60_000, "default");
    assert_eq!(c.rpc.retry.attempts_per_endpoint, 5);
    assert_eq!(c.rpc.retry.initial_backoff_ms, 100, "default");

    let out = dir.path().join("saved.toml");
    c.save(&out).unwrap();
    let again = ClientConfig::load(&out).unwrap();
    assert_eq!(again.packages, c.packages);
    assert_eq!(again.rpc, c.rpc);
    assert_eq!(again.endpoints, c.endpoints);
}

#[test]
fn home_relative_keystore_paths() {
    let text = CONFIG.replace("keys/sui.keystore", "~/.sui/sui_config/sui.keystore");
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "client.toml", &text);
    let c = ClientConfig::load(&path).unwrap();
    let ks: &KeystoreConfig = c.keystore.as_ref().unwrap();
    if let Some(home) = std::env::var_os("HOME") {
        assert_eq!(
            ks.path,
            Path::new(&home).join(".sui/sui_config/sui.keystore")
        );
    }
}

#[test]
fn config_errors_name_the_file_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let check = |name: &str, text: &str, needles: &[&str]| {
        let path = write(dir.path(), name, text);
        let err = ClientConfig::load(&path).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(name), "{name}: {msg}");
        for n in needles {
            assert!(msg.contains(n), "{name}: expected {n:?} in {msg}");
        }
        err
    };

    let err = ClientConfig::load(dir.path().join("absent.toml")).unwrap_err();
    assert!(matches!(err, ConfigError::Read { .. }), "{err}");
    assert!(err.to_string().contains("absent.toml"), "{err}");

    check("syntax.toml", "endpoints = [", &["line 1"]);
    check(
        "missing.toml",
        &CONFIG.replace("wal_treasury = \"0x7ea\"", ""),
        &["wal_treasury"],
    );
    check(
        "badaddr.toml",
        &CONFIG.replace("wal = \"0xa11\"", "wal = \"0xnothex\""),
        &["wal = \"0xnothex\""],
    );
    check(
        "unknown.toml",
        &CONFIG.replace("[objects]", "[objects]\nsytem = \"0x1\""),
        &["sytem"],
    );
    let err = check(
        "noendpoint.toml",
        &CONFIG.replace(
            "endpoints = [\"http://127.0.0.1:9000\", \"https://fullnode.testnet.sui.io:443\"]",
            "endpoints = []",
        ),
        &["`endpoints`"],
    );
    assert!(matches!(err, ConfigError::Invalid { .. }));
    check(
        "badurl.toml",
        &CONFIG.replace("http://127.0.0.1:9000", "127.0.0.1:9000"),
        &["`endpoints[0]`", "http://"],
    );
    check(
        "zero.toml",
        &CONFIG.replace("request_timeout_ms = 2500", "request_timeout_ms = 0"),
        &["`rpc.request_timeout_ms`"],
    );
    check(
        "attempts.toml",
        &CONFIG.replace("attempts_per_endpoint = 5", "attempts_per_endpoint = 0"),
        &["`rpc.retry.attempts_per_endpoint`"],
    );
}

#[test]
fn a_client_outside_a_runtime_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "client.toml", CONFIG);
    let config = ClientConfig::load(&path).unwrap();
    let err = walrus_chain::SuiChain::new(&config).unwrap_err();
    assert!(err.to_string().contains("Tokio runtime"), "{err}");
}
