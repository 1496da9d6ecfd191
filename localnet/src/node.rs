//! A running local chain: genesis or restore, the gRPC services, checkpoints at an interval,
//! the clock, persistence, the faucet and the admin API.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use sui_sdk_types::Address;
use tokio::sync::watch;
use walrus_chain::ClientConfig;
use walrus_chain::config::{ObjectsConfig, PackageConfig};
use walrus_chain::server::{LedgerStore, ServerHandle, serve};

use crate::clock::{ChainClock, ClockMode, wall_ms};
use crate::exec::{GasSchedule, LocalExecutor};
use crate::genesis::{self, GenesisConfig, GenesisObjects};
use crate::ids::Packages;
use crate::persistence::{GenesisRecord, Log};

/// How to run a local chain.
#[derive(Debug, Clone)]
pub struct LocalnetOptions {
    /// The genesis configuration (used for a fresh chain; a data directory that already holds
    /// a chain keeps its own).
    pub genesis: GenesisConfig,
    /// Where the chain persists; `None` keeps it in memory only.
    pub data_dir: Option<PathBuf>,
    /// gRPC address (port 0: any free port).
    pub rpc_addr: SocketAddr,
    /// Admin HTTP address; `None`: no admin API.
    pub admin_addr: Option<SocketAddr>,
    /// How often pending transactions are sealed into a checkpoint.
    pub checkpoint_interval: Duration,
    /// Whether the clock follows the wall clock or only moves when advanced.
    pub clock: ClockMode,
    /// The genesis time (ms since the Unix epoch) of a fresh chain; default: now.
    pub genesis_ms: Option<u64>,
}

impl Default for LocalnetOptions {
    fn default() -> Self {
        Self {
            genesis: GenesisConfig::default(),
            data_dir: None,
            rpc_addr: "127.0.0.1:9000".parse().expect("valid address"),
            admin_addr: Some("127.0.0.1:9001".parse().expect("valid address")),
            checkpoint_interval: Duration::from_millis(100),
            clock: ClockMode::Wall,
            genesis_ms: None,
        }
    }
}

/// The chain's state shared by the sealer, the admin API and the handle.
#[derive(Debug)]
pub struct Chain {
    /// The ledger.
    pub store: LedgerStore,
    /// The clock.
    pub clock: Arc<ChainClock>,
    /// Package IDs.
    pub packages: Packages,
    /// Genesis objects.
    pub objects: GenesisObjects,
    /// The genesis record (as persisted).
    pub genesis: GenesisRecord,
    /// The faucet limits.
    pub faucet: genesis::FaucetConfig,
    log: Option<Mutex<Log>>,
    /// The first persistence error, if any (the chain stops producing checkpoints).
    pub persistence_error: Mutex<Option<String>>,
}

impl Chain {
    /// Seals pending transactions into a checkpoint (or an empty one if `force`) and persists
    /// every change since the last call. Returns the new checkpoint.
    pub fn seal(&self, force: bool) -> anyhow::Result<Option<u64>> {
        let _exclusive = self.store.lock_execution();
        self.seal_locked(force)
    }

    fn seal_locked(&self, force: bool) -> anyhow::Result<Option<u64>> {
        if let Some(e) = self
            .persistence_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            anyhow::bail!("persistence failed earlier, no more checkpoints: {e}");
        }
        let now = self.clock.now();
        let sealed = if self.store.pending_count() > 0 || force {
            self.store.seal_pending_at(Some(now), true)
        } else {
            None
        };
        if let Some(log) = &self.log {
            let ops = self.store.take_journal();
            if !ops.is_empty() {
                let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                if let Err(e) = log.append(ops, self.clock.snapshot()) {
                    let msg = format!("cannot write {}: {e}", log.path().display());
                    *self
                        .persistence_error
                        .lock()
                        .unwrap_or_else(|e| e.into_inner()) = Some(msg.clone());
                    anyhow::bail!(msg);
                }
            }
        }
        Ok(sealed)
    }

    /// Moves the clock forward by `ms`, updates the `Clock` object and seals a checkpoint with
    /// the new time. Returns the new time.
    pub fn advance_clock(&self, ms: u64) -> anyhow::Result<u64> {
        let _exclusive = self.store.lock_execution();
        let now = self.clock.advance(ms);
        crate::exec::tick_clock(&self.store, now);
        self.seal_locked(true)?;
        Ok(now)
    }

    /// Gives `address` SUI (minted) and WAL (from the faucet's supply) within the faucet's
    /// limits, recorded as a transaction and sealed into a checkpoint.
    pub fn faucet(&self, address: Address, sui: u64, wal: u64) -> anyhow::Result<FaucetGrant> {
        anyhow::ensure!(
            sui <= self.faucet.max_sui,
            "the faucet gives at most {} MIST per request",
            self.faucet.max_sui
        );
        anyhow::ensure!(
            wal <= self.faucet.max_wal,
            "the faucet gives at most {} FROST per request",
            self.faucet.max_wal
        );
        anyhow::ensure!(sui > 0 || wal > 0, "ask for some SUI or WAL");
        let _exclusive = self.store.lock_execution();
        let now = self.clock.now();
        let label = format!(
            "faucet: {address} {sui} MIST {wal} FROST at {now} #{}",
            self.store.latest_checkpoint() + self.store.pending_count() as u64
        );
        let (sui_coin, wal_coin) = genesis::grant(
            &self.store,
            self.packages,
            self.objects.faucet_wal_coin,
            address,
            sui,
            wal,
            now,
            label.as_bytes(),
        )
        .map_err(|f| anyhow::anyhow!("faucet failed: {f} (is the faucet out of WAL?)"))?;
        let checkpoint = self.seal_locked(false)?;
        Ok(FaucetGrant {
            sui_coin,
            wal_coin,
            checkpoint,
        })
    }

    /// A client configuration for this chain at `rpc_url`.
    pub fn client_config(&self, rpc_url: &str) -> ClientConfig {
        ClientConfig::new(
            vec![rpc_url.to_string()],
            PackageConfig {
                wal: self.packages.wal,
                walrus: self.packages.walrus,
                wal_published_at: None,
                walrus_published_at: None,
            },
            ObjectsConfig {
                system: self.objects.system,
                wal_treasury: self.objects.treasury,
            },
        )
    }
}

/// What the faucet gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct FaucetGrant {
    /// The new SUI coin.
    pub sui_coin: Option<Address>,
    /// The new WAL coin.
    pub wal_coin: Option<Address>,
    /// The checkpoint it is in.
    pub checkpoint: Option<u64>,
}

/// A running local chain. Dropping it stops it (without the final flush; prefer
/// [`Localnet::shutdown`]).
pub struct Localnet {
    chain: Arc<Chain>,
    server: Option<ServerHandle>,
    admin: Option<crate::admin::AdminHandle>,
    stop: watch::Sender<bool>,
    sealer: Option<tokio::task::JoinHandle<()>>,
    restored: bool,
}

impl std::fmt::Debug for Localnet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localnet")
            .field("rpc", &self.rpc_url())
            .finish_non_exhaustive()
    }
}

impl Localnet {
    /// Starts a chain: restores it from the data directory if that holds one, else runs
    /// genesis (persisting it when a data directory is given).
    pub async fn start(options: LocalnetOptions) -> anyhow::Result<Self> {
        let (chain, restored) = Self::open_chain(&options)?;
        let chain = Arc::new(chain);
        let executor = Arc::new(LocalExecutor {
            packages: chain.packages,
            clock: chain.clock.clone(),
            random_seed: chain.genesis.random_seed,
            gas: GasSchedule::default(),
        });
        chain.store.set_auto_checkpoint(false);
        let server = serve(chain.store.clone(), executor, options.rpc_addr)
            .await
            .with_context(|| format!("cannot serve gRPC on {}", options.rpc_addr))?;
        let admin = match options.admin_addr {
            Some(addr) => Some(
                crate::admin::serve(chain.clone(), server.url(), addr)
                    .await
                    .with_context(|| format!("cannot serve the admin API on {addr}"))?,
            ),
            None => None,
        };
        let (stop, mut stop_rx) = watch::channel(false);
        let interval = options.checkpoint_interval.max(Duration::from_millis(1));
        let sealer_chain = chain.clone();
        let sealer = tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(interval) => {}
                    _ = stop_rx.changed() => break,
                }
                let c = sealer_chain.clone();
                let result = tokio::task::spawn_blocking(move || c.seal(false)).await;
                if let Ok(Err(e)) = result {
                    tracing::error!("checkpoint failed: {e:#}");
                }
            }
        });
        Ok(Self {
            chain,
            server: Some(server),
            admin,
            stop,
            sealer: Some(sealer),
            restored,
        })
    }

    fn open_chain(options: &LocalnetOptions) -> anyhow::Result<(Chain, bool)> {
        if let Some(dir) = &options.data_dir
            && Log::exists(dir)
        {
            let (log, restored) = Log::open(dir)
                .with_context(|| format!("cannot read the chain in {}", dir.display()))?;
            if restored.truncated_bytes > 0 {
                tracing::warn!(
                    "cut {} bytes of a torn write off the end of {}",
                    restored.truncated_bytes,
                    log.path().display()
                );
            }
            let g = restored.genesis;
            let store = LedgerStore::new_at(g.chain_id.clone(), g.genesis_ms);
            store.replay(restored.ops);
            store.enable_journal();
            let clock = match restored.clock {
                Some(state) => ChainClock::restore(state),
                None => match options.clock {
                    ClockMode::Wall => ChainClock::wall(),
                    ClockMode::Manual => ChainClock::manual(g.genesis_ms),
                },
            };
            clock.not_before(store.latest_timestamp_ms());
            let config = GenesisConfig::from_toml(&g.config_toml).unwrap_or_default();
            tracing::info!(
                "restored chain {} from {} ({} records, checkpoint {})",
                g.chain_id,
                dir.display(),
                restored.records,
                store.latest_checkpoint()
            );
            let chain = Chain {
                store,
                clock: Arc::new(clock),
                packages: g.packages(),
                objects: g.objects,
                faucet: config.faucet,
                genesis: g,
                log: Some(Mutex::new(log)),
                persistence_error: Mutex::new(None),
            };
            return Ok((chain, true));
        }
        let genesis_ms = options.genesis_ms.unwrap_or_else(wall_ms);
        let clock = match options.clock {
            ClockMode::Wall => ChainClock::wall(),
            ClockMode::Manual => ChainClock::manual(genesis_ms),
        };
        clock.not_before(genesis_ms);
        let packages = Packages::default();
        let store = LedgerStore::new_at(options.genesis.chain_id.clone(), genesis_ms);
        store.enable_journal();
        let objects = genesis::build(&store, &options.genesis, packages, genesis_ms)?;
        let record = GenesisRecord {
            chain_id: options.genesis.chain_id.clone(),
            genesis_ms,
            wal: packages.wal,
            walrus: packages.walrus,
            objects,
            random_seed: options.genesis.random_seed_bytes(),
            config_toml: options.genesis.to_toml(),
        };
        let log = match &options.data_dir {
            Some(dir) => Some(Mutex::new(Log::create(dir, &record).with_context(
                || format!("cannot create the chain in {}", dir.display()),
            )?)),
            None => None,
        };
        let chain = Chain {
            store,
            clock: Arc::new(clock),
            packages,
            objects,
            faucet: options.genesis.faucet.clone(),
            genesis: record,
            log,
            persistence_error: Mutex::new(None),
        };
        // Genesis transactions form checkpoint 1.
        chain.seal(true)?;
        if chain.log.is_none() {
            // In memory only: nothing to keep the journal for.
            let _ = chain.store.take_journal();
        }
        Ok((chain, false))
    }

    /// The chain state.
    pub fn chain(&self) -> &Arc<Chain> {
        &self.chain
    }

    /// Whether the chain was restored from its data directory.
    pub fn restored(&self) -> bool {
        self.restored
    }

    /// The gRPC endpoint (`http://127.0.0.1:<port>`).
    pub fn rpc_url(&self) -> String {
        self.server.as_ref().map(|s| s.url()).unwrap_or_default()
    }

    /// The admin API's base URL, if served.
    pub fn admin_url(&self) -> Option<String> {
        self.admin.as_ref().map(|a| a.url())
    }

    /// The ledger.
    pub fn store(&self) -> &LedgerStore {
        &self.chain.store
    }

    /// A client configuration for this chain.
    pub fn client_config(&self) -> ClientConfig {
        self.chain.client_config(&self.rpc_url())
    }

    /// Advances the clock by `ms` (see [`Chain::advance_clock`]).
    pub fn advance_clock(&self, ms: u64) -> anyhow::Result<u64> {
        self.chain.advance_clock(ms)
    }

    /// Seals a checkpoint now (even an empty one).
    pub fn force_checkpoint(&self) -> anyhow::Result<Option<u64>> {
        self.chain.seal(true)
    }

    /// The faucet (see [`Chain::faucet`]).
    pub fn faucet(&self, address: Address, sui: u64, wal: u64) -> anyhow::Result<FaucetGrant> {
        self.chain.faucet(address, sui, wal)
    }

    /// Stops: no more checkpoints, seals and persists what is pending, closes the servers.
    pub async fn shutdown(mut self) -> anyhow::Result<()> {
        self.stop.send_replace(true);
        if let Some(s) = self.sealer.take() {
            let _ = s.await;
        }
        if let Some(a) = self.admin.take() {
            a.shutdown().await;
        }
        if let Some(s) = self.server.take() {
            s.shutdown().await;
        }
        let chain = self.chain.clone();
        tokio::task::spawn_blocking(move || chain.seal(false)).await??;
        Ok(())
    }
}

impl Drop for Localnet {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}
