package cn.union.wechat;

import cn.union.notify.Reply;
import cn.union.platform.Copy;
import cn.union.staff.StaffWechatBinding;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** 绑定 <code>: a staff member links this WeChat to their console account (see StaffWechatBinding). */
@Component
class StaffRoutes implements WxRouteContributor {

  private final StaffWechatBinding binding;
  private final Copy copy;

  StaffRoutes(StaffWechatBinding binding, @Qualifier("wechatCopy") Copy copy) {
    this.binding = binding;
    this.copy = copy;
  }

  @Override
  public void contribute(WxRouter router) {
    router.prefix(
        copy.text("words.bind"),
        in -> Reply.text(binding.redeem(in.openid(), in.trimmedContent(), in.again())));
  }
}
