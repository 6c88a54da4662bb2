package cn.union.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The tables a feature owns, on its {@code package-info.java}. Only the owner's classes name them
 * (in SQL or as a {@code @TableName} entity); another feature asks the owner's public service or
 * listens to its events. Checked by core's {@code FeatureShapeTest}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface OwnsTables {

  /** Table names as the migrations in {@code sql/} create them. */
  String[] value();
}
