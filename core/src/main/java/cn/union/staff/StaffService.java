package cn.union.staff;

import cn.hutool.crypto.digest.BCrypt;
import cn.union.org.OrgService;
import cn.union.org.OrgUnit;
import cn.union.platform.PlatformConfig;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import com.baomidou.mybatisplus.extension.plugins.pagination.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Console accounts: login with lock-out, sessions, password rules, and who may create whom. */
@Service
public class StaffService {

  public static final int MAX_FAILURES = 5;
  public static final Duration LOCK_DURATION = Duration.ofMinutes(15);
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,64}");
  private static final Pattern PATH = Pattern.compile("/[0-9/]*");
  /**
   * Compared against when the user does not exist, so timing does not reveal which usernames
   * exist. Made on first use (a holder class), not at start-up.
   */
  private static final class Dummy {
    static final String HASH = BCrypt.hashpw("not-a-real-password", BCrypt.gensalt(10));
  }

  private final StaffUserMapper users;
  private final PasswordHistoryMapper history;
  private final OrgService orgs;
  private final SessionStore sessions;
  private final Clock clock;

  public StaffService(StaffUserMapper users, PasswordHistoryMapper history, OrgService orgs, SessionStore sessions,
      Clock clock) {
    this.users = users;
    this.history = history;
    this.orgs = orgs;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** A successful login. */
  public record Login(String token, Instant expiresAt, StaffUser user) {}

  /**
   * Checks a username and password; locks the account for 15 minutes after 5 failures in a row.
   *
   * @throws DomainException UNAUTHENTICATED or LOCKED
   */
  @Transactional(noRollbackFor = DomainException.class)
  public Login login(String username, String password) {
    StaffUser user = username == null ? null
        : users.selectOne(new LambdaQueryWrapper<StaffUser>().eq(StaffUser::getUsername, username.strip()));
    if (user == null) {
      BCrypt.checkpw(password == null ? "" : password, Dummy.HASH);
      throw badCredentials();
    }
    LocalDateTime now = now();
    if (user.getLockedUntil() != null && user.getLockedUntil().isAfter(now)) {
      throw new DomainException(DomainException.Kind.LOCKED, "auth.locked",
          "密码错误次数过多，账号已锁定，请 " + minutesLeft(user.getLockedUntil(), now) + " 分钟后再试");
    }
    if (password == null || !BCrypt.checkpw(password, user.getPasswordHash())) {
      int failures = user.getFailedLogins() + 1;
      if (failures >= MAX_FAILURES) {
        user.setFailedLogins(0);
        user.setLockedUntil(now.plus(LOCK_DURATION));
      } else {
        user.setFailedLogins(failures);
      }
      users.updateById(user);
      throw badCredentials();
    }
    if (!user.isEnabled()) {
      throw badCredentials();
    }
    if (user.getFailedLogins() != 0 || user.getLockedUntil() != null) {
      user.setFailedLogins(0);
      user.setLockedUntil(null);
      users.updateById(user);
    }
    String token = sessions.open(user.getId());
    return new Login(token, sessions.idleExpiry(), user);
  }

  private static long minutesLeft(LocalDateTime until, LocalDateTime now) {
    return Math.max(1, (Duration.between(now, until).toSeconds() + 59) / 60);
  }

  private static DomainException badCredentials() {
    return new DomainException(DomainException.Kind.UNAUTHENTICATED, "auth.bad-credentials", "用户名或密码错误");
  }

  /** The caller behind a token, or {@code null} when the token is unknown, expired or its user disabled. */
  public Caller authenticate(String token) {
    SessionStore.Session session = sessions.touch(token);
    if (session == null) {
      return null;
    }
    StaffUser user = users.selectById(session.userId());
    if (user == null || !user.isEnabled()) {
      sessions.close(token);
      return null;
    }
    OrgUnit org = orgs.get(user.getOrgId());
    return new Caller(user.getId(), user.getUsername(), user.getRole(), org.getId(), org.getPath(),
        user.isMustChangePassword());
  }

  public void logout(String token) {
    sessions.close(token);
  }

  public Instant sessionExpiry() {
    return sessions.idleExpiry();
  }

  /** Changes the caller's own password; ends their other sessions. */
  @Transactional
  public void changePassword(Caller caller, String currentToken, String oldPassword, String newPassword) {
    StaffUser user = users.selectById(caller.userId());
    if (oldPassword == null || !BCrypt.checkpw(oldPassword, user.getPasswordHash())) {
      throw DomainException.invalid("password.old-wrong", "原密码不正确");
    }
    setPassword(user, newPassword, false);
    sessions.closeAll(user.getId(), currentToken);
  }

  private void setPassword(StaffUser user, String newPassword, boolean mustChange) {
    PasswordPolicy.check(newPassword);
    List<PasswordHistory> recent = history.selectList(new LambdaQueryWrapper<PasswordHistory>()
        .eq(PasswordHistory::getUserId, user.getId()).orderByDesc(PasswordHistory::getId)
        .last("LIMIT " + (PasswordPolicy.HISTORY - 1)));
    boolean reused = BCrypt.checkpw(newPassword, user.getPasswordHash())
        || recent.stream().anyMatch(h -> BCrypt.checkpw(newPassword, h.getPasswordHash()));
    if (reused) {
      throw DomainException.invalid("password.reused", "新密码不能与最近 " + PasswordPolicy.HISTORY + " 次使用过的密码相同");
    }
    PasswordHistory old = new PasswordHistory();
    old.setUserId(user.getId());
    old.setPasswordHash(user.getPasswordHash());
    old.setCreatedAt(now());
    history.insert(old);
    user.setPasswordHash(BCrypt.hashpw(newPassword, BCrypt.gensalt(10)));
    user.setMustChangePassword(mustChange);
    user.setPasswordChangedAt(now());
    users.updateById(user);
  }

  /** What a caller may create or change: the org must be in their subtree, the role not above theirs. */
  public void checkMayManage(Caller caller, Role role, OrgUnit org) {
    if (!caller.sees(org.getPath())) {
      throw DomainException.notFound("单位");
    }
    switch (caller.role()) {
      case SUPER_ADMIN -> { }
      case ORG_ADMIN -> {
        if (role == Role.SUPER_ADMIN || role == Role.AUDITOR) {
          throw DomainException.forbidden("单位管理员只能创建单位管理员和信息员");
        }
      }
      default -> throw DomainException.forbidden("无权管理账号");
    }
  }

  /** Creates an account; its first password must be changed at first login. */
  @Transactional
  public StaffUser create(Caller caller, String username, String password, String displayName, Role role, long orgId) {
    if (role == null) {
      throw DomainException.invalid("user.role", "请指定角色");
    }
    OrgUnit org = orgs.get(orgId);
    if (caller != null) {
      checkMayManage(caller, role, org);
    }
    return insert(username, password, displayName, role, org, true);
  }

  /** The first super-admin, at first start. */
  @Transactional
  public StaffUser bootstrap(String username, String password, OrgUnit root, boolean mustChange) {
    return insert(username, password, "超级管理员", Role.SUPER_ADMIN, root, mustChange);
  }

  /** A demo account of the embedded default: known password, no forced change. */
  @Transactional
  public StaffUser bootstrapDemo(String username, String password, String displayName, Role role, OrgUnit org) {
    return insert(username, password, displayName, role, org, false);
  }

  private StaffUser insert(String username, String password, String displayName, Role role, OrgUnit org,
      boolean mustChange) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw DomainException.invalid("user.username", "用户名为 3 到 64 位字母、数字、下划线、点或横线");
    }
    if (displayName == null || displayName.isBlank() || displayName.length() > 64) {
      throw DomainException.invalid("user.display-name", "请填写姓名（不超过64个字）");
    }
    PasswordPolicy.check(password);
    StaffUser user = new StaffUser();
    user.setUsername(username);
    user.setPasswordHash(BCrypt.hashpw(password, BCrypt.gensalt(10)));
    user.setDisplayName(displayName.strip());
    user.setRole(role);
    user.setOrgId(org.getId());
    user.setEnabled(true);
    user.setMustChangePassword(mustChange);
    user.setCreatedAt(now());
    user.setPasswordChangedAt(now());
    try {
      users.insert(user);
    } catch (DuplicateKeyException e) {
      throw DomainException.conflict("user.duplicate", "用户名“" + username + "”已被使用");
    }
    return user;
  }

  public StaffUser get(Caller caller, long id) {
    StaffUser user = users.selectById(id);
    if (user == null || !caller.sees(orgs.get(user.getOrgId()).getPath())) {
      throw DomainException.notFound("账号");
    }
    return user;
  }

  /** Accounts of orgs in the caller's subtree. */
  public PageResult<StaffUser> list(Caller caller, Role role, Long orgId, String q, int page, int size) {
    LambdaQueryWrapper<StaffUser> w = new LambdaQueryWrapper<>();
    String path = caller.orgPath();
    if (!PATH.matcher(path).matches()) {
      throw new IllegalStateException("unexpected org path " + path);
    }
    // path holds only digits and slashes (checked above), so it is safe inside the sub-select.
    w.inSql(StaffUser::getOrgId, "SELECT id FROM org_unit WHERE path LIKE '" + path + "%'");
    if (role != null) {
      w.eq(StaffUser::getRole, role);
    }
    if (orgId != null) {
      w.eq(StaffUser::getOrgId, orgId);
    }
    if (q != null && !q.isBlank()) {
      w.and(x -> x.like(StaffUser::getUsername, q.strip()).or().like(StaffUser::getDisplayName, q.strip()));
    }
    w.orderByAsc(StaffUser::getId);
    Page<StaffUser> result = users.selectPage(Page.of(page, size), w);
    return new PageResult<>(result.getRecords(), result.getTotal(), page, size);
  }

  /** Enables or disables an account; disabling ends its sessions. */
  @Transactional
  public StaffUser setEnabled(Caller caller, long id, boolean enabled) {
    StaffUser user = get(caller, id);
    checkMayManage(caller, user.getRole(), orgs.get(user.getOrgId()));
    if (user.getId() == caller.userId()) {
      throw DomainException.invalid("user.self", "不能停用自己的账号");
    }
    user.setEnabled(enabled);
    users.updateById(user);
    if (!enabled) {
      sessions.closeAll(user.getId(), null);
    }
    return user;
  }

  /** Sets a new random password that must be changed at next login; returns it once. */
  @Transactional
  public String resetPassword(Caller caller, long id) {
    StaffUser user = get(caller, id);
    checkMayManage(caller, user.getRole(), orgs.get(user.getOrgId()));
    String password = PasswordPolicy.generate();
    setPassword(user, password, true);
    user.setFailedLogins(0);
    user.setLockedUntil(null);
    users.updateById(user);
    sessions.closeAll(user.getId(), null);
    return password;
  }

  public boolean anySuperAdmin() {
    return users.selectCount(new LambdaQueryWrapper<StaffUser>().eq(StaffUser::getRole, Role.SUPER_ADMIN)) > 0;
  }

  public StaffUser findByUsername(String username) {
    return users.selectOne(new LambdaQueryWrapper<StaffUser>().eq(StaffUser::getUsername, username));
  }

  /** Informants (and admins) of an org, for notifications. */
  public List<StaffUser> staffOf(long orgId, Role role) {
    return users.selectList(new LambdaQueryWrapper<StaffUser>().eq(StaffUser::getOrgId, orgId)
        .eq(StaffUser::getRole, role).eq(StaffUser::isEnabled, true));
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }
}
