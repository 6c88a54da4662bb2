package cn.union.wechat;

import cn.union.notify.WorkerChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A worker channel that keeps what it is asked to send ({@code openid:text}) and reports each as
 * sent by customer-service message.
 */
final class RecordingChannel implements WorkerChannel {

  final List<String> sent = Collections.synchronizedList(new ArrayList<>());

  @Override
  public Delivery sendText(String openid, String text) {
    sent.add(openid + ":" + text);
    return new Delivery(Via.CUSTOM, Status.SENT, "test");
  }

  @Override
  public Delivery sendText(String openid, String text, Notice fallback) {
    return sendText(openid, text);
  }

  @Override
  public Via plan(String openid) {
    return Via.CUSTOM;
  }
}
