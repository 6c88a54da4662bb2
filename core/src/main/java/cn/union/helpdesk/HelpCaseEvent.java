package cn.union.helpdesk;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.LocalDateTime;

/** One entry of a case's timeline ({@code help_case_event}). */
@TableName("help_case_event")
class HelpCaseEvent {

  @TableId(type = IdType.AUTO)
  private Long id;

  private Long caseId;
  private LocalDateTime at;
  private String kind;
  private String actor;
  private String content;
  private String deliveryVia;
  private String deliveryStatus;
  private String detail;

  /** The worker's inbound message this entry came from (a 补充, a rating), if any: one entry each. */
  private Long sourceInboundId;

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  public Long getCaseId() {
    return caseId;
  }

  public void setCaseId(Long caseId) {
    this.caseId = caseId;
  }

  public LocalDateTime getAt() {
    return at;
  }

  public void setAt(LocalDateTime at) {
    this.at = at;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getActor() {
    return actor;
  }

  public void setActor(String actor) {
    this.actor = actor;
  }

  public String getContent() {
    return content;
  }

  public void setContent(String content) {
    this.content = content;
  }

  public String getDeliveryVia() {
    return deliveryVia;
  }

  public void setDeliveryVia(String deliveryVia) {
    this.deliveryVia = deliveryVia;
  }

  public String getDeliveryStatus() {
    return deliveryStatus;
  }

  public void setDeliveryStatus(String deliveryStatus) {
    this.deliveryStatus = deliveryStatus;
  }

  public String getDetail() {
    return detail;
  }

  public void setDetail(String detail) {
    this.detail = detail;
  }

  public Long getSourceInboundId() {
    return sourceInboundId;
  }

  public void setSourceInboundId(Long sourceInboundId) {
    this.sourceInboundId = sourceInboundId;
  }
}
