package cn.union.notify;

/**
 * Fetches a picture or voice message a worker sent, from WeChat's temporary media store (kept there
 * for 3 days). Implemented by the WeChat gateway; may take seconds, so never called inside the
 * reply to a message.
 */
public interface WorkerMedia {

  /**
   * Downloads one media item.
   *
   * @param maxBytes larger media is not kept: the result is {@link Outcome#TOO_LARGE}
   * @return what came back; never throws for a failure of WeChat or the network
   */
  Fetched fetch(String mediaId, long maxBytes);

  enum Outcome {
    /** The content is in {@link Fetched#content()}. */
    FETCHED,
    /** WeChat no longer has it (expired after 3 days, or never had it): trying again is useless. */
    GONE,
    /** Larger than allowed. */
    TOO_LARGE,
    /** A refusal that may pass (WeChat busy, network); try again later. */
    RETRY,
    /** A refusal that will not change. */
    FAILED
  }

  /**
   * @param fileName the name WeChat gave it, for its extension; {@code null} unless fetched
   * @param detail why it failed, in words an informant may read; {@code null} when fetched
   */
  record Fetched(Outcome outcome, byte[] content, String fileName, String detail) {

    public static Fetched of(byte[] content, String fileName) {
      return new Fetched(Outcome.FETCHED, content, fileName, null);
    }

    public static Fetched failed(Outcome outcome, String detail) {
      return new Fetched(outcome, null, null, detail);
    }
  }
}
