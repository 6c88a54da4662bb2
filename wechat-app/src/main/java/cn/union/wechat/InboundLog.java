package cn.union.wechat;

import cn.union.platform.PlatformConfig;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import com.baomidou.mybatisplus.core.conditions.update.LambdaUpdateWrapper;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;

/**
 * The durable log of inbound messages. A message is written here before it is handled, and the
 * table's unique keys decide, across every node, whether a delivery is new or a repeat.
 */
@Service
class InboundLog {

  private static final int MAX_CONTENT = 2048;
  private static final int MAX_ERROR = 500;

  // The two statements every message runs are plain JDBC: MyBatis-Plus's generic insert and
  // update(wrapper) build their SQL per call (dynamic <if> tags, OGNL, lambda wrappers, plugin
  // proxies per session), which cost more CPU than H2's own work on the callback path. Same
  // table, same unique keys, same DuplicateKeyException translation; reads stay on the mapper.
  private static final String INSERT =
      "INSERT INTO wx_inbound (dedupe_key, request_key, openid, msg_type, event, event_key, content, media_id,"
          + " payload, sent_at, received_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String MARK_HANDLED =
      "UPDATE wx_inbound SET status = ?, reply = ?, handled_at = ? WHERE id = ?";

  private final WxInboundMapper mapper;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  InboundLog(WxInboundMapper mapper, JdbcTemplate jdbc, Clock clock) {
    this.mapper = mapper;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The outcome of {@link #record}: a new row to handle, or the earlier row of a repeat. */
  record Recorded(WxInbound row, boolean duplicate) {}

  Recorded record(Map<String, String> msg, String requestKey, String payload) {
    WxInbound row = new WxInbound();
    row.setDedupeKey(dedupeKey(msg));
    row.setRequestKey(requestKey);
    row.setOpenid(msg.getOrDefault("FromUserName", ""));
    row.setMsgType(msg.getOrDefault("MsgType", "unknown"));
    row.setEvent(msg.get("Event"));
    row.setEventKey(truncate(msg.get("EventKey"), 191));
    row.setContent(truncate(msg.get("Content"), MAX_CONTENT));
    row.setMediaId(msg.get("MediaId"));
    row.setPayload(payload);
    row.setSentAt(parseCreateTime(msg.get("CreateTime")));
    row.setReceivedAt(now());
    row.setStatus(WxInbound.RECEIVED);
    try {
      insert(row);
      return new Recorded(row, false);
    } catch (DuplicateKeyException e) {
      WxInbound earlier =
          mapper.selectOne(
              new LambdaQueryWrapper<WxInbound>()
                  .eq(WxInbound::getDedupeKey, row.getDedupeKey())
                  .or()
                  .eq(WxInbound::getRequestKey, requestKey)
                  .last("LIMIT 1"));
      if (earlier == null) {
        throw e;
      }
      return new Recorded(earlier, true);
    }
  }

  void markHandled(long id, String reply) {
    jdbc.update(MARK_HANDLED, WxInbound.HANDLED, reply, now(), id);
  }

  private void insert(WxInbound row) {
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.update(con -> {
      PreparedStatement ps = con.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS);
      ps.setString(1, row.getDedupeKey());
      ps.setString(2, row.getRequestKey());
      ps.setString(3, row.getOpenid());
      ps.setString(4, row.getMsgType());
      ps.setString(5, row.getEvent());
      ps.setString(6, row.getEventKey());
      ps.setString(7, row.getContent());
      ps.setString(8, row.getMediaId());
      ps.setString(9, row.getPayload());
      ps.setObject(10, row.getSentAt());
      ps.setObject(11, row.getReceivedAt());
      ps.setString(12, row.getStatus());
      return ps;
    }, key);
    row.setId(key.getKey().longValue());
  }

  void markFailed(long id, Throwable error) {
    String text = error.getClass().getSimpleName() + ": " + error.getMessage();
    mapper.update(
        null,
        new LambdaUpdateWrapper<WxInbound>()
            .eq(WxInbound::getId, id)
            .set(WxInbound::getStatus, WxInbound.FAILED)
            .set(WxInbound::getError, truncate(text, MAX_ERROR))
            .set(WxInbound::getHandledAt, now()));
  }

  WxInbound find(long id) {
    return mapper.selectById(id);
  }

  /** {@code m:<MsgId>} for messages; for events the sender, time, event and key together. */
  static String dedupeKey(Map<String, String> msg) {
    String msgId = msg.get("MsgId");
    if (msgId != null && !msgId.isBlank()) {
      return "m:" + msgId;
    }
    String key =
        "e:" + msg.getOrDefault("FromUserName", "") + ":" + msg.getOrDefault("CreateTime", "") + ":"
            + msg.getOrDefault("Event", msg.getOrDefault("MsgType", "")) + ":" + msg.getOrDefault("EventKey", "");
    return truncate(key, 191);
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }

  private static LocalDateTime parseCreateTime(String createTime) {
    if (createTime == null || createTime.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.ofInstant(Instant.ofEpochSecond(Long.parseLong(createTime.trim())), PlatformConfig.ZONE);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
