/** The union's org tree (province, city, district, grassroots). */
@OwnsTables({"org_unit"})
@ApplicationModule(allowedDependencies = {"platform", "shared"})
package cn.union.org;

import cn.union.shared.OwnsTables;
import org.springframework.modulith.ApplicationModule;
