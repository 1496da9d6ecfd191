//! The `walrus-localnet` binary: `--help`, `genesis-template`, a run with a data directory
//! driven through the CLI subcommands (faucet, clock, checkpoint, status) and a gRPC client,
//! a graceful shutdown on SIGINT, and a restart that resumes the chain.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use walrus_chain::{ClientConfig, SuiChain};

const BIN: &str = env!("CARGO_BIN_EXE_walrus-localnet");

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn cli(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

struct Running {
    child: Child,
    admin: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &Path, genesis: &Path) -> Running {
    let (rpc, admin) = (free_port(), free_port());
    let child = Command::new(BIN)
        .args([
            "--data-dir",
            dir.to_str().unwrap(),
            "--genesis",
            genesis.to_str().unwrap(),
            "--rpc-port",
            &rpc.to_string(),
            "--admin-port",
            &admin.to_string(),
            "--checkpoint-interval-ms",
            "20",
            "--log-level",
            "warn",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let admin = format!("http://127.0.0.1:{admin}");
    let started = Instant::now();
    loop {
        let (ok, _, _) = cli(&["status", "--admin", &admin]);
        if ok {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the binary did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Running { child, admin }
}

#[test]
fn help_explains_everything() {
    let (ok, out, _) = cli(&["--help"]);
    assert!(ok);
    for word in [
        "--data-dir",
        "--genesis",
        "--rpc-port",
        "--admin-port",
        "--checkpoint-interval-ms",
        "--clock",
        "faucet",
        "advance-clock",
        "genesis-template",
    ] {
        assert!(out.contains(word), "--help does not mention {word}:\n{out}");
    }
    let (ok, out, _) = cli(&["genesis-template"]);
    assert!(ok);
    assert!(out.contains("[system]") && out.contains("[[nodes]]"));
    let (ok, _, err) = cli(&[
        "faucet",
        "--address",
        "0x1",
        "--admin",
        "http://127.0.0.1:1",
    ]);
    assert!(!ok);
    assert!(err.contains("cannot connect"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_runs_persists_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("chain");
    let genesis = dir.path().join("genesis.toml");
    std::fs::write(
        &genesis,
        "[system]\nn_shards = 10\nepoch_duration_ms = 60000\nmax_epochs_ahead = 10\n\
         max_committee_size = 10\ninitial_capacity = 1000000000\nstorage_price = 1\nwrite_price = 1\n",
    )
    .unwrap();
    let user = walrus_chain::SuiKeyPair::from_bytes([3; 32]).address();

    let running = start(&data, &genesis);
    let (ok, out, err) = cli(&[
        "faucet",
        "--admin",
        &running.admin,
        "--address",
        &user.to_string(),
        "--sui",
        "1000000000",
        "--wal",
        "5000",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("wal_coin"), "{out}");
    let (ok, out, err) = cli(&["advance-clock", "--admin", &running.admin, "--ms", "60000"]);
    assert!(ok, "{err}");
    assert!(out.contains("now_ms"));
    let (ok, out, _) = cli(&["checkpoint", "--admin", &running.admin]);
    assert!(ok);
    assert!(out.contains("checkpoint"));
    let config = ClientConfig::load(data.join("client.toml")).unwrap();
    let chain = SuiChain::new(&config).unwrap();
    assert_eq!(chain.wal_balance(user).await.unwrap(), 5000);
    let checkpoint = chain.latest_checkpoint().await.unwrap();
    assert!(checkpoint >= 3);

    // SIGINT: a graceful shutdown.
    let pid = running.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let mut running = running;
    let started = Instant::now();
    while running.child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no shutdown on SIGINT"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // Restart: same chain.
    let running = start(&data, &genesis);
    let config = ClientConfig::load(data.join("client.toml")).unwrap();
    let chain = SuiChain::new(&config).unwrap();
    assert_eq!(chain.wal_balance(user).await.unwrap(), 5000);
    assert!(chain.latest_checkpoint().await.unwrap() >= checkpoint);
    let (ok, out, _) = cli(&["status", "--admin", &running.admin]);
    assert!(ok);
    assert!(out.contains("\"walrus_epoch\":0"), "{out}");
}
