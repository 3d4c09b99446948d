package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;

/**
 * One entry of {@code metrics}: a metric's name and the regular expression whose first group is its value in
 * worker 0's log ({@code [name: 'accuracy', regex: 'validation accuracy ([0-9.]+)']}).
 */
public class MetricPattern implements Describable<MetricPattern> {

    private final String name;
    private final String regex;

    @DataBoundConstructor
    public MetricPattern(String name, String regex) {
        this.name = Util.fixEmptyAndTrim(name);
        // a regex is kept as written: leading or trailing spaces may be part of it
        this.regex = Util.fixEmpty(regex);
    }

    public String getName() {
        return name;
    }

    public String getRegex() {
        return regex;
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "name", name);
        Trees.put(m, "regex", regex);
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<MetricPattern> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MetricPattern_DisplayName();
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            return FieldChecks.check("metrics[0].name", Map.of("metrics", List.of(Map.of("name", Util.fixNull(value).trim(),
                    "regex", "x ([0-9.]+)"))), value);
        }

        public FormValidation doCheckRegex(@QueryParameter String value) {
            return FieldChecks.check("metrics[0].regex", Map.of("metrics", List.of(Map.of("name", "m",
                    "regex", Util.fixNull(value)))), value);
        }
    }
}
