package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.IntegrationTest;
import cn.union.support.WxClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the inbound log keeps of a worker's messages, and for how long. */
class InboundPrivacyIT extends IntegrationTest {

  @Autowired WxProperties props;
  @Autowired JdbcTemplate jdbc;
  @Autowired InboundRetention retention;

  WxClient wx;
  String openid;

  @BeforeEach
  void setUp() {
    wx = new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
    openid = "oPii" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  @Test
  void phonesAndIdNumbersTypedByAWorkerAreMaskedInTheLog() {
    assertThat(wx.say(openid, "我的电话是13912345678，身份证42050219850611123X").status()).isEqualTo(200);
    wx.safeMode(true);
    assertThat(wx.say(openid, "手机 139 1234 5679").status()).isEqualTo(200);
    assertThat(wx.say(openid, "拖欠工资12000元").status()).isEqualTo(200);
    var rows =
        jdbc.queryForList(
            "SELECT content, payload FROM wx_inbound WHERE openid = ? ORDER BY id", openid);
    assertThat(rows).hasSize(3);
    for (Map<String, Object> row : rows) {
      assertThat(row.values().toString())
          .doesNotContain("13912345678", "1234567", "4205021985061", "139 1234 5679");
    }
    assertThat(rows.get(0).get("content").toString())
        .contains("*******5678")
        .contains("**************123X");
    assertThat(rows.get(0).get("payload").toString()).contains("*******5678");
    assertThat(rows.get(1).get("content").toString()).isEqualTo("手机 *** **** 5679");
    // Nothing to hide: kept as typed.
    assertThat(rows.get(2).get("content").toString()).isEqualTo("拖欠工资12000元");
  }

  @Test
  void messagesOlderThanTheRetentionPeriodArePurgedWithTheirOutcomes() {
    assertThat(wx.say(openid, "帮助").status()).isEqualTo(200);
    long old =
        jdbc.queryForObject("SELECT id FROM wx_inbound WHERE openid = ?", Long.class, openid);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM wx_inbound_outcome WHERE inbound_id = ?", Integer.class, old))
        .isEqualTo(1);
    clock.advance(Duration.ofDays(179));
    retention.purge();
    assertThat(
            jdbc.queryForObject("SELECT COUNT(*) FROM wx_inbound WHERE id = ?", Integer.class, old))
        .isEqualTo(1);

    // Well past any moment other tests moved the clock to, so their messages count as old too.
    clock.advance(Duration.ofDays(400));
    assertThat(wx.say(openid, "帮助").status()).isEqualTo(200);
    assertThat(retention.purge()).isPositive();
    assertThat(
            jdbc.queryForObject("SELECT COUNT(*) FROM wx_inbound WHERE id = ?", Integer.class, old))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM wx_inbound_outcome WHERE inbound_id = ?", Integer.class, old))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM wx_inbound WHERE openid = ?", Integer.class, openid))
        .isEqualTo(1);
  }
}
