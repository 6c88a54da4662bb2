package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class MenuServiceTest {

  final MenuService menus =
      new MenuService(
          null,
          JsonMapper.builder().build(),
          new WxProperties("wx1", "s", "t", null, null, false, Duration.ofSeconds(4)));

  @Test
  void theShippedMenuIsValid() {
    assertThat(menus.validate(menus.loadMenuJson())).isEmpty();
  }

  @Test
  void catchesEveryLimit() {
    String tooMany =
        "{\"button\":["
            + "{\"type\":\"click\",\"name\":\"一\",\"key\":\"A\"},".repeat(3)
            + "{\"type\":\"click\",\"name\":\"六个汉字的名\",\"key\":\"B\"}]}";
    assertThat(menus.validate(tooMany))
        .anyMatch(p -> p.contains("at most 3 top-level"))
        .anyMatch(p -> p.contains("六个汉字的名") && p.contains("18 bytes, at most 16"));
    String subs =
        "{\"button\":[{\"name\":\"服务\",\"sub_button\":["
            + "{\"type\":\"click\",\"name\":\"a\",\"key\":\"K\"},".repeat(5)
            + "{\"type\":\"view\",\"name\":\"b\",\"url\":\"\"}]}]}";
    assertThat(menus.validate(subs))
        .anyMatch(p -> p.contains("6 sub-buttons"))
        .anyMatch(p -> p.contains("url of 'b' is empty"));
    assertThat(
            menus.validate(
                "{\"button\":[{\"type\":\"click\",\"name\":\"x\",\"key\":\""
                    + "k".repeat(129)
                    + "\"}]}"))
        .anyMatch(p -> p.contains("129 bytes"));
    assertThat(menus.validate("{\"button\":[]}")).isNotEmpty();
  }
}
