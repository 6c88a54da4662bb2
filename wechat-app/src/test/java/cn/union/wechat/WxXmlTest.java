package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

class WxXmlTest {

  @Test
  void readsFlatFieldsWithCdata() {
    Map<String, String> m =
        WxXml.parse(
            "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1348831860</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 <b>]]></Content></xml>");
    assertThat(m)
        .containsEntry("ToUserName", "gh_1")
        .containsEntry("CreateTime", "1348831860")
        .containsEntry("Content", "你好 <b>");
  }

  @Test
  void refusesDoctypeInAnyCase() {
    assertThatThrownBy(() -> WxXml.parse("<!doctype xml><xml/>"))
        .isInstanceOf(WxXml.BadXmlException.class);
    assertThatThrownBy(
            () ->
                WxXml.parse(
                    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]><xml>&lol;</xml>"))
        .isInstanceOf(WxXml.BadXmlException.class);
  }

  @Test
  void refusesMalformed() {
    assertThatThrownBy(() -> WxXml.parse("<xml><a></xml>"))
        .isInstanceOf(WxXml.BadXmlException.class);
    assertThatThrownBy(() -> WxXml.parse("")).isInstanceOf(WxXml.BadXmlException.class);
    assertThatThrownBy(() -> WxXml.parse("plain")).isInstanceOf(WxXml.BadXmlException.class);
  }

  @Test
  void repliesEscapeCdataTerminators() {
    String reply = WxXml.textReply("o1", "gh", 1, "a]]>b");
    assertThat(WxXml.parse(reply)).containsEntry("Content", "a]]>b");
  }

  @Test
  void flattensNestedEventFieldsByLocalName() {
    Map<String, String> m =
        WxXml.parse(
            """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a comment before the root -->
        <xml>
          <ToUserName><![CDATA[gh_1]]></ToUserName>
          <MsgType><![CDATA[event]]></MsgType>
          <Event><![CDATA[scancode_waitmsg]]></Event>
          <ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo>
          <SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item><item><PicMd5Sum>b</PicMd5Sum></item></PicList></SendPicsInfo>
          <Empty/><wx:Prefixed a="1" b='x>y'>v</wx:Prefixed>
        </xml>
        """);
    assertThat(m)
        .containsEntry("ScanType", "qrcode")
        .containsEntry("ScanResult", "1")
        .containsEntry("Count", "2")
        .containsEntry("PicMd5Sum", "a")
        .containsEntry("Empty", "")
        .containsEntry("Prefixed", "v")
        .doesNotContainKeys("ScanCodeInfo", "PicList", "item", "xml");
  }

  @Test
  void decodesPredefinedEntitiesAndCharacterReferences() {
    Map<String, String> m =
        WxXml.parse(
            "\uFEFF<xml><Content>a &lt;b&gt; &amp; &quot;c&apos; &#20320;&#x597D; <![CDATA[&lt;]]></Content></xml>");
    assertThat(m).containsEntry("Content", "a <b> & \"c' 你好 &lt;");
  }

  @Test
  void refusesWhatWeChatNeverSends() {
    for (String body :
        List.of(
            "<xml><a>&lol;</a></xml>",
            "<xml><a>&#0;</a></xml>",
            "<xml><a>&#xD800;</a></xml>",
            "<xml><a>& b</a></xml>",
            "<xml><!DOCTYPE x><a/></xml>",
            "<xml><![CDATA[open</xml>",
            "<xml><a>1</a></xml><!DOCTYPE x>",
            "<xml><a>1</a></xml><b/>",
            "<xml><a>1</b></xml>",
            "<xml><a b=1>x</a></xml>",
            "<xml><a b=\"<\">x</a></xml>",
            "<xml>",
            "<xml><a>1</a>",
            "<1xml/>",
            "<xml" + "<a>".repeat(40) + "</xml>")) {
      assertThatThrownBy(() -> WxXml.parse(body))
          .as(body)
          .isInstanceOf(WxXml.BadXmlException.class);
    }
  }

  @Test
  void agreesWithTheJdkStreamReaderOnWellFormedMessages() throws Exception {
    List<String> corpus =
        List.of(
            "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_1]]></FromUserName>"
                + "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[  我要求助 ]]></Content><MsgId>1234567890123456</MsgId></xml>",
            "<xml>\n <ToUserName>gh</ToUserName>\n <Event>CLICK</Event>\n <EventKey>HELP &amp; more</EventKey>\n</xml>",
            "<xml><Encrypt><![CDATA[abc+/=]]></Encrypt><ToUserName>gh</ToUserName></xml>",
            "<xml><A>1</A><A>2</A><B><C>3</C></B><D/></xml>",
            "<?xml version=\"1.0\"?><xml><Content>a]]b</Content><?pi x?><!-- c --></xml>");
    for (String xml : corpus) {
      assertThat(WxXml.parse(xml)).as(xml).isEqualTo(jdkLeaves(xml));
    }
  }

  /**
   * Leaf elements below the root by local name, first wins, trimmed: what WxXml promises, read by
   * the JDK.
   */
  private static Map<String, String> jdkLeaves(String xml) throws Exception {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    XMLStreamReader r = f.createXMLStreamReader(new StringReader(xml));
    Map<String, String> out = new LinkedHashMap<>();
    int depth = 0;
    String leaf = null;
    StringBuilder text = new StringBuilder();
    while (r.hasNext()) {
      switch (r.next()) {
        case XMLStreamConstants.START_ELEMENT -> {
          depth++;
          leaf = depth > 1 ? r.getLocalName() : null;
          text.setLength(0);
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            text.append(r.getText());
        case XMLStreamConstants.END_ELEMENT -> {
          if (leaf != null && leaf.equals(r.getLocalName())) {
            out.putIfAbsent(leaf, text.toString().trim());
          }
          leaf = null;
          depth--;
        }
        default -> {}
      }
    }
    return out;
  }

  @Test
  void readsATypedMessageWithItsCreateTimeParsedOnce() {
    WxMessage m =
        WxXml.message(
            "<xml><ToUserName>gh_1</ToUserName><FromUserName>oW</FromUserName>"
                + "<CreateTime>1348831860</CreateTime><MsgType>location</MsgType><Location_X>23.13</Location_X>"
                + "<Location_Y>113.26</Location_Y><Scale>20</Scale><Label><![CDATA[广州]]></Label><MsgId>42</MsgId></xml>");
    assertThat(m.type()).isEqualTo("location");
    assertThat(m.from()).isEqualTo("oW");
    assertThat(m.to()).isEqualTo("gh_1");
    assertThat(m.created()).isEqualTo(java.time.Instant.ofEpochSecond(1348831860));
    assertThat(m.createTimeMalformed()).isFalse();
    assertThat(m.location()).isEqualTo(new WxMessage.Location("23.13", "113.26", "20", "广州"));
    assertThat(m.toInbound(7).sentAt()).isEqualTo(m.created());
    assertThat(InboundLog.dedupeKey(m)).isEqualTo("m:42");

    WxMessage voice =
        WxXml.message(
            "<xml><FromUserName>oW</FromUserName><MsgType>voice</MsgType>"
                + "<MediaId>mv</MediaId><Format>amr</Format><Recognition>你好</Recognition></xml>");
    assertThat(voice.created()).isNull();
    assertThat(voice.createTimeMalformed()).isFalse();
    assertThat(voice.mediaId()).isEqualTo("mv");
    assertThat(voice.format()).isEqualTo("amr");
    assertThat(voice.recognition()).isEqualTo("你好");
  }

  @Test
  void aCreateTimeThatIsNotTenDigitsOfSecondsIsMalformedNotATime() {
    for (String bad : List.of("12345678901", "99999999999999999999", "-5", "1e9", "12 34")) {
      WxMessage m =
          WxXml.message(
              "<xml><FromUserName>oW</FromUserName><MsgType>event</MsgType>"
                  + "<Event>CLICK</Event><CreateTime>"
                  + bad
                  + "</CreateTime></xml>");
      assertThat(m.createTimeMalformed()).as(bad).isTrue();
      assertThat(m.created()).as(bad).isNull();
      assertThat(WxMessageLimits.problem(m)).as(bad).contains("CreateTime");
    }
    WxMessage event =
        WxXml.message(
            "<xml><FromUserName>oW</FromUserName><MsgType>event</MsgType>"
                + "<Event>CLICK</Event><EventKey>HELP</EventKey><CreateTime> 9999999999 </CreateTime></xml>");
    assertThat(WxMessageLimits.problem(event)).isNull();
    assertThat(InboundLog.dedupeKey(event)).isEqualTo("e:oW:9999999999:CLICK:HELP");
    assertThat(event.isEvent("click")).isTrue();
  }
}
