package bench.floor;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * The bench's floor: the least a durable vote and a durable WeChat callback take on the
 * application's parts (MariaDB or an H2 file with every commit written before it returns, Redis),
 * written plainly with the same frameworks. What an answer waits for here, any
 * implementation must wait for too:
 *
 * <ul>
 *   <li>a vote: one Lua script in Redis (the request seen before? if not, count it) and its row
 *       committed in MariaDB, many votes to a commit;
 *   <li>a callback: the signature checked, the XML parsed with DOCTYPE refused, the message's row
 *       committed (its MsgId unique, so a retry is stored once), a passive reply;
 *   <li>a register lookup by credit code: one indexed read of the application's own {@code
 *       enroll_employer} table (the floor shares the app's database in bench/register.sh), answered
 *       as JSON.
 * </ul>
 *
 * No sessions, limits, rules, idempotency answers, logging or anything else the application does.
 */
@SpringBootApplication
@RestController
public class FloorApp {

  // KEYS: per vote its request key and its campaign's ranking; ARGV: per vote its candidate
  private static final String COUNT =
      """
      local out = {}
      for i = 1, #ARGV do
        if redis.call('SET', KEYS[2 * i - 1], '1', 'NX', 'EX', 90000) then
          redis.call('ZINCRBY', KEYS[2 * i], 1, ARGV[i])
          out[i] = 1
        else
          out[i] = 0
        end
      end
      return out
      """;
  private static final String INSERT_VOTE =
      "INSERT IGNORE INTO floor_vote (campaign_id, request_key, candidate, cast_at) VALUES (?, ?, ?, ?)";
  private static final String INSERT_MESSAGE =
      "INSERT IGNORE INTO floor_inbound (msg_id, openid, body, received_at) VALUES (?, ?, ?, ?)";

  private static final ThreadLocal<DocumentBuilder> XML =
      ThreadLocal.withInitial(
          () -> {
            try {
              DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
              f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
              f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
              f.setExpandEntityReferences(false);
              return f.newDocumentBuilder();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });

  private final JdbcTemplate jdbc;
  private final Counter counter;
  private final Writer writer;
  private final String token;

  public static void main(String[] args) {
    SpringApplication.run(FloorApp.class, args);
  }

  FloorApp(
      DataSource dataSource,
      @Value("${floor.redis:redis://127.0.0.1:6379}") String redisAddress,
      @Value("${floor.redis-db:0}") int redisDb,
      @Value("${floor.token:sandboxtoken}") String token) {
    this.jdbc = new JdbcTemplate(dataSource);
    jdbc.execute(
        "CREATE TABLE IF NOT EXISTS floor_vote (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
            + " campaign_id BIGINT NOT NULL, request_key VARCHAR(64) NOT NULL,"
            + " candidate INT NOT NULL, cast_at DATETIME(3) NOT NULL,"
            + " UNIQUE KEY uk_floor_vote (campaign_id, request_key))");
    jdbc.execute(
        "CREATE TABLE IF NOT EXISTS floor_inbound (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
            + " msg_id VARCHAR(64) NOT NULL, openid VARCHAR(64) NOT NULL, body TEXT NOT NULL,"
            + " received_at DATETIME(3) NOT NULL, UNIQUE KEY uk_floor_inbound (msg_id))");
    if (redisAddress.isEmpty()) {
      // callbacks only (the embedded default's floor: an H2 file, no Redis needed)
      this.counter = null;
    } else {
      Config config = new Config();
      config.setCodec(StringCodec.INSTANCE);
      config.useSingleServer().setAddress(redisAddress).setDatabase(redisDb);
      this.counter = new Counter(Redisson.create(config));
    }
    this.writer = new Writer(dataSource);
    this.token = token;
  }

  record Vote(Integer number) {}

  @PostMapping(
      path = "/h5/api/campaigns/{campaignId}/votes",
      consumes = "application/json",
      produces = "application/json")
  ResponseEntity<Map<String, Object>> vote(
      @PathVariable long campaignId,
      @RequestBody Vote vote,
      @RequestHeader("Idempotency-Key") String key)
      throws Exception {
    if (vote.number() == null || counter == null) {
      return ResponseEntity.badRequest().build();
    }
    counter
        .count(campaignId, key, vote.number())
        .thenCompose(
            fresh ->
                fresh
                    ? writer.write(
                        INSERT_VOTE,
                        campaignId,
                        key,
                        vote.number(),
                        new Timestamp(System.currentTimeMillis()))
                    : CompletableFuture.completedFuture(null))
        .get(5, TimeUnit.SECONDS);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("counted", true);
    answer.put("number", vote.number());
    return ResponseEntity.ok(answer);
  }

  @PostMapping(path = "/wx/portal", produces = "application/xml")
  ResponseEntity<String> portal(
      @RequestParam String signature,
      @RequestParam String timestamp,
      @RequestParam String nonce,
      @RequestBody String body)
      throws Exception {
    String[] parts = {token, timestamp, nonce};
    Arrays.sort(parts);
    byte[] digest =
        MessageDigest.getInstance("SHA-1")
            .digest(String.join("", parts).getBytes(StandardCharsets.UTF_8));
    if (!MessageDigest.isEqual(
        HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      return ResponseEntity.status(403).build();
    }
    if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) {
      return ResponseEntity.status(403).build();
    }
    Document xml = XML.get().parse(new InputSource(new StringReader(body)));
    String from = text(xml, "FromUserName");
    String to = text(xml, "ToUserName");
    writer
        .write(
            INSERT_MESSAGE,
            text(xml, "MsgId"),
            from,
            body,
            new Timestamp(System.currentTimeMillis()))
        .get(5, TimeUnit.SECONDS);
    String reply =
        "<xml><ToUserName><![CDATA["
            + from
            + "]]></ToUserName><FromUserName><![CDATA["
            + to
            + "]]></FromUserName><CreateTime>"
            + System.currentTimeMillis() / 1000
            + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[收到]]></Content></xml>";
    return ResponseEntity.ok(reply);
  }

  /** The employer with this credit code, as the register's lookup reads it, or none. */
  @GetMapping(path = "/floor/employers", produces = "application/json")
  List<Map<String, Object>> employer(@RequestParam String code) {
    return jdbc.queryForList(
        "SELECT id, credit_code, name, address, region_code, has_union, union_org_id"
            + " FROM enroll_employer WHERE credit_code = ?",
        code);
  }

  /** Rows stored, for the bench's check that every answer was stored. */
  @GetMapping(path = "/floor/rows", produces = "text/plain")
  String rows() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM floor_vote", Long.class)
        + " "
        + jdbc.queryForObject("SELECT COUNT(*) FROM floor_inbound", Long.class);
  }

  private static String text(Document xml, String tag) {
    var nodes = xml.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
  }

  /**
   * The votes waiting while a script run is under way go together in the next run: one round
   * trip to Redis for however many votes met (a thread of its own, for plainness).
   */
  static final class Counter {
    private record Vote(long campaign, String key, int number, CompletableFuture<Boolean> fresh) {}

    private final RedissonClient redis;
    private final BlockingQueue<Vote> queue = new ArrayBlockingQueue<>(50_000);

    Counter(RedissonClient redis) {
      this.redis = redis;
      Thread t = new Thread(this::run, "floor-counter");
      t.setDaemon(true);
      t.start();
    }

    CompletableFuture<Boolean> count(long campaign, String key, int number) {
      Vote v = new Vote(campaign, key, number, new CompletableFuture<>());
      if (!queue.offer(v)) {
        v.fresh().completeExceptionally(new IllegalStateException("counter queue full"));
      }
      return v.fresh();
    }

    private void run() {
      inBatches(queue, this::count);
    }

    private void count(List<Vote> batch) {
      try {
        Map<Long, List<Vote>> byCampaign = new LinkedHashMap<>();
        for (Vote v : batch) {
          byCampaign.computeIfAbsent(v.campaign(), x -> new ArrayList<>()).add(v);
        }
        for (var e : byCampaign.entrySet()) {
          String k = "floor:{" + e.getKey() + "}:";
          List<Object> keys = new ArrayList<>();
          List<Object> args = new ArrayList<>();
          for (Vote v : e.getValue()) {
            keys.add(k + "src:" + v.key());
            keys.add(k + "rank");
            args.add(Integer.toString(v.number()));
          }
          List<Object> out =
              redis
                  .getScript(StringCodec.INSTANCE)
                  .eval(
                      RScript.Mode.READ_WRITE,
                      COUNT,
                      RScript.ReturnType.LIST,
                      keys,
                      args.toArray());
          for (int i = 0; i < out.size(); i++) {
            e.getValue().get(i).fresh().complete(((Long) out.get(i)) == 1L);
          }
        }
      } catch (RuntimeException e) {
        batch.forEach(v -> v.fresh().completeExceptionally(e));
      }
    }
  }

  /** Takes what waits in {@code queue}, up to 256 at a time, and hands it on, for ever. */
  static <T> void inBatches(BlockingQueue<T> queue, Consumer<List<T>> each) {
    List<T> batch = new ArrayList<>(256);
    while (true) {
      batch.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, 255);
      each.accept(batch);
    }
  }

  /**
   * Group commit: one thread takes every row waiting, writes them in one transaction (a JDBC batch
   * per statement) and commits once, then completes each row's future.
   */
  static final class Writer {
    private record Row(String sql, Object[] values, CompletableFuture<Void> done) {}

    private final DataSource dataSource;
    private final BlockingQueue<Row> queue = new ArrayBlockingQueue<>(50_000);

    Writer(DataSource dataSource) {
      this.dataSource = dataSource;
      Thread t = new Thread(this::run, "floor-writer");
      t.setDaemon(true);
      t.start();
    }

    CompletableFuture<Void> write(String sql, Object... values) {
      Row row = new Row(sql, values, new CompletableFuture<>());
      if (!queue.offer(row)) {
        row.done().completeExceptionally(new IllegalStateException("writer queue full"));
      }
      return row.done();
    }

    private void run() {
      inBatches(
          queue,
          batch -> {
            try {
              commit(batch);
              batch.forEach(r -> r.done().complete(null));
            } catch (SQLException | RuntimeException e) {
              batch.forEach(r -> r.done().completeExceptionally(e));
            }
          });
    }

    private void commit(List<Row> batch) throws SQLException {
      Map<String, List<Row>> bySql = new LinkedHashMap<>();
      for (Row r : batch) {
        bySql.computeIfAbsent(r.sql(), x -> new ArrayList<>()).add(r);
      }
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          for (var e : bySql.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement(e.getKey())) {
              for (Row r : e.getValue()) {
                for (int i = 0; i < r.values().length; i++) {
                  ps.setObject(i + 1, r.values()[i]);
                }
                ps.addBatch();
              }
              ps.executeBatch();
            }
          }
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      }
    }
  }
}
