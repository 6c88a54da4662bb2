package cn.union.wechat;

import cn.union.platform.Copy;
import java.util.List;
import java.util.Map;

/**
 * What a message's fields may hold before it is logged: no longer than the inbound log's columns (a
 * longer field made the insert fail and the request end in a 500), and a CreateTime of at most ten
 * digits (seconds up to the year 2286; a larger one overflowed the date conversion). A signed
 * message breaking these rules is not WeChat's, so it is refused with a 400 and stored nowhere.
 * Content and EventKey are not limited here: the log keeps their first characters.
 */
final class WxMessageLimits {

  private static final Copy COPY = Copy.load("wechat");

  private WxMessageLimits() {}

  private record Limit(String field, String value, int max) {}

  /** Why the message must be refused, in Chinese; {@code null} when it may be logged. */
  static String problem(WxMessage msg) {
    // Longest values from V001__create_wx_inbound.sql (m: + MsgId goes into dedupe_key).
    List<Limit> limits =
        List.of(
            new Limit("FromUserName", msg.from(), 64),
            new Limit("ToUserName", msg.to(), 64),
            new Limit("MsgType", msg.type(), 32),
            new Limit("Event", msg.event(), 64),
            new Limit("MediaId", msg.mediaId(), 191),
            new Limit("MsgId", msg.msgId(), 64));
    for (Limit limit : limits) {
      if (limit.value() != null && limit.value().length() > limit.max()) {
        return COPY.render(
            "problem.field-too-long", Map.of("field", limit.field(), "max", limit.max()));
      }
    }
    if (msg.createTimeMalformed()) {
      return COPY.text("problem.create-time");
    }
    return null;
  }
}
