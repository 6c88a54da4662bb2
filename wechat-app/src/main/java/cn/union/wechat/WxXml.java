package cn.union.wechat;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads WeChat's flat XML ({@code <xml><Name>value</Name>…</xml>}) and writes passive replies.
 * Any DOCTYPE is refused before parsing, and the parser itself has DTDs and external entities
 * off, so XXE and entity expansion cannot happen.
 */
public final class WxXml {

  private static final XMLInputFactory FACTORY = newFactory();

  private WxXml() {}

  /** The body is not acceptable XML (malformed, or it declares a DOCTYPE). */
  public static final class BadXmlException extends RuntimeException {
    public BadXmlException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /** Parses the root element's direct children into name → text; nested elements are flattened by name. */
  public static Map<String, String> parse(String xml) {
    if (xml == null || xml.isBlank()) {
      throw new BadXmlException("empty body", null);
    }
    String upper = xml.toUpperCase(Locale.ROOT);
    if (upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY")) {
      throw new BadXmlException("DOCTYPE is not allowed", null);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    try {
      XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
      int depth = 0;
      String current = null;
      StringBuilder text = new StringBuilder();
      boolean sawRoot = false;
      while (r.hasNext()) {
        int ev = r.next();
        switch (ev) {
          case XMLStreamConstants.DTD -> throw new BadXmlException("DOCTYPE is not allowed", null);
          case XMLStreamConstants.ENTITY_REFERENCE -> throw new BadXmlException("entities are not allowed", null);
          case XMLStreamConstants.START_ELEMENT -> {
            depth++;
            if (depth == 1) {
              sawRoot = true;
            } else {
              current = r.getLocalName();
              text.setLength(0);
            }
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
            if (current != null) {
              text.append(r.getText());
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            if (current != null && current.equals(r.getLocalName())) {
              fields.putIfAbsent(current, text.toString().trim());
              current = null;
            }
            depth--;
          }
          default -> {
            // comments and processing instructions carry nothing for us
          }
        }
      }
      r.close();
      if (!sawRoot) {
        throw new BadXmlException("no root element", null);
      }
      return fields;
    } catch (XMLStreamException e) {
      throw new BadXmlException("malformed XML", e);
    }
  }

  /** A passive text reply. */
  public static String textReply(String toUser, String fromUser, long createTime, String content) {
    return "<xml><ToUserName>" + cdata(toUser) + "</ToUserName><FromUserName>" + cdata(fromUser)
        + "</FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>"
        + cdata(content) + "</Content></xml>";
  }

  /** The envelope of an encrypted reply in safe mode. */
  public static String encryptedReply(String encrypt, String msgSignature, String timestamp, String nonce) {
    return "<xml><Encrypt>" + cdata(encrypt) + "</Encrypt><MsgSignature>" + cdata(msgSignature)
        + "</MsgSignature><TimeStamp>" + timestamp + "</TimeStamp><Nonce>" + cdata(nonce) + "</Nonce></xml>";
  }

  static String cdata(String value) {
    String v = value == null ? "" : value;
    return "<![CDATA[" + v.replace("]]>", "]]]]><![CDATA[>") + "]]>";
  }
}
