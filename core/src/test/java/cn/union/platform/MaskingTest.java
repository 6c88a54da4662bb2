package cn.union.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void masksAsTheConsoleShowsThem() {
    assertThat(Masking.idNumber("321084199001012119")).isEqualTo("3210**********2119");
    assertThat(Masking.mobile("13800138000")).isEqualTo("138****8000");
    assertThat(Masking.openid("oUser1234567890")).isEqualTo("oUser1***");
    assertThat(Masking.idNumber("1234")).isEqualTo("****");
    assertThat(Masking.mobile(null)).isNull();
  }

  @Test
  void masksPhoneAndIdNumberRunsInFreeText() {
    assertThat(Masking.digitRuns("我的手机13800138000，请回电")).isEqualTo("我的手机*******8000，请回电");
    assertThat(Masking.digitRuns("身份证32108419900101211X")).isEqualTo("身份证**************211X");
    assertThat(Masking.digitRuns("电话 138 0013 8000 或 138-0013-8001"))
        .isEqualTo("电话 *** **** 8000 或 ***-****-8001");
    assertThat(Masking.digitRuns("<Content>13800138000</Content><MsgId>1234</MsgId>"))
        .isEqualTo("<Content>*******8000</Content><MsgId>1234</MsgId>");
    // Short numbers (a date, an amount, a case number's digits) stay; text without a run is the
    // same instance.
    String plain = "2026年3月拖欠工资12000元，编号HB-20260301-000123";
    assertThat(Masking.digitRuns(plain)).isSameAs(plain);
    assertThat(Masking.digitRuns(null)).isNull();
    assertThat(Masking.digitRuns("1")).isEqualTo("1");
  }
}
