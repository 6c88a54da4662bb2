package cn.union.enrollment;

import java.time.LocalDate;
import java.time.LocalDateTime;

/** One row of {@code enrollment}, as read. Personal numbers only encrypted or hashed. */
record Application(
    long id,
    String openid,
    EnrollmentStatus status,
    Step step,
    long qrcodeId,
    long posterOrgId,
    String name,
    String idNumberEnc,
    String idNumberHash,
    String mobileEnc,
    String employerName,
    String creditCode,
    boolean creditCodeWarning,
    Long targetOrgId,
    String targetOrgPath,
    boolean unionBuilding,
    LocalDateTime submittedAt,
    LocalDate dueDate,
    LocalDateTime decidedAt,
    String decidedBy,
    String reason,
    Long memberId,
    String memberNumber,
    LocalDateTime createdAt,
    LocalDateTime escalatedAt,
    int supervisedCount,
    String supervisionNote) {

  /** What the conversation asks next. */
  enum Step {
    NAME,
    ID_NUMBER,
    MOBILE,
    EMPLOYER,
    CONFIRM
  }
}
