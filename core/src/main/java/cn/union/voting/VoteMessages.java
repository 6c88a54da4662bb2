package cn.union.voting;

import cn.union.notify.Inbound;
import cn.union.notify.Reply;
import cn.union.platform.Copy;
import cn.union.voting.VotingService.VoteRequest;
import cn.union.voting.VotingViews.CampaignView;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Voting by message: {@code 投票 12} or {@code 投票12} votes for candidate 12 of the open campaign,
 * {@code 投票 3-12} for candidate 12 of campaign 3; {@code 投票} alone and the 投票 menu button list the
 * open campaigns. The message's inbound id is the vote's source, so WeChat's retries of the message
 * count once and are answered the same.
 */
@Component
public class VoteMessages {

  /** The words of the chat, read before any bean exists: the router's table needs them. */
  private static final Copy WORDS = Copy.load("voting");

  public static final String KEYWORD = WORDS.text("words_vote");

  /**
   * Text this feature answers: the keyword, optionally followed by a number or campaign-number (and
   * the candidate number's word, 号).
   */
  public static final Pattern TEXT =
      Pattern.compile(
          "^"
              + Pattern.quote(KEYWORD)
              + "\\s*(?:(\\d{1,9})\\s*[-－—]\\s*)?(?:(\\d{1,9})\\s*(?:"
              + Pattern.quote(WORDS.text("words_number"))
              + ")?)?$");

  private static final DateTimeFormatter END =
      DateTimeFormatter.ofPattern(WORDS.text("end_format"));

  private final VotingService voting;
  private final Copy copy;

  VoteMessages(VotingService voting, Copy votingCopy) {
    this.voting = voting;
    this.copy = votingCopy;
  }

  /** Whether a text is one of this feature's (for the router). */
  public static boolean matches(String text) {
    return text != null && TEXT.matcher(text.strip()).matches();
  }

  public Reply vote(Inbound in) {
    Matcher m = TEXT.matcher(in.trimmedContent());
    if (!m.matches()) {
      return Reply.text(copy.text("usage"));
    }
    if (m.group(2) == null) {
      return list(in);
    }
    Long campaignId = m.group(1) == null ? null : Long.parseLong(m.group(1));
    int number = Integer.parseInt(m.group(2));
    VoteOutcome outcome =
        voting.vote(
            new VoteRequest(
                in.openid(), campaignId, number, "wx:" + in.inboundId(), "WX", null, null));
    return Reply.text(describe(outcome, number));
  }

  /** The open campaigns (the 投票 menu button). */
  public Reply list(Inbound in) {
    List<CampaignView> open = voting.openCampaigns();
    if (open.isEmpty()) {
      return Reply.text(copy.text("open_none"));
    }
    return Reply.text(copy.render("open_list", Map.of("campaigns", lines(open))));
  }

  private String lines(List<CampaignView> open) {
    return open.stream()
        .map(
            c ->
                copy.render(
                    "open_line",
                    Map.of(
                        "id",
                        c.id(),
                        "title",
                        c.title(),
                        "end",
                        END.format(c.endAt()),
                        "limit",
                        c.votesPerVoterPerDay())))
        .collect(Collectors.joining("\n"));
  }

  /** The words for an outcome; only a counted vote's contain 投票成功. */
  public String describe(VoteOutcome o, int number) {
    String name = o.candidateName() == null ? "" : o.candidateName();
    String title = o.campaignTitle() == null ? "" : o.campaignTitle();
    return switch (o.result()) {
      case COUNTED ->
          copy.render(
              "counted",
              Map.of("number", number, "name", name, "remaining", Math.max(0, o.remainingToday())));
      case FLAGGED -> copy.render("flagged", Map.of("number", number, "name", name));
      case NO_CAMPAIGN -> copy.text("no_campaign");
      case AMBIGUOUS -> {
        List<CampaignView> open = voting.openCampaigns();
        long example = open.isEmpty() ? 1 : open.get(0).id();
        yield copy.render(
            "ambiguous",
            Map.of("number", number, "example", example + "-" + number, "campaigns", lines(open)));
      }
      case NO_SUCH_CANDIDATE -> copy.render("no_such_candidate", Map.of("number", number));
      case NOT_STARTED -> copy.render("not_started", Map.of("title", title));
      case ENDED -> copy.render("ended", Map.of("title", title));
      case PAUSED -> copy.render("paused", Map.of("title", title));
      case CLOSED -> copy.render("closed", Map.of("title", title));
      case DAY_LIMIT -> copy.render("day_limit", Map.of("limit", limit(o, true)));
      case CANDIDATE_LIMIT ->
          copy.render(
              "candidate_limit", Map.of("number", number, "name", name, "limit", limit(o, false)));
      case MEMBERS_ONLY -> copy.render("members_only", Map.of("title", title));
      case RATE_LIMITED -> copy.text("rate_limited");
      case BUSY -> copy.text("busy");
    };
  }

  private String limit(VoteOutcome o, boolean perDay) {
    CampaignView c = voting.publicCampaign(o.campaignId());
    if (c == null) {
      return "";
    }
    return Integer.toString(perDay ? c.votesPerVoterPerDay() : c.votesPerCandidatePerDay());
  }
}
