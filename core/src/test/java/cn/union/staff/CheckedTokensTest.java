package cn.union.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import cn.union.org.Org;
import cn.union.org.OrgService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The node's memory of checked tokens ({@link StaffService#CHECKED_FOR}) never outlives a session's
 * end, even when the end comes while a check of the same token is under way. Redis and the database
 * are left out here on purpose: the session store is a stand-in whose lookups the test holds at the
 * worst moment; the store itself is tested against Redis by LoginSecurityIT.
 */
class CheckedTokensTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-05T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

  /** A session store in memory; {@link #touch} waits at {@link #hold} while it is set. */
  static final class Sessions extends SessionStore {
    volatile boolean open = true;
    volatile CountDownLatch inTouch;
    volatile CountDownLatch hold;
    Consumer<String> ended;

    Sessions() {
      super(null, CLOCK);
    }

    @Override
    Session touch(String sessionKey) {
      boolean found = open;
      if (hold != null) {
        inTouch.countDown();
        try {
          hold.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return found ? new Session(7, CLOCK.instant()) : null;
    }

    @Override
    void close(String sessionKey) {
      open = false;
    }

    @Override
    public void onEnded(Consumer<String> listener) {
      ended = listener;
    }
  }

  private final Sessions sessions = new Sessions();
  private final StaffService service;

  CheckedTokensTest() {
    StaffAccountMapper users = mock(StaffAccountMapper.class);
    StaffAccount account = new StaffAccount();
    account.setId(7L);
    account.setUsername("informant");
    account.setRole(Role.INFORMANT);
    account.setOrgId(3L);
    account.setEnabled(true);
    when(users.selectById(anyLong())).thenReturn(account);
    Org org = mock(Org.class);
    when(org.getId()).thenReturn(3L);
    when(org.getPath()).thenReturn("/1/3/");
    OrgService orgs = mock(OrgService.class);
    when(orgs.get(anyLong())).thenReturn(org);
    service = new StaffService(users, null, orgs, sessions, null, CLOCK);
  }

  @Test
  void aCheckedTokenIsTakenAsCheckedUntilItsSessionEnds() {
    assertThat(service.authenticate("token-a")).isNotNull();
    sessions.open = false; // gone from Redis, nobody told this node yet: still checked
    assertThat(service.authenticate("token-a")).isNotNull();
    sessions.ended.accept(SessionStore.keyOf("token-a")); // another node announces the end
    assertThat(service.authenticate("token-a")).isNull();
  }

  @Test
  void aLogoutDuringACheckOfTheSameTokenIsNotUndoneByThatCheck() throws Exception {
    sessions.inTouch = new CountDownLatch(1);
    sessions.hold = new CountDownLatch(1);
    // A request finds the session in Redis; before it has remembered that, the user logs out.
    CompletableFuture<Caller> during =
        CompletableFuture.supplyAsync(() -> service.authenticate("token-b"));
    assertThat(sessions.inTouch.await(10, TimeUnit.SECONDS)).isTrue();
    service.logout("token-b");
    sessions.hold.countDown();
    assertThat(during.get(10, TimeUnit.SECONDS)).isNotNull();
    sessions.hold = null;

    assertThat(service.authenticate("token-b")).isNull();
  }
}
