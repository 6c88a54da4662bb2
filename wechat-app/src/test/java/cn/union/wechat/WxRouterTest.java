package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.notify.Conversation;
import cn.union.notify.Inbound;
import cn.union.notify.InboundHandler;
import cn.union.notify.Reply;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WxRouterTest {

  /** A conversation that is always in progress and counts how often it was asked. */
  static final class Busy implements Conversation {
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public boolean inProgress(String openid) {
      asked.incrementAndGet();
      return true;
    }

    @Override
    public Reply handle(Inbound inbound) {
      return Reply.text("conversation");
    }
  }

  static WxMessage text(String content) {
    return WxXml.message(
        "<xml><ToUserName>gh_test</ToUserName><FromUserName>oRouter</FromUserName>"
            + "<CreateTime>1763884800</CreateTime><MsgType>text</MsgType><Content>"
            + WxXml.cdata(content)
            + "</Content><MsgId>1</MsgId></xml>");
  }

  @Test
  void aCommandWinsOverAConversationWithoutAskingIt() {
    Busy busy = new Busy();
    InboundHandler start = in -> Reply.text("start");
    InboundHandler help = in -> Reply.text("help");
    WxRouter router =
        new WxRouter()
            .command(start, "我要求助")
            .keyword(help, "帮助")
            .conversation(busy)
            .otherwise(in -> Reply.text("fallback"));

    assertThat(router.route(text(" 我要求助 "))).isSameAs(start);
    assertThat(busy.asked).hasValue(0);

    // any other text, keywords included, goes to the conversation in progress
    assertThat(router.route(text("帮助"))).isSameAs(busy);
    assertThat(router.route(text("随便说点什么"))).isSameAs(busy);
    assertThat(busy.asked).hasValue(2);
  }

  @Test
  void keywordsApplyWhenNoConversationIsInProgress() {
    Conversation idle =
        new Conversation() {
          @Override
          public boolean inProgress(String openid) {
            return false;
          }

          @Override
          public Reply handle(Inbound inbound) {
            return Reply.text("conversation");
          }
        };
    InboundHandler help = in -> Reply.text("help");
    InboundHandler fallback = in -> Reply.text("fallback");
    WxRouter router = new WxRouter().keyword(help, "帮助").conversation(idle).otherwise(fallback);
    assertThat(router.route(text("帮助"))).isSameAs(help);
    assertThat(router.route(text("别的"))).isSameAs(fallback);
  }
}
