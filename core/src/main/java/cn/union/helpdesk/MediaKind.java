package cn.union.helpdesk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What stored media bytes are, by their first bytes; what WeChat's name or header claims is not
 * trusted.
 */
record MediaKind(String contentType, String extension) {

  static MediaKind of(byte[] b, String fileName) {
    if (starts(b, 0xFF, 0xD8, 0xFF)) {
      return new MediaKind("image/jpeg", "jpg");
    }
    if (starts(b, 0x89, 'P', 'N', 'G')) {
      return new MediaKind("image/png", "png");
    }
    if (starts(b, 'G', 'I', 'F', '8')) {
      return new MediaKind("image/gif", "gif");
    }
    if (starts(b, '#', '!', 'A', 'M', 'R')) {
      return new MediaKind("audio/amr", "amr");
    }
    if (starts(b, 'O', 'g', 'g', 'S')) {
      return new MediaKind("audio/ogg", "ogg");
    }
    if (starts(b, 'I', 'D', '3') || starts(b, 0xFF, 0xFB)) {
      return new MediaKind("audio/mpeg", "mp3");
    }
    String ext =
        fileName == null ? "" : fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase();
    return new MediaKind("application/octet-stream", ext.matches("[a-z0-9]{1,5}") ? ext : "bin");
  }

  private static boolean starts(byte[] b, int... head) {
    if (b == null || b.length < head.length) {
      return false;
    }
    for (int i = 0; i < head.length; i++) {
      if ((b[i] & 0xFF) != head[i]) {
        return false;
      }
    }
    return true;
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
