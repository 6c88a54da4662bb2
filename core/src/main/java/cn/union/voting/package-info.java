/** 评选投票: campaigns, candidates and one vote per worker and day. */
@OwnsTables({
  "vote_campaign",
  "vote_candidate",
  "vote_ledger",
  "vote_result",
  "vote_candidate_photo"
})
package cn.union.voting;

import cn.union.shared.OwnsTables;
