package cn.union.staff;

/**
 * The authenticated console user behind a request, with the org subtree they may see.
 *
 * @param orgPath materialized path of the user's org; everything they may see starts with it
 */
public record Caller(
    long userId,
    String username,
    Role role,
    long orgId,
    String orgPath,
    boolean mustChangePassword) {

  public boolean is(Role r) {
    return role == r;
  }

  /** Whether an org (by its path) lies in this caller's subtree. */
  public boolean sees(String path) {
    return path != null && path.startsWith(orgPath);
  }
}
