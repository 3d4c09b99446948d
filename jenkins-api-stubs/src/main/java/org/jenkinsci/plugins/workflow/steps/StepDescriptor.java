package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionList;
import hudson.model.Descriptor;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Stand-in for workflow-step-api's {@code StepDescriptor}: names the Pipeline function
 * ({@link #getFunctionName()}) and the context the step needs ({@link #getRequiredContext()}).
 */
public abstract class StepDescriptor extends Descriptor<Step> {
    /** Context types ({@code TaskListener.class}, {@code Run.class}, {@code FilePath.class}...) the step cannot do without. */
    public abstract Set<? extends Class<?>> getRequiredContext();

    /** Context types the step provides to its body. */
    public Set<? extends Class<?>> getProvidedContext() {
        return Collections.emptySet();
    }

    /** The Pipeline function name, matching {@code [a-z][A-Za-z0-9_]*}. */
    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        return false;
    }

    public boolean isAdvanced() {
        return false;
    }

    public boolean isMetaStep() {
        return false;
    }

    public static ExtensionList<StepDescriptor> all() {
        return ExtensionList.lookup(StepDescriptor.class);
    }

    public static @Nullable StepDescriptor byFunctionName(String name) {
        for (StepDescriptor d : all()) {
            if (d.getFunctionName().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /**
     * A short text for the step's arguments in the UI (raw, not escaped): the stand-in gives the value of a sole
     * text, number, boolean or enum argument, else {@code null}. Override for more.
     */
    @CheckForNull
    public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
        if (namedArgs.size() != 1) {
            return null;
        }
        Object only = namedArgs.values().iterator().next();
        boolean simple = only instanceof CharSequence || only instanceof Number || only instanceof Boolean || only instanceof Enum;
        return simple ? String.valueOf(only) : null;
    }
}
