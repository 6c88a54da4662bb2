package cn.union.wechat;

import cn.union.notify.StaffChannel;
import cn.union.platform.Copy;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reaches staff by template message: reminders are sent whenever they fall due, long after the
 * staff member last wrote to the account, so the 48-hour customer-service window is no use.
 * Keywords: case number, what happened, the due time (each one line, at most 20 characters). A send
 * that reached WeChat without an answer in time is reported uncertain, not failed, so the caller
 * does not send it again ({@link WxFailure}).
 */
@Component
class WxStaffChannel implements StaffChannel {

  private final WxMpService wx;
  private final String templateId;
  private final Copy copy;

  WxStaffChannel(
      WxMpService wx,
      @Value("${union.wx.staff-template-id:${WX_STAFF_TEMPLATE_ID:sandbox-staff-template}}")
          String templateId,
      @Qualifier("wechatCopy") Copy copy) {
    this.wx = wx;
    this.templateId = templateId;
    this.copy = copy;
  }

  @Override
  public Result send(String openid, StaffNotice notice) {
    WxMpTemplateMessage message =
        WxMpTemplateMessage.builder().toUser(openid).templateId(templateId).build();
    message.addData(
        new WxMpTemplateData("keyword1", WxWorkerChannel.templateValue(notice.reference())));
    message.addData(
        new WxMpTemplateData("keyword2", WxWorkerChannel.templateValue(notice.headline())));
    message.addData(new WxMpTemplateData("keyword3", WxWorkerChannel.templateValue(notice.when())));
    WxFailure failure;
    try {
      wx.getTemplateMsgService().sendTemplateMsg(message);
      return Result.ok();
    } catch (WxErrorException | WxRuntimeException e) {
      failure = WxFailure.of(e, copy);
    }
    return failure.uncertain() ? Result.uncertain(failure.cause()) : Result.failed(failure.cause());
  }
}
