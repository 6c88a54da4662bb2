package cn.union.enrollment;

import static cn.union.support.WeChatWithFaults.LATE;
import static cn.union.support.WeChatWithFaults.READ_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.union.notify.WorkerChannel;
import cn.union.platform.PlatformConfig;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.FakeWeChatApi;
import cn.union.support.FakeWeChatApi.Request;
import cn.union.support.FakeWeChatApi.Treatment;
import cn.union.support.WeChatWithFaults;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The worker's notice of a review decision while WeChat's API fails the ways a network and a busy
 * service do ({@link FakeWeChatApi}, timeouts cut to a second). The worker applies over {@code
 * /wx/portal}, the city's admin decides over the admin API, the retry runs by hand under a clock
 * moved by hand.
 *
 * <p>What must hold: a notice that surely did not reach WeChat is tried again with growing waits
 * and arrives once; one that reached WeChat without an answer in time, or whose node stopped
 * mid-send, is shown as uncertain and never sent again; the reviewer sees which.
 */
class EnrollmentNoticeIT extends EnrollmentFixture {

  static final String TEMPLATE = "/cgi-bin/message/template/send";

  /** An appid of its own, so its access token in the shared Redis is not the other tests'. */
  static final String APP_ID = "wxnotice0000000001";

  @RegisterExtension static final WeChatWithFaults faults = new WeChatWithFaults("NOTICE-", APP_ID);
  static final FakeWeChatApi weChat = faults.api();

  @DynamicPropertySource
  static void weChatBehindTheNetwork(DynamicPropertyRegistry registry) {
    faults.properties(registry);
  }

  @Autowired NoticeRetry retry;
  @Autowired EnrollmentNotices notices;

  ApiClient city;

  /** The worker applies; an employer the register does not know sends it to the city. */
  long applied() {
    String scene = qrcode(countyId, true).get("sceneStr").asString();
    formUntilConfirmation(openid, scene, "王五", idNumber(), token + "不在库里的修车铺");
    assertThat(say("1")).contains("已提交").contains(cityName);
    city = user("ORG_ADMIN", cityId);
    return enrollmentOf(openid);
  }

  Res approve(long id) {
    Res r = city.post("/enrollments/" + id + "/approve", null);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r;
  }

  String noticeStatus(long id) {
    Res view = city.get("/enrollments/" + id);
    assertThat(view.status()).as(view.raw()).isEqualTo(200);
    return view.get("noticeStatus").asString();
  }

  /** The requests to {@code path} that name this test's worker. */
  List<Request> toWorker(String path) {
    return weChat.received(path).stream().filter(r -> r.body().contains(openid)).toList();
  }

  Duration untilNextAttempt(long id) {
    LocalDateTime next =
        jdbc.queryForObject(
            "SELECT next_at FROM enroll_notice WHERE enrollment_id = ?", LocalDateTime.class, id);
    return Duration.between(LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE), next);
  }

  void retryRuns() {
    assertThat(retry.run(Duration.ofSeconds(5))).isPresent();
  }

  @Test
  void anApprovalWhileWeChatRefusesConnectionsIsNotifiedOnceWeChatIsBack() throws IOException {
    long id = applied();
    weChat.refuseConnections();

    Res approved = approve(id);
    String number = approved.get("memberNumber").asString();
    assertThat(approved.get("noticeStatus").asString()).isEqualTo("PENDING");
    assertThat(untilNextAttempt(id)).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(61));

    // The second attempt, a minute later, fails too: the wait doubles.
    clock.advance(Duration.ofSeconds(61));
    retryRuns();
    assertThat(untilNextAttempt(id)).isBetween(Duration.ofSeconds(119), Duration.ofSeconds(121));
    assertThat(noticeStatus(id)).isEqualTo("PENDING");

    weChat.acceptConnections();
    clock.advance(Duration.ofSeconds(61));
    retryRuns();
    assertThat(toWorker(CUSTOM)).as("not due before its two minutes").isEmpty();
    clock.advance(Duration.ofSeconds(60));
    retryRuns();

    assertThat(toWorker(CUSTOM))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.treatment()).isEqualTo(Treatment.ANSWERED);
              assertThat(r.body()).contains("恭喜！您的入会申请已通过，欢迎加入" + cityName).contains(number);
            });
    assertThat(noticeStatus(id)).isEqualTo("SENT");
    assertThat(
            jdbc.queryForMap("SELECT attempts, via FROM enroll_notice WHERE enrollment_id = ?", id))
        .containsEntry("attempts", 3)
        .containsEntry("via", "CUSTOM");
    clock.advance(Duration.ofHours(2));
    retryRuns();
    assertThat(toWorker(CUSTOM)).hasSize(1);
    assertThat(toWorker(TEMPLATE)).isEmpty();
  }

  @Test
  void aNoticeWeChatTookTooLongToAcknowledgeIsUncertainAndNeverSentAgain() {
    long id = applied();
    weChat.delayNext(CUSTOM, 1, LATE);

    long began = System.nanoTime();
    Res approved = approve(id);
    Duration took = Duration.ofNanos(System.nanoTime() - began);

    assertThat(approved.get("status").asString()).isEqualTo("APPROVED");
    assertThat(approved.get("noticeStatus").asString()).isEqualTo("UNCERTAIN");
    assertThat(took).as("the reviewer waits for the read timeout, not for WeChat").isLessThan(LATE);
    assertThat(toWorker(CUSTOM)).hasSize(1);

    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(61));
      retryRuns();
    }
    assertThat(toWorker(CUSTOM)).as("WeChat had that one request and no other").hasSize(1);
    assertThat(toWorker(TEMPLATE)).isEmpty();
    assertThat(noticeStatus(id)).isEqualTo("UNCERTAIN");
  }

  @Test
  void aRejectionIsNotifiedOnceWithItsReason() {
    long id = applied();

    Res rejected = city.post("/enrollments/" + id + "/reject", Map.of("reason", "请补充劳动合同"));

    assertThat(rejected.status()).as(rejected.raw()).isEqualTo(200);
    assertThat(rejected.get("noticeStatus").asString()).isEqualTo("SENT");
    assertThat(toWorker(CUSTOM))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.body())
                    .contains("很抱歉，您的入会申请未通过审核。")
                    .contains("原因：请补充劳动合同")
                    .contains("如有疑问请联系" + cityName));
    clock.advance(Duration.ofHours(1));
    retryRuns();
    assertThat(toWorker(CUSTOM)).hasSize(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM enroll_notice WHERE enrollment_id = ?", Integer.class, id))
        .isEqualTo(1);
  }

  @Test
  void aNoticeWhoseNodeStoppedMidSendIsUncertainAndNotSentAgain() throws IOException {
    long id = applied();
    weChat.refuseConnections();
    assertThat(approve(id).get("noticeStatus").asString()).isEqualTo("PENDING");
    weChat.acceptConnections();
    // A node claims the retry and is killed while its request is on the wire: the row stays as
    // the claim wrote it, and no outcome is recorded.
    clock.advance(Duration.ofSeconds(61));
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
    assertThat(
            jdbc.update(
                "UPDATE enroll_notice SET attempts = attempts + 1, sending_since = ?, next_at = ?"
                    + " WHERE enrollment_id = ? AND status = 'PENDING' AND sending_since IS NULL"
                    + " AND next_at <= ?",
                now,
                now.plus(NoticeOutbox.LEASE),
                id,
                now))
        .isEqualTo(1);

    retryRuns();
    assertThat(noticeStatus(id)).as("within the lease nobody touches it").isEqualTo("PENDING");
    clock.advance(NoticeOutbox.LEASE.plusSeconds(1));
    retryRuns();

    assertThat(noticeStatus(id)).isEqualTo("UNCERTAIN");
    clock.advance(Duration.ofHours(2));
    retryRuns();
    assertThat(toWorker(CUSTOM)).isEmpty();
  }

  @Test
  void aNoticeThatNeverGetsThroughFailsAfterItsLastAttempt() throws IOException {
    long id = applied();
    weChat.refuseConnections();
    approve(id);
    // Waits of 1, 2, 4 and 8 minutes between the 5 attempts.
    for (int i = 0; i < 4; i++) {
      assertThat(noticeStatus(id)).isEqualTo("PENDING");
      clock.advance(Duration.ofMinutes(9));
      retryRuns();
    }
    assertThat(noticeStatus(id)).isEqualTo("FAILED");
    assertThat(
            jdbc.queryForObject(
                "SELECT attempts FROM enroll_notice WHERE enrollment_id = ?", Integer.class, id))
        .isEqualTo(5);
    weChat.acceptConnections();
    clock.advance(Duration.ofHours(1));
    retryRuns();
    assertThat(toWorker(CUSTOM)).isEmpty();
  }

  @Test
  void twoNodesTryingTheSameNoticeSendItOnce() throws Exception {
    long id = applied();
    weChat.refuseConnections();
    approve(id);
    weChat.acceptConnections();
    clock.advance(Duration.ofSeconds(61));
    long noticeId =
        jdbc.queryForObject("SELECT id FROM enroll_notice WHERE enrollment_id = ?", Long.class, id);
    // WeChat answers slowly, within the read timeout: both attempts overlap.
    weChat.delayNext(CUSTOM, 1, READ_TIMEOUT.dividedBy(2));
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<WorkerChannel.Delivery>> tries =
          List.of(
              nodes.submit(
                  () -> {
                    start.await();
                    return notices.deliver(noticeId);
                  }),
              nodes.submit(
                  () -> {
                    start.await();
                    return notices.deliver(noticeId);
                  }));
      start.countDown();
      long sent = 0;
      for (Future<WorkerChannel.Delivery> t : tries) {
        if (t.get(10, TimeUnit.SECONDS) != null) {
          sent++;
        }
      }
      assertThat(sent).as("one node claimed the attempt").isEqualTo(1);
    } finally {
      nodes.shutdownNow();
    }
    assertThat(toWorker(CUSTOM)).hasSize(1);
    assertThat(noticeStatus(id)).isEqualTo("SENT");
  }
}
