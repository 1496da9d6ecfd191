//! `walrus-node`: the storage node binary.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};
use walrus_chain::bindings::StorageNodeCap;
use walrus_chain::tx::{NodeRegistration, NodeVotes};
use walrus_chain::{ClientConfig, Keystore, SuiChain, SuiKeyPair};
use walrus_core::{ProofOfPossession, ProtocolKeyPair};
use walrus_node::config::{NodeConfig, load_protocol_key, save_protocol_key};

/// Walrus-on-Sui storage node: stores slivers of registered blobs, signs storage confirmations,
/// answers storage challenges and follows the chain.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The node's config file (TOML; see docs/node.md).
    #[arg(long, short, global = true, default_value = "node.toml")]
    config: PathBuf,
    /// Log level or filter (e.g. `info`, `walrus_node=debug`).
    #[arg(long, global = true, default_value = "info")]
    log: String,
    /// Log as JSON lines.
    #[arg(long, global = true)]
    json_logs: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a protocol key file (refuses to overwrite one).
    Keygen {
        /// Where to write the key (hex ed25519 seed, mode 0600).
        #[arg(long)]
        out: PathBuf,
    },
    /// Register the node as a committee candidate on chain (sent by the keystore's active
    /// address, which receives the StorageNodeCap).
    Register {
        /// Commission in basis points.
        #[arg(long, default_value_t = 1000)]
        commission_bps: u16,
        /// Storage price vote (FROST per MiB per epoch).
        #[arg(long)]
        storage_price: u64,
        /// Write price vote (FROST per MiB).
        #[arg(long)]
        write_price: u64,
        /// Capacity vote (bytes).
        #[arg(long)]
        capacity: u64,
    },
    /// Set the node's price and capacity votes.
    SetVotes {
        /// Storage price vote.
        #[arg(long)]
        storage_price: u64,
        /// Write price vote.
        #[arg(long)]
        write_price: u64,
        /// Capacity vote (bytes).
        #[arg(long)]
        capacity: u64,
    },
    /// Run the node.
    Run,
}

fn operator(chain_config: &ClientConfig) -> anyhow::Result<SuiKeyPair> {
    let ks = chain_config
        .keystore
        .as_ref()
        .context("the chain config has no [keystore]; it is needed to sign transactions")?;
    let keystore = Keystore::load(&ks.path)?;
    let address = match ks.active_address {
        Some(a) => a,
        None => *keystore
            .addresses()
            .first()
            .context("the keystore holds no key")?,
    };
    Ok(keystore.get(&address)?.clone())
}

fn load(config: &Path) -> anyhow::Result<(NodeConfig, ClientConfig)> {
    let node = NodeConfig::load(config)?;
    let chain = ClientConfig::load(&node.chain_config)?;
    Ok((node, chain))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_new(&cli.log)?;
    if cli.json_logs {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    match cli.command {
        Command::Keygen { out } => {
            let key = ProtocolKeyPair::generate(&mut rand::rngs::OsRng);
            save_protocol_key(&out, &key)?;
            println!("{}", key.public());
        }
        Command::Register {
            commission_bps,
            storage_price,
            write_price,
            capacity,
        } => {
            let (config, chain_config) = load(&cli.config)?;
            let key = load_protocol_key(&config.protocol_key)?;
            let sender = operator(&chain_config)?;
            let chain = SuiChain::new(&chain_config)?;
            let d = chain.deployment().await?;
            let (_, pop) = ProofOfPossession::sign(sender.address().into_inner(), &key);
            let registration = NodeRegistration {
                name: config.name.clone(),
                network_address: config.network_address.clone(),
                public_key: key.public().to_bytes().to_vec(),
                proof_of_possession: pop.0.to_vec(),
                commission_bps,
                votes: NodeVotes {
                    storage_price,
                    write_price,
                    capacity,
                },
            };
            let builder = walrus_chain::tx::register_candidate(&d, sender.address(), &registration);
            let tx = chain.execute_builder(builder, &sender).await?;
            println!("registered in transaction {:?}", tx.digest);
        }
        Command::SetVotes {
            storage_price,
            write_price,
            capacity,
        } => {
            let (_, chain_config) = load(&cli.config)?;
            let sender = operator(&chain_config)?;
            let chain = SuiChain::new(&chain_config)?;
            let d = chain.deployment().await?;
            let caps = chain
                .owned_objects::<StorageNodeCap>(sender.address())
                .await?;
            let (cap, _) = caps
                .first()
                .context("the operator owns no StorageNodeCap; register first")?;
            let cap = chain.object_ref(cap.id).await?;
            let votes = NodeVotes {
                storage_price,
                write_price,
                capacity,
            };
            let builder = walrus_chain::tx::set_votes(&d, sender.address(), &cap, &votes);
            let tx = chain.execute_builder(builder, &sender).await?;
            println!("votes set in transaction {:?}", tx.digest);
        }
        Command::Run => {
            let (config, chain_config) = load(&cli.config)?;
            let key = load_protocol_key(&config.protocol_key)?;
            let chain = SuiChain::new(&chain_config)?;
            let running = walrus_node::run::start(&config, key, chain).await?;
            println!("listening on {}", running.addr);
            tokio::signal::ctrl_c().await?;
            running.stop();
        }
    }
    Ok(())
}
