package cn.union.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A {@link FakeWeChatApi} for one test class that makes it fail the ways a network and a busy
 * service do, with the application's timeouts to it cut to a second. It listens from the class's
 * start, listens again and forgets what it received before each test, and closes after the class.
 *
 * <pre>{@code
 * @RegisterExtension static final WeChatWithFaults faults = new WeChatWithFaults("X-", APP_ID);
 * static final FakeWeChatApi weChat = faults.api();
 *
 * @DynamicPropertySource
 * static void weChatBehindTheNetwork(DynamicPropertyRegistry registry) {
 *   faults.properties(registry);
 * }
 * }</pre>
 */
public final class WeChatWithFaults implements BeforeEachCallback, AfterAllCallback {

  /** The application's read timeout for WeChat's API. */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  /** Longer than the read timeout: the client has given up before WeChat answers. */
  public static final Duration LATE = READ_TIMEOUT.multipliedBy(3);

  private final FakeWeChatApi api;
  private final String appId;

  /**
   * @param tokenPrefix the prefix of the access tokens the fake issues
   * @param appId an appid of the class's own, so its access token in the shared Redis is not the
   *     other tests'
   */
  public WeChatWithFaults(String tokenPrefix, String appId) {
    try {
      this.api = new FakeWeChatApi(tokenPrefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.appId = appId;
  }

  public FakeWeChatApi api() {
    return api;
  }

  /** Points the application at the fake, under the class's appid, with the short timeouts. */
  public void properties(DynamicPropertyRegistry registry) {
    registry.add("union.wx.api-base", api::base);
    registry.add("union.wx.app-id", () -> appId);
    registry.add("union.wx.http.connect-timeout", () -> "500ms");
    registry.add("union.wx.http.read-timeout", () -> READ_TIMEOUT.toMillis() + "ms");
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    api.acceptConnections();
    api.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    api.close();
  }
}
