package cn.union.wechat;

import cn.union.enrollment.QrCodeIssuer;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.result.WxMpQrCodeTicket;
import org.springframework.stereotype.Component;

/**
 * QR codes with a scene string through {@code /cgi-bin/qrcode/create} (QR_LIMIT_STR_SCENE or
 * QR_STR_SCENE).
 */
@Component
class WxQrCodes implements QrCodeIssuer {

  private final WxMpService wx;

  WxQrCodes(WxMpService wx) {
    this.wx = wx;
  }

  @Override
  public Issued issue(String sceneStr, Integer expireSeconds) {
    try {
      WxMpQrCodeTicket t =
          expireSeconds == null
              ? wx.getQrcodeService().qrCodeCreateLastTicket(sceneStr)
              : wx.getQrcodeService().qrCodeCreateTmpTicket(sceneStr, expireSeconds);
      return new Issued(
          t.getTicket(), t.getUrl(), expireSeconds == null ? null : t.getExpireSeconds());
    } catch (WxErrorException e) {
      throw new IllegalStateException("errcode " + e.getError().getErrorCode(), e);
    }
  }
}
