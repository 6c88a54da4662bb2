package cn.union.wechat;

import cn.union.notify.Reply;
import cn.union.staff.StaffWechatBinding;
import org.springframework.stereotype.Component;

/** 绑定 <code>: a staff member links this WeChat to their console account (see StaffWechatBinding). */
@Component
class StaffRoutes implements WxRouteContributor {

  static final String BIND = "绑定";

  private final StaffWechatBinding binding;

  StaffRoutes(StaffWechatBinding binding) {
    this.binding = binding;
  }

  @Override
  public void contribute(WxRouter router) {
    router.prefix(BIND, in -> Reply.text(binding.redeem(in.openid(), in.trimmedContent())));
  }
}
