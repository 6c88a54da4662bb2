package cn.union.voting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.voting.VoteLedger.Row;
import cn.union.voting.VoteLedger.Written;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The ledger writer's group commit, against the real database: a burst of votes goes in multi-row
 * statements, and a burst with repeats in it (retried requests) still gives each vote its own
 * answer — the first of a pair written, the repeat reported, nothing written twice.
 */
class VoteLedgerIT extends VotingFixture {

  @Autowired VoteLedger ledger;

  @Test
  void aBurstWithRepeatsInItWritesEachVoteOnceAndReportsEachRepeat() throws Exception {
    long c = campaign(admin, Map.of());
    long a = candidate(admin, c, "赵师傅", freshNumber());
    LocalDate day = LocalDate.now();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(
          new Row(
              c,
              "burst-voter-" + i,
              a,
              day,
              1,
              "burst:" + i,
              "H5",
              "127.0.0.1",
              false,
              null,
              Instant.now()));
    }
    List<CompletableFuture<Written>> first = new ArrayList<>();
    rows.forEach(r -> first.add(ledger.write(r, null)));
    // Every tenth vote again, while the first burst may still be on its way.
    List<CompletableFuture<Written>> repeats = new ArrayList<>();
    for (int i = 0; i < rows.size(); i += 10) {
      repeats.add(ledger.write(rows.get(i), null));
    }
    int inserted = 0;
    int duplicates = 0;
    for (CompletableFuture<Written> f : first) {
      inserted += f.get(30, TimeUnit.SECONDS) == Written.INSERTED ? 1 : 0;
    }
    for (CompletableFuture<Written> f : repeats) {
      duplicates += f.get(30, TimeUnit.SECONDS) == Written.DUPLICATE ? 1 : 0;
    }
    assertThat(inserted).as("first writes that were inserted").isEqualTo(300);
    assertThat(duplicates).as("repeats reported as written before").isEqualTo(30);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM vote_ledger WHERE campaign_id = ?", Integer.class, c))
        .isEqualTo(300);
  }
}
