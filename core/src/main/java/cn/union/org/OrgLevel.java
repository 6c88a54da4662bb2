package cn.union.org;

/**
 * The five levels of the federation, top down; an org's children are one level lower. People read
 * them in the console's labels of codes.
 */
public enum OrgLevel {
  PROVINCE,
  CITY,
  COUNTY,
  TOWN,
  GRASSROOTS;

  /** The level of this level's children, or {@code null} for the lowest level. */
  public OrgLevel next() {
    return this == GRASSROOTS ? null : values()[ordinal() + 1];
  }
}
