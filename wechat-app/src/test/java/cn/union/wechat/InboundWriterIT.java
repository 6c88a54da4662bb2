package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The inbound log's group commit against the real database (MariaDB when it answers): a burst of
 * messages goes in one multi-row statement, and each message must get its own row's id back, since
 * its outcome, its case and its reply hang on that id.
 */
class InboundWriterIT extends IntegrationTest {

  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aBurstGetsEachMessageItsOwnIdAndEachOutcomeItsOwnMessage() throws Exception {
    InboundWriter writer = new InboundWriter(dataSource);
    String run = UUID.randomUUID().toString().substring(0, 8);
    try {
      List<WxInbound> rows = new ArrayList<>();
      List<CompletableFuture<Boolean>> inserted = new ArrayList<>();
      for (int k = 0; k < 200; k++) {
        WxInbound r = InboundWriterTest.row(run + ":" + k, "消息 " + k);
        rows.add(r);
        // queued without waiting: the writer takes them in batches of many
        inserted.add(writer.insertLater(r));
      }
      // and one repeat in the middle of a later burst
      WxInbound repeat = InboundWriterTest.row(run + ":7", "重发");
      for (CompletableFuture<Boolean> f : inserted) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
      }
      List<CompletableFuture<Void>> marked = new ArrayList<>();
      CompletableFuture<Boolean> again = null;
      for (int k = 0; k < rows.size(); k++) {
        WxInbound r = rows.get(k);
        marked.add(
            writer.markLater(
                r.getId(),
                WxInbound.HANDLED,
                "回复 " + r.getDedupeKey(),
                null,
                r.getReceivedAt(),
                null));
        if (k == 100) {
          again = writer.insertLater(repeat);
        }
      }
      for (CompletableFuture<Void> f : marked) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(again.get(10, TimeUnit.SECONDS)).as("the repeat is reported").isFalse();

      Set<Long> ids = new HashSet<>();
      for (WxInbound r : rows) {
        ids.add(r.getId());
        Map<String, Object> stored =
            jdbc.queryForMap(
                "SELECT i.dedupe_key, i.content, o.reply FROM wx_inbound i"
                    + " JOIN wx_inbound_outcome o ON o.inbound_id = i.id WHERE i.id = ?",
                r.getId());
        assertThat(stored)
            .containsEntry("dedupe_key", r.getDedupeKey())
            .containsEntry("content", r.getContent())
            .containsEntry("reply", "回复 " + r.getDedupeKey());
      }
      assertThat(ids).hasSize(rows.size());
      assertThat(
              jdbc.queryForObject(
                  "SELECT COUNT(*) FROM wx_inbound WHERE dedupe_key LIKE ?",
                  Integer.class,
                  "m:" + run + ":%"))
          .isEqualTo(rows.size());
    } finally {
      writer.destroy();
    }
  }

  @Test
  void aRepeatInsideABurstIsReportedAndTheRestOfTheBurstIsStored() throws Exception {
    InboundWriter writer = new InboundWriter(dataSource);
    String run = UUID.randomUUID().toString().substring(0, 8);
    try {
      WxInbound first = InboundWriterTest.row(run + ":first", "第一次");
      assertThat(writer.insertLater(first).get(10, TimeUnit.SECONDS)).isTrue();
      // queued without waiting, the repeat among them: its multi-row statement fails on the
      // repeat, nothing of it is written, and the writer then takes its messages one by one
      List<WxInbound> rows = new ArrayList<>();
      List<CompletableFuture<Boolean>> inserted = new ArrayList<>();
      CompletableFuture<Boolean> again = null;
      for (int k = 0; k < 200; k++) {
        if (k == 100) {
          again = writer.insertLater(InboundWriterTest.row(run + ":first", "重发"));
        }
        WxInbound r = InboundWriterTest.row(run + ":" + k, "消息 " + k);
        rows.add(r);
        inserted.add(writer.insertLater(r));
      }
      for (CompletableFuture<Boolean> f : inserted) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(again.get(10, TimeUnit.SECONDS)).as("the repeat is reported").isFalse();
      Set<Long> ids = new HashSet<>();
      for (WxInbound r : rows) {
        ids.add(r.getId());
        assertThat(
                jdbc.queryForObject(
                    "SELECT dedupe_key FROM wx_inbound WHERE id = ?", String.class, r.getId()))
            .isEqualTo(r.getDedupeKey());
      }
      assertThat(ids).hasSize(rows.size()).doesNotContain(first.getId());
      assertThat(
              jdbc.queryForObject(
                  "SELECT content FROM wx_inbound WHERE dedupe_key = ?",
                  String.class,
                  first.getDedupeKey()))
          .as("the first one stays as it was")
          .isEqualTo("第一次");
      assertThat(
              jdbc.queryForObject(
                  "SELECT COUNT(*) FROM wx_inbound WHERE dedupe_key LIKE ?",
                  Integer.class,
                  "m:" + run + ":%"))
          .isEqualTo(rows.size() + 1);
    } finally {
      writer.destroy();
    }
  }
}
