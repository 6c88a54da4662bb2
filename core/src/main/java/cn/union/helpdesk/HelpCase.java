package cn.union.helpdesk;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.LocalDate;
import java.time.LocalDateTime;

/** A worker's help request ({@code help_case}); times are Asia/Shanghai local. */
@TableName("help_case")
class HelpCase {

  @TableId(type = IdType.AUTO)
  private Long id;

  private String number;
  private String openid;
  private Long categoryId;
  private String description;
  private String mobileEnc;
  private String mobileHash;
  private Long orgId;
  private String orgPath;
  private CaseStatus status;
  private LocalDateTime submittedAt;
  private LocalDateTime dueAt;
  private LocalDate dueDate;
  private LocalDateTime acceptedAt;
  private LocalDateTime repliedAt;
  private String rating;
  private LocalDateTime sealedAt;
  private boolean reopened;
  private Long sourceInboundId;
  private LocalDateTime awaitingRatingSince;
  private Long sealSeq;
  private String sealPrevHash;
  private String sealHash;

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  public String getNumber() {
    return number;
  }

  public void setNumber(String number) {
    this.number = number;
  }

  public String getOpenid() {
    return openid;
  }

  public void setOpenid(String openid) {
    this.openid = openid;
  }

  public Long getCategoryId() {
    return categoryId;
  }

  public void setCategoryId(Long categoryId) {
    this.categoryId = categoryId;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getMobileEnc() {
    return mobileEnc;
  }

  public void setMobileEnc(String mobileEnc) {
    this.mobileEnc = mobileEnc;
  }

  public String getMobileHash() {
    return mobileHash;
  }

  public void setMobileHash(String mobileHash) {
    this.mobileHash = mobileHash;
  }

  public Long getOrgId() {
    return orgId;
  }

  public void setOrgId(Long orgId) {
    this.orgId = orgId;
  }

  public String getOrgPath() {
    return orgPath;
  }

  public void setOrgPath(String orgPath) {
    this.orgPath = orgPath;
  }

  public CaseStatus getStatus() {
    return status;
  }

  public void setStatus(CaseStatus status) {
    this.status = status;
  }

  public LocalDateTime getSubmittedAt() {
    return submittedAt;
  }

  public void setSubmittedAt(LocalDateTime submittedAt) {
    this.submittedAt = submittedAt;
  }

  public LocalDateTime getDueAt() {
    return dueAt;
  }

  public void setDueAt(LocalDateTime dueAt) {
    this.dueAt = dueAt;
  }

  public LocalDate getDueDate() {
    return dueDate;
  }

  public void setDueDate(LocalDate dueDate) {
    this.dueDate = dueDate;
  }

  public LocalDateTime getAcceptedAt() {
    return acceptedAt;
  }

  public void setAcceptedAt(LocalDateTime acceptedAt) {
    this.acceptedAt = acceptedAt;
  }

  public LocalDateTime getRepliedAt() {
    return repliedAt;
  }

  public void setRepliedAt(LocalDateTime repliedAt) {
    this.repliedAt = repliedAt;
  }

  public String getRating() {
    return rating;
  }

  public void setRating(String rating) {
    this.rating = rating;
  }

  public LocalDateTime getSealedAt() {
    return sealedAt;
  }

  public void setSealedAt(LocalDateTime sealedAt) {
    this.sealedAt = sealedAt;
  }

  public boolean isReopened() {
    return reopened;
  }

  public void setReopened(boolean reopened) {
    this.reopened = reopened;
  }

  public Long getSourceInboundId() {
    return sourceInboundId;
  }

  public void setSourceInboundId(Long sourceInboundId) {
    this.sourceInboundId = sourceInboundId;
  }

  public LocalDateTime getAwaitingRatingSince() {
    return awaitingRatingSince;
  }

  public void setAwaitingRatingSince(LocalDateTime awaitingRatingSince) {
    this.awaitingRatingSince = awaitingRatingSince;
  }

  public Long getSealSeq() {
    return sealSeq;
  }

  public void setSealSeq(Long sealSeq) {
    this.sealSeq = sealSeq;
  }

  public String getSealPrevHash() {
    return sealPrevHash;
  }

  public void setSealPrevHash(String sealPrevHash) {
    this.sealPrevHash = sealPrevHash;
  }

  public String getSealHash() {
    return sealHash;
  }

  public void setSealHash(String sealHash) {
    this.sealHash = sealHash;
  }
}
