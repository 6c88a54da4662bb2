package cn.union.audit;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.LocalDateTime;

/** A stored audit entry with its place in the hash chain ({@code audit_log}). */
@TableName("audit_log")
public class AuditRecord {

  @TableId(type = IdType.AUTO)
  private Long id;

  private LocalDateTime at;
  private String actor;
  private String actorRole;
  private String orgPath;
  private String action;
  private String targetType;
  private String targetId;
  private String detail;
  private String ip;
  private String prevHash;
  private String hash;

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  public LocalDateTime getAt() {
    return at;
  }

  public void setAt(LocalDateTime at) {
    this.at = at;
  }

  public String getActor() {
    return actor;
  }

  public void setActor(String actor) {
    this.actor = actor;
  }

  public String getActorRole() {
    return actorRole;
  }

  public void setActorRole(String actorRole) {
    this.actorRole = actorRole;
  }

  public String getOrgPath() {
    return orgPath;
  }

  public void setOrgPath(String orgPath) {
    this.orgPath = orgPath;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public String getTargetType() {
    return targetType;
  }

  public void setTargetType(String targetType) {
    this.targetType = targetType;
  }

  public String getTargetId() {
    return targetId;
  }

  public void setTargetId(String targetId) {
    this.targetId = targetId;
  }

  public String getDetail() {
    return detail;
  }

  public void setDetail(String detail) {
    this.detail = detail;
  }

  public String getIp() {
    return ip;
  }

  public void setIp(String ip) {
    this.ip = ip;
  }

  public String getPrevHash() {
    return prevHash;
  }

  public void setPrevHash(String prevHash) {
    this.prevHash = prevHash;
  }

  public String getHash() {
    return hash;
  }

  public void setHash(String hash) {
    this.hash = hash;
  }
}
