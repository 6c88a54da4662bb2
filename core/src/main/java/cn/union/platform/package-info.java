/**
 * Infrastructure every feature may use: clock, Redis, copy, masking, data protection, group commit.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package cn.union.platform;

import org.springframework.modulith.ApplicationModule;
