package cn.union.staff;

import cn.hutool.crypto.digest.BCrypt;
import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.platform.PlatformConfig;
import cn.union.platform.RecentReads;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import com.baomidou.mybatisplus.extension.plugins.pagination.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
  private static final Copy COPY = Copy.load("staff");
  static final int MAX_DISPLAY_NAME = 64;

  /**
   * Compared against when the user does not exist, so timing does not reveal which usernames exist.
   * Made on first use (a holder class), not at start-up.
   */
  private static final class Dummy {
    static final String HASH = BCrypt.hashpw("not-a-real-password", BCrypt.gensalt(10));
  }

  /**
   * How long this node takes a token it has just checked as checked, without asking Redis and the
   * database again: a console screen makes several calls at once, and each check costs three round
   * trips. Ending a session (logout, a disabled account, a password changed or reset) forgets it
   * here at once, and on the other nodes as soon as the end is announced ({@link
   * SessionStore#ENDED_TOPIC}). The one thing another node may hold on to for those 2 s: the
   * session in which a user has just changed the password elsewhere still counts as having to
   * change it. Measured on the injected clock.
   */
  static final Duration CHECKED_FOR = Duration.ofSeconds(2);

  /** More tokens than this checked within {@link #CHECKED_FOR}: the memory starts over. */
  private static final int MAX_CHECKED = 10_000;

  /** Recently checked tokens, by {@link SessionStore#keyOf} (a hash, never the token itself). */
  private final RecentReads<String, Caller> checked;

  /**
   * Sessions ended so far on any node, as this node heard of them. A check that saw this change
   * while it ran does not keep its result: the session it found may have ended since.
   */
  private final AtomicLong endings = new AtomicLong();

  private final StaffAccountMapper users;
  private final PasswordHistoryMapper history;
  private final OrgService orgs;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final Clock clock;

  StaffService(
      StaffAccountMapper users,
      PasswordHistoryMapper history,
      OrgService orgs,
      SessionStore sessions,
      LoginThrottle throttle,
      Clock clock) {
    this.users = users;
    this.throttle = throttle;
    this.history = history;
    this.orgs = orgs;
    this.sessions = sessions;
    this.clock = clock;
    this.checked = new RecentReads<>(clock, CHECKED_FOR, MAX_CHECKED);
    sessions.onEnded(this::ended);
  }

  /** A successful login. */
  public record Login(String token, Instant expiresAt, StaffUser user) {}

  /**
   * Checks a username and password from a network address. An account is locked for 15 minutes once
   * 5 attempts in a row have failed; each attempt takes its place in the count with one atomic
   * update before the password is checked, so parallel requests cannot outrun the count (the 6th is
   * refused however the attempts arrive). An address is throttled after too many failures ({@link
   * LoginThrottle}). An unknown name, a wrong password, a locked or a disabled account all get the
   * same answer and about the same time (one BCrypt check each).
   *
   * @param reason receives why a refused login was refused, for the audit log only
   * @throws DomainException UNAUTHENTICATED (the one answer for every refusal) or THROTTLED
   */
  public Login login(
      String username,
      String password,
      String address,
      java.util.function.Consumer<String> reason) {
    if (!throttle.claim(address)) {
      reason.accept("address throttled");
      throw new DomainException(
          DomainException.Kind.THROTTLED,
          "auth.throttled",
          COPY.render(
              "auth.throttled", java.util.Map.of("minutes", throttle.window().toMinutes())));
    }
    String given = password == null ? "" : password;
    StaffAccount user =
        username == null
            ? null
            : users.selectOne(
                new LambdaQueryWrapper<StaffAccount>()
                    .eq(StaffAccount::getUsername, username.strip()));
    if (user == null) {
      BCrypt.checkpw(given, Dummy.HASH);
      reason.accept("unknown user");
      throw badCredentials();
    }
    LocalDateTime now = now();
    if (users.claimAttempt(user.getId(), MAX_FAILURES, now) == 0) {
      // Locked, or the last allowed attempts are still being checked. Make sure a lock exists even
      // if the attempt that filled the count never finished.
      users.lock(user.getId(), MAX_FAILURES, now.plus(LOCK_DURATION));
      BCrypt.checkpw(given, Dummy.HASH);
      reason.accept("locked");
      throw badCredentials();
    }
    if (!BCrypt.checkpw(given, user.getPasswordHash())) {
      users.lock(user.getId(), MAX_FAILURES, now.plus(LOCK_DURATION));
      reason.accept("wrong password");
      throw badCredentials();
    }
    if (!user.isEnabled()) {
      reason.accept("disabled");
      throw badCredentials();
    }
    users.clearFailures(user.getId());
    throttle.release(address);
    String token = sessions.open(user.getId());
    return new Login(token, sessions.idleExpiry(), user);
  }

  private static DomainException badCredentials() {
    return new DomainException(
        DomainException.Kind.UNAUTHENTICATED,
        "auth.bad-credentials",
        COPY.render(
            "auth.bad-credentials",
            java.util.Map.of("max", MAX_FAILURES, "minutes", LOCK_DURATION.toMinutes())));
  }

  /**
   * The caller behind a token, or {@code null} when the token is unknown, expired or its user
   * disabled.
   */
  public Caller authenticate(String token) {
    if (!SessionStore.wellFormed(token)) {
      return null;
    }
    String key = SessionStore.keyOf(token);
    long now = checked.now();
    // one request of a burst checks the token again before its check goes stale; the others go on
    Caller recent = checked.getOrRefresh(key);
    if (recent != null) {
      return recent;
    }
    long endingsBefore = endings.get();
    SessionStore.Session session = sessions.touch(key);
    if (session == null) {
      checked.remove(key);
      return null;
    }
    StaffAccount user = users.selectById(session.userId());
    if (user == null || !user.isEnabled()) {
      sessions.close(key);
      ended(key);
      return null;
    }
    Org org = orgs.get(user.getOrgId());
    Caller caller =
        new Caller(
            user.getId(),
            user.getUsername(),
            user.getRole(),
            org.getId(),
            org.getPath(),
            user.isMustChangePassword());
    checked.put(key, caller, now);
    if (endings.get() != endingsBefore) {
      checked.remove(key, caller);
    }
    return caller;
  }

  public void logout(String token) {
    String key = SessionStore.keyOf(token);
    sessions.close(key);
    ended(key);
  }

  /** A session ended (its key already gone from Redis): its check is no longer taken as done. */
  private void ended(String key) {
    endings.incrementAndGet();
    checked.remove(key);
  }

  /** Forgets every checked token of a user on this node (other nodes hear of ended sessions). */
  private void forget(long userId) {
    endings.incrementAndGet();
    checked.removeIf(c -> c.userId() == userId);
  }

  public Instant sessionExpiry() {
    return sessions.idleExpiry();
  }

  /** Changes the caller's own password; ends their other sessions. */
  @Transactional
  public void changePassword(
      Caller caller, String currentToken, String oldPassword, String newPassword) {
    StaffAccount user = users.selectById(caller.userId());
    if (oldPassword == null || !BCrypt.checkpw(oldPassword, user.getPasswordHash())) {
      throw DomainException.invalid("password.old-wrong", COPY.text("password.old-wrong"));
    }
    setPassword(user, newPassword, false);
    sessions.closeAll(user.getId(), currentToken);
    forget(user.getId());
  }

  private void setPassword(StaffAccount user, String newPassword, boolean mustChange) {
    PasswordPolicy.check(newPassword, user.getUsername());
    List<PasswordHistory> recent =
        history.selectList(
            new LambdaQueryWrapper<PasswordHistory>()
                .eq(PasswordHistory::getUserId, user.getId())
                .orderByDesc(PasswordHistory::getId)
                .last("LIMIT " + (PasswordPolicy.HISTORY - 1)));
    boolean reused =
        BCrypt.checkpw(newPassword, user.getPasswordHash())
            || recent.stream().anyMatch(h -> BCrypt.checkpw(newPassword, h.getPasswordHash()));
    if (reused) {
      throw DomainException.invalid(
          "password.reused",
          COPY.render("password.reused", Map.of("count", PasswordPolicy.HISTORY)));
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

  /**
   * What a caller may create or change: the org must be in their subtree, the role not above
   * theirs.
   */
  public void checkMayManage(Caller caller, Role role, Org org) {
    if (!caller.sees(org.getPath())) {
      throw DomainException.notFound(COPY.text("what_org"));
    }
    switch (caller.role()) {
      case SUPER_ADMIN -> {}
      case ORG_ADMIN -> {
        if (role == Role.SUPER_ADMIN || role == Role.AUDITOR) {
          throw DomainException.forbidden(COPY.text("user.admin-creates"));
        }
      }
      default -> throw DomainException.forbidden(COPY.text("user.forbidden"));
    }
  }

  /** Creates an account; its first password must be changed at first login. */
  @Transactional
  public StaffUser create(
      Caller caller, String username, String password, String displayName, Role role, long orgId) {
    if (role == null) {
      throw DomainException.invalid("user.role", COPY.text("user.role"));
    }
    Org org = orgs.get(orgId);
    if (caller != null) {
      checkMayManage(caller, role, org);
    }
    return insert(username, password, displayName, role, org, true);
  }

  /** The first super-admin, at first start. */
  @Transactional
  public StaffUser bootstrap(String username, String password, Org root, boolean mustChange) {
    return insert(
        username, password, COPY.text("user.super-admin-name"), Role.SUPER_ADMIN, root, mustChange);
  }

  /** A demo account of the embedded default: known password, no forced change. */
  @Transactional
  public StaffUser bootstrapDemo(
      String username, String password, String displayName, Role role, Org org) {
    return insert(username, password, displayName, role, org, false);
  }

  private StaffAccount insert(
      String username,
      String password,
      String displayName,
      Role role,
      Org org,
      boolean mustChange) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw DomainException.invalid("user.username", COPY.text("user.username"));
    }
    if (displayName == null || displayName.isBlank() || displayName.length() > MAX_DISPLAY_NAME) {
      throw DomainException.invalid(
          "user.display-name", COPY.render("user.display-name", Map.of("max", MAX_DISPLAY_NAME)));
    }
    PasswordPolicy.check(password, username);
    StaffAccount user = new StaffAccount();
    user.setUsername(username);
    user.setPasswordHash(BCrypt.hashpw(password, BCrypt.gensalt(10)));
    user.setDisplayName(displayName.strip());
    user.setRole(role);
    user.setOrgId(org.getId());
    user.setOrgPath(org.getPath());
    user.setEnabled(true);
    user.setMustChangePassword(mustChange);
    user.setCreatedAt(now());
    user.setPasswordChangedAt(now());
    try {
      users.insert(user);
    } catch (DuplicateKeyException e) {
      throw DomainException.conflict(
          "user.duplicate", COPY.render("user.duplicate", Map.of("username", username)));
    }
    return user;
  }

  public StaffUser get(Caller caller, long id) {
    return account(caller, id);
  }

  private StaffAccount account(Caller caller, long id) {
    StaffAccount user = users.selectById(id);
    if (user == null || !caller.sees(orgs.get(user.getOrgId()).getPath())) {
      throw DomainException.notFound(COPY.text("what_account"));
    }
    return user;
  }

  /** Accounts of orgs in the caller's subtree. */
  public PageResult<StaffUser> list(
      Caller caller, Role role, Long orgId, String q, int page, int size) {
    LambdaQueryWrapper<StaffAccount> w = new LambdaQueryWrapper<>();
    String path = caller.orgPath();
    if (!PATH.matcher(path).matches()) {
      throw new IllegalStateException("unexpected org path " + path);
    }
    // A path holds only digits and slashes (checked above): no LIKE wildcard in the prefix.
    w.likeRight(StaffAccount::getOrgPath, path);
    if (role != null) {
      w.eq(StaffAccount::getRole, role);
    }
    if (orgId != null) {
      w.eq(StaffAccount::getOrgId, orgId);
    }
    if (q != null && !q.isBlank()) {
      w.and(
          x ->
              x.like(StaffAccount::getUsername, q.strip())
                  .or()
                  .like(StaffAccount::getDisplayName, q.strip()));
    }
    w.orderByAsc(StaffAccount::getId);
    Page<StaffAccount> result = users.selectPage(Page.of(page, size), w);
    return new PageResult<>(
        List.<StaffUser>copyOf(result.getRecords()), result.getTotal(), page, size);
  }

  /**
   * What a caller may do to an existing account: as {@link #checkMayManage}, and an org admin acts
   * only on admins of orgs below their own, never on a peer of the same org (who could otherwise
   * take over a fellow admin's account by resetting its password).
   */
  private void checkMayManageAccount(Caller caller, StaffAccount user) {
    Org org = orgs.get(user.getOrgId());
    checkMayManage(caller, user.getRole(), org);
    if (caller.role() == Role.ORG_ADMIN
        && user.getRole() == Role.ORG_ADMIN
        && user.getId() != caller.userId()
        && caller.orgPath().equals(org.getPath())) {
      throw DomainException.forbidden(COPY.text("user.peer"));
    }
  }

  /** Enables or disables an account; disabling ends its sessions. */
  @Transactional
  public StaffUser setEnabled(Caller caller, long id, boolean enabled) {
    StaffAccount user = account(caller, id);
    checkMayManageAccount(caller, user);
    if (user.getId() == caller.userId()) {
      throw DomainException.invalid("user.self", COPY.text("user.self"));
    }
    user.setEnabled(enabled);
    users.updateById(user);
    if (!enabled) {
      sessions.closeAll(user.getId(), null);
      forget(user.getId());
    }
    return user;
  }

  /** Sets a new random password that must be changed at next login; returns it once. */
  @Transactional
  public String resetPassword(Caller caller, long id) {
    StaffAccount user = account(caller, id);
    checkMayManageAccount(caller, user);
    String password = PasswordPolicy.generate();
    while (password
        .toLowerCase(java.util.Locale.ROOT)
        .contains(user.getUsername().toLowerCase(java.util.Locale.ROOT))) {
      password = PasswordPolicy.generate();
    }
    setPassword(user, password, true);
    users.clearFailures(user.getId());
    sessions.closeAll(user.getId(), null);
    forget(user.getId());
    return password;
  }

  public boolean anySuperAdmin() {
    return users.selectCount(
            new LambdaQueryWrapper<StaffAccount>().eq(StaffAccount::getRole, Role.SUPER_ADMIN))
        > 0;
  }

  public StaffUser findByUsername(String username) {
    return users.selectOne(
        new LambdaQueryWrapper<StaffAccount>().eq(StaffAccount::getUsername, username));
  }

  /** Informants (and admins) of an org, for notifications. */
  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }
}
