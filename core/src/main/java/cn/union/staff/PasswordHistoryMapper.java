package cn.union.staff;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import org.apache.ibatis.annotations.Mapper;

@Mapper
interface PasswordHistoryMapper extends BaseMapper<PasswordHistory> {}
