package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WxXmlTest {

  @Test
  void readsFlatFieldsWithCdata() {
    Map<String, String> m = WxXml.parse(
        "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1348831860</CreateTime>"
            + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 <b>]]></Content></xml>");
    assertThat(m).containsEntry("ToUserName", "gh_1").containsEntry("CreateTime", "1348831860")
        .containsEntry("Content", "你好 <b>");
  }

  @Test
  void refusesDoctypeInAnyCase() {
    assertThatThrownBy(() -> WxXml.parse("<!doctype xml><xml/>")).isInstanceOf(WxXml.BadXmlException.class);
    assertThatThrownBy(() -> WxXml.parse("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]><xml>&lol;</xml>"))
        .isInstanceOf(WxXml.BadXmlException.class);
  }

  @Test
  void refusesMalformed() {
    assertThatThrownBy(() -> WxXml.parse("<xml><a></xml>")).isInstanceOf(WxXml.BadXmlException.class);
    assertThatThrownBy(() -> WxXml.parse("")).isInstanceOf(WxXml.BadXmlException.class);
    assertThatThrownBy(() -> WxXml.parse("plain")).isInstanceOf(WxXml.BadXmlException.class);
  }

  @Test
  void repliesEscapeCdataTerminators() {
    String reply = WxXml.textReply("o1", "gh", 1, "a]]>b");
    assertThat(WxXml.parse(reply)).containsEntry("Content", "a]]>b");
  }
}
