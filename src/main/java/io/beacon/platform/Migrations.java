package io.beacon.platform;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Flyway migrations from db/migration; blocking JDBC, run once at start-up before serving. */
public final class Migrations {
  private Migrations() {}

  public static MigrateResult migrate(Engines engines) {
    PgConnectOptions o = engines.pgOptions();
    return Flyway.configure()
        .dataSource(engines.jdbcUrl(), o.getUser(), o.getPassword())
        .locations("classpath:db/migration")
        .outOfOrder(true)   // features land their migrations independently
        .load()
        .migrate();
  }
}
