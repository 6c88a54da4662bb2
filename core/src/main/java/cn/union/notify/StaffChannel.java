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

  /**
   * How a send went; never thrown.
   *
   * @param uncertain for a send that is not known to be sent: the request reached WeChat but no
   *     answer came back in time, so WeChat may have delivered it; it must not be sent again by
   *     itself (a template message sent twice arrives twice)
   */
  record Result(boolean sent, String error, boolean uncertain) {

    public static Result ok() {
      return new Result(true, null, false);
    }

    public static Result failed(String error) {
      return new Result(false, error, false);
    }

    public static Result uncertain(String error) {
      return new Result(false, error, true);
    }
  }

  Result send(String openid, StaffNotice notice);
}
