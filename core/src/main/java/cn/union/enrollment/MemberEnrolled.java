package cn.union.enrollment;

/**
 * An application was approved and the worker is now a member. Published in the approving
 * transaction.
 */
public record MemberEnrolled(
    long enrollmentId, long memberId, String memberNumber, long orgId, String orgPath) {}
