package cn.union.helpdesk;

import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import org.apache.ibatis.annotations.Mapper;

@Mapper
interface HelpCaseMapper extends BaseMapper<HelpCase> {

  /** The worker's newest case that is neither rated nor sealed, or {@code null}. */
  default HelpCase newestOpen(String openid) {
    return selectOne(
        new LambdaQueryWrapper<HelpCase>()
            .eq(HelpCase::getOpenid, openid)
            .notIn(HelpCase::getStatus, CaseStatus.RATED, CaseStatus.SEALED)
            .orderByDesc(HelpCase::getSubmittedAt)
            .orderByDesc(HelpCase::getId)
            .last("LIMIT 1"));
  }
}
