package hudson;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import jenkins.YesNoMaybe;
import net.java.sezpoz.Indexable;

/**
 * Stand-in for {@code hudson.Extension}: registers an extension (a descriptor, a global configuration...).
 * SezPoz-indexable: compiling an annotated class writes {@code META-INF/annotations/hudson.Extension}, which
 * Jenkins (and the stand-in {@link ExtensionList}) reads at run time.
 */
@Indexable
@Retention(RUNTIME)
@Target({TYPE, FIELD, METHOD})
@Documented
public @interface Extension {
    /** Sort key: extensions with a higher ordinal come first. */
    double ordinal() default 0;

    /** @deprecated hard to use correctly; use the variant plugin's {@code OptionalExtension}. */
    @Deprecated
    boolean optional() default false;

    /** Whether this extension works when its plugin is loaded without a restart. */
    YesNoMaybe dynamicLoadable() default YesNoMaybe.MAYBE;
}
