package cn.union.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The part of an employer's name after its leading place, which the register's name search indexes.
 */
class EmployerNamesTest {

  @Test
  void administrativePlacesAreLeftOut() {
    assertThat(EmployerNames.core("湖北省宜昌市西陵区长江机械有限公司")).isEqualTo("长江机械有限公司");
    assertThat(EmployerNames.core("宜昌市三峡物流有限公司")).isEqualTo("三峡物流有限公司");
    assertThat(EmployerNames.core("恩施土家族苗族自治州民族酒店")).isEqualTo("民族酒店");
  }

  @Test
  void aPlaceWithoutItsSuffixIsTakenAsTheFirstTwoCharacters() {
    assertThat(EmployerNames.core("宜昌123号机械制造有限公司")).isEqualTo("123号机械制造有限公司");
    assertThat(EmployerNames.core("襄阳重工")).isEqualTo("重工");
  }

  @Test
  void aShortNameIsItsOwnCore() {
    assertThat(EmployerNames.core("重工")).isEqualTo("重工");
    assertThat(EmployerNames.core("宜昌市")).isEqualTo("宜昌市");
  }
}
