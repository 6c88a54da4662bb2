package cn.union.stats;

import java.util.List;
import java.util.Map;

/**
 * The KPIs of an org subtree over a period (see README, 统计口径).
 *
 * @param received 受理量: cases submitted in the period
 * @param closed 已办结: of those, answered (a reply left for the worker)
 * @param onTime answered by the due instant
 * @param overdue 超期件: answered late, plus unanswered past the due instant
 * @param onTimeRate 按期办结率: onTime / (closed + unanswered past due); null when nothing is decided
 *     yet
 * @param satisfactionRate 满意率: (满意 + 基本满意) / rated; null when nothing is rated
 * @param avgReplyWorkingHours 平均答复时长: office hours from submission to the first reply, null when
 *     none
 * @param byCategory 受理量 per category name
 */
public record Kpi(
    long orgId,
    String orgName,
    long received,
    long closed,
    long onTime,
    long overdue,
    Double onTimeRate,
    long rated,
    Double satisfactionRate,
    Double avgReplyWorkingHours,
    Map<String, Long> byCategory,
    List<Kpi> children) {}
