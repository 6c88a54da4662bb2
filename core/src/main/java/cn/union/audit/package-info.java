/** Audit log: an append-only, hash-chained record of what staff did. */
@OwnsTables({"audit_log", "audit_head"})
@ApplicationModule(allowedDependencies = {"platform", "shared"})
package cn.union.audit;

import cn.union.shared.OwnsTables;
import org.springframework.modulith.ApplicationModule;
