package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.util.FormValidation;
import io.modelarts.train.assets.AssetCatalog;
import io.modelarts.train.assets.AssetCatalogLoader;
import io.modelarts.train.assets.Dataset;
import io.modelarts.train.rules.Names;
import io.modelarts.train.rules.Problem;
import java.util.List;

/**
 * The saved algorithms and datasets of the global configuration: assets-file YAML kept as text (a textarea in the
 * form, a string in Configuration as Code), read with the same loader and rules as the command line's
 * {@code --assets FILE}. A step's {@code assets} file goes on top of them ({@link AssetCatalog#overriddenBy}).
 */
final class GlobalAssets {

    static final String FIELD = "assets";

    private GlobalAssets() {
    }

    /** The text's problems (errors and warnings) with the assets file's field paths; none for blank text. */
    static AssetCatalogLoader.Result load(@CheckForNull String yaml) {
        if (Util.fixEmptyAndTrim(yaml) == null) {
            return new AssetCatalogLoader.Result(AssetCatalog.EMPTY, List.of());
        }
        // no base folder: a relative local path here would be a path on the controller, which the resolver refuses
        return AssetCatalogLoader.loadText(yaml, FIELD, null);
    }

    /** The message that refuses invalid text, naming the field and every error; null when the text is fine. */
    @CheckForNull
    static String invalid(@CheckForNull String yaml) {
        AssetCatalogLoader.Result r = load(yaml);
        if (!r.hasErrors()) {
            return null;
        }
        StringBuilder s = new StringBuilder(Messages.GlobalAssets_Invalid());
        r.problems().stream().filter(Problem::isError).forEach(p -> s.append("\n  ").append(p));
        return s.toString();
    }

    /** The catalog of the configured text, or null when there is none; refuses to run jobs on invalid text. */
    @CheckForNull
    static AssetCatalog catalog(@CheckForNull String yaml) throws AbortException {
        if (Util.fixEmptyAndTrim(yaml) == null) {
            return null;
        }
        String invalid = invalid(yaml);
        if (invalid != null) {
            throw new AbortException(invalid);
        }
        return load(yaml).catalog();
    }

    /** The configured catalog for form hints; empty when none or invalid (the configuration page reports that). */
    private static AssetCatalog configured() {
        AssetCatalogLoader.Result r = load(ModelArtsGlobalConfiguration.get().getAssets());
        return r.hasErrors() ? AssetCatalog.EMPTY : r.catalog();
    }

    /** The form check of the text: every problem with its field path, errors before warnings. */
    static FormValidation check(String yaml) {
        AssetCatalogLoader.Result r = load(yaml);
        List<String> errors = r.problems().stream().filter(Problem::isError).map(Problem::toString).toList();
        List<String> warnings = r.problems().stream().filter(p -> !p.isError()).map(Problem::toString).toList();
        if (!errors.isEmpty() || r.catalog() == null) {
            return FormValidation.error(String.join("; ", errors));
        }
        return warnings.isEmpty() ? FormValidation.ok() : FormValidation.warning(String.join("; ", warnings));
    }

    static FormValidation checkAlgorithmId(String value) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.ok();
        }
        String problem = Names.problemWith(id);
        if (problem != null) {
            return FormValidation.error(problem);
        }
        AssetCatalog known = configured();
        if (known.versionsOf(id).isEmpty()) {
            return FormValidation.warning(Messages.GlobalAssets_UnknownAlgorithm(id, names(known.algorithmIds())));
        }
        return FormValidation.ok();
    }

    static FormValidation checkAlgorithmVersion(String value, String id) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        int version;
        try {
            version = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            version = 0;
        }
        if (version < 1) {
            return FormValidation.error(Messages.GlobalAssets_VersionInvalid(v));
        }
        String algorithm = Util.fixEmptyAndTrim(id);
        if (algorithm != null) {
            AssetCatalog known = configured();
            if (!known.versionsOf(algorithm).isEmpty() && known.algorithm(algorithm, version).isEmpty()) {
                return FormValidation.warning(Messages.GlobalAssets_UnknownVersion(algorithm, version,
                        names(known.versionsOf(algorithm).stream().map(a -> String.valueOf(a.version())).toList())));
            }
        }
        return FormValidation.ok();
    }

    static FormValidation checkDataset(String value) {
        String name = Util.fixEmptyAndTrim(value);
        if (name == null) {
            return FormValidation.ok();
        }
        AssetCatalog known = configured();
        if (known.dataset(name).isEmpty()) {
            return FormValidation.warning(Messages.GlobalAssets_UnknownDataset(name,
                    names(known.datasets().stream().map(Dataset::name).toList())));
        }
        return FormValidation.ok();
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
