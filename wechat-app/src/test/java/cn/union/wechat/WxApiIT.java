package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.notify.WorkerChannel;
import cn.union.sandbox.SandboxWeChat;
import cn.union.support.IntegrationTest;
import cn.union.support.WxClient;
import me.chanjar.weixin.mp.api.WxMpService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;

/** The real WxJava client against the sandbox over HTTP: tokens, refresh, menu, messages. */
class WxApiIT extends IntegrationTest {

  @Autowired SandboxWeChat sandbox;
  @Autowired WorkerChannel channel;
  @Autowired MenuService menus;
  @Autowired WxMpService wx;
  @Autowired WxProperties props;
  @Autowired RedissonClient redisson;

  @BeforeEach
  void clean() {
    sandbox.reset();
  }

  /** The worker writes to the account, which opens the customer-service window for them. */
  String wrote(String openid) {
    WxClient client =
        new WxClient(
            "http://127.0.0.1:" + port, props.token(), props.appId(), props.aesKey(), clock);
    assertThat(client.say(openid, "你好").status()).isEqualTo(200);
    return openid;
  }

  @Test
  void theAccessTokenIsSharedInRedisUnderTheDocumentedKey() throws Exception {
    wx.getAccessToken(true);
    Object stored = redisson.getBucket("wx:access_token:" + props.appId()).get();
    assertThat(stored).isNotNull().asString().startsWith("sandbox-token-");
    int issued = sandbox.tokensIssued();
    wrote("oTokenReuse");
    assertThat(channel.sendText("oTokenReuse", "一").status()).isEqualTo(WorkerChannel.Status.SENT);
    assertThat(channel.sendText("oTokenReuse", "二").status()).isEqualTo(WorkerChannel.Status.SENT);
    assertThat(sandbox.tokensIssued()).as("no fetch per request").isEqualTo(issued);
  }

  @Test
  void aStaleTokenIsRefreshedOnceAndTheCallRetried() {
    channel.sendText(wrote("oWarmUp"), "warm");
    wrote("oRefresh000001");
    int issued = sandbox.tokensIssued();
    sandbox.invalidateToken();

    WorkerChannel.Delivery delivery = channel.sendText("oRefresh000001", "您的求助已答复");

    assertThat(delivery.status()).isEqualTo(WorkerChannel.Status.SENT);
    assertThat(sandbox.tokensIssued()).isEqualTo(issued + 1);
    assertThat(sandbox.calls("/cgi-bin/message/custom/send"))
        .filteredOn(c -> c.body().contains("oRefresh000001"))
        .extracting(SandboxWeChat.Call::errcode)
        .containsExactly(40001, 0);
  }

  @Test
  void aCustomMessageOutsideTheWindowIsReportedFailed() {
    // WeChat says the window is closed although our tracking thought it open.
    sandbox.failNext("/cgi-bin/message/custom/send", 45015);
    WorkerChannel.Delivery delivery = channel.sendText(wrote("oClosedWindow01"), "答复");
    assertThat(delivery.status()).isEqualTo(WorkerChannel.Status.FAILED);
    assertThat(delivery.detail()).contains("45015");
    assertThat(sandbox.calls("/cgi-bin/message/custom/send")).hasSize(1);
  }

  @Test
  void aWorkerWhoNeverWroteIsNotSentACustomMessageAtAll() {
    WorkerChannel.Delivery delivery = channel.sendText("oNeverWrote0001", "答复");
    assertThat(delivery.status()).isEqualTo(WorkerChannel.Status.FAILED);
    assertThat(delivery.detail()).contains("窗口已关闭");
    assertThat(sandbox.calls("/cgi-bin/message/custom/send")).isEmpty();
  }

  @Test
  void theMenuIsValidatedAndPushed() throws Exception {
    menus.push();
    assertThat(sandbox.delivered("/cgi-bin/menu/create"))
        .singleElement()
        .satisfies(c -> assertThat(c.body()).contains("\"ABOUT\""));
  }
}
