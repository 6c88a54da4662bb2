/** Types every feature may use: domain exceptions, page results, the table-ownership annotation. */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package cn.union.shared;

import org.springframework.modulith.ApplicationModule;
