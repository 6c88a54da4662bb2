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
   * The channel a message to this worker would take now, from the tracked reply window and quota;
   * nothing is sent.
   */
  Via plan(String openid);

  /**
   * The short form of a message for channels that only take a few short values (template messages:
   * each value at most 20 characters, no line breaks).
   *
   * @param reference what the message is about, e.g. a case number
   * @param headline what happened, e.g. 您的求助已答复
   */
  record Notice(String reference, String headline) {}

  /**
   * How a message left: the channel used and its status.
   *
   * @param detail why this channel, or why it failed, in words an informant reads on the timeline
   * @param retryable for a failure: whether trying again later may succeed because the message
   *     surely did not reach WeChat or WeChat said it did not take it for a reason that may pass
   *     (connection refused, WeChat busy), as opposed to a refusal that will not change
   *     (unfollowed, invalid openid)
   */
  record Delivery(Via via, Status status, String detail, boolean retryable) {

    public Delivery(Via via, Status status, String detail) {
      this(via, status, detail, false);
    }
  }

  enum Via {
    CUSTOM,
    TEMPLATE,
    SUBSCRIBE
  }

  enum Status {
    SENT,
    PENDING,
    FAILED,
    /**
     * The request reached WeChat but no answer came back in time (read timeout, connection
     * dropped): WeChat may have delivered it or not. WeChat's message APIs take no idempotency key,
     * so sending it again could reach the worker twice: it is not sent again by itself, and a
     * person decides.
     */
    UNCERTAIN
  }
}
