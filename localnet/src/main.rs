//! `walrus-localnet`: a local Sui chain with the wal and walrus packages, for development,
//! demos and end-to-end tests. See `walrus-localnet --help` and docs/localnet.md.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use walrus_localnet::clock::ClockMode;
use walrus_localnet::genesis::GenesisConfig;
use walrus_localnet::node::{Localnet, LocalnetOptions};

const ABOUT: &str = "A local Sui chain for the Walrus-on-Sui blob store.

It serves, on 127.0.0.1, the part of the Sui gRPC v2 API that the project's clients use
(ledger, checkpoint subscription, transaction execution and simulation, balances and owned
objects), and executes signed programmable transactions that call the wal and walrus entry
functions with the same semantics as the Move code. The packages exist from genesis at fixed
IDs; `run` writes a client configuration (walrus-chain format) that points at this chain.

Checkpoints are produced at an interval; the clock can be advanced through the admin API (to
reach epoch ends and audit deadlines without waiting); a faucet hands out SUI and WAL. With
--data-dir, the chain survives restarts (a fresh directory gives a fresh chain).";

#[derive(Parser, Debug)]
#[command(name = "walrus-localnet", version, about = ABOUT, long_about = ABOUT)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Runs the chain (the default when no subcommand is given).
    Run(RunArgs),
    /// Prints an example genesis configuration (TOML) with every field explained.
    GenesisTemplate,
    /// Advances a running chain's clock (through its admin API).
    AdvanceClock {
        /// Milliseconds to advance.
        #[arg(long)]
        ms: u64,
        /// Admin API of the running chain.
        #[arg(long, default_value = "http://127.0.0.1:9001")]
        admin: String,
    },
    /// Seals a checkpoint now on a running chain.
    Checkpoint {
        /// Admin API of the running chain.
        #[arg(long, default_value = "http://127.0.0.1:9001")]
        admin: String,
    },
    /// Gives SUI and/or WAL to an address on a running chain.
    Faucet {
        /// Recipient (0x...).
        #[arg(long)]
        address: String,
        /// SUI to give, in MIST (1 SUI = 10^9 MIST).
        #[arg(long, default_value_t = 0)]
        sui: u64,
        /// WAL to give, in FROST (1 WAL = 10^9 FROST).
        #[arg(long, default_value_t = 0)]
        wal: u64,
        /// Admin API of the running chain.
        #[arg(long, default_value = "http://127.0.0.1:9001")]
        admin: String,
    },
    /// Prints a running chain's status (JSON).
    Status {
        /// Admin API of the running chain.
        #[arg(long, default_value = "http://127.0.0.1:9001")]
        admin: String,
    },
}

#[derive(clap::Args, Debug, Clone)]
struct RunArgs {
    /// Directory where the chain persists (created if missing). Without it, the chain lives in
    /// memory only. A directory that already holds a chain resumes it (its genesis wins over
    /// --genesis).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Genesis configuration (TOML; see `walrus-localnet genesis-template`). Default: 10 shards,
    /// 60 s epochs, no nodes.
    #[arg(long)]
    genesis: Option<PathBuf>,
    /// Port of the gRPC API on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 9000)]
    rpc_port: u16,
    /// Port of the admin API (clock, checkpoints, faucet) on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 9001)]
    admin_port: u16,
    /// Milliseconds between checkpoints (pending transactions are sealed at this interval).
    #[arg(long, default_value_t = 100)]
    checkpoint_interval_ms: u64,
    /// `wall`: the clock follows the system clock (plus any advances); `manual`: it stands
    /// still except when advanced through the admin API.
    #[arg(long, value_enum, default_value_t = ClockArg::Wall)]
    clock: ClockArg,
    /// Where to write the client configuration for this chain (default:
    /// <data-dir>/client.toml when a data directory is given).
    #[arg(long)]
    client_config: Option<PathBuf>,
    /// Log level: error, warn, info, debug or trace.
    #[arg(long, default_value = "info")]
    log_level: tracing::Level,
}

#[derive(ValueEnum, Debug, Clone, Copy)]
enum ClockArg {
    Wall,
    Manual,
}

const TEMPLATE: &str = r#"# walrus-localnet genesis configuration.
# All amounts: SUI in MIST and WAL in FROST (1 SUI = 1 WAL = 10^9).

chain_id = "walrus-localnet"   # what GetServiceInfo reports
random_seed = 0                 # seed of the on-chain randomness (audit round seeds)

# The arguments of walrus::system::create_system.
[system]
n_shards = 10                   # 4..=1000, fixed for the life of the chain
epoch_duration_ms = 60000       # minimum epoch duration, 1000..=31536000000
max_epochs_ahead = 52           # storage can be bought up to this many epochs ahead
max_committee_size = 100
min_committee_stake = 0         # FROST a node needs to be selected
initial_capacity = 1099511627776  # encoded bytes for sale until the first committee votes
storage_price = 1000            # FROST per MiB per epoch until the first committee votes
write_price = 500               # FROST per MiB, paid once at registration
auditors = []                   # e.g. ["0xad00"]: each gets an AuditorCap

# Governed parameters set directly at genesis (afterwards only governance changes them).
[params]
# penalty_bps = 100
# round_duration_ms = 7500

# Storage nodes registered and staked at genesis. With at least one node, genesis also runs
# the first epoch change: the chain starts in epoch 1 with these nodes as the committee.
# [[nodes]]
# name = "node-0"
# network_address = "127.0.0.1:9100"
# protocol_key_seed = "<64 hex digits>"  # or public_key + proof_of_possession (hex)
# operator = "0x..."            # registers the node, receives the StorageNodeCap
# stake = 1000000000000         # FROST staked at genesis (from the WAL supply)
# staker = "0x..."              # receives the StakedWal (default: the operator)
# commission_bps = 1000
# storage_price_vote = 1000     # default: system.storage_price
# write_price_vote = 500        # default: system.write_price
# capacity_vote = 1099511627776 # default: system.initial_capacity

# Initial balances.
# [[accounts]]
# address = "0x..."
# sui = 100000000000
# wal = 1000000000000

# What the faucet gives at most per request.
[faucet]
max_sui = 1000000000000
max_wal = 1000000000000000
"#;

async fn http(method: &str, url: &str, body: Option<String>) -> anyhow::Result<String> {
    let rest = url
        .strip_prefix("http://")
        .context("the admin URL must start with http://")?;
    let (host, path) = match rest.split_once('/') {
        Some((h, p)) => (h.to_string(), format!("/{p}")),
        None => (rest.to_string(), "/".to_string()),
    };
    let mut stream = tokio::net::TcpStream::connect(&host)
        .await
        .with_context(|| format!("cannot connect to the admin API at {url}"))?;
    let body = body.unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let text = String::from_utf8_lossy(&response).to_string();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .context("malformed HTTP answer")?;
    let ok = head.lines().next().is_some_and(|l| l.contains(" 200 "));
    if !ok {
        anyhow::bail!("{}: {body}", head.lines().next().unwrap_or_default());
    }
    Ok(body.to_string())
}

async fn run(args: RunArgs) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_max_level(args.log_level)
        .with_target(false)
        .init();
    let genesis = match &args.genesis {
        Some(path) => GenesisConfig::load(path)?,
        None => GenesisConfig::default(),
    };
    let localhost = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let options = LocalnetOptions {
        genesis,
        data_dir: args.data_dir.clone(),
        rpc_addr: SocketAddr::new(localhost, args.rpc_port),
        admin_addr: Some(SocketAddr::new(localhost, args.admin_port)),
        checkpoint_interval: Duration::from_millis(args.checkpoint_interval_ms.max(1)),
        clock: match args.clock {
            ClockArg::Wall => ClockMode::Wall,
            ClockArg::Manual => ClockMode::Manual,
        },
        genesis_ms: None,
    };
    let localnet = Localnet::start(options).await?;
    let config = localnet.client_config();
    let config_path = args
        .client_config
        .clone()
        .or_else(|| args.data_dir.as_ref().map(|d| d.join("client.toml")));
    if let Some(path) = &config_path {
        config
            .save(path)
            .with_context(|| format!("cannot write the client config {}", path.display()))?;
    }
    let chain = localnet.chain();
    tracing::info!(
        "walrus-localnet {} ({}): gRPC {}, admin {}",
        chain.store.chain_id(),
        if localnet.restored() {
            "restored"
        } else {
            "new chain"
        },
        localnet.rpc_url(),
        localnet.admin_url().unwrap_or_default()
    );
    tracing::info!(
        "packages: wal {} walrus {}; objects: system {} treasury {}; faucet {}",
        chain.packages.wal,
        chain.packages.walrus,
        chain.objects.system,
        chain.objects.treasury,
        chain.objects.faucet
    );
    match &config_path {
        Some(p) => tracing::info!("client config written to {}", p.display()),
        None => println!("{}", config.to_toml_string()),
    }
    tokio::signal::ctrl_c().await?;
    tracing::info!("shutting down");
    localnet.shutdown().await
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        None => run(cli.run).await,
        Some(Command::Run(args)) => run(args).await,
        Some(Command::GenesisTemplate) => {
            print!("{TEMPLATE}");
            Ok(())
        }
        Some(Command::AdvanceClock { ms, admin }) => {
            let body = http(
                "POST",
                &format!("{admin}/clock/advance"),
                Some(serde_json::json!({ "ms": ms }).to_string()),
            )
            .await?;
            println!("{body}");
            Ok(())
        }
        Some(Command::Checkpoint { admin }) => {
            println!(
                "{}",
                http("POST", &format!("{admin}/checkpoint"), None).await?
            );
            Ok(())
        }
        Some(Command::Faucet {
            address,
            sui,
            wal,
            admin,
        }) => {
            let body = serde_json::json!({ "address": address, "sui": sui, "wal": wal });
            println!(
                "{}",
                http("POST", &format!("{admin}/faucet"), Some(body.to_string())).await?
            );
            Ok(())
        }
        Some(Command::Status { admin }) => {
            println!("{}", http("GET", &format!("{admin}/status"), None).await?);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_a_valid_genesis() {
        GenesisConfig::from_toml(TEMPLATE).unwrap();
    }

    #[test]
    fn cli_parses() {
        use clap::CommandFactory as _;
        Cli::command().debug_assert();
    }
}
