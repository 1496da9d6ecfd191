//! Test helpers: a fresh Postgres database per test.

#![allow(dead_code)]

use diesel::sql_types::BigInt;
use diesel::{QueryableByName, sql_query};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};

/// The server's admin URL.
pub const ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A database created for one test and dropped at the end.
pub struct TestDb {
    /// Its name.
    pub name: String,
    /// Its URL.
    pub url: String,
}

impl TestDb {
    /// Creates a database with a unique name.
    pub async fn new() -> Self {
        let name = format!(
            "idx_test_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        );
        let mut c = AsyncPgConnection::establish(ADMIN_URL)
            .await
            .expect("postgres on 127.0.0.1:5432");
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        Self {
            url: format!("postgres://postgres@127.0.0.1:5432/{name}"),
            name,
        }
    }

    /// A connection.
    pub async fn conn(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.url).await.unwrap()
    }

    /// `SELECT count(*)` of a query.
    pub async fn count(&self, from_where: &str) -> i64 {
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        let mut c = self.conn().await;
        let r: Vec<N> = sql_query(format!("SELECT count(*) AS n FROM {from_where}"))
            .load(&mut c)
            .await
            .unwrap();
        r[0].n
    }

    /// Drops the database.
    pub async fn drop(self) {
        let mut c = AsyncPgConnection::establish(ADMIN_URL).await.unwrap();
        c.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .await
        .unwrap();
    }
}
