package cn.union.wechat;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableField;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.LocalDateTime;

/**
 * One row of the inbound log ({@code wx_inbound}): a delivered message, and what became of it
 * (status, reply, error, handled time), which is kept in {@code wx_inbound_outcome}.
 */
@TableName("wx_inbound")
public class WxInbound {

  public static final String RECEIVED = "RECEIVED";
  public static final String HANDLED = "HANDLED";
  public static final String FAILED = "FAILED";

  @TableId(type = IdType.AUTO)
  private Long id;

  private String dedupeKey;
  private String requestKey;
  private String openid;
  private String msgType;
  private String event;
  private String eventKey;
  private String content;
  private String mediaId;
  private String payload;
  private LocalDateTime sentAt;
  private LocalDateTime receivedAt;

  @TableField(exist = false)
  private String status;

  @TableField(exist = false)
  private String reply;

  @TableField(exist = false)
  private String error;

  @TableField(exist = false)
  private LocalDateTime handledAt;

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  public String getDedupeKey() {
    return dedupeKey;
  }

  public void setDedupeKey(String dedupeKey) {
    this.dedupeKey = dedupeKey;
  }

  public String getRequestKey() {
    return requestKey;
  }

  public void setRequestKey(String requestKey) {
    this.requestKey = requestKey;
  }

  public String getOpenid() {
    return openid;
  }

  public void setOpenid(String openid) {
    this.openid = openid;
  }

  public String getMsgType() {
    return msgType;
  }

  public void setMsgType(String msgType) {
    this.msgType = msgType;
  }

  public String getEvent() {
    return event;
  }

  public void setEvent(String event) {
    this.event = event;
  }

  public String getEventKey() {
    return eventKey;
  }

  public void setEventKey(String eventKey) {
    this.eventKey = eventKey;
  }

  public String getContent() {
    return content;
  }

  public void setContent(String content) {
    this.content = content;
  }

  public String getMediaId() {
    return mediaId;
  }

  public void setMediaId(String mediaId) {
    this.mediaId = mediaId;
  }

  public String getPayload() {
    return payload;
  }

  public void setPayload(String payload) {
    this.payload = payload;
  }

  public LocalDateTime getSentAt() {
    return sentAt;
  }

  public void setSentAt(LocalDateTime sentAt) {
    this.sentAt = sentAt;
  }

  public LocalDateTime getReceivedAt() {
    return receivedAt;
  }

  public void setReceivedAt(LocalDateTime receivedAt) {
    this.receivedAt = receivedAt;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getReply() {
    return reply;
  }

  public void setReply(String reply) {
    this.reply = reply;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }

  public LocalDateTime getHandledAt() {
    return handledAt;
  }

  public void setHandledAt(LocalDateTime handledAt) {
    this.handledAt = handledAt;
  }
}
