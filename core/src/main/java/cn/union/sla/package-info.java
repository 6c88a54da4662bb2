/** Reply tracking: reminders, escalation (督办) and their delivery to staff. */
@OwnsTables({"help_case_alert", "help_case_alert_delivery", "sla_sweep_mark"})
package cn.union.sla;

import cn.union.shared.OwnsTables;
