package org.jenkinsci;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.jvnet.hudson.annotation_indexer.Indexed;

/**
 * Stand-in for {@code org.jenkinsci.Symbol} (symbol-annotation): the short name of a describable in Pipeline
 * and JCasC. Put it on the Descriptor. Indexed, so compiling against this jar writes
 * {@code META-INF/services/annotations/org.jenkinsci.Symbol} as the real one does.
 */
@Indexed
@Retention(RUNTIME)
@Target({TYPE})
@Documented
public @interface Symbol {
    String[] value();
}
