package cn.union.sla;

/** Where an alert's delivery stands. */
public enum AlertStatus {
  /** Raised; the sweep sends it (again) once {@code next_try_at} has passed. */
  PENDING,
  /** Every recipient with a bound WeChat got it. */
  SENT,
  /** Nobody to reach on WeChat (no recipient, or none bound): it is shown in the console only. */
  CONSOLE_ONLY,
  /** Sends kept failing; the error is on the row. */
  FAILED,
  /**
   * Every bound recipient either got it or may have got it: for some the send reached WeChat
   * without an answer in time, and it is not sent again (it could arrive twice).
   */
  UNCERTAIN
}
