package cn.union.enrollment;

/** Asks WeChat for a QR code that carries a scene string. Implemented by the WeChat gateway. */
public interface QrCodeIssuer {

  /**
   * @param url what the QR code encodes (drawn locally at print quality)
   * @param expireSeconds for a temporary code, its life; {@code null} for a permanent one
   */
  record Issued(String ticket, String url, Integer expireSeconds) {}

  /**
   * Creates a permanent code ({@code QR_LIMIT_STR_SCENE}) when {@code expireSeconds} is null, a
   * temporary one ({@code QR_STR_SCENE}) otherwise.
   *
   * @throws IllegalStateException when WeChat refuses; the message carries WeChat's error code
   */
  Issued issue(String sceneStr, Integer expireSeconds);
}
