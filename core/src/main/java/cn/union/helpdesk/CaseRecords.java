package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Reading and locking {@code help_case} rows the way every part of the helpdesk does: scoped to the
 * caller's org subtree (a case outside it does not exist for them), and moved only along {@link
 * CaseStatus}'s allowed transitions.
 */
@Component
class CaseRecords {

  private final HelpCaseMapper cases;
  private final OrgService orgs;
  private final Categories categories;
  private final Copy copy;
  private final Clock clock;

  CaseRecords(
      HelpCaseMapper cases,
      OrgService orgs,
      Categories categories,
      @Qualifier("helpdeskCopy") Copy copy,
      Clock clock) {
    this.cases = cases;
    this.orgs = orgs;
    this.categories = categories;
    this.copy = copy;
    this.clock = clock;
  }

  HelpCase get(long id) {
    return cases.selectById(id);
  }

  void update(HelpCase c) {
    cases.updateById(c);
  }

  HelpCase visible(Caller caller, long id) {
    HelpCase c = cases.selectById(id);
    if (c == null || !caller.sees(c.getOrgPath())) {
      throw DomainException.notFound(copy.text("what_case"));
    }
    return c;
  }

  /**
   * Locks the row so two informants acting at once see each other's transition, not the same old
   * state.
   */
  HelpCase visibleForUpdate(Caller caller, long id) {
    HelpCase c = forUpdate(id);
    if (c == null || !caller.sees(c.getOrgPath())) {
      throw DomainException.notFound(copy.text("what_case"));
    }
    return c;
  }

  HelpCase forUpdate(long id) {
    return cases.selectOne(
        new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getId, id).last("FOR UPDATE"));
  }

  static void move(HelpCase c, CaseStatus target) {
    c.getStatus().checkMoveTo(target);
    c.setStatus(target);
  }

  CaseViews.Summary summary(HelpCase c, Map<Long, String> orgNames) {
    boolean overdue = c.getRepliedAt() == null && now().isAfter(c.getDueAt());
    return new CaseViews.Summary(
        c.getId(),
        c.getNumber(),
        c.getStatus(),
        categories.names().get(c.getCategoryId()),
        c.getOrgId(),
        orgName(c.getOrgId(), orgNames),
        instant(c.getSubmittedAt()),
        c.getDueDate(),
        overdue);
  }

  String orgName(long orgId, Map<Long, String> cache) {
    return cache.computeIfAbsent(
        orgId,
        key -> {
          Org org = orgs.find(key);
          return org == null ? null : org.getName();
        });
  }

  LocalDateTime now() {
    return local(clock.instant());
  }

  static LocalDateTime local(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZONE);
  }

  static Instant instant(LocalDateTime local) {
    return local == null ? null : local.atZone(ZONE).toInstant();
  }
}
