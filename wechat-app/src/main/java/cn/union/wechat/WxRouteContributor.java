package cn.union.wechat;

/** A feature's rows in the routing table; its rules come before the gateway's generic ones. */
public interface WxRouteContributor {

  void contribute(WxRouter router);
}
