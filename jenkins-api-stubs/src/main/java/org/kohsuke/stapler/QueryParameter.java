package org.kohsuke.stapler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stand-in for Stapler's {@code QueryParameter}: binds a web-method parameter to a request parameter.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@Documented
public @interface QueryParameter {
    /** Name of the request parameter; by default the name of the Java parameter. */
    String value() default "";

    /** If true, a missing parameter is an error rather than {@code null}. */
    boolean required() default false;

    /** If true, an empty string is passed as {@code null}. */
    boolean fixEmpty() default false;
}
