package cn.union.enrollment;

import java.time.LocalDate;

/**
 * A worker completed the form; the application waits for the target org's admins until {@code
 * dueDate}.
 *
 * @param unionBuilding the employer has no union (or is not in the register): the application went
 *     to the city federation, which should follow up on building a union there
 */
public record EnrollmentSubmitted(
    long enrollmentId,
    long targetOrgId,
    String targetOrgPath,
    boolean unionBuilding,
    LocalDate dueDate) {}
