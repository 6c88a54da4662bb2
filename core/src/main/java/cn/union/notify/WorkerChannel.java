package cn.union.notify;

/** Reaches a worker later, outside a passive reply. Implemented by the WeChat gateway. */
public interface WorkerChannel {

  /**
   * Sends a text to the worker.
   *
   * @return how it went; never throws for a delivery failure, which is reported in the result
   */
  Delivery sendText(String openid, String text);

  /** How a message left: the channel used and its status. */
  record Delivery(Via via, Status status, String detail) {}

  enum Via {
    CUSTOM,
    TEMPLATE,
    SUBSCRIBE
  }

  enum Status {
    SENT,
    PENDING,
    FAILED
  }
}
