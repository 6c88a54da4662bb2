package cn.union.voting;

/** One row of {@code vote_candidate}. */
record Candidate(
    long id,
    long campaignId,
    int number,
    String name,
    String unit,
    String photoUrl,
    String story) {}
