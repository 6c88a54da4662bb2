package cn.union.wechat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's callback signatures and safe-mode (AES) message encryption. Plaintext layout: 16 random
 * bytes, 4-byte big-endian length, the XML, the appid; AES-256-CBC with the first 16 key bytes as
 * IV and PKCS#7 padding to 32-byte blocks.
 */
public final class WxCrypto {

  private static final int BLOCK = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String appId;
  private final byte[] key;

  public WxCrypto(String appId, String encodingAesKey) {
    if (encodingAesKey == null || encodingAesKey.length() != 43) {
      throw new IllegalArgumentException("EncodingAESKey must be 43 characters");
    }
    this.appId = appId;
    this.key = Base64.getDecoder().decode(encodingAesKey + "=");
  }

  /**
   * sha1 of the sorted parts joined, as WeChat computes {@code signature} and {@code
   * msg_signature}.
   */
  public static String signature(String... parts) {
    String[] sorted = parts.clone();
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] == null) {
        sorted[i] = "";
      }
    }
    Arrays.sort(sorted);
    MessageDigest sha1 = SHA1.get();
    sha1.reset();
    return HexFormat.of()
        .formatHex(sha1.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Looking a digest up in the JCA providers costs more than hashing a signature; one per thread.
   */
  private static final ThreadLocal<MessageDigest> SHA1 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-1 is part of every JDK", e);
            }
          });

  /** Constant-time comparison of a received signature with the expected one. */
  public static boolean signatureMatches(String received, String... parts) {
    if (received == null) {
      return false;
    }
    byte[] expected = signature(parts).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(
        expected, received.toLowerCase().getBytes(StandardCharsets.US_ASCII));
  }

  public String encrypt(String xml) {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return encrypt(random, xml);
  }

  /** Encrypts with given random bytes; public so a published test vector can be checked. */
  public String encrypt(byte[] random16, String xml) {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    byte[] app = appId.getBytes(StandardCharsets.UTF_8);
    int length = 16 + 4 + body.length + app.length;
    int pad = BLOCK - (length % BLOCK);
    ByteBuffer buf = ByteBuffer.allocate(length + pad);
    buf.put(random16, 0, 16).putInt(body.length).put(body).put(app);
    for (int i = 0; i < pad; i++) {
      buf.put((byte) pad);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
      return Base64.getEncoder().encodeToString(cipher.doFinal(buf.array()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Decrypts an {@code Encrypt} value and checks that it was meant for our appid.
   *
   * @throws WxCryptoException when the data is not a valid message for this account
   */
  public String decrypt(String encrypted) {
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
      plain = cipher.doFinal(Base64.getDecoder().decode(encrypted.trim()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new WxCryptoException("cannot decrypt message", e);
    }
    if (plain.length < BLOCK) {
      // Random prefix (16) and length (4) at least; an empty or one-block Encrypt is not a message.
      throw new WxCryptoException("too short", null);
    }
    int pad = plain[plain.length - 1] & 0xff;
    if (pad < 1 || pad > BLOCK || pad > plain.length - 20) {
      throw new WxCryptoException("bad padding", null);
    }
    int end = plain.length - pad;
    int xmlLength = ByteBuffer.wrap(plain, 16, 4).getInt();
    if (xmlLength < 0 || 20 + xmlLength > end) {
      throw new WxCryptoException("bad length", null);
    }
    String xml = new String(plain, 20, xmlLength, StandardCharsets.UTF_8);
    String tail = new String(plain, 20 + xmlLength, end - 20 - xmlLength, StandardCharsets.UTF_8);
    if (!tail.equals(appId)) {
      throw new WxCryptoException("message is for another appid", null);
    }
    return xml;
  }

  /** The message is not a valid encrypted message for this account. */
  public static final class WxCryptoException extends RuntimeException {
    public WxCryptoException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
