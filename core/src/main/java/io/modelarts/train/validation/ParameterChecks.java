package io.modelarts.train.validation;

import io.modelarts.train.rules.Names;
import io.modelarts.train.rules.ProblemText;
import io.modelarts.train.spec.TreeReader;

import java.util.Map;
import java.util.regex.Pattern;

import static io.modelarts.train.validation.EnvironmentVariables.ENV_NAME;
import static io.modelarts.train.validation.EnvironmentVariables.PRESET_VARIABLES;

/**
 * Hyperparameters and environment variables (feature inventory #23, #24): names, their clashes with channels and
 * preset variables, at most 100 variables, name and value lengths; and the variables taken from Kubernetes Secrets.
 */
final class ParameterChecks extends SectionChecks {

    static final int MAX_ENVIRONMENT_VARIABLES = 100;
    static final int MAX_ENVIRONMENT_NAME_LENGTH = 8192;
    static final int MAX_ENVIRONMENT_VALUE_LENGTH = 4096;

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|PASSWD|SECRET|TOKEN|ACCESS_?KEY|PRIVATE_?KEY|API_?KEY).*",
            Pattern.CASE_INSENSITIVE);

    /** A Secret's key: letters, digits, '-', '_' and '.' (the API's rule for Secret data keys). */
    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    private static final Pattern SECRET_OBJECT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    ParameterChecks(ValidationRun run) {
        super(run);
    }

    void hyperparameters() {
        for (Map.Entry<String, String> e : spec.hyperparameters().entrySet()) {
            String name = e.getKey();
            String field = TreeReader.childPath("hyperparameters", name == null ? "" : name);
            if (name == null) {
                error("hyperparameters", "has a parameter without a name");
                continue;
            }
            String problem = Names.problemWith(name);
            if (problem != null) {
                error(field, "name " + problem);
            } else if (channelNames.containsKey(name)) {
                error(field, "'" + name + "' is already the name of " + channelNames.get(name).replace(".name", "")
                        + "; a hyperparameter must not repeat an input or output name (both would be passed as --" + name + ")");
            }
            if (e.getValue() != null && e.getValue().indexOf('\0') >= 0) {
                error(field, "value must not contain a NUL character");
            }
        }
    }

    void secretEnvironment() {
        Map<String, String> secrets = spec.secretEnvironment();
        if (!secrets.isEmpty() && secrets.size() + spec.environment().size() > MAX_ENVIRONMENT_VARIABLES) {
            error("secretEnvironment", "environment and secretEnvironment must have at most " + MAX_ENVIRONMENT_VARIABLES
                    + " variables together (got " + ProblemText.count(secrets.size() + spec.environment().size()) + ")");
        }
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey();
            String field = TreeReader.childPath("secretEnvironment", name);
            if (!ENV_NAME.matcher(name).matches()) {
                error(field, "name must start with a letter or '_' and use only letters, digits and '_'");
            } else if (PRESET_VARIABLES.contains(name) || name.startsWith("MA_") || name.startsWith("VC_") || name.startsWith("PET_")) {
                error(field, "name " + name + " is reserved for the variables the platform sets");
            } else if (spec.environment().containsKey(name)) {
                error(field, name + " is also set in environment; set it in one of them");
            }
            String ref = e.getValue() == null ? "" : e.getValue();
            int slash = ref.indexOf('/');
            if (slash < 0 || ref.indexOf('/', slash + 1) >= 0) {
                error(field, "must be <secret name>/<key>, such as hf-secret/token, not '" + ref + "'");
            } else if (!SECRET_OBJECT_NAME.matcher(ref.substring(0, slash)).matches()) {
                error(field, "'" + ref.substring(0, slash) + "' is not a Secret name (lowercase letters, digits, '-' and '.')");
            } else if (!SECRET_KEY.matcher(ref.substring(slash + 1)).matches()) {
                error(field, "'" + ref.substring(slash + 1) + "' is not a Secret key (letters, digits, '-', '_' and '.')");
            }
        }
        if (!secrets.isEmpty() && catalog() == null) {
            warning("secretEnvironment", "only a Kubernetes job reads Secrets; a local run does not set these variables");
        }
    }

    void environment() {
        Map<String, String> env = spec.environment();
        if (env.size() > MAX_ENVIRONMENT_VARIABLES) {
            error("environment", "must have at most " + MAX_ENVIRONMENT_VARIABLES + " variables (got " + ProblemText.count(env.size()) + ")");
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey();
            String value = e.getValue();
            String field = TreeReader.childPath("environment", name);
            int length = ProblemText.length(name);
            if (name.isEmpty()) {
                error(field, "name must not be empty");
            } else {
                if (length > MAX_ENVIRONMENT_NAME_LENGTH) {
                    error(field, "name must be at most " + ProblemText.count(MAX_ENVIRONMENT_NAME_LENGTH) + " characters (got "
                            + ProblemText.count(length) + ")");
                }
                if (name.indexOf('$') >= 0) {
                    error(field, "name must not contain '$'");
                } else if (!ENV_NAME.matcher(name).matches()) {
                    error(field, "name must start with a letter or '_' and use only letters, digits and '_'");
                } else if (PRESET_VARIABLES.contains(name)) {
                    warning(field, "overrides the preset variable " + name + ", which the platform sets for the training code");
                } else if (name.startsWith("MA_") || name.startsWith("VC_")) {
                    warning(field, "names starting with MA_ or VC_ are reserved for preset variables; choose another name");
                } else if (SECRET_NAME.matcher(name).matches() && value != null && !value.isEmpty()) {
                    warning(field, "looks like a secret: environment values are stored in clear in the job definition;"
                            + " take it from a Kubernetes Secret with secretEnvironment: {" + name + ": <secret name>/<key>} instead");
                }
            }
            if (value != null) {
                int valueLength = ProblemText.length(value);
                if (valueLength > MAX_ENVIRONMENT_VALUE_LENGTH) {
                    error(field, "value must be at most " + ProblemText.count(MAX_ENVIRONMENT_VALUE_LENGTH) + " characters (got "
                            + ProblemText.count(valueLength) + ")");
                }
                if (value.indexOf('\0') >= 0) {
                    error(field, "value must not contain a NUL character");
                }
            }
        }
    }
}
