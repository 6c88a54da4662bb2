/** Working-day calendar (holidays and make-up working days) that deadlines count in. */
@OwnsTables({"calendar_day"})
@ApplicationModule(allowedDependencies = {"platform", "shared"})
package cn.union.calendar;

import cn.union.shared.OwnsTables;
import org.springframework.modulith.ApplicationModule;
