package cn.union.wechat;

import cn.union.notify.Inbound;
import cn.union.notify.Reply;
import cn.union.platform.Copy;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** The account's own answers: welcome, help, about, and what to say to input no feature wants. */
@Component
class GatewayReplies {

  private final Copy copy;

  GatewayReplies(@Qualifier("wechatCopy") Copy copy) {
    this.copy = copy;
  }

  Reply welcome(Inbound in) {
    return Reply.text(copy.text("welcome"));
  }

  Reply help(Inbound in) {
    return Reply.text(copy.text("help"));
  }

  Reply about(Inbound in) {
    return Reply.text(copy.text("about"));
  }

  Reply scanUnknown(Inbound in) {
    return Reply.text(copy.text("scan_unknown"));
  }

  Reply mediaReceived(Inbound in) {
    String kind =
        switch (in.type()) {
          case "image" -> copy.text("media_kind_image");
          case "voice" -> copy.text("media_kind_voice");
          default -> copy.text("media_kind_video");
        };
    return Reply.text(copy.render("media_received", Map.of("kind", kind)));
  }

  Reply silent(Inbound in) {
    return Reply.none();
  }
}
