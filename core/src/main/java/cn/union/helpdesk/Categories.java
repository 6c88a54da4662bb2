package cn.union.helpdesk;

import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The help categories. They change only by migration (there is no editing screen), yet every intake
 * step and every case list reads them: one read a minute is plenty.
 */
@Component
public class Categories {

  private static final long TTL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private record Snapshot(
      List<HelpCategory> enabled, Map<Long, String> names, long loadedAtNanos) {}

  private final HelpCategoryMapper categories;
  private volatile Snapshot snapshot;

  Categories(HelpCategoryMapper categories) {
    this.categories = categories;
  }

  /** The categories a worker picks from, in their listed order. */
  List<HelpCategory> enabled() {
    return snapshot().enabled();
  }

  /** Every category's name by id, disabled ones included (old cases keep theirs). */
  public Map<Long, String> names() {
    return snapshot().names();
  }

  HelpCategory get(long id) {
    return categories.selectById(id);
  }

  private Snapshot snapshot() {
    Snapshot s = snapshot;
    if (s == null || System.nanoTime() - s.loadedAtNanos() > TTL_NANOS) {
      List<HelpCategory> all =
          categories.selectList(
              new LambdaQueryWrapper<HelpCategory>()
                  .orderByAsc(HelpCategory::getSortOrder)
                  .orderByAsc(HelpCategory::getId));
      s =
          new Snapshot(
              all.stream().filter(HelpCategory::isEnabled).toList(),
              all.stream()
                  .collect(
                      Collectors.toUnmodifiableMap(
                          HelpCategory::getId, HelpCategory::getName, (x, y) -> x)),
              System.nanoTime());
      snapshot = s;
    }
    return s;
  }
}
