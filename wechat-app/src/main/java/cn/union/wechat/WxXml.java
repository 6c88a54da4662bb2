package cn.union.wechat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads WeChat's flat XML ({@code <xml><Name>value</Name>…</xml>}) and writes passive replies.
 *
 * <p>The reader accepts the XML that WeChat sends and nothing more: an optional XML declaration,
 * comments, elements (attributes are skipped), text with the five predefined entities and character
 * references, and CDATA sections. A DOCTYPE or any other markup declaration is refused, and so is
 * any entity that is not predefined, so XXE and entity expansion cannot happen: there is no DTD
 * processing to switch off. Leaf elements at any depth below the root are returned by local name
 * (the first occurrence wins); text is trimmed. It runs on every callback, which is why it is not a
 * general-purpose StAX reader (creating one costs more than the whole parse).
 */
public final class WxXml {

  private static final int MAX_DEPTH = 16;

  private WxXml() {}

  /** The body is not acceptable XML (malformed, or it declares a DOCTYPE). */
  public static final class BadXmlException extends RuntimeException {
    public BadXmlException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Reads a message (or a safe-mode envelope) into its typed form; the one place that names
   * WeChat's XML elements.
   */
  static WxMessage message(String xml) {
    Map<String, String> f = parse(xml);
    Instant created = WxMessage.parseCreateTime(f.get("CreateTime"));
    boolean malformed = created == WxMessage.MALFORMED;
    return new WxMessage(
        f.get("MsgType"),
        f.get("FromUserName"),
        f.get("ToUserName"),
        malformed ? null : created,
        malformed,
        f.get("MsgId"),
        f.get("Content"),
        f.get("Event"),
        f.get("EventKey"),
        f.get("MediaId"),
        f.get("ThumbMediaId"),
        f.get("PicUrl"),
        f.get("Format"),
        f.get("Recognition"),
        f.get("Ticket"),
        location(f),
        f.get("Encrypt"));
  }

  private static WxMessage.Location location(Map<String, String> f) {
    if (f.containsKey("Location_X")) {
      return new WxMessage.Location(
          f.get("Location_X"), f.get("Location_Y"), f.get("Scale"), f.get("Label"));
    }
    if (f.containsKey("Latitude")) {
      return new WxMessage.Location(
          f.get("Latitude"), f.get("Longitude"), f.get("Precision"), null);
    }
    return null;
  }

  /**
   * Parses the document into leaf-element name → trimmed text. The gateway reads messages through
   * {@link #message}; this form serves tests and tools that look at a reply's elements.
   */
  public static Map<String, String> parse(String xml) {
    if (xml == null || xml.isBlank()) {
      throw new BadXmlException("empty body", null);
    }
    return new Reader(xml).document();
  }

  private static final class Reader {
    private final String s;
    // Indexed directly: String.charAt on a non-Latin-1 string (any Chinese message) goes through a
    // bounds-checked helper per character, which the C1 compiler does not fold away.
    private final char[] buf;
    private final int n;
    private int i;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final StringBuilder text = new StringBuilder(64);

    Reader(String s) {
      this.s = s;
      this.buf = s.toCharArray();
      this.n = buf.length;
      this.i = !s.isEmpty() && buf[0] == '\uFEFF' ? 1 : 0;
    }

    Map<String, String> document() {
      if (at("<?xml")) {
        skipPast("?>");
      }
      misc();
      if (i >= n || buf[i] != '<') {
        throw bad("no root element");
      }
      i++;
      String root = name();
      if (!startTagRest()) {
        element(root, 1);
      }
      misc();
      if (i != n) {
        throw bad("content after the root element");
      }
      return fields;
    }

    /**
     * Whitespace, comments and processing instructions outside the root; any other markup
     * declaration is refused.
     */
    private void misc() {
      while (true) {
        skipSpace();
        if (at("<!--")) {
          skipPast("-->");
        } else if (at("<?")) {
          skipPast("?>");
        } else if (at("<!")) {
          throw bad("DOCTYPE and markup declarations are not allowed");
        } else {
          return;
        }
      }
    }

    /**
     * The content of an element whose start tag was just read, up to and including its end tag.
     * Returns whether it had child elements.
     */
    private boolean element(String name, int depth) {
      if (depth > MAX_DEPTH) {
        throw bad("nested too deep");
      }
      boolean hasChildren = false;
      text.setLength(0);
      while (true) {
        if (i >= n) {
          throw bad("unclosed element " + name);
        }
        char c = buf[i];
        if (c == '&') {
          reference();
        } else if (c != '<') {
          int next = s.indexOf('<', i);
          int amp = s.indexOf('&', i);
          int stop = next < 0 ? n : next;
          if (amp >= 0 && amp < stop) {
            stop = amp;
          }
          text.append(s, i, stop);
          i = stop;
        } else if (at("</")) {
          i += 2;
          String end = name();
          skipSpace();
          if (!end.equals(name) || i >= n || buf[i] != '>') {
            throw bad("mismatched end tag");
          }
          i++;
          if (!hasChildren && depth > 1) {
            fields.putIfAbsent(localName(name), text.toString().trim());
          }
          return hasChildren;
        } else if (at("<![CDATA[")) {
          int from = i + 9;
          int to = s.indexOf("]]>", from);
          if (to < 0) {
            throw bad("unclosed CDATA section");
          }
          text.append(s, from, to);
          i = to + 3;
        } else if (at("<!--")) {
          skipPast("-->");
        } else if (at("<?")) {
          skipPast("?>");
        } else if (at("<!")) {
          throw bad("markup declarations are not allowed");
        } else {
          i++;
          hasChildren = true;
          String child = name();
          if (startTagRest()) {
            fields.putIfAbsent(localName(child), "");
          } else {
            element(child, depth + 1);
          }
          text.setLength(0);
        }
      }
    }

    /**
     * Skips the attributes of a start tag; returns true for an empty-element tag ({@code <a/>}).
     */
    private boolean startTagRest() {
      while (true) {
        skipSpace();
        if (i >= n) {
          throw bad("unclosed start tag");
        }
        char c = buf[i];
        if (c == '>') {
          i++;
          return false;
        }
        if (c == '/') {
          if (i + 1 < n && buf[i + 1] == '>') {
            i += 2;
            return true;
          }
          throw bad("bad empty-element tag");
        }
        name();
        skipSpace();
        if (i >= n || buf[i] != '=') {
          throw bad("attribute without a value");
        }
        i++;
        skipSpace();
        if (i >= n || (buf[i] != '"' && buf[i] != '\'')) {
          throw bad("unquoted attribute value");
        }
        char quote = buf[i++];
        while (i < n && buf[i] != quote) {
          if (buf[i] == '<') {
            throw bad("'<' in an attribute value");
          }
          i++;
        }
        if (i >= n) {
          throw bad("unclosed attribute value");
        }
        i++;
      }
    }

    private String name() {
      int from = i;
      while (i < n) {
        char c = buf[i];
        if (Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '-' || c == '.') {
          i++;
        } else {
          break;
        }
      }
      if (i == from || Character.isDigit(buf[from]) || buf[from] == '-' || buf[from] == '.') {
        throw bad("bad name");
      }
      return s.substring(from, i);
    }

    /**
     * {@code &lt;} and the other predefined entities, {@code &#…;} and {@code &#x…;}; nothing else.
     */
    private void reference() {
      int semi = s.indexOf(';', i);
      if (semi < 0 || semi - i > 12) {
        throw bad("bad reference");
      }
      String ref = s.substring(i + 1, semi);
      switch (ref) {
        case "lt" -> text.append('<');
        case "gt" -> text.append('>');
        case "amp" -> text.append('&');
        case "quot" -> text.append('"');
        case "apos" -> text.append('\'');
        default -> {
          if (!ref.startsWith("#") || ref.length() < 2) {
            throw bad("entities are not allowed");
          }
          int cp;
          try {
            cp =
                ref.charAt(1) == 'x'
                    ? Integer.parseInt(ref.substring(2), 16)
                    : Integer.parseInt(ref.substring(1));
          } catch (NumberFormatException e) {
            throw new BadXmlException("bad character reference", e);
          }
          if (cp <= 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw bad("bad character reference");
          }
          text.appendCodePoint(cp);
        }
      }
      i = semi + 1;
    }

    private void skipSpace() {
      while (i < n) {
        char c = buf[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          i++;
        } else {
          return;
        }
      }
    }

    private void skipPast(String end) {
      int at = s.indexOf(end, i + 2);
      if (at < 0) {
        throw bad("unclosed " + end);
      }
      i = at + end.length();
    }

    /** Whether the input continues with {@code literal} at the current position. */
    private boolean at(String literal) {
      int len = literal.length();
      if (i + len > n) {
        return false;
      }
      for (int k = 0; k < len; k++) {
        if (buf[i + k] != literal.charAt(k)) {
          return false;
        }
      }
      return true;
    }

    private static String localName(String qname) {
      int colon = qname.indexOf(':');
      return colon < 0 ? qname : qname.substring(colon + 1);
    }

    private static BadXmlException bad(String why) {
      return new BadXmlException(why, null);
    }
  }

  /** A passive text reply. */
  public static String textReply(String toUser, String fromUser, long createTime, String content) {
    return "<xml><ToUserName>"
        + cdata(toUser)
        + "</ToUserName><FromUserName>"
        + cdata(fromUser)
        + "</FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>"
        + cdata(content)
        + "</Content></xml>";
  }

  /** The envelope of an encrypted reply in safe mode. */
  public static String encryptedReply(
      String encrypt, String msgSignature, String timestamp, String nonce) {
    return "<xml><Encrypt>"
        + cdata(encrypt)
        + "</Encrypt><MsgSignature>"
        + cdata(msgSignature)
        + "</MsgSignature><TimeStamp>"
        + timestamp
        + "</TimeStamp><Nonce>"
        + cdata(nonce)
        + "</Nonce></xml>";
  }

  static String cdata(String value) {
    String v = value == null ? "" : value;
    return "<![CDATA[" + v.replace("]]>", "]]]]><![CDATA[>") + "]]>";
  }
}
