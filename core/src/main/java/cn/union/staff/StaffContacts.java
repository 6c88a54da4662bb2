package cn.union.staff;

import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Who can be reached about an org's business: its enabled accounts and the WeChat each has bound.
 */
@Service
public class StaffContacts {

  /**
   * One enabled account.
   *
   * @param openid the bound WeChat, or {@code null} when none is bound
   */
  public record Contact(long id, long orgId, Role role, String openid) {

    public boolean bound() {
      return openid != null && !openid.isBlank();
    }
  }

  private final StaffAccountMapper users;

  StaffContacts(StaffAccountMapper users) {
    this.users = users;
  }

  /** The enabled accounts of these orgs, in id order. */
  public List<Contact> enabledIn(Collection<Long> orgIds) {
    if (orgIds.isEmpty()) {
      return List.of();
    }
    return users
        .selectList(
            new LambdaQueryWrapper<StaffAccount>()
                .select(
                    StaffAccount::getId,
                    StaffAccount::getOrgId,
                    StaffAccount::getRole,
                    StaffAccount::getWxOpenid)
                .in(StaffAccount::getOrgId, orgIds)
                .eq(StaffAccount::isEnabled, true)
                .orderByAsc(StaffAccount::getId))
        .stream()
        .map(u -> new Contact(u.getId(), u.getOrgId(), u.getRole(), u.getWxOpenid()))
        .toList();
  }
}
