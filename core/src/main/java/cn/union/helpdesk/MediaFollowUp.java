package cn.union.helpdesk;

import cn.union.notify.Inbound;
import cn.union.notify.InboundHandler;
import cn.union.notify.Reply;
import cn.union.platform.Copy;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * A picture or voice message outside intake: a 补充 to the worker's newest open case (the case number
 * reply and 我的求助 say so). The media is fetched from WeChat after the reply.
 */
@Component
public class MediaFollowUp implements InboundHandler {

  private final CaseAttachments attachments;
  private final Copy copy;

  MediaFollowUp(CaseAttachments attachments, @Qualifier("helpdeskCopy") Copy copy) {
    this.attachments = attachments;
    this.copy = copy;
  }

  @Override
  public Reply handle(Inbound in) {
    String kind = attachments.kindWord(in.type());
    if (in.mediaId() == null || in.mediaId().isBlank()) {
      return Reply.text(copy.render("media_follow_up_none", Map.of("kind", kind)));
    }
    CaseAttachments.Attached done =
        attachments.attachFollowUp(
            in.inboundId(), in.openid(), in.type(), in.mediaId(), in.sentAt());
    if (done.added()) {
      return Reply.text(
          copy.render("media_follow_up_added", Map.of("kind", kind, "number", done.number())));
    }
    if ("too_many".equals(done.refusal())) {
      return Reply.text(
          copy.render(
              "media_follow_up_too_many",
              Map.of("number", done.number(), "max", CaseAttachments.MAX_PER_CASE)));
    }
    return Reply.text(copy.render("media_follow_up_none", Map.of("kind", kind)));
  }
}
