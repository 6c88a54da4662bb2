package cn.union.enrollment;

/** An application was turned down, with the reason the worker is told. */
public record EnrollmentRejected(long enrollmentId, long targetOrgId, String reason) {}
