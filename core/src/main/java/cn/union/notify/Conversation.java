package cn.union.notify;

/**
 * A multi-step exchange with a worker (an intake, a rating). While one is in progress for a worker,
 * that worker's plain text goes to it before any keyword rule.
 */
public interface Conversation extends InboundHandler {

  boolean inProgress(String openid);
}
