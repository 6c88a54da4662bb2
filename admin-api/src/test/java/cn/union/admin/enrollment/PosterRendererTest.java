package cn.union.admin.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The poster's font rule: a CJK font named by the layout, or a refusal that says what to install.
 */
class PosterRendererTest {

  @Test
  void withoutAnyOfTheLayoutsFontsThePosterIsRefusedNotDrawnWithBoxes() {
    Properties layout = PosterRenderer.load();
    layout.setProperty("fonts", "No Such Font A, No Such Font B");
    PosterRenderer renderer = new PosterRenderer(layout);
    assertThatThrownBy(() -> renderer.render("宜昌市总工会", "海报", "http://weixin.qq.com/q/x"))
        .isInstanceOf(PosterRenderer.NoCjkFontException.class)
        .hasMessageContaining("No Such Font A")
        .hasMessageContaining("fonts-noto-cjk");
  }

  @Test
  void theShippedLayoutFindsAFontThatDrawsChinese() {
    // .ci/run installs fonts-noto-cjk; the poster must not depend on a font that lacks Chinese.
    String family = new PosterRenderer().fontFamily("宜昌市总工会扫码加入工会");
    assertThat(family).containsAnyOf("CJK", "Han", "WenQuanYi");
  }
}
