package cn.union.wechat;

import cn.union.notify.WorkerChannel;
import cn.union.platform.Copy;
import cn.union.platform.Masking;
import cn.union.platform.PlatformConfig;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one place that decides how a message reaches a worker (see WECHAT_FACTS.md). The tracked
 * window ({@link ReplyWindow}) says whether a customer-service message may go now; if not, the
 * template message with the short notice goes straight away. If WeChat still says the window is
 * closed or its quota used ({@code 45015}/{@code 45047}), the template message follows. Failures
 * are reported, never thrown, and say whether trying again later may help.
 */
@Component
class WxWorkerChannel implements WorkerChannel {

  private static final Logger log = LoggerFactory.getLogger(WxWorkerChannel.class);

  /** Out of the reply window / over its count: the template message is the way left. */
  static final Set<Integer> WINDOW_CLOSED = Set.of(45015, 45047);

  /**
   * Refusals that may pass: system busy, API call limits, and -1/-2 for errors of our own side of
   * the wire. Anything else (unfollowed 43004, invalid openid 40003, bad template 40037, …) will
   * fail the same way again.
   */
  static final Set<Integer> TRANSIENT = Set.of(-1, -2, 45009, 45011, 45033);

  /** WeChat's limit for one keyword value of a template message since 2023-05-04. */
  static final int TEMPLATE_VALUE_MAX = 20;

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final WxMpService wx;
  private final ReplyWindow window;
  private final String replyTemplateId;
  private final Clock clock;
  private final Copy copy;

  WxWorkerChannel(
      WxMpService wx,
      ReplyWindow window,
      @Value("${union.wx.reply-template-id:sandbox-reply-template}") String replyTemplateId,
      Clock clock,
      @Qualifier("wechatCopy") Copy copy) {
    this.wx = wx;
    this.window = window;
    this.replyTemplateId = replyTemplateId;
    this.clock = clock;
    this.copy = copy;
  }

  @Override
  public Delivery sendText(String openid, String text) {
    return sendText(openid, text, null);
  }

  @Override
  public Via plan(String openid) {
    return window.decide(openid).custom() ? Via.CUSTOM : Via.TEMPLATE;
  }

  @Override
  public Delivery sendText(String openid, String text, Notice fallback) {
    ReplyWindow.Decision decision = window.decide(openid);
    if (!decision.custom()) {
      if (fallback == null) {
        return new Delivery(
            Via.CUSTOM,
            Status.FAILED,
            copy.render("delivery.no-template", Map.of("reason", decision.reason())));
      }
      return sendTemplate(
          openid,
          fallback,
          copy.render("delivery.template-instead", Map.of("reason", decision.reason())));
    }
    int code;
    try {
      wx.getKefuService()
          .sendKefuMessage(WxMpKefuMessage.TEXT().toUser(openid).content(text).build());
      window.recordSent(openid);
      return new Delivery(Via.CUSTOM, Status.SENT, decision.reason());
    } catch (WxErrorException e) {
      code = errcode(e);
      log.warn("Custom message to {} failed with errcode {}", Masking.openid(openid), code);
    } catch (WxRuntimeException e) {
      log.warn(
          "Custom message to {} did not reach WeChat: {}", Masking.openid(openid), e.getMessage());
      return new Delivery(
          Via.CUSTOM,
          Status.FAILED,
          copy.render("delivery.custom-unreachable", Map.of("error", e.getClass().getSimpleName())),
          true);
    }
    if (fallback == null || !WINDOW_CLOSED.contains(code)) {
      return new Delivery(
          Via.CUSTOM,
          Status.FAILED,
          copy.render("delivery.custom-failed", Map.of("code", code)),
          TRANSIENT.contains(code));
    }
    return sendTemplate(
        openid, fallback, copy.render("delivery.custom-refused", Map.of("code", code)));
  }

  private Delivery sendTemplate(String openid, Notice notice, String why) {
    WxMpTemplateMessage message =
        WxMpTemplateMessage.builder().toUser(openid).templateId(replyTemplateId).build();
    message.addData(new WxMpTemplateData("keyword1", templateValue(notice.reference())));
    message.addData(new WxMpTemplateData("keyword2", templateValue(notice.headline())));
    message.addData(
        new WxMpTemplateData(
            "keyword3",
            LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE).format(MINUTES)));
    try {
      wx.getTemplateMsgService().sendTemplateMsg(message);
      // WeChat accepted it; the outcome arrives later as TEMPLATESENDJOBFINISH.
      return new Delivery(Via.TEMPLATE, Status.SENT, why);
    } catch (WxErrorException e) {
      int code = errcode(e);
      log.warn("Template message to {} failed with errcode {}", Masking.openid(openid), code);
      return new Delivery(
          Via.TEMPLATE,
          Status.FAILED,
          copy.render("delivery.template-failed", Map.of("reason", why, "code", code)),
          TRANSIENT.contains(code));
    } catch (WxRuntimeException e) {
      log.warn(
          "Template message to {} did not reach WeChat: {}",
          Masking.openid(openid),
          e.getMessage());
      return new Delivery(
          Via.TEMPLATE,
          Status.FAILED,
          copy.render(
              "delivery.template-unreachable",
              Map.of("reason", why, "error", e.getClass().getSimpleName())),
          true);
    }
  }

  /** A keyword value as WeChat accepts it: one line, at most 20 characters. */
  static String templateValue(String value) {
    String oneLine = value == null ? "" : value.replaceAll("[\\r\\n]+", " ").strip();
    return oneLine.codePointCount(0, oneLine.length()) <= TEMPLATE_VALUE_MAX
        ? oneLine
        : oneLine.substring(0, oneLine.offsetByCodePoints(0, TEMPLATE_VALUE_MAX));
  }

  private static int errcode(WxErrorException e) {
    return e.getError() == null ? -1 : e.getError().getErrorCode();
  }
}
