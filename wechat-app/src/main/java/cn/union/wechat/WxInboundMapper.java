package cn.union.wechat;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import org.apache.ibatis.annotations.Mapper;

@Mapper
interface WxInboundMapper extends BaseMapper<WxInbound> {}
