package cn.union.shared;

import cn.union.platform.Copy;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One page of a list, as every list of the admin API returns it; {@code page} starts at 1. */
public record PageResult<T>(List<T> items, long total, long page, long size) {

  public static final int MAX_SIZE = 100;

  private static final Copy COPY = Copy.load("shared");

  public <R> PageResult<R> map(Function<T, R> f) {
    return new PageResult<>(items.stream().map(f).toList(), total, page, size);
  }

  /** Clamps a requested page size to 1..100. */
  public static int size(Integer requested) {
    if (requested == null) {
      return 20;
    }
    if (requested < 1 || requested > MAX_SIZE) {
      throw DomainException.invalid("page.size", COPY.render("page_size", Map.of("max", MAX_SIZE)));
    }
    return requested;
  }

  public static int page(Integer requested) {
    if (requested == null) {
      return 1;
    }
    if (requested < 1) {
      throw DomainException.invalid("page.number", COPY.text("page_number"));
    }
    return requested;
  }
}
