package cn.union.org;

import java.util.List;

/** An org with its children, as {@code GET /orgs/tree} shows it. */
public record OrgNode(
    long id, String name, OrgLevel level, boolean requiresReview, List<OrgNode> children) {}
