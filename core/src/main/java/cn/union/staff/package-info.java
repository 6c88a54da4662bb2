/** Console staff: accounts, roles, passwords and sessions. */
@OwnsTables({"staff_user", "staff_password_history"})
package cn.union.staff;

import cn.union.shared.OwnsTables;
