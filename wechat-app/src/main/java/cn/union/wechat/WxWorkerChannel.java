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
 * are reported, never thrown, and say whether trying again later may help ({@link WxFailure}): a
 * message that reached WeChat without an answer in time is {@code UNCERTAIN}, and gets no template
 * message after it either (the worker may have the first one).
 */
@Component
class WxWorkerChannel implements WorkerChannel {

  private static final Logger log = LoggerFactory.getLogger(WxWorkerChannel.class);

  /** Out of the reply window / over its count: the template message is the way left. */
  static final Set<Integer> WINDOW_CLOSED = Set.of(45015, 45047);

  /** WeChat's limit for one keyword value of a template message since 2023-05-04. */
  static final int TEMPLATE_VALUE_MAX = 20;

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final WxMpService wx;
  private final ReplyWindow window;
  private final String replyTemplateId;
  private final Copy copy;
  private final Clock clock;

  WxWorkerChannel(
      WxMpService wx,
      ReplyWindow window,
      @Value("${union.wx.reply-template-id:sandbox-reply-template}") String replyTemplateId,
      @Qualifier("wechatCopy") Copy copy,
      Clock clock) {
    this.wx = wx;
    this.window = window;
    this.replyTemplateId = replyTemplateId;
    this.copy = copy;
    this.clock = clock;
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
    WxFailure failure;
    try {
      wx.getKefuService()
          .sendKefuMessage(WxMpKefuMessage.TEXT().toUser(openid).content(text).build());
      window.recordSent(openid);
      return new Delivery(Via.CUSTOM, Status.SENT, decision.reason());
    } catch (WxErrorException | WxRuntimeException e) {
      failure = WxFailure.of(e, copy);
    }
    log.warn(
        "Custom message to {} failed ({}, errcode {}): {}",
        Masking.openid(openid),
        failure.kind(),
        failure.errcode(),
        failure.cause());
    if (failure.uncertain()) {
      // It may have arrived, so it counts against the worker's quota like one that did.
      window.recordSent(openid);
      return new Delivery(
          Via.CUSTOM,
          Status.UNCERTAIN,
          copy.render("delivery.custom-uncertain", Map.of("cause", failure.cause())));
    }
    if (fallback == null || !failure.refused(WINDOW_CLOSED)) {
      return new Delivery(
          Via.CUSTOM,
          Status.FAILED,
          copy.render("delivery.custom-failed", Map.of("cause", failure.cause())),
          failure.retryable());
    }
    return sendTemplate(
        openid,
        fallback,
        copy.render("delivery.custom-refused", Map.of("code", failure.errcode())));
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
    WxFailure failure;
    try {
      wx.getTemplateMsgService().sendTemplateMsg(message);
      // WeChat accepted it; the outcome arrives later as TEMPLATESENDJOBFINISH.
      return new Delivery(Via.TEMPLATE, Status.SENT, why);
    } catch (WxErrorException | WxRuntimeException e) {
      failure = WxFailure.of(e, copy);
    }
    log.warn(
        "Template message to {} failed ({}, errcode {}): {}",
        Masking.openid(openid),
        failure.kind(),
        failure.errcode(),
        failure.cause());
    if (failure.uncertain()) {
      return new Delivery(
          Via.TEMPLATE,
          Status.UNCERTAIN,
          copy.render(
              "delivery.template-uncertain", Map.of("reason", why, "cause", failure.cause())));
    }
    return new Delivery(
        Via.TEMPLATE,
        Status.FAILED,
        copy.render("delivery.template-failed", Map.of("reason", why, "cause", failure.cause())),
        failure.retryable());
  }

  /** A keyword value as WeChat accepts it: one line, at most 20 characters. */
  static String templateValue(String value) {
    String oneLine = value == null ? "" : value.replaceAll("[\\r\\n]+", " ").strip();
    return oneLine.codePointCount(0, oneLine.length()) <= TEMPLATE_VALUE_MAX
        ? oneLine
        : oneLine.substring(0, oneLine.offsetByCodePoints(0, TEMPLATE_VALUE_MAX));
  }
}
