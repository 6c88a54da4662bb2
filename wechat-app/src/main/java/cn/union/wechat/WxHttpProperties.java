package cn.union.wechat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounds of every call to WeChat's API ({@code union.wx.http.*}). A call that hangs holds a thread
 * (an informant's answer in the console, a job, a handler whose reply goes by API), so each part of
 * a call has a limit, and the limit says what a failure means (see {@link WxFailure}).
 *
 * @param connectTimeout to open a connection, and to wait for a free one; a call that fails here
 *     never reached WeChat
 * @param readTimeout the longest silence from WeChat once the request is sent; a call that fails
 *     here may or may not have been acted on
 * @param tokenAttempts attempts at fetching the access token (repeating it does no harm) before the
 *     call that needed it fails
 */
@ConfigurationProperties("union.wx.http")
public record WxHttpProperties(Duration connectTimeout, Duration readTimeout, int tokenAttempts) {

  public WxHttpProperties {
    if (connectTimeout == null) {
      connectTimeout = Duration.ofSeconds(2);
    }
    if (readTimeout == null) {
      readTimeout = Duration.ofSeconds(5);
    }
    if (tokenAttempts < 1) {
      tokenAttempts = 2;
    }
  }
}
