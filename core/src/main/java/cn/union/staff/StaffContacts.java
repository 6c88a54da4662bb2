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

  private final StaffUserMapper users;

  StaffContacts(StaffUserMapper users) {
    this.users = users;
  }

  /** The enabled accounts of these orgs, in id order. */
  public List<Contact> enabledIn(Collection<Long> orgIds) {
    if (orgIds.isEmpty()) {
      return List.of();
    }
    return users
        .selectList(
            new LambdaQueryWrapper<StaffUser>()
                .select(
                    StaffUser::getId,
                    StaffUser::getOrgId,
                    StaffUser::getRole,
                    StaffUser::getWxOpenid)
                .in(StaffUser::getOrgId, orgIds)
                .eq(StaffUser::isEnabled, true)
                .orderByAsc(StaffUser::getId))
        .stream()
        .map(u -> new Contact(u.getId(), u.getOrgId(), u.getRole(), u.getWxOpenid()))
        .toList();
  }
}
