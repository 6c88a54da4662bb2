package cn.union.wechat;

import cn.union.notify.WorkerChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.redisson.client.RedisException;

/**
 * A worker channel that keeps what it is asked to send ({@code openid:text}) and reports each as
 * sent by customer-service message; while {@link #redisDown} is set, a send fails as the real one
 * does when Redis (which its reply window asks) does not answer.
 */
final class RecordingChannel implements WorkerChannel {

  final List<String> sent = Collections.synchronizedList(new ArrayList<>());

  volatile boolean redisDown;

  @Override
  public Delivery sendText(String openid, String text) {
    if (redisDown) {
      throw new RedisException("Redis does not answer (test)");
    }
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
