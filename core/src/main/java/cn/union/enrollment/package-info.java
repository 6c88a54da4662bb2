/** 入会: a worker applies to join the union by scanning an employer's poster. */
@OwnsTables({
  "enrollment",
  "enroll_employer",
  "enroll_qr_quota",
  "enroll_qrcode",
  "enroll_register_import",
  "enroll_scan",
  "enroll_notice",
  "enroll_review_alert"
})
package cn.union.enrollment;

import cn.union.shared.OwnsTables;
