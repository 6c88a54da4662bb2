package cn.union.wechat;

import static cn.union.support.Concurrently.together;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.union.support.Concurrently;
import com.zaxxer.hikari.HikariDataSource;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Group commit of the inbound log on the project's own migrations (H2 in MySQL mode). */
class InboundWriterTest {

  HikariDataSource ds;
  InboundWriter writer;
  JdbcTemplate jdbc;
  ExecutorService pool;

  @BeforeEach
  void setUp() {
    ds = Concurrently.migratedH2("writer");
    writer = new InboundWriter(ds);
    jdbc = new JdbcTemplate(ds);
    pool = Executors.newFixedThreadPool(32);
  }

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    writer.destroy();
    ds.close();
  }

  static WxInbound row(String key, String content) {
    WxInbound r = new WxInbound();
    r.setDedupeKey("m:" + key);
    r.setRequestKey("r:" + key + ":" + UUID.randomUUID());
    r.setOpenid("oWriter");
    r.setMsgType("text");
    r.setContent(content);
    r.setPayload("<xml/>");
    r.setReceivedAt(LocalDateTime.of(2026, 11, 23, 10, 0));
    r.setStatus(WxInbound.RECEIVED);
    return r;
  }

  @Test
  void aBurstIsCommittedWithOneRowPerMessageAndRepeatsAreReported() throws Exception {
    List<Callable<Boolean>> tasks = new ArrayList<>();
    List<WxInbound> rows = new ArrayList<>();
    for (int k = 0; k < 60; k++) {
      // 30 messages, each delivered twice at the same moment (WeChat's retry racing the first try)
      WxInbound r = row("burst" + (k % 30), "hello " + k);
      rows.add(r);
      tasks.add(() -> writer.insert(r));
    }
    int inserted = 0;
    for (Future<Boolean> f : together(pool, tasks)) {
      inserted += f.get() ? 1 : 0;
    }
    assertThat(inserted).isEqualTo(30);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM wx_inbound WHERE openid = 'oWriter'", Integer.class))
        .isEqualTo(30);
    Set<Long> ids = new HashSet<>();
    for (WxInbound r : rows) {
      if (r.getId() != null) {
        ids.add(r.getId());
        assertThat(
                jdbc.queryForObject(
                    "SELECT dedupe_key FROM wx_inbound WHERE id = ?", String.class, r.getId()))
            .isEqualTo(r.getDedupeKey());
      }
    }
    assertThat(ids).hasSize(30);
  }

  @Test
  void aBadRowFailsOnlyItsOwnCaller() throws Exception {
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      String content = k == 7 ? "x".repeat(5000) : "fine " + k; // content is VARCHAR(2048)
      WxInbound r = row("mixed" + k, content);
      tasks.add(() -> writer.insert(r));
    }
    List<Future<Boolean>> results = together(pool, tasks);
    for (int k = 0; k < results.size(); k++) {
      Future<Boolean> f = results.get(k);
      if (k == 7) {
        // the caller learns what failed, but not the value the database quoted
        assertThatThrownBy(f::get)
            .hasCauseInstanceOf(DataAccessException.class)
            .cause()
            .message()
            .contains("SQLState")
            .doesNotContain("xxxx");
      } else {
        assertThat(f.get()).isTrue();
      }
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM wx_inbound WHERE dedupe_key LIKE 'm:mixed%'", Integer.class))
        .isEqualTo(39);
  }

  @Test
  void marksAreCommittedBeforeTheCallerGoesOn() {
    WxInbound r = row("mark", "hi");
    assertThat(writer.insert(r)).isTrue();
    writer.mark(
        r.getId(),
        WxInbound.HANDLED,
        "reply text",
        null,
        LocalDateTime.of(2026, 11, 23, 10, 1),
        null);
    assertThat(
            jdbc.queryForMap(
                "SELECT status, reply FROM wx_inbound_outcome WHERE inbound_id = ?", r.getId()))
        .containsEntry("status", "HANDLED")
        .containsEntry("reply", "reply text");
  }

  @Test
  void refusesWritesOnceStopped() throws Exception {
    writer.destroy();
    assertThatThrownBy(() -> writer.insert(row("late", "x")))
        .isInstanceOf(DataAccessException.class);
  }
}
