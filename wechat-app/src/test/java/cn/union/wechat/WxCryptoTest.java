package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WxCryptoTest {

  // Tencent's published WXBizMsgCrypt sample parameters.
  static final String TOKEN = "pamtest";
  static final String APP_ID = "wxb11529c136998cb6";
  static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static final String SAMPLE_CIPHERTEXT =
      "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";

  @Test
  void decryptsTencentsSampleVector() {
    assertThat(new WxCrypto(APP_ID, AES_KEY).decrypt(SAMPLE_CIPHERTEXT)).isEqualTo("我是中文abcd123");
  }

  @Test
  void encryptsTencentsSampleVectorByteForByte() {
    byte[] random = "aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII);
    assertThat(new WxCrypto(APP_ID, AES_KEY).encrypt(random, "我是中文abcd123"))
        .isEqualTo(SAMPLE_CIPHERTEXT);
  }

  @Test
  void refusesTheSampleUnderAnotherAppid() {
    assertThatThrownBy(() -> new WxCrypto("wx0000000000000000", AES_KEY).decrypt(SAMPLE_CIPHERTEXT))
        .isInstanceOf(WxCrypto.WxCryptoException.class);
  }

  @Test
  void refusesGarbage() {
    assertThatThrownBy(() -> new WxCrypto(APP_ID, AES_KEY).decrypt("bm90IGVuY3J5cHRlZA=="))
        .isInstanceOf(WxCrypto.WxCryptoException.class);
  }

  @Test
  void roundTripsLongChineseXml() {
    WxCrypto crypto = new WxCrypto(APP_ID, AES_KEY);
    String xml = "<xml><Content><![CDATA[" + "劳动争议".repeat(300) + "]]></Content></xml>";
    assertThat(crypto.decrypt(crypto.encrypt(xml))).isEqualTo(xml);
  }

  @Test
  void signatureSortsItsParts() {
    // sha1("1409304348" + "pamtest" + "xxxxxx") in lexicographic order
    assertThat(WxCrypto.signature(TOKEN, "1409304348", "xxxxxx"))
        .isEqualTo(WxCrypto.signature("xxxxxx", TOKEN, "1409304348"))
        .hasSize(40);
    assertThat(WxCrypto.signatureMatches(WxCrypto.signature(TOKEN, "1", "2"), TOKEN, "1", "2"))
        .isTrue();
    assertThat(WxCrypto.signatureMatches(WxCrypto.signature(TOKEN, "1", "2"), TOKEN, "1", "3"))
        .isFalse();
    assertThat(WxCrypto.signatureMatches(null, TOKEN, "1", "2")).isFalse();
  }
}
