package cn.union.platform;

import static cn.union.platform.PlatformConfig.ZONE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The state machine of a feature's outbox of messages to WeChat, on the table the feature owns and
 * names: a row is {@code PENDING} until it is {@code SENT}, {@code FAILED}, {@code UNCERTAIN} or
 * another end state of the feature's. The table has at least {@code id}, {@code status}, {@code
 * attempts}, a due time, {@code sending_since}, a column for the channel a send went by, {@code
 * last_error} and {@code updated_at}; the feature names its due-time and channel columns.
 *
 * <p>An attempt is claimed by one conditional UPDATE that counts it, pushes the due time past a
 * {@link #LEASE} and marks {@code sending_since}; only the caller whose UPDATE hit the row sends,
 * and recording the outcome clears the mark. A row whose lease ran out with the mark still set was
 * being sent by a node that stopped mid-send: {@link #abandon} makes it {@code UNCERTAIN}, as a
 * send that reached WeChat without an answer in time is, and neither is ever sent again by itself.
 *
 * <p>The feature subclasses this with its own row, queueing and retry policy. Table and column
 * names are the feature's constants, never input. Every method runs in its caller's transaction.
 */
public class Outbox {

  /** How long a claimed attempt may take before the row counts as abandoned. */
  public static final Duration LEASE = Duration.ofMinutes(2);

  private static final int MAX_ERROR = 500;
  private static final Pattern NAME = Pattern.compile("[a-z_]+");

  protected final JdbcTemplate jdbc;
  protected final Clock clock;
  private final String table;
  private final String nextAt;
  private final String via;
  private final IntSupplier batch;

  /**
   * @param table the feature's outbox table
   * @param nextAt its column of when a row is due
   * @param via its column of the channel a send went by
   * @param batch how many rows one run of the feature's job takes at most
   */
  protected Outbox(
      JdbcTemplate jdbc, Clock clock, String table, String nextAt, String via, IntSupplier batch) {
    List.of(table, nextAt, via).forEach(Outbox::checkName);
    this.jdbc = jdbc;
    this.clock = clock;
    this.table = table;
    this.nextAt = nextAt;
    this.via = via;
    this.batch = batch;
  }

  /**
   * Queues a row, due now, with the feature's own columns (which make it unique) set to {@code
   * values}.
   */
  protected void insert(List<String> columns, Object... values) {
    columns.forEach(Outbox::checkName);
    LocalDateTime now = now();
    List<Object> args = new ArrayList<>(List.of(values));
    args.addAll(List.of(now, now, now));
    jdbc.update(
        "INSERT INTO "
            + table
            + " ("
            + String.join(", ", columns)
            + ", status, attempts, "
            + nextAt
            + ", created_at, updated_at) VALUES ("
            + "?, ".repeat(columns.size())
            + "'PENDING', 0, ?, ?, ?)",
        args.toArray());
  }

  /** Takes the row for one attempt if it is due and nobody holds it; counts the attempt. */
  public boolean claim(long id) {
    LocalDateTime now = now();
    return jdbc.update(
            "UPDATE "
                + table
                + " SET attempts = attempts + 1, "
                + nextAt
                + " = ?, sending_since = ?, updated_at = ? WHERE id = ? AND status = 'PENDING' AND "
                + nextAt
                + " <= ? AND sending_since IS NULL",
            now.plus(LEASE),
            now,
            now,
            id,
            now)
        == 1;
  }

  /** Rows due for an attempt, oldest first, at most one batch. */
  public List<Long> due() {
    return pending("sending_since IS NULL");
  }

  /** Rows whose node stopped while sending them (lease over, outcome never recorded). */
  public List<Long> abandoned() {
    return pending("sending_since IS NOT NULL");
  }

  private List<Long> pending(String condition) {
    return jdbc.queryForList(
        "SELECT id FROM "
            + table
            + " WHERE status = 'PENDING' AND "
            + nextAt
            + " <= ? AND "
            + condition
            + " ORDER BY "
            + nextAt
            + ", id LIMIT "
            + Math.max(1, batch.getAsInt()),
        Long.class,
        now());
  }

  /** Marks an abandoned row UNCERTAIN unless its outcome was recorded meanwhile. */
  public boolean abandon(long id, String why) {
    LocalDateTime now = now();
    return jdbc.update(
            "UPDATE "
                + table
                + " SET status = 'UNCERTAIN', sending_since = NULL, last_error = ?, updated_at = ?"
                + " WHERE id = ? AND status = 'PENDING' AND "
                + nextAt
                + " <= ? AND sending_since IS NOT NULL",
            cut(why),
            now,
            id,
            now)
        == 1;
  }

  /** Records an attempt's end state (one of the feature's states), and the channel it went by. */
  public void finish(long id, Enum<?> state, String channel, String error) {
    jdbc.update(
        "UPDATE "
            + table
            + " SET status = ?, "
            + via
            + " = ?, last_error = ?, sending_since = NULL, updated_at = ? WHERE id = ?",
        state.name(),
        channel,
        cut(error),
        now(),
        id);
  }

  /**
   * Puts a failed attempt's row back in the queue, due after {@code wait}, unless it has had {@code
   * maxAttempts}.
   *
   * @param channel the channel the attempt went by, or {@code null} to leave the recorded one
   * @return when it is tried next, or {@code null} when it is not
   */
  protected Instant retryLater(
      long id, int attempts, int maxAttempts, Duration wait, String channel, String error) {
    if (attempts >= maxAttempts) {
      return null;
    }
    Instant next = clock.instant().plus(wait);
    String setVia = channel == null ? "" : via + " = ?, ";
    List<Object> args = new ArrayList<>();
    args.add(at(next));
    if (channel != null) {
      args.add(channel);
    }
    args.add(cut(error));
    args.add(now());
    args.add(id);
    jdbc.update(
        "UPDATE "
            + table
            + " SET "
            + nextAt
            + " = ?, "
            + setVia
            + "last_error = ?, sending_since = NULL, updated_at = ? WHERE id = ?",
        args.toArray());
    return next;
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Not a table or column name: " + name);
    }
  }

  private static String cut(String s) {
    return s != null && s.length() > MAX_ERROR ? s.substring(0, MAX_ERROR) : s;
  }

  /**
   * Millisecond precision, as the columns keep: a database that rounds finer fractions up (H2 does)
   * would otherwise store a due time a moment after the "now" that claims it.
   */
  protected LocalDateTime now() {
    return at(clock.instant());
  }

  private static LocalDateTime at(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZONE).truncatedTo(ChronoUnit.MILLIS);
  }
}
