package cn.union.org;

import java.time.LocalDateTime;

/**
 * A unit of the org tree as other features see it: read-only. The org feature's entity behind it
 * stays its own ({@code OrgUnit}, package-private); changes go through {@link OrgService}.
 */
public interface Org {

  Long getId();

  Long getParentId();

  String getName();

  OrgLevel getLevel();

  /**
   * The materialised path ({@code /1/7/23/}); a unit's subtree is every path that starts with it.
   */
  String getPath();

  boolean isRequiresReview();

  boolean isDemo();

  LocalDateTime getCreatedAt();

  /** Whether {@code other} is this org or lies under it. */
  default boolean contains(Org other) {
    return other != null && other.getPath().startsWith(getPath());
  }
}
