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
}
