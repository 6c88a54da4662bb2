package cn.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataProtectionTest {

  static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void encryptsWithAFreshIvAndReadsBack() {
    DataProtection dp = new DataProtection(new PlatformProperties(null, "unused", KEY, false));
    String a = dp.encrypt("321084199001012119");
    String b = dp.encrypt("321084199001012119");
    assertThat(a).isNotEqualTo(b).doesNotContain("3210841990");
    assertThat(dp.decrypt(a)).isEqualTo("321084199001012119");
    assertThat(dp.lookupHash("321084199001012119"))
        .isEqualTo(dp.lookupHash("321084199001012119"))
        .hasSize(64);
  }

  @Test
  void anAlteredValueOrAnotherKeyFailsLoudly() {
    DataProtection dp = new DataProtection(new PlatformProperties(null, "unused", KEY, false));
    String sealed = dp.encrypt("13800138000");
    char[] chars = sealed.toCharArray();
    chars[10] = chars[10] == 'A' ? 'B' : 'A';
    assertThatThrownBy(() -> dp.decrypt(new String(chars)))
        .isInstanceOf(IllegalStateException.class);
    byte[] other = new byte[32];
    other[0] = 1;
    DataProtection dp2 =
        new DataProtection(
            new PlatformProperties(
                null, "unused", Base64.getEncoder().encodeToString(other), false));
    assertThatThrownBy(() -> dp2.decrypt(sealed)).isInstanceOf(IllegalStateException.class);
    assertThat(dp2.lookupHash("x")).isNotEqualTo(dp.lookupHash("x"));
  }

  @Test
  void generatesTheKeyOnceInTheEmbeddedDefault(@TempDir Path dir) throws Exception {
    DataProtection first =
        new DataProtection(new PlatformProperties(null, dir.toString(), null, true));
    String sealed = first.encrypt("秘密");
    assertThat(Files.exists(dir.resolve("data.key"))).isTrue();
    DataProtection again =
        new DataProtection(new PlatformProperties(null, dir.toString(), null, true));
    assertThat(again.decrypt(sealed)).isEqualTo("秘密");
  }

  @Test
  void refusesToRunWithoutAKeyOutsideTheEmbeddedDefault() {
    assertThatThrownBy(() -> new DataProtection(new PlatformProperties(null, "x", null, false)))
        .hasMessageContaining("DATA_KEY");
    assertThatThrownBy(
            () -> new DataProtection(new PlatformProperties(null, "x", "c2hvcnQ=", false)))
        .hasMessageContaining("32 bytes");
  }
}
