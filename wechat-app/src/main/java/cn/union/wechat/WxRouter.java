package cn.union.wechat;

import cn.union.notify.Conversation;
import cn.union.notify.Inbound;
import cn.union.notify.InboundHandler;
import cn.union.notify.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The one routing table of the official account: the first rule that matches handles the message.
 * Command words (e.g. {@code 我要求助}) start their flow afresh whatever the worker is in the middle
 * of; after them, a conversation in progress sees the worker's text before the other keyword rules
 * do. So a command needs no lookup of the worker's conversation state (a Redis round trip) at all.
 */
public final class WxRouter {

  private record Rule(String name, Predicate<WxMessage> matches, InboundHandler handler) {}

  private final List<Rule> commands = new ArrayList<>();
  private final List<Rule> rules = new ArrayList<>();
  private final List<Conversation> conversations = new ArrayList<>();
  private InboundHandler fallback;

  public WxRouter click(String key, InboundHandler handler) {
    rules.add(
        new Rule("CLICK " + key, in -> in.isEvent("CLICK") && key.equals(in.eventKey()), handler));
    return this;
  }

  public WxRouter event(String event, InboundHandler handler) {
    rules.add(new Rule("event " + event, in -> in.isEvent(event), handler));
    return this;
  }

  /** Text equal to one of the keywords (trimmed, case-insensitive). */
  public WxRouter keyword(InboundHandler handler, String... keywords) {
    rules.add(textIn("text", keywords, handler));
    return this;
  }

  /**
   * Text equal to one of the words (trimmed, case-insensitive) that starts a flow afresh: it wins
   * over any conversation in progress.
   */
  public WxRouter command(InboundHandler handler, String... words) {
    commands.add(textIn("command", words, handler));
    return this;
  }

  /**
   * Text matching a pattern as a whole (trimmed) that, like a command word, wins over any
   * conversation in progress: e.g. {@code 投票 12} and {@code 投票12}.
   */
  public WxRouter commandMatching(java.util.regex.Pattern pattern, InboundHandler handler) {
    commands.add(
        new Rule(
            "command /" + pattern.pattern() + "/",
            in -> in.isText() && pattern.matcher(in.trimmedContent()).matches(),
            handler));
    return this;
  }

  /** A rule for text equal to one of the words, trimmed and case-insensitive. */
  private static Rule textIn(String kind, String[] words, InboundHandler handler) {
    List<String> lower = List.of(words).stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    return new Rule(
        kind + " " + lower,
        in -> in.isText() && lower.contains(in.trimmedContent().toLowerCase(Locale.ROOT)),
        handler);
  }

  /** Text starting with a prefix followed by a space or the end, e.g. {@code 投票 12}. */
  public WxRouter prefix(String prefix, InboundHandler handler) {
    rules.add(
        new Rule(
            "prefix " + prefix,
            in ->
                in.isText()
                    && (in.trimmedContent().equals(prefix)
                        || in.trimmedContent().startsWith(prefix + " ")),
            handler));
    return this;
  }

  /**
   * A scan of a QR code whose scene starts with {@code scenePrefix}: {@code subscribe} with {@code
   * qrscene_<scene>} (a new follower) or {@code SCAN} with {@code <scene>} (a follower).
   */
  public WxRouter scene(String scenePrefix, InboundHandler handler) {
    rules.add(
        new Rule(
            "scene " + scenePrefix,
            in ->
                in.eventKey() != null
                    && ((in.isEvent("subscribe")
                            && in.eventKey().startsWith("qrscene_" + scenePrefix))
                        || (in.isEvent("SCAN") && in.eventKey().startsWith(scenePrefix))),
            handler));
    return this;
  }

  public WxRouter messageType(String type, InboundHandler handler) {
    rules.add(new Rule("type " + type, in -> type.equals(in.type()), handler));
    return this;
  }

  public WxRouter conversation(Conversation conversation) {
    conversations.add(conversation);
    return this;
  }

  public WxRouter otherwise(InboundHandler handler) {
    this.fallback = handler;
    return this;
  }

  /**
   * The handler for a message that may have been handled before ({@link Inbound#again}): a
   * conversation that already took a step from it answers that step's reply again (it may have
   * ended with that step, so the text would route elsewhere now); otherwise the message routes as
   * usual.
   */
  InboundHandler routeAgain(WxMessage msg, Inbound in) {
    if (!msg.isEvent()) {
      for (Conversation c : conversations) {
        Reply earlier = c.applied(in);
        if (earlier != null) {
          return again -> earlier;
        }
      }
    }
    return route(msg);
  }

  /** The handler for a message; never {@code null}. */
  InboundHandler route(WxMessage in) {
    for (Rule command : commands) {
      if (command.matches().test(in)) {
        return command.handler();
      }
    }
    boolean workerInput = !in.isEvent();
    if (workerInput) {
      for (Conversation c : conversations) {
        if (c.inProgress(in.openid())) {
          return c;
        }
      }
    }
    for (Rule rule : rules) {
      if (rule.matches().test(in)) {
        return rule.handler();
      }
    }
    if (fallback == null) {
      throw new IllegalStateException("router has no fallback handler");
    }
    return fallback;
  }

  /** The rules in order, for documentation and tests. */
  public List<String> describe() {
    return rules.stream().map(Rule::name).toList();
  }
}
