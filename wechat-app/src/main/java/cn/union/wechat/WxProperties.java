package cn.union.wechat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The official account's settings ({@code WX_*} variables). {@code toString} leaves the secrets out
 * so a stray log line cannot leak them.
 *
 * @param apiBase base URL of the WeChat API host; blank means this app's own sandbox
 * @param replyTimeout how long a passive reply may take before we answer {@code success} and
 *     deliver the result later by API (WeChat gives up after 5 s)
 */
@ConfigurationProperties("union.wx")
public record WxProperties(
    String appId,
    String secret,
    String token,
    String aesKey,
    String apiBase,
    boolean pushMenuOnStart,
    Duration replyTimeout) {

  public WxProperties {
    if (replyTimeout == null) {
      replyTimeout = Duration.ofSeconds(4);
    }
    if (aesKey != null && aesKey.isBlank()) {
      aesKey = null;
    }
  }

  public boolean safeModeConfigured() {
    return aesKey != null;
  }

  @Override
  public String toString() {
    return "WxProperties[appId="
        + appId
        + ", apiBase="
        + apiBase
        + ", safeMode="
        + safeModeConfigured()
        + "]";
  }
}
