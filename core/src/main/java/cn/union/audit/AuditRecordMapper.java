package cn.union.audit;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import org.apache.ibatis.annotations.Mapper;

/** Inserts and reads only: nothing in the code updates or deletes an audit record. */
@Mapper
interface AuditRecordMapper extends BaseMapper<AuditRecord> {}
