package cn.union.org;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableField;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.LocalDateTime;

/** A union organisation in the tree ({@code org_unit}). */
@TableName("org_unit")
class OrgUnit implements Org {

  @TableId(type = IdType.AUTO)
  private Long id;

  private Long parentId;
  private String name;

  @TableField("org_level")
  private OrgLevel level;

  private String path;
  private boolean requiresReview;
  private boolean demo;
  private LocalDateTime createdAt;

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  public Long getParentId() {
    return parentId;
  }

  public void setParentId(Long parentId) {
    this.parentId = parentId;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public OrgLevel getLevel() {
    return level;
  }

  public void setLevel(OrgLevel level) {
    this.level = level;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public boolean isRequiresReview() {
    return requiresReview;
  }

  public void setRequiresReview(boolean requiresReview) {
    this.requiresReview = requiresReview;
  }

  public boolean isDemo() {
    return demo;
  }

  public void setDemo(boolean demo) {
    this.demo = demo;
  }

  public LocalDateTime getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(LocalDateTime createdAt) {
    this.createdAt = createdAt;
  }
}
