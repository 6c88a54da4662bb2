package cn.union.support;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;

/** Helpers of the tests that drive one component from many threads on its own database. */
public final class Concurrently {

  private Concurrently() {}

  /**
   * Runs the tasks on the pool at the same moment, so what they queue meets in the component's
   * queue (a batch) instead of arriving one by one.
   */
  public static <T> List<Future<T>> together(ExecutorService pool, List<Callable<T>> tasks) {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> out = new ArrayList<>();
    for (Callable<T> t : tasks) {
      out.add(
          pool.submit(
              () -> {
                go.await();
                return t.call();
              }));
    }
    go.countDown();
    return out;
  }

  /**
   * A fresh H2 database in MySQL mode (as the embedded default runs) with the project's migrations.
   */
  public static HikariDataSource migratedH2(String name) {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(
        "jdbc:h2:mem:"
            + name
            + UUID.randomUUID()
            + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
            + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1");
    ds.setMaximumPoolSize(4);
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    return ds;
  }
}
