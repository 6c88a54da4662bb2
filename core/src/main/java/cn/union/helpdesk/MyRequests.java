package cn.union.helpdesk;

import cn.union.notify.Inbound;
import cn.union.notify.InboundHandler;
import cn.union.notify.Reply;
import cn.union.platform.Copy;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** 我的求助: the worker's latest cases with where each stands, answered in the chat itself. */
@Component
public class MyRequests implements InboundHandler {

  /** A passive reply is one screen; older cases are rarely what the worker is looking for. */
  static final int SHOWN = 5;

  private final HelpdeskService helpdesk;
  private final Copy copy;

  public MyRequests(HelpdeskService helpdesk, @Qualifier("helpdeskCopy") Copy copy) {
    this.helpdesk = helpdesk;
    this.copy = copy;
  }

  @Override
  public Reply handle(Inbound in) {
    List<CaseViews.Summary> mine = helpdesk.casesOf(in.openid(), SHOWN);
    if (mine.isEmpty()) {
      return Reply.text(copy.text("my_requests_none"));
    }
    StringBuilder lines = new StringBuilder();
    for (CaseViews.Summary c : mine) {
      lines.append(lines.isEmpty() ? "" : "\n").append(copy.render("my_requests_line", Map.of("number", c.number(),
          "category", c.category(), "status", c.status().label(), "dueDate", c.dueDate().toString())));
    }
    return Reply.text(copy.render("my_requests", Map.of("list", lines, "example", mine.get(0).number())));
  }
}
