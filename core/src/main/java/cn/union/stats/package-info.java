/** KPI figures per org and day, and their exports. */
@OwnsTables({"help_kpi_daily", "help_kpi_dirty", "kpi_refresh_mark"})
package cn.union.stats;

import cn.union.shared.OwnsTables;
