package io.modelarts.train.validation;

import io.modelarts.train.rules.Names;
import io.modelarts.train.rules.ObjectPaths;
import io.modelarts.train.rules.ProblemText;
import io.modelarts.train.spec.DataChannel;
import io.modelarts.train.spec.ObtainedFrom;
import io.modelarts.train.spec.StoragePaths;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.modelarts.train.validation.EnvironmentVariables.ENV_NAME;
import static io.modelarts.train.validation.EnvironmentVariables.PRESET_VARIABLES;
import static io.modelarts.train.validation.EnvironmentVariables.PROCESS_VARIABLES;

/**
 * Input and output channels (feature inventory #17, #18, #20, #22): a name unique across both lists, an obs://,
 * s3:// or (inputs only) local path, and output folders that do not overlap. A channel delivered as an environment
 * variable must not replace a variable the container relies on.
 */
final class ChannelChecks extends SectionChecks {


    ChannelChecks(ValidationRun run) {
        super(run);
    }

    void channels() {
        Map<String, String> envNames = spec.environment();
        for (int i = 0; i < spec.inputs().size(); i++) {
            channel("inputs[" + i + "]", spec.inputs().get(i), true, envNames);
        }
        List<ObjectPaths.Location> outputs = new ArrayList<>();
        List<String> outputFields = new ArrayList<>();
        for (int i = 0; i < spec.outputs().size(); i++) {
            String field = "outputs[" + i + "]";
            DataChannel out = spec.outputs().get(i);
            channel(field, out, false, envNames);
            ObjectPaths.Location here = out == null || out.dataPath() == null ? null : ObjectPaths.parse(out.dataPath());
            if (here == null) {
                continue;
            }
            for (int j = 0; j < outputs.size(); j++) {
                ObjectPaths.Location other = outputs.get(j);
                String otherField = outputFields.get(j) + ".dataPath";
                if (here.sameAs(other)) {
                    error(field + ".dataPath", "is the same location as " + otherField + "; each output needs a folder of its own");
                    break;
                } else if (here.inside(other)) {
                    error(field + ".dataPath", "lies inside " + otherField + " (" + spec.outputs().get(j).dataPath()
                            + "); output paths of one job must not overlap");
                    break;
                } else if (other.inside(here)) {
                    error(field + ".dataPath", "contains " + otherField + " (" + spec.outputs().get(j).dataPath()
                            + "); output paths of one job must not overlap");
                    break;
                }
            }
            outputs.add(here);
            outputFields.add(field);
        }
    }

    private void channel(String field, DataChannel c, boolean input, Map<String, String> environment) {
        if (c == null) {
            error(field, "is empty: give name, dataPath and obtainedFrom");
            return;
        }
        String name = c.name();
        if (name == null) {
            error(field + ".name", "is required (" + Names.RULE.substring("must be ".length()) + ")");
        } else {
            String problem = Names.problemWith(name);
            if (problem != null) {
                error(field + ".name", problem);
            } else if (c.obtainedFrom() == ObtainedFrom.ENVIRONMENT && !ENV_NAME.matcher(name).matches()) {
                error(field + ".name", "is passed as an environment variable (obtainedFrom: environment), so it must start with"
                        + " a letter or '_' and use only letters, digits and '_' (got " + ProblemText.quote(name) + ")");
            } else if (channelNames.containsKey(name)) {
                error(field + ".name", "'" + name + "' is already used by " + channelNames.get(name)
                        + "; names must be unique across inputs and outputs");
            } else if (c.obtainedFrom() == ObtainedFrom.ENVIRONMENT && (PRESET_VARIABLES.contains(name)
                    || PROCESS_VARIABLES.contains(name))) {
                error(field + ".name", "'" + name + "' is passed as an environment variable (obtainedFrom: environment), so it would"
                        + " replace the " + (PRESET_VARIABLES.contains(name) ? "preset variable" : "process variable") + " " + name
                        + " that the boot command and the training code rely on; choose another name");
            } else if (c.obtainedFrom() == ObtainedFrom.ENVIRONMENT && (name.startsWith("MA_") || name.startsWith("VC_"))) {
                warning(field + ".name", "names starting with MA_ or VC_ are reserved for preset variables; choose another name");
            } else if (c.obtainedFrom() == ObtainedFrom.ENVIRONMENT && environment.containsKey(name)) {
                error(field + ".name", "'" + name + "' is also set in environment; with obtainedFrom: environment this channel"
                        + " sets that variable to its local path");
            }
            if (problem == null && !channelNames.containsKey(name)) {
                channelNames.put(name, field + ".name");
            }
        }
        String path = c.dataPath();
        String pathField = field + ".dataPath";
        if (path == null && c.dataset() != null) {
            return; // a dataset the assets file could not resolve: reported there
        }
        if (path == null || path.isBlank()) {
            error(pathField, input ? "is required: an obs:// or s3:// path, or a local file or directory"
                    : "is required: an obs:// or s3:// folder, preferably empty");
            return;
        }
        String scheme = StoragePaths.schemeOf(path);
        if (scheme != null) {
            error(pathField, "uses the unsupported scheme '" + scheme + "://'; use obs:// or s3://" + (input ? " or a local path" : ""));
            return;
        }
        if (ObjectPaths.hasObjectScheme(path.strip())) {
            String problem = ObjectPaths.problemWith(path);
            if (problem != null) {
                error(pathField, problem);
            }
            return;
        }
        if (!input) {
            error(pathField, "must be an obs:// or s3:// path: outputs are synchronized to the object store (got "
                    + ProblemText.quote(path) + ")");
            return;
        }
        Path local = localPath(pathField, path);
        if (local != null && ctx.checkLocalFiles() && !Files.exists(local)) {
            error(pathField, "local path " + local + " does not exist");
        }
    }
}
