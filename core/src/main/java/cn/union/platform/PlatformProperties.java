package cn.union.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Deployment settings that are not WeChat's: where Redis is, where the local data folder is, and
 * the key that protects personal data at rest.
 *
 * @param redisUrl {@code redis://host:port[/db]}; blank means start an embedded Redis
 * @param dataDir folder for the H2 file, the generated data key and other local state
 * @param dataKey base64 of 32 bytes; blank means generate once under {@code dataDir}
 * @param embedded whether embedded fall-backs (Redis, generated key, sandbox) are allowed
 */
@ConfigurationProperties("union")
public record PlatformProperties(
    String redisUrl, String dataDir, String dataKey, boolean embedded) {

  public PlatformProperties {
    if (dataDir == null || dataDir.isBlank()) {
      dataDir = "./data";
    }
  }
}
