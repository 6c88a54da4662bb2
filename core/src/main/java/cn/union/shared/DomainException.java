package cn.union.shared;

import cn.union.platform.Copy;
import java.util.Map;

/**
 * A rule of the domain was broken; the kind says how a client should read it. The web layer maps
 * kinds to HTTP statuses; the message is shown to people, so it is plain Chinese.
 */
public class DomainException extends RuntimeException {

  /** What went wrong, independent of transport. */
  public enum Kind {
    INVALID,
    NOT_FOUND,
    FORBIDDEN,
    CONFLICT,
    UNAUTHENTICATED,
    /** Too many attempts from one place; try again later. */
    THROTTLED
  }

  private static final Copy COPY = Copy.load("shared");

  private final Kind kind;
  private final String code;

  public DomainException(Kind kind, String code, String message) {
    super(message);
    this.kind = kind;
    this.code = code;
  }

  public Kind kind() {
    return kind;
  }

  /** A stable machine-readable code, e.g. {@code org.level-mismatch}. */
  public String code() {
    return code;
  }

  public static DomainException invalid(String code, String message) {
    return new DomainException(Kind.INVALID, code, message);
  }

  public static DomainException notFound(String what) {
    return new DomainException(
        Kind.NOT_FOUND, "not-found", COPY.render("not_found", Map.of("what", what)));
  }

  public static DomainException forbidden(String message) {
    return new DomainException(Kind.FORBIDDEN, "forbidden", message);
  }

  public static DomainException conflict(String code, String message) {
    return new DomainException(Kind.CONFLICT, code, message);
  }
}
