package cn.union.notify;

/** Reaches a worker later, outside a passive reply. Implemented by the WeChat gateway. */
public interface WorkerChannel {

  /**
   * Sends a text to the worker.
   *
   * @return how it went; never throws for a delivery failure, which is reported in the result
   */
  Delivery sendText(String openid, String text);

  /**
   * Sends a text to the worker; when the customer-service window is closed, falls back to a short
   * notice (a template message) that says what happened and names the matter.
   *
   * @param fallback what the short notice says; {@code null} means there is nothing to fall back to
   */
  Delivery sendText(String openid, String text, Notice fallback);

  /**
   * The short form of a message for channels that only take a few short values (template
   * messages: each value at most 20 characters, no line breaks).
   *
   * @param reference what the message is about, e.g. a case number
   * @param headline what happened, e.g. 您的求助已答复
   */
  record Notice(String reference, String headline) {}

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
