package cn.union.admin.web;

import cn.union.audit.AuditEntry;
import cn.union.audit.AuditLog;
import cn.union.staff.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/** Writes an audit entry for the current request's caller and address. */
@Component
public class AuditTrail {

  private final AuditLog log;
  private final HttpServletRequest request;

  public AuditTrail(AuditLog log, HttpServletRequest request) {
    this.log = log;
    this.request = request;
  }

  public void record(Caller caller, String orgPath, String action, String targetType, Object targetId, String detail) {
    log.record(new AuditEntry(caller.username(), caller.role().name(), orgPath, action, targetType,
        targetId == null ? null : String.valueOf(targetId), detail, clientIp()));
  }

  /** For events without a logged-in caller (e.g. a failed login). */
  public void recordAnonymous(String actor, String orgPath, String action, String detail) {
    log.record(new AuditEntry(actor, null, orgPath, action, null, null, detail, clientIp()));
  }

  private String clientIp() {
    return request.getRemoteAddr();
  }
}
