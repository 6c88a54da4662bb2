package cn.union.helpdesk;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import org.apache.ibatis.annotations.Mapper;

@Mapper
interface HelpCaseMapper extends BaseMapper<HelpCase> {}
