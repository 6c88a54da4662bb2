package cn.union.wechat;

import cn.union.notify.WorkerChannel;
import cn.union.platform.Masking;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sends to a worker through WeChat's customer-service message API. */
@Component
class WxWorkerChannel implements WorkerChannel {

  private static final Logger log = LoggerFactory.getLogger(WxWorkerChannel.class);

  private final WxMpService wx;

  WxWorkerChannel(WxMpService wx) {
    this.wx = wx;
  }

  @Override
  public Delivery sendText(String openid, String text) {
    try {
      wx.getKefuService().sendKefuMessage(WxMpKefuMessage.TEXT().toUser(openid).content(text).build());
      return new Delivery(Via.CUSTOM, Status.SENT, null);
    } catch (WxErrorException e) {
      int code = e.getError() == null ? -1 : e.getError().getErrorCode();
      log.warn("Custom message to {} failed with errcode {}", Masking.openid(openid), code);
      return new Delivery(Via.CUSTOM, Status.FAILED, "errcode " + code);
    }
  }
}
