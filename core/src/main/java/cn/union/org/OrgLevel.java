package cn.union.org;

/** The five levels of the federation, top down; an org's children are one level lower. */
public enum OrgLevel {
  PROVINCE("省"),
  CITY("市"),
  COUNTY("县"),
  TOWN("乡镇/街道"),
  GRASSROOTS("社区/企业");

  private final String label;

  OrgLevel(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The level of this level's children, or {@code null} for the lowest level. */
  public OrgLevel next() {
    return this == GRASSROOTS ? null : values()[ordinal() + 1];
  }
}
