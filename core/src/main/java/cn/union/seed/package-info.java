/** First start: the super-admin account and, when asked, demo data. */
@ApplicationModule(allowedDependencies = {"org", "staff", "platform", "shared"})
package cn.union.seed;

import org.springframework.modulith.ApplicationModule;
