//! `walrus-indexer`: indexes the walrus and wal events of Sui checkpoints into Postgres.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use walrus_chain::config::{ObjectsConfig, PackageConfig};
use walrus_chain::{ClientConfig, SuiChain};
use walrus_indexer::source::Source;
use walrus_indexer::{Pipeline, PipelineOptions, db, pipeline};

/// Indexes the events of the walrus and wal Move packages from Sui checkpoints (a full node or
/// the localnet over gRPC, or a directory of checkpoint files) into Postgres: raw events,
/// state tables and dashboard views. Migrations are applied by `migrate` and on start.
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// Postgres URL, e.g. postgres://postgres@127.0.0.1:5432/walrus.
    #[arg(long, env = "DATABASE_URL", global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending schema migrations.
    Migrate,
    /// Index from the watermark on, following the chain (or the directory).
    Run(RunArgs),
    /// Index checkpoints `--from` to `--to` (inclusive) and stop; `--from` must be the next
    /// checkpoint of the pipeline (or the first one of an empty database).
    Backfill {
        /// First checkpoint.
        #[arg(long)]
        from: u64,
        /// Last checkpoint (inclusive).
        #[arg(long)]
        to: u64,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Print the watermarks and, with a source, the lag in checkpoints and seconds.
    Status(SourceArgs),
}

#[derive(Args, Clone)]
struct SourceArgs {
    /// A walrus-chain client config file (endpoints and package IDs).
    #[arg(long)]
    chain_config: Option<PathBuf>,
    /// gRPC endpoint of a Sui full node or the localnet (with --wal-package/--walrus-package).
    #[arg(long)]
    rpc_url: Option<String>,
    /// Original package ID of `wal`.
    #[arg(long)]
    wal_package: Option<String>,
    /// Original package ID of `walrus` (also accepted as --package-id).
    #[arg(long, alias = "package-id")]
    walrus_package: Option<String>,
    /// Read `<seq>.binpb.zst` checkpoint files from this directory instead of gRPC.
    #[arg(long)]
    checkpoints_dir: Option<PathBuf>,
}

#[derive(Args, Clone)]
struct RunArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// With --checkpoints-dir: stop at the end of the directory instead of waiting for files.
    #[arg(long)]
    no_follow: bool,
    /// Record undecodable events of the system's packages in the `quarantine` table and go on
    /// (default: stop with an error naming checkpoint, transaction and event index).
    #[arg(long)]
    quarantine: bool,
    /// Keep raw events of only this many most recent checkpoints (state tables are never
    /// pruned).
    #[arg(long)]
    retention_checkpoints: Option<u64>,
    /// Most events per database transaction.
    #[arg(long, default_value_t = 20_000)]
    max_batch_events: usize,
    /// Pipeline (watermark) name.
    #[arg(long, default_value = "main")]
    pipeline: String,
}

impl SourceArgs {
    fn chain_config(&self) -> anyhow::Result<Option<ClientConfig>> {
        if let Some(path) = &self.chain_config {
            return Ok(Some(ClientConfig::load(path)?));
        }
        let (Some(wal), Some(walrus)) = (&self.wal_package, &self.walrus_package) else {
            if self.rpc_url.is_some() {
                bail!("--rpc-url needs --wal-package and --walrus-package (or use --chain-config)");
            }
            return Ok(None);
        };
        let wal = wal.parse().context("--wal-package")?;
        let walrus = walrus.parse().context("--walrus-package")?;
        let packages = PackageConfig {
            wal,
            walrus,
            wal_published_at: None,
            walrus_published_at: None,
        };
        let objects = ObjectsConfig {
            system: "0x0".parse()?,
            wal_treasury: "0x0".parse()?,
        };
        let endpoints = self.rpc_url.iter().cloned().collect();
        Ok(Some(ClientConfig::new(endpoints, packages, objects)))
    }
}

fn options(db: &str, run: &RunArgs) -> anyhow::Result<(PipelineOptions, Source)> {
    let config = run.source.chain_config()?.context(
        "give --chain-config, or --wal-package and --walrus-package (with --rpc-url or --checkpoints-dir)",
    )?;
    let mut o = PipelineOptions::new(db, config.packages.ids());
    o.name = run.pipeline.clone();
    o.quarantine = run.quarantine;
    o.retention_checkpoints = run.retention_checkpoints;
    o.max_batch_events = run.max_batch_events;
    let source = match &run.source.checkpoints_dir {
        Some(dir) => Source::Dir {
            path: dir.clone(),
            follow: !run.no_follow,
        },
        None if config.endpoints.is_empty() => bail!("no --rpc-url and no --checkpoints-dir"),
        None => Source::Chain(Box::new(config)),
    };
    Ok((o, source))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let db = cli
        .database_url
        .clone()
        .context("--database-url (or DATABASE_URL) is required")?;
    match cli.command {
        Command::Migrate => {
            let applied = db::migrate(&db).await?;
            println!(
                "applied {} migration(s): {}",
                applied.len(),
                applied.join(", ")
            );
        }
        Command::Run(run) => {
            let (o, source) = options(&db, &run)?;
            db::migrate(&db).await?;
            let mut p = Pipeline::new(o);
            p.run(source).await?;
            println!("stopped at checkpoint {}", p.metrics().next_checkpoint);
        }
        Command::Backfill { from, to, run } => {
            let (mut o, source) = options(&db, &run)?;
            o.first_checkpoint = from;
            o.last_checkpoint = Some(to);
            db::migrate(&db).await?;
            let mut conn = db::connect(&db).await?;
            if let Some(w) = pipeline::watermarks(&mut conn)
                .await?
                .iter()
                .find(|w| w.pipeline == o.name)
                && w.next_checkpoint as u64 != from
            {
                bail!(
                    "pipeline {} is at checkpoint {}, not {from}",
                    o.name,
                    w.next_checkpoint
                );
            }
            let mut p = Pipeline::new(o);
            p.run(source).await?;
            let m = p.metrics();
            println!(
                "backfilled to checkpoint {}: {} events, {} batches",
                m.next_checkpoint.saturating_sub(1),
                m.events,
                m.batches
            );
        }
        Command::Status(src) => {
            let mut conn = db::connect(&db).await?;
            let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as i64;
            let latest = match src.chain_config()? {
                Some(c) if !c.endpoints.is_empty() => {
                    Some(SuiChain::new(&c)?.latest_checkpoint().await?)
                }
                _ => None,
            };
            for w in pipeline::watermarks(&mut conn).await? {
                let lag_s = w.checkpoint_timestamp_ms.map(|t| (now - t) as f64 / 1000.0);
                println!(
                    "pipeline {}: next checkpoint {}, events {}, lag {} checkpoints, {} s",
                    w.pipeline,
                    w.next_checkpoint,
                    w.events_total,
                    latest
                        .map(|l| (l as i64 + 1 - w.next_checkpoint).to_string())
                        .unwrap_or("?".into()),
                    lag_s.map(|s| format!("{s:.1}")).unwrap_or("?".into()),
                );
            }
        }
    }
    Ok(())
}
