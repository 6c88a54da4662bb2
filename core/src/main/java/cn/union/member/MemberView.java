package cn.union.member;

/**
 * A member as people see it: ID number and phone masked ({@code 3210**********2119}, {@code
 * 138****8000}).
 */
public record MemberView(
    long id,
    String name,
    String idNumber,
    String mobile,
    String employer,
    long orgId,
    boolean wechatBound) {}
