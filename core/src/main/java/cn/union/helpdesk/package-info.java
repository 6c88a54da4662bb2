/** 我要求助: a worker's case from intake to answer, rating and seal. */
@OwnsTables({
  "help_case",
  "help_case_event",
  "help_case_media",
  "help_case_media_content",
  "help_category",
  "help_answer_template",
  "help_reply_outbox",
  "help_seal_head"
})
package cn.union.helpdesk;

import cn.union.shared.OwnsTables;
