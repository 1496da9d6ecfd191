//! Database connections and migrations.

use std::time::Duration;

use diesel_async::{
    AsyncConnection, AsyncMigrationHarness, AsyncPgConnection, SimpleAsyncConnection,
};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::IndexerError;

/// The schema migrations (`migrations/` at the repository root).
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

/// Opens a connection and sets the session up for the writer's literals.
pub async fn connect(url: &str) -> Result<AsyncPgConnection, IndexerError> {
    let mut conn = AsyncPgConnection::establish(url).await?;
    conn.batch_execute("SET standard_conforming_strings = on; SET client_min_messages = warning")
        .await?;
    Ok(conn)
}

/// Connects, retrying with exponential backoff (100 ms doubling up to 5 s) while the database
/// is unreachable, for at most `give_up_after` (forever if `None`).
pub async fn connect_with_backoff(
    url: &str,
    give_up_after: Option<Duration>,
) -> Result<AsyncPgConnection, IndexerError> {
    let start = std::time::Instant::now();
    let mut delay = Duration::from_millis(100);
    loop {
        match connect(url).await {
            Ok(c) => return Ok(c),
            Err(e) => {
                if give_up_after.is_some_and(|g| start.elapsed() >= g) {
                    return Err(e);
                }
                tracing::warn!(error = %e, retry_in_ms = delay.as_millis() as u64, "database unavailable");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
        }
    }
}

/// Applies the pending migrations; returns the versions applied. Needs a multi-threaded Tokio
/// runtime (diesel's migration harness runs blocking).
pub async fn migrate(url: &str) -> Result<Vec<String>, IndexerError> {
    let conn = connect(url).await?;
    let mut harness = AsyncMigrationHarness::new(conn);
    let applied = harness
        .run_pending_migrations(MIGRATIONS)
        .map_err(|e| IndexerError::Migration(e.to_string()))?;
    Ok(applied.into_iter().map(|v| v.to_string()).collect())
}
