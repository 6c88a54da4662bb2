/** Members of the union, with their ID numbers encrypted and masked. */
@OwnsTables({"member"})
@ApplicationModule(allowedDependencies = {"org", "staff", "platform", "shared"})
package cn.union.member;

import cn.union.shared.OwnsTables;
import org.springframework.modulith.ApplicationModule;
