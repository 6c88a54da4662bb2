/**
 * Ports through which features talk to workers and staff (WeChat behind them), and the inbound
 * message type.
 */
@ApplicationModule(allowedDependencies = {})
package cn.union.notify;

import org.springframework.modulith.ApplicationModule;
