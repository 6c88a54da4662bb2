package cn.union.enrollment;

/**
 * Where the H5 enrollment form is served, for the link a scan's reply offers beside the
 * conversation. The web layer provides it; without it the reply offers the conversation only.
 */
public interface EnrollmentFormLink {

  /** The form's absolute address, opened from a WeChat message (it signs the worker in through OAuth). */
  String url();
}
