package cn.union.enrollment;

/**
 * Where the H5 pages of 扫码入会 are served, for the links the replies offer: the enrollment form
 * beside the conversation, and the electronic member card. The web layer provides it; without it
 * the replies offer the conversation and the card's text only.
 */
public interface EnrollmentFormLink {

  /**
   * The form's absolute address, opened from a WeChat message (it signs the worker in through
   * OAuth).
   */
  String url();

  /** The member card page's absolute address (signed in the same way). */
  String cardUrl();
}
