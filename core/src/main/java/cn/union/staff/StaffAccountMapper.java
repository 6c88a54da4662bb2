package cn.union.staff;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.LocalDateTime;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Update;

@Mapper
interface StaffAccountMapper extends BaseMapper<StaffAccount> {

  /**
   * Counts a login attempt before its password is checked; 0 rows when the account is locked or its
   * allowed attempts are taken. A lock that has run out starts a fresh count. One statement, so the
   * row lock makes parallel attempts count one after another.
   */
  @Update(
      "UPDATE staff_user SET failed_logins = CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END,"
          + " locked_until = NULL WHERE id = #{id}"
          + " AND ((locked_until IS NULL AND failed_logins < #{max}) OR locked_until <= #{now})")
  int claimAttempt(@Param("id") long id, @Param("max") int max, @Param("now") LocalDateTime now);

  /** Locks the account when its count is full and no lock is set yet. */
  @Update(
      "UPDATE staff_user SET locked_until = #{until} WHERE id = #{id} AND failed_logins >= #{max}"
          + " AND locked_until IS NULL")
  int lock(@Param("id") long id, @Param("max") int max, @Param("until") LocalDateTime until);

  @Update("UPDATE staff_user SET failed_logins = 0, locked_until = NULL WHERE id = #{id}")
  int clearFailures(@Param("id") long id);
}
