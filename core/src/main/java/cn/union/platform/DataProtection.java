package cn.union.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Protects personal data at rest (PIPL): AES-256-GCM for values that must be read back, and a keyed
 * hash (HMAC-SHA256) for lookups and uniqueness, so an ID number can be found without being stored
 * in the clear. Both keys derive from {@code DATA_KEY}.
 */
@Component
public class DataProtection {

  private static final Logger log = LoggerFactory.getLogger(DataProtection.class);
  private static final int IV_BYTES = 12;
  private static final String VERSION = "v1:";

  private final SecretKeySpec encryptionKey;
  private final SecretKeySpec lookupKey;
  private final SecretKeySpec chainKey;
  private final SecureRandom random = new SecureRandom();

  public DataProtection(PlatformProperties props) {
    byte[] master = loadMasterKey(props);
    this.encryptionKey = new SecretKeySpec(derive(master, "encrypt"), "AES");
    this.lookupKey = new SecretKeySpec(derive(master, "lookup"), "HmacSHA256");
    this.lookupMac = ThreadLocal.withInitial(() -> mac(lookupKey));
    this.chainKey = new SecretKeySpec(derive(master, "audit-chain"), "HmacSHA256");
  }

  /** Encrypts a value; {@code null} stays {@code null}. */
  public String encrypt(String plain) {
    if (plain == null) {
      return null;
    }
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, iv));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + sealed.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(sealed, 0, out, iv.length, sealed.length);
      return VERSION + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt personal data", e);
    }
  }

  /** Decrypts what {@link #encrypt} produced; fails loudly on a wrong key or altered data. */
  public String decrypt(String sealed) {
    if (sealed == null) {
      return null;
    }
    if (!sealed.startsWith(VERSION)) {
      throw new IllegalArgumentException("not an encrypted value");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, in, 0, IV_BYTES));
      byte[] plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "personal data cannot be decrypted (wrong DATA_KEY or altered row)", e);
    }
  }

  /**
   * Keyed hash of the audit chain (its own key, derived from {@code DATA_KEY} like the others): a
   * record's hash cannot be recomputed by someone who can edit the database but has not the key.
   */
  public String chainHash(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(chainKey);
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot compute the audit chain hash", e);
    }
  }

  /** Keyed hash for lookups: same input, same output; useless without the key. */
  public String lookupHash(String plain) {
    if (plain == null) {
      return null;
    }
    // doFinal leaves the Mac ready for the next input with the same key
    return HexFormat.of()
        .formatHex(lookupMac.get().doFinal(plain.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * One initialised lookup-hash Mac per thread: every vote and every lookup by ID number hashes,
   * and neither the provider lookup nor the key set-up need repeating for each call.
   */
  private final ThreadLocal<Mac> lookupMac;

  private static Mac mac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot hash personal data", e);
    }
  }

  private static byte[] derive(byte[] master, String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(master, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] loadMasterKey(PlatformProperties props) {
    if (props.dataKey() != null && !props.dataKey().isBlank()) {
      return decodeKey(props.dataKey().trim(), "DATA_KEY");
    }
    if (!props.embedded()) {
      throw new IllegalStateException("DATA_KEY is required outside the embedded default");
    }
    Path file = Path.of(props.dataDir(), "data.key");
    try {
      if (Files.exists(file)) {
        return decodeKey(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
      }
      Files.createDirectories(file.getParent());
      byte[] key = new byte[32];
      random.nextBytes(key);
      Files.writeString(
          file,
          Base64.getEncoder().encodeToString(key),
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      restrictToOwner(file);
      log.warn(
          "Generated a data key at {}; keep it: personal data cannot be read without it", file);
      return key;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read or create the data key at " + file, e);
    }
  }

  private static void restrictToOwner(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      log.warn("Could not restrict permissions of {}: {}", file, e.getMessage());
    }
  }

  private static byte[] decodeKey(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(source + " is not valid base64", e);
    }
    if (key.length != 32) {
      throw new IllegalStateException(source + " must be 32 bytes (base64), got " + key.length);
    }
    return key;
  }
}
