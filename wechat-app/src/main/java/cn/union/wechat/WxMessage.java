package cn.union.wechat;

import cn.union.notify.Inbound;
import java.time.Instant;

/**
 * One message or event as WeChat posted it to the server URL, read once from its XML ({@link
 * WxXml#message}) and then used by the inbound log, the dispatcher and the router. Fields the XML
 * does not carry are {@code null}; text is trimmed.
 *
 * @param type {@code MsgType}: {@code text}, {@code image}, {@code voice}, {@code event}, …
 * @param from {@code FromUserName}: the worker's openid
 * @param to {@code ToUserName}: the official account
 * @param created {@code CreateTime} as an instant; {@code null} when absent or not epoch seconds
 * @param createTimeMalformed whether a {@code CreateTime} was sent that is not at most ten digits
 *     of seconds (a larger value overflows the date conversion); such a message is refused
 * @param msgId {@code MsgId}; events have none
 * @param content {@code Content} of a text message
 * @param event {@code Event}: {@code subscribe}, {@code SCAN}, {@code CLICK}, {@code LOCATION}, …
 * @param eventKey {@code EventKey}: the menu key or QR scene
 * @param mediaId {@code MediaId} of an image, voice, video or short video
 * @param thumbMediaId {@code ThumbMediaId} of a video
 * @param picUrl {@code PicUrl} of an image
 * @param format {@code Format} of a voice message (amr, speex)
 * @param recognition {@code Recognition}: WeChat's transcript of a voice message, when enabled
 * @param ticket {@code Ticket} of a QR-code scan
 * @param location the position of a location message or a {@code LOCATION} event; {@code null} when
 *     none
 * @param encrypt {@code Encrypt}: the cipher text of a safe-mode envelope
 */
record WxMessage(
    String type,
    String from,
    String to,
    Instant created,
    boolean createTimeMalformed,
    String msgId,
    String content,
    String event,
    String eventKey,
    String mediaId,
    String thumbMediaId,
    String picUrl,
    String format,
    String recognition,
    String ticket,
    Location location,
    String encrypt) {

  /** {@code CreateTime} holds at most this many digits: seconds up to the year 2286. */
  static final int MAX_CREATE_TIME_DIGITS = 10;

  /**
   * Where the worker is, as WeChat sends it: {@code Location_X}/{@code Location_Y}/{@code Scale}/
   * {@code Label} in a location message, {@code Latitude}/{@code Longitude}/{@code Precision} in a
   * {@code LOCATION} event. The decimal text is kept as sent.
   */
  record Location(String latitude, String longitude, String precision, String label) {}

  /**
   * The {@code CreateTime} text as an instant: {@code null} when blank; {@link #MALFORMED} when it
   * is not at most {@value #MAX_CREATE_TIME_DIGITS} digits. The one place it is parsed.
   */
  static Instant parseCreateTime(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String s = text.trim();
    if (s.length() > MAX_CREATE_TIME_DIGITS) {
      return MALFORMED;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return MALFORMED;
      }
    }
    return Instant.ofEpochSecond(Long.parseLong(s));
  }

  /**
   * What {@link #parseCreateTime} answers for text that is not epoch seconds (never a real time).
   */
  static final Instant MALFORMED = Instant.MIN;

  /** Whether it carries both fields every WeChat message has. */
  boolean isComplete() {
    return from != null && type != null;
  }

  boolean isText() {
    return "text".equals(type);
  }

  boolean isEvent() {
    return "event".equals(type);
  }

  boolean isEvent(String name) {
    return isEvent() && name.equalsIgnoreCase(event);
  }

  String trimmedContent() {
    return content == null ? "" : content.strip();
  }

  /** The openid, {@code ""} when absent. */
  String openid() {
    return from == null ? "" : from;
  }

  /** The message as features see it, once the inbound log has given it {@code inboundId}. */
  Inbound toInbound(long inboundId) {
    return toInbound(inboundId, false);
  }

  /**
   * The message as features see it; {@code again} when it may have been handled before ({@link
   * Inbound#again}).
   */
  Inbound toInbound(long inboundId, boolean again) {
    return new Inbound(
        inboundId,
        openid(),
        type == null ? "unknown" : type,
        content,
        event,
        eventKey,
        mediaId,
        created,
        again);
  }
}
