package org.jvnet.hudson.annotation_indexer;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Stand-in for annotation-indexer's {@code Indexed} (the library is not on Maven Central). An annotation that
 * carries it is listed at compile time, by {@link AnnotationProcessorImpl}, in
 * {@code META-INF/services/annotations/<annotation class name>}, one annotated class per line: the same index
 * that the real library's {@code Index.list} reads at run time (for example structs' {@code SymbolLookup}
 * finding {@code @Symbol} classes).
 */
@Documented
@Retention(RUNTIME)
@Target(ANNOTATION_TYPE)
public @interface Indexed {}
