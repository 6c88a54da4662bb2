package cn.union.wechat;

import cn.union.platform.Copy;
import java.util.Map;

/**
 * What a message's fields may hold before it is logged: no longer than the inbound log's columns
 * (a longer field made the insert fail and the request end in a 500), and a CreateTime of at most
 * ten digits (seconds up to the year 2286; a larger one overflowed the date conversion). A signed
 * message breaking these rules is not WeChat's, so it is refused with a 400 and stored nowhere.
 * Content and EventKey are not limited here: the log keeps their first characters.
 */
final class WxMessageLimits {

  private static final Copy COPY = Copy.load("wechat");
  /** Field → longest value, from V001__create_wx_inbound.sql ({@code m:} + MsgId goes into dedupe_key). */
  private static final Map<String, Integer> MAX = Map.of(
      "FromUserName", 64,
      "ToUserName", 64,
      "MsgType", 32,
      "Event", 64,
      "MediaId", 191,
      "MsgId", 64);
  private static final int MAX_CREATE_TIME_DIGITS = 10;

  private WxMessageLimits() {}

  /** Why the message must be refused, in Chinese; {@code null} when it may be logged. */
  static String problem(Map<String, String> msg) {
    for (Map.Entry<String, Integer> limit : MAX.entrySet()) {
      String value = msg.get(limit.getKey());
      if (value != null && value.length() > limit.getValue()) {
        return COPY.render("problem.field-too-long", Map.of("field", limit.getKey(), "max", limit.getValue()));
      }
    }
    String createTime = msg.get("CreateTime");
    if (createTime != null && !createTime.isBlank() && !isSeconds(createTime.trim())) {
      return COPY.text("problem.create-time");
    }
    return null;
  }

  private static boolean isSeconds(String s) {
    if (s.length() > MAX_CREATE_TIME_DIGITS) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
