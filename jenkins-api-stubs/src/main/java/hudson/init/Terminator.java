package hudson.init;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jvnet.hudson.annotation_indexer.Indexed;

/**
 * Stand-in for core's {@code @Terminator}: marks a static method Jenkins calls while shutting down. Indexed,
 * so the index processor of this module lists annotated methods as real Jenkins expects.
 */
@Indexed
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Terminator {
    TermMilestone after() default TermMilestone.STARTED;

    TermMilestone before() default TermMilestone.COMPLETED;

    String[] requires() default {};

    String[] attains() default {};

    String displayName() default "";
}
