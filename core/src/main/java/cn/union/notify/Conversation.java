package cn.union.notify;

/**
 * A multi-step exchange with a worker (an intake, a rating). While one is in progress for a worker,
 * that worker's plain text goes to it before any keyword rule.
 *
 * <p>A conversation records in its state which inbound message its last step was taken from, in the
 * same write as the step. A message handled again ({@link Inbound#again}) whose step was taken is
 * answered what that step answered ({@link #applied}), whatever the text would route to now (the
 * conversation may have ended with that very step); a message older than the step last taken is
 * stale and changes nothing.
 */
public interface Conversation extends InboundHandler {

  boolean inProgress(String openid);

  /**
   * The answer of the step this conversation already took from this very message, or {@code null}
   * when it took none. Asked only of messages handled again.
   */
  default Reply applied(Inbound in) {
    return null;
  }
}
