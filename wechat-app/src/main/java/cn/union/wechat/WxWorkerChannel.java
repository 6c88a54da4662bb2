package cn.union.wechat;

import cn.union.notify.WorkerChannel;
import cn.union.platform.Masking;
import cn.union.platform.PlatformConfig;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one place that decides how a message reaches a worker (see WECHAT_FACTS.md): a
 * customer-service message first; when WeChat says the 48-hour window is closed or its quota used
 * ({@code 45015}/{@code 45047}), a template message with the short notice instead. Any other
 * failure is reported, never thrown.
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
  private final String replyTemplateId;
  private final Clock clock;

  WxWorkerChannel(WxMpService wx, @Value("${union.wx.reply-template-id:sandbox-reply-template}") String replyTemplateId,
      Clock clock) {
    this.wx = wx;
    this.replyTemplateId = replyTemplateId;
    this.clock = clock;
  }

  @Override
  public Delivery sendText(String openid, String text) {
    return sendText(openid, text, null);
  }

  @Override
  public Delivery sendText(String openid, String text, Notice fallback) {
    int code;
    try {
      wx.getKefuService().sendKefuMessage(WxMpKefuMessage.TEXT().toUser(openid).content(text).build());
      return new Delivery(Via.CUSTOM, Status.SENT, null);
    } catch (WxErrorException e) {
      code = errcode(e);
      log.warn("Custom message to {} failed with errcode {}", Masking.openid(openid), code);
    }
    if (fallback == null || !WINDOW_CLOSED.contains(code)) {
      return new Delivery(Via.CUSTOM, Status.FAILED, "errcode " + code);
    }
    return sendTemplate(openid, fallback, code);
  }

  private Delivery sendTemplate(String openid, Notice notice, int customCode) {
    WxMpTemplateMessage message = WxMpTemplateMessage.builder().toUser(openid).templateId(replyTemplateId).build();
    message.addData(new WxMpTemplateData("keyword1", templateValue(notice.reference())));
    message.addData(new WxMpTemplateData("keyword2", templateValue(notice.headline())));
    message.addData(new WxMpTemplateData("keyword3",
        LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE).format(MINUTES)));
    try {
      wx.getTemplateMsgService().sendTemplateMsg(message);
      // WeChat accepted it; the outcome arrives later as TEMPLATESENDJOBFINISH.
      return new Delivery(Via.TEMPLATE, Status.SENT, "custom message errcode " + customCode);
    } catch (WxErrorException e) {
      int code = errcode(e);
      log.warn("Template message to {} failed with errcode {}", Masking.openid(openid), code);
      return new Delivery(Via.TEMPLATE, Status.FAILED, "custom errcode " + customCode + ", template errcode " + code);
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
