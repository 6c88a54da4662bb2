package cn.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every text in templates/copy renders with sample data, with no placeholder left over. */
class CopyTest {

  @Test
  void everyTemplateRendersWithSampleData() throws IOException {
    List<String> features;
    try (Stream<Path> files = Files.list(Path.of("../templates/copy"))) {
      features =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".properties"))
              .map(n -> n.substring(0, n.length() - ".properties".length()))
              .toList();
    }
    assertThat(features).contains("wechat");
    for (String feature : features) {
      Copy copy = Copy.load(feature);
      assertThat(copy.keys()).as(feature).isNotEmpty();
      for (String key : copy.keys()) {
        Map<String, Object> sample = new HashMap<>();
        for (String name : copy.placeholders(key)) {
          sample.put(name, "«" + name + "»");
        }
        String text = copy.render(key, sample);
        assertThat(text)
            .as(feature + "." + key)
            .isNotBlank()
            .doesNotContain("{")
            .doesNotContain("}");
        for (String name : copy.placeholders(key)) {
          assertThat(text).contains("«" + name + "»");
        }
      }
    }
  }

  @Test
  void aMissingValueIsAnErrorNotAHole() {
    Copy copy = Copy.load("wechat");
    assertThatThrownBy(() -> copy.render("media_received", Map.of())).hasMessageContaining("kind");
    assertThatThrownBy(() -> copy.text("no_such_key")).hasMessageContaining("no_such_key");
  }
}
