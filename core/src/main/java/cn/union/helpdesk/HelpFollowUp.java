package cn.union.helpdesk;

import cn.union.notify.Inbound;
import cn.union.notify.InboundHandler;
import cn.union.notify.Reply;
import cn.union.platform.Copy;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * 补充: a worker adds to an open case, {@code 补充 <内容>} for their newest open case or {@code 补充 <编号>
 * <内容>} for a given one. The text lands on the case's timeline and the informants of the owning org
 * see it at once.
 */
@Component
public class HelpFollowUp implements InboundHandler {

  /** The words a worker types, read before any bean exists: the router's table needs them. */
  private static final Copy WORDS = Copy.load("helpdesk");

  public static final String KEYWORD = WORDS.text("words_follow_up");
  public static final int MAX_TEXT = 500;

  private static final Pattern WITH_NUMBER =
      Pattern.compile("^([A-Za-z]{2}-\\d{8}-\\d{6})\\s*(.*)$", Pattern.DOTALL);

  private final WorkerCases helpdesk;
  private final Copy copy;

  public HelpFollowUp(WorkerCases helpdesk, @Qualifier("helpdeskCopy") Copy copy) {
    this.helpdesk = helpdesk;
    this.copy = copy;
  }

  @Override
  public Reply handle(Inbound in) {
    String rest = in.trimmedContent().substring(KEYWORD.length()).strip();
    String number = null;
    Matcher m = WITH_NUMBER.matcher(rest);
    if (m.matches()) {
      number = m.group(1).toUpperCase();
      rest = m.group(2).strip();
    }
    if (rest.isEmpty() || rest.length() > MAX_TEXT) {
      return Reply.text(copy.text("follow_up_usage"));
    }
    WorkerCases.FollowUpOutcome outcome =
        helpdesk.followUp(in.inboundId(), in.openid(), number, rest);
    if (outcome.added()) {
      return Reply.text(copy.render("follow_up_added", Map.of("number", outcome.number())));
    }
    return switch (outcome.refusal()) {
      case "closed" ->
          Reply.text(copy.render("follow_up_closed", Map.of("number", outcome.number())));
      case "unknown" ->
          Reply.text(copy.render("follow_up_unknown", Map.of("number", outcome.number())));
      default -> Reply.text(copy.text("follow_up_none"));
    };
  }
}
