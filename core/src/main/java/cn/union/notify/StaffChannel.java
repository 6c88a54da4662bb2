package cn.union.notify;

/** Reaches a staff member (informant, admin) on the WeChat bound to their console account. */
public interface StaffChannel {

  /**
   * A short notice in the form template messages take: each value one line, at most 20 characters.
   *
   * @param reference what it is about, e.g. a case number
   * @param headline what happened, e.g. 求助今日到期
   * @param when the instant that matters, already formatted (e.g. the due time)
   */
  record StaffNotice(String reference, String headline, String when) {}

  /** How a send went; never thrown. */
  record Result(boolean sent, String error) {

    public static Result ok() {
      return new Result(true, null);
    }

    public static Result failed(String error) {
      return new Result(false, error);
    }
  }

  Result send(String openid, StaffNotice notice);
}
