package cn.union.helpdesk;

import cn.union.notify.Inbound;
import cn.union.notify.InboundHandler;
import cn.union.notify.Reply;
import cn.union.platform.Copy;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * 我的求助: the worker's latest cases with where each stands and the newest answer of each, answered in
 * the chat itself.
 */
@Component
public class MyRequests implements InboundHandler {

  /** A passive reply is one screen; older cases are rarely what the worker is looking for. */
  static final int SHOWN = 5;

  /** A passive reply is short: each answer is shown up to this many characters. */
  static final int ANSWER_SHOWN = 60;

  private static final java.time.format.DateTimeFormatter WHEN =
      java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm");

  private final WorkerCases helpdesk;
  private final CaseAnswers answers;
  private final Copy copy;

  MyRequests(WorkerCases helpdesk, CaseAnswers answers, @Qualifier("helpdeskCopy") Copy copy) {
    this.helpdesk = helpdesk;
    this.answers = answers;
    this.copy = copy;
  }

  @Override
  public Reply handle(Inbound in) {
    List<CaseViews.Summary> mine = helpdesk.casesOf(in.openid(), SHOWN);
    if (mine.isEmpty()) {
      return Reply.text(copy.text("my_requests_none"));
    }
    Map<Long, CaseAnswers.Latest> latest =
        answers.latest(mine.stream().map(CaseViews.Summary::id).toList());
    StringBuilder lines = new StringBuilder();
    boolean awaitingRating = false;
    for (CaseViews.Summary c : mine) {
      lines
          .append(lines.isEmpty() ? "" : "\n\n")
          .append(
              copy.render(
                  "my_requests_line",
                  Map.of(
                      "number",
                      c.number(),
                      "category",
                      c.category(),
                      "status",
                      c.status().label(),
                      "dueDate",
                      c.dueDate().toString())));
      CaseAnswers.Latest answer = latest.get(c.id());
      lines
          .append('\n')
          .append(
              answer == null
                  ? copy.text("my_requests_no_answer")
                  : copy.render(
                      answer.byPhone() ? "my_requests_phone_answer" : "my_requests_answer",
                      Map.of("at", answer.at().format(WHEN), "answer", shorten(answer.content()))));
      awaitingRating |= c.status() == CaseStatus.AWAITING_RATING;
    }
    String reply =
        copy.render("my_requests", Map.of("list", lines, "example", mine.get(0).number()));
    return Reply.text(awaitingRating ? reply + "\n" + copy.text("my_requests_rate") : reply);
  }

  private static String shorten(String text) {
    String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return oneLine.codePointCount(0, oneLine.length()) <= ANSWER_SHOWN
        ? oneLine
        : oneLine.substring(0, oneLine.offsetByCodePoints(0, ANSWER_SHOWN)) + "…";
  }
}
