package cn.union.notify;

import java.time.Instant;

/**
 * A worker's message or event as features see it, free of any WeChat SDK type.
 *
 * @param openid the worker on this official account
 * @param type {@code text}, {@code image}, {@code voice}, {@code event}, …
 * @param content text of a text message, else {@code null}
 * @param event for events: {@code subscribe}, {@code SCAN}, {@code CLICK}, …
 * @param eventKey for events: the menu key or QR scene
 * @param mediaId for media messages
 * @param sentAt when WeChat says the worker sent it
 * @param again whether this message may have been handled before, in part or in full: it is handled
 *     late (the node that logged it stopped while its handler ran, or its handling failed for want
 *     of Redis or the database). A handler with an effect then repeats nothing: each effect is
 *     keyed by {@code inboundId}, and a conversation answers a step it already took from this
 *     message as it did then instead of taking the text as the next step's answer.
 */
public record Inbound(
    long inboundId,
    String openid,
    String type,
    String content,
    String event,
    String eventKey,
    String mediaId,
    Instant sentAt,
    boolean again) {

  public boolean isText() {
    return "text".equals(type);
  }

  public boolean isEvent(String name) {
    return "event".equals(type) && name.equalsIgnoreCase(event);
  }

  public String trimmedContent() {
    return content == null ? "" : content.strip();
  }
}
