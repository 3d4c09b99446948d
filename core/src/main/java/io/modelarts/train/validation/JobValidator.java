package io.modelarts.train.validation;

import io.modelarts.train.pool.Engine;
import io.modelarts.train.pool.Flavor;
import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolStorage;
import io.modelarts.train.pool.PoolType;
import io.modelarts.train.pool.Quantities;
import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.rules.ImageReferences;
import io.modelarts.train.rules.Names;
import io.modelarts.train.rules.ObjectPaths;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.ProblemText;
import io.modelarts.train.rules.Problems;
import io.modelarts.train.spec.Algorithm;
import io.modelarts.train.spec.AutoStop;
import io.modelarts.train.spec.BootMode;
import io.modelarts.train.spec.DataChannel;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.ObtainedFrom;
import io.modelarts.train.spec.ParallelFileSystemMount;
import io.modelarts.train.spec.ResourceType;
import io.modelarts.train.spec.Resources;
import io.modelarts.train.spec.SfsTurboMount;
import io.modelarts.train.spec.StoragePaths;
import io.modelarts.train.spec.TreeReader;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a {@link JobSpec} against every ModelArts rule that applies to a job definition
 * (the project's ModelArts feature inventory; the numbers in comments are its rows) and the pool
 * catalog of the {@link ValidationContext}. All problems are reported at once, in the order of the
 * job file's fields; each names the field path as written in YAML and the rule with its numbers.
 * Never throws for any spec, however broken.
 */
public final class JobValidator {

    public static final int MAX_DESCRIPTION_LENGTH = 256;
    public static final int MIN_PUBLIC_USER_ID = 1000;
    public static final int MIN_DEDICATED_USER_ID = 0;
    public static final int MAX_USER_ID = 65535;
    public static final int MAX_AUTO_RESTART = 3;
    public static final int MAX_AUTO_STOP_HOURS = 72;
    public static final int MAX_ENVIRONMENT_VARIABLES = 100;
    public static final int MAX_ENVIRONMENT_NAME_LENGTH = 8192;
    public static final int MAX_ENVIRONMENT_VALUE_LENGTH = 4096;
    public static final int MAX_SFS_TURBO = 8;
    public static final int MAX_PRIORITY = 3;

    /** Preset variables of the training container (ModelArts' list plus the PyTorch ones we set). */
    public static final Set<String> PRESET_VARIABLES = Set.of("MA_HOME", "MA_MOUNT_PATH", "MA_JOB_DIR", "MA_LOG_DIR",
            "WORKSPACE", "MA_SCRIPT_INTERPRETER", "MA_CURRENT_IP", "MA_NUM_GPUS", "MA_TASK_NAME", "MA_NUM_HOSTS",
            "VC_WORKER_NUM", "VC_TASK_INDEX", "VC_WORKER_HOSTS", "MA_CURRENT_INSTANCE_NAME", "MA_VJ_NAME",
            "MASTER_ADDR", "MASTER_PORT", "WORLD_SIZE", "RANK");

    /** Variables of every process that a channel delivered as an environment variable must not replace. */
    public static final Set<String> PROCESS_VARIABLES = Set.of("PATH", "HOME", "USER", "SHELL", "PWD", "HOSTNAME", "LANG",
            "TMPDIR", "PYTHONPATH", "PYTHONHOME", "PYTHONUNBUFFERED", "LD_LIBRARY_PATH", "LD_PRELOAD", "S3_ENDPOINT");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|PASSWD|SECRET|TOKEN|ACCESS_?KEY|PRIVATE_?KEY|API_?KEY).*",
            Pattern.CASE_INSENSITIVE);
    /** {@code host:/path}: an IPv4 address, a DNS name or a bracketed IPv6 address, then an absolute path. */
    private static final Pattern NFS_SERVER_PATH = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):/[^\\s\\p{Cntrl}]*");

    private final JobSpec spec;
    private final ValidationContext ctx;
    private final List<Problem> problems = new ArrayList<>();
    private Pool pool;
    private Flavor flavor;

    private JobValidator(JobSpec spec, ValidationContext ctx) {
        this.spec = spec;
        this.ctx = ctx == null ? ValidationContext.local() : ctx;
    }

    /** Every problem of {@code spec} in the given context, errors and warnings, in the job file's field order. */
    public static List<Problem> validate(JobSpec spec, ValidationContext ctx) {
        if (spec == null) {
            return List.of(Problem.error("", "there is no job definition to check"));
        }
        JobValidator v = new JobValidator(spec, ctx);
        v.run();
        return List.copyOf(v.problems);
    }

    /** {@link #validate} as {@link Problems}. */
    public static Problems check(JobSpec spec, ValidationContext ctx) {
        return new Problems(validate(spec, ctx));
    }

    private void run() {
        // each part is guarded: a bug or an odd value in one part must not hide the others' problems
        guard("resources", this::resolvePool);
        guard("name", this::name);
        guard("description", this::description);
        guard("algorithm", this::algorithm);
        guard("inputs", this::channels);
        guard("hyperparameters", this::hyperparameters);
        guard("environment", this::environment);
        guard("secretEnvironment", this::secretEnvironment);
        guard("autoRestart", this::autoRestart);
        guard("resources", this::resources);
        guard("priority", this::priority);
        guard("sfsTurbo", this::mounts);
        guard("persistentLogPath", this::persistentLogPath);
        guard("autoStop", this::autoStop);
        guard("inputs", this::inputSizes);
    }

    private void guard(String field, Runnable part) {
        try {
            part.run();
        } catch (RuntimeException | StackOverflowError e) {
            problems.add(Problem.error(field, "could not be checked (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
        }
    }

    private void error(String field, String message) {
        problems.add(Problem.error(field, message));
    }

    private void warning(String field, String message) {
        problems.add(Problem.warning(field, message));
    }

    private PoolCatalog catalog() {
        return ctx.catalog();
    }

    // ---------------------------------------------------------------- pool (used by several rules)

    private void resolvePool() {
        Resources r = spec.resources();
        if (catalog() == null || r == null || r.pool() == null) {
            return;
        }
        pool = catalog().pool(r.pool()).orElse(null);
        if (pool != null && r.flavor() != null) {
            flavor = pool.flavor(r.flavor()).orElse(null);
        }
    }

    private String poolDescription() {
        return (pool.type() == null ? "" : pool.type().yamlName() + " ") + "pool '" + pool.name() + "'";
    }

    // ---------------------------------------------------------------- #1, #2 name and description

    private void name() {
        String name = spec.name();
        if (name == null) {
            error("name", "is required (" + Names.RULE + "); leave the key out to get a generated name");
        } else if (name.isEmpty()) {
            error("name", "must not be empty: " + Names.RULE.substring("must be ".length())
                    + ", or leave the key out to get a generated name");
        } else {
            String problem = Names.problemWith(name);
            if (problem != null) {
                error("name", problem);
            }
        }
    }

    private void description() {
        String d = spec.description();
        if (d != null && ProblemText.length(d) > MAX_DESCRIPTION_LENGTH) {
            error("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters (got "
                    + ProblemText.count(ProblemText.length(d)) + ")");
        }
    }

    // ---------------------------------------------------------------- #5-#14 algorithm

    private void algorithm() {
        Algorithm a = spec.algorithm();
        if (a == null) {
            error("algorithm", "is required: bootMode with image and bootCommand (customImage), or engine and bootFile (presetImage)");
            return;
        }
        BootMode mode = a.bootMode();
        if (mode == null) {
            error("algorithm.bootMode", "is required: customImage (with image and bootCommand) or presetImage (with engine and bootFile)");
        } else if (mode == BootMode.CUSTOM_IMAGE) {
            customImage(a);
        } else {
            presetImage(a);
        }
        if (a.bootCommand() != null && mode != BootMode.PRESET_IMAGE) {
            if (bootCommandLine(a.bootCommand())) {
                appendedArguments(a.bootCommand());
            }
        }
        codeDir(a);
        userId(a);
        localCodeDir(a);
        workDir(a);
    }

    /** #9, #10, #14: a custom image runs its one-line boot command. */
    private void customImage(Algorithm a) {
        if (isBlank(a.image())) {
            error("algorithm.image", "is required for bootMode customImage: an image reference such as registry.example.com/team/pytorch:2.3");
        } else {
            String problem = ImageReferences.problemWith(a.image());
            if (problem != null) {
                error("algorithm.image", problem);
            }
        }
        if (isBlank(a.bootCommand())) {
            error("algorithm.bootCommand", "is required for bootMode customImage: one line such as python ${MA_JOB_DIR}/demo-code/train.py");
        }
        if (a.engine() != null) {
            warning("algorithm.engine", "is ignored with bootMode customImage (the image runs as given)");
        }
        if (a.bootFile() != null) {
            warning("algorithm.bootFile", "is ignored with bootMode customImage (the bootCommand starts the training)");
        }
    }

    /** #10: one line; ';' and '&&' may join commands. False when it is not one line. */
    private boolean bootCommandLine(String command) {
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            error("algorithm.bootCommand", "must be one line: line breaks are not supported (join commands with ';' or '&&')");
            return false;
        }
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                error("algorithm.bootCommand", "must not contain control characters (found " + ProblemText.describeChar(c) + ")");
                return false;
            }
        }
        return true;
    }

    /**
     * #10, #23: ModelArts appends {@code --name=value} to the end of the whole boot command; warn when they
     * would not reach the first program (a chained command, a trailing comment, ';' or '&').
     */
    private void appendedArguments(String command) {
        List<String> names = new ArrayList<>();
        for (DataChannel c : spec.inputs()) {
            if (c != null && c.name() != null && c.obtainedFrom() != ObtainedFrom.ENVIRONMENT) {
                names.add("--" + c.name());
            }
        }
        for (DataChannel c : spec.outputs()) {
            if (c != null && c.name() != null && c.obtainedFrom() != ObtainedFrom.ENVIRONMENT) {
                names.add("--" + c.name());
            }
        }
        spec.hyperparameters().keySet().forEach(k -> names.add("--" + k));
        if (names.isEmpty() || command.isBlank()) {
            return;
        }
        AppendedArguments.Finding finding = AppendedArguments.scan(command);
        if (finding != null) {
            String shown = names.size() <= 3 ? String.join(", ", names)
                    : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
            warning("algorithm.bootCommand", AppendedArguments.message(finding, shown));
        }
    }

    /** #6, #13, #16: a preset image runs {@code python <bootFile>} with an engine of the pool. */
    private void presetImage(Algorithm a) {
        if (isBlank(a.engine())) {
            String offered = pool == null ? "" : "; " + enginesOf(pool);
            error("algorithm.engine", "is required for bootMode presetImage: an engine named in the pool catalog" + offered);
        } else if (pool != null && pool.engine(a.engine()).isEmpty()) {
            error("algorithm.engine", "engine '" + a.engine() + "' is not offered by " + poolDescription() + "; " + enginesOf(pool));
        }
        if (a.image() != null) {
            warning("algorithm.image", "is ignored with bootMode presetImage (the engine's image runs)");
        }
        if (a.bootCommand() != null) {
            warning("algorithm.bootCommand", "is ignored with bootMode presetImage (the bootFile is run with python)");
        }
        if (isBlank(a.codeDir())) {
            error("algorithm.codeDir", "is required for bootMode presetImage: the folder that holds the boot file (obs://, s3:// or a local directory)");
        }
        bootFile(a);
    }

    private static String enginesOf(Pool p) {
        return p.engines().isEmpty() ? "pool '" + p.name() + "' has no engines"
                : "its engines: " + p.engines().stream().map(Engine::name).collect(Collectors.joining(", "));
    }

    /** #6: a .py file inside the code directory. */
    private void bootFile(Algorithm a) {
        String file = a.bootFile();
        String field = "algorithm.bootFile";
        if (isBlank(file)) {
            error(field, "is required for bootMode presetImage: a .py file in algorithm.codeDir, such as train.py");
            return;
        }
        if (StoragePaths.isObjectPath(file) || StoragePaths.schemeOf(file) != null) {
            String code = a.codeDir() == null ? null : stripSlashes(a.codeDir());
            String f = stripSlashes(file);
            if (code != null && StoragePaths.isObjectPath(code) && f.length() > code.length() && f.startsWith(code + "/")) {
                error(field, "must be relative to algorithm.codeDir: write '" + f.substring(code.length() + 1) + "'");
            } else {
                error(field, "must be a path relative to algorithm.codeDir, such as train.py (got " + ProblemText.quote(file) + ")");
            }
            return;
        }
        if (!file.endsWith(".py")) {
            error(field, "must be a Python file ending in .py (got " + ProblemText.quote(file) + ")");
            return;
        }
        for (int i = 0; i < file.length(); i++) {
            if (Character.isISOControl(file.charAt(i))) {
                error(field, "must not contain control characters (found " + ProblemText.describeChar(file.charAt(i)) + ")");
                return;
            }
        }
        String relative;
        if (file.startsWith("/")) {
            String jobDir = a.localCodeDir() == null ? Algorithm.DEFAULT_LOCAL_CODE_DIR : ContainerPaths.normalize(a.localCodeDir());
            if (ContainerPaths.absoluteProblem(file) != null || !file.startsWith(jobDir + "/")) {
                error(field, "must be relative to algorithm.codeDir (like train.py), or an absolute path inside algorithm.localCodeDir "
                        + jobDir + " (got " + ProblemText.quote(file) + ")");
                return;
            }
            String codeFolder = a.codeDir() == null ? null : jobDir + "/" + lastDirectoryName(a.codeDir());
            if (codeFolder == null || !file.startsWith(codeFolder + "/")) {
                return; // somewhere else in the job dir: nothing to look at here
            }
            relative = file.substring(codeFolder.length() + 1);
        } else {
            relative = file;
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.equals("..")) {
                error(field, "must stay inside algorithm.codeDir: no '..' segments (got " + ProblemText.quote(file) + ")");
                return;
            }
        }
        if (ctx.checkLocalFiles() && a.hasLocalCodeDir() && !a.codeDir().isBlank() && StoragePaths.schemeOf(a.codeDir()) == null) {
            try {
                Path code = Path.of(a.codeDir());
                if (Files.isDirectory(code)) {
                    Path boot = code.resolve(relative);
                    if (Files.isDirectory(boot)) {
                        error(field, "'" + relative + "' is a folder in the code directory " + code + ", not a .py file");
                    } else if (!Files.isRegularFile(boot)) {
                        error(field, "'" + relative + "' does not exist in the code directory " + code);
                    }
                }
            } catch (InvalidPathException e) {
                // the code dir check reports the path
            }
        }
    }

    /** #6, #7, #8: object path, or a local folder within the code-dir limits. */
    private void codeDir(Algorithm a) {
        String dir = a.codeDir();
        String field = "algorithm.codeDir";
        if (dir == null) {
            return;
        }
        if (dir.isBlank()) {
            if (a.bootMode() != BootMode.PRESET_IMAGE) { // presetImage reports it as required
                error(field, "must not be empty: an obs:// or s3:// folder, or a local directory (or leave the key out)");
            }
            return;
        }
        String scheme = StoragePaths.schemeOf(dir);
        if (scheme != null) {
            error(field, "uses the unsupported scheme '" + scheme + "://'; use obs://, s3:// or a local directory");
            return;
        }
        if (ObjectPaths.hasObjectScheme(dir.strip())) {
            String problem = ObjectPaths.problemWith(dir);
            if (problem != null) {
                error(field, problem);
            }
            return;
        }
        Path path = localPath(field, dir);
        if (path == null || !ctx.checkLocalFiles()) {
            return;
        }
        if (!Files.exists(path)) {
            error(field, "local directory " + path + " does not exist");
            return;
        }
        if (!Files.isDirectory(path)) {
            error(field, path + " is not a directory");
            return;
        }
        CodeDirLimits limits = ctx.codeDirLimits();
        LocalScan.Result scan = LocalScan.scan(path, limits.maxBytes(), limits.maxFiles(), limits.maxDepth());
        if (scan.files() > limits.maxFiles()) {
            error(field, "must have at most " + ProblemText.count(limits.maxFiles()) + " files (found more in " + path
                    + "; symbolic links are counted, not followed)");
        }
        if (scan.bytes() > limits.maxBytes()) {
            error(field, "must be at most " + ProblemText.bytes(limits.maxBytes()) + " in total (found more than "
                    + ProblemText.bytes(scan.bytes()) + " in " + path + ")");
        }
        if (scan.tooDeep() != null) {
            error(field, "must have folders nested at most " + limits.maxDepth() + " levels deep (found "
                    + ProblemText.quote(scan.tooDeep()) + ")");
        }
        if (scan.failure() != null) {
            warning(field, "could not read everything in " + path + ": " + scan.failure());
        }
    }

    private Path localPath(String field, String value) {
        try {
            if (value.indexOf('\0') >= 0) {
                throw new InvalidPathException(value, "NUL character");
            }
            return Path.of(value);
        } catch (InvalidPathException e) {
            error(field, "is not a valid local path (" + e.getReason() + ")");
            return null;
        }
    }

    /** #9: public pool 1000-65535, dedicated pool 0-65535. */
    private void userId(Algorithm a) {
        Integer uid = a.userId();
        if (uid == null) {
            return;
        }
        if (pool != null && pool.type() == PoolType.PUBLIC) {
            if (uid < MIN_PUBLIC_USER_ID || uid > MAX_USER_ID) {
                error("algorithm.userId", "must be " + MIN_PUBLIC_USER_ID + "-" + MAX_USER_ID + " on " + poolDescription()
                        + " (got " + uid + ")");
            }
        } else if (uid < MIN_DEDICATED_USER_ID || uid > MAX_USER_ID) {
            String where = pool != null && pool.type() == PoolType.DEDICATED ? " on " + poolDescription() : "";
            error("algorithm.userId", "must be " + MIN_DEDICATED_USER_ID + "-" + MAX_USER_ID + where + " (got " + uid + ")");
        } else if (uid == 0 && pool != null && !pool.allowRoot()) {
            error("algorithm.userId", "must not be 0 (root) on " + poolDescription() + ", which sets allowRoot: false;"
                    + " use a user id from 1 to " + MAX_USER_ID);
        }
    }

    /** #11: under /home. */
    private void localCodeDir(Algorithm a) {
        String dir = a.localCodeDir();
        if (dir == null) {
            return;
        }
        String problem = ContainerPaths.absoluteProblem(dir);
        if (problem != null) {
            error("algorithm.localCodeDir", problem);
        } else if (!ContainerPaths.normalize(dir).startsWith("/home/")) {
            error("algorithm.localCodeDir", "must be a folder under /home, such as " + Algorithm.DEFAULT_LOCAL_CODE_DIR
                    + " (got " + ProblemText.quote(dir) + ")");
        }
    }

    /** #12: the container cds into it. */
    private void workDir(Algorithm a) {
        String dir = a.workDir();
        if (dir == null) {
            return;
        }
        String problem = ContainerPaths.absoluteProblem(dir);
        if (problem != null) {
            error("algorithm.workDir", problem);
        }
    }

    // ---------------------------------------------------------------- #17, #18, #20, #22 inputs and outputs

    private final Map<String, String> channelNames = new HashMap<>();

    private void channels() {
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

    // ---------------------------------------------------------------- #23 hyperparameters

    private void hyperparameters() {
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

    // ---------------------------------------------------------------- secrets for the training code

    /** A Secret's key: letters, digits, '-', '_' and '.' (the API's rule for Secret data keys). */
    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
    private static final Pattern SECRET_OBJECT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private void secretEnvironment() {
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

    // ---------------------------------------------------------------- #24 environment

    private void environment() {
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

    // ---------------------------------------------------------------- #25, #34 auto restart and auto stop

    private void autoRestart() {
        int n = spec.autoRestart();
        if (n < 0 || n > MAX_AUTO_RESTART) {
            error("autoRestart", "must be 0 (off) or 1-" + MAX_AUTO_RESTART + " restarts (got " + n + ")");
        }
    }

    private void autoStop() {
        AutoStop stop = spec.autoStop();
        if (stop == null) {
            return;
        }
        Integer hours = stop.text() == null ? null : stop.hours();
        if (hours == null || hours < 1 || hours > MAX_AUTO_STOP_HOURS) {
            String got = stop.text() == null ? "nothing" : hours == null ? ProblemText.quote(stop.text()) : hours + "h";
            error("autoStop", "must be a whole number of hours: 1h, 2h, 4h, 6h, or a custom 1h-" + MAX_AUTO_STOP_HOURS + "h (got " + got + ")");
        }
    }

    // ---------------------------------------------------------------- #26-#28 resources

    private void resources() {
        Resources r = spec.resources();
        if (catalog() == null) {
            String nodes = r == null ? null : Resources.nodesProblem(r.nodes());
            if (nodes != null) {
                error("resources.nodes", nodes);
            }
            return;
        }
        if (r == null) {
            error("resources", "is required with a pool catalog: pool, type and flavor (" + knownPools() + ")");
            return;
        }
        if (isBlank(r.pool())) {
            error("resources.pool", "is required: " + knownPools());
        } else if (pool == null) {
            error("resources.pool", "pool '" + r.pool() + "' is not in the pool catalog; " + knownPools());
        }
        if (isBlank(r.flavor())) {
            error("resources.flavor", "is required" + (pool == null ? "" : ": " + flavorsOf(pool)));
        } else if (pool != null && flavor == null) {
            error("resources.flavor", "flavor '" + r.flavor() + "' is not in pool '" + pool.name() + "'; " + flavorsOf(pool));
        }
        if (r.type() == null) {
            String hint = flavor != null && flavor.type() != null ? " (flavor '" + flavor.id() + "' is " + flavor.type() + ")" : "";
            error("resources.type", "is required: CPU or GPU" + hint);
        } else if (flavor != null && flavor.type() != null && flavor.type() != r.type()) {
            error("resources.type", "is " + r.type() + " but flavor '" + flavor.id() + "' is a " + flavor.type() + " flavor");
        }
        String nodesProblem = Resources.nodesProblem(r.nodes());
        if (nodesProblem != null) {
            error("resources.nodes", nodesProblem);
        } else if (flavor != null && flavor.maxNodes() != null && r.nodes() > flavor.maxNodes()) {
            String why = flavor.maxNodes() == 1 ? "; it does not support distributed training" : "";
            error("resources.nodes", "must be at most " + flavor.maxNodes() + ", the maximum of flavor '" + flavor.id() + "'"
                    + why + " (got " + r.nodes() + ")");
        }
    }

    private String knownPools() {
        List<Pool> pools = catalog().pools();
        return pools.isEmpty() ? "the pool catalog defines no pools"
                : "known pools: " + pools.stream().map(p -> p.name() + (p.type() == null ? "" : " (" + p.type().yamlName() + ")"))
                .collect(Collectors.joining(", "));
    }

    private static String flavorsOf(Pool p) {
        return p.flavors().isEmpty() ? "pool '" + p.name() + "' has no flavors"
                : "its flavors: " + p.flavors().stream().map(f -> f.id() + (f.type() == null ? "" : " (" + f.type() + ")"))
                .collect(Collectors.joining(", "));
    }

    // ---------------------------------------------------------------- #30 priority

    private void priority() {
        int p = spec.priority();
        if (p < 1 || p > MAX_PRIORITY) {
            error("priority", "must be 1, 2 or 3 (got " + p + ")");
        } else if (pool != null && pool.type() == PoolType.PUBLIC && p != JobSpec.DEFAULT_PRIORITY) {
            error("priority", "must be 1 on " + poolDescription() + ": job priority can be set on dedicated pools only (got " + p + ")");
        } else if (p == MAX_PRIORITY && !ctx.highestPriorityAllowed()) {
            error("priority", "3 needs the \"highest job priority\" permission; without it use 1 or 2 (got 3)");
        } else if (pool != null && pool.type() != PoolType.PUBLIC && !pool.priorityClasses().containsKey(p)
                && (p != JobSpec.DEFAULT_PRIORITY || !pool.priorityClasses().isEmpty())) {
            // the renderer has no PriorityClass to give the pods: the level would be dropped without a word
            warning("priority", poolDescription() + " maps no PriorityClass to priority " + p
                    + " (pool catalog: priorityClasses), so it has no effect: the job runs at the cluster's default priority");
        }
    }

    // ---------------------------------------------------------------- #31, #32 SFS Turbo and parallel file systems

    private void mounts() {
        Map<String, String> mountPaths = new LinkedHashMap<>();
        List<SfsTurboMount> sfs = spec.sfsTurbo();
        if (!sfs.isEmpty() && pool != null && pool.type() == PoolType.PUBLIC) {
            error("sfsTurbo", "SFS Turbo file systems can be mounted on dedicated pools only; " + poolDescription() + " is public");
        }
        if (sfs.size() > MAX_SFS_TURBO) {
            error("sfsTurbo", "must have at most " + MAX_SFS_TURBO + " file systems (got " + sfs.size() + ")");
        }
        Map<String, String> names = new HashMap<>();
        Map<String, String> servers = new HashMap<>();
        for (int i = 0; i < sfs.size(); i++) {
            String field = "sfsTurbo[" + i + "]";
            SfsTurboMount m = sfs.get(i);
            if (m == null) {
                error(field, "is empty: give name, serverPath and localPath");
                continue;
            }
            if (isBlank(m.name())) {
                error(field + ".name", "is required: the SFS Turbo file system's name");
            } else if (names.putIfAbsent(m.name(), field) != null) {
                error(field + ".name", "'" + m.name() + "' is already mounted by " + names.get(m.name())
                        + "; each file system can be mounted once");
            }
            if (isBlank(m.serverPath())) {
                error(field + ".serverPath", "is required: host:/path, such as 10.10.10.10:/example/path");
            } else if (!NFS_SERVER_PATH.matcher(m.serverPath()).matches() || m.serverPath().length() > 1024) {
                error(field + ".serverPath", "must be host:/path, such as 10.10.10.10:/example/path (got " + ProblemText.quote(m.serverPath()) + ")");
            } else {
                String server = normalizedServerPath(m.serverPath());
                if (server == null) {
                    error(field + ".serverPath", "must be host:/path with a normalized path, without '.' or '..' segments (got "
                            + ProblemText.quote(m.serverPath()) + ")");
                } else if (servers.putIfAbsent(server, field) != null) {
                    String same = server.equals(m.serverPath()) ? "" : " (the same file system as " + server + ")";
                    error(field + ".serverPath", "'" + m.serverPath() + "' is already mounted by " + servers.get(server)
                            + same + "; each file system can be mounted once");
                }
            }
            mountPath(field + ".localPath", m.localPath(), mountPaths);
        }
        List<ParallelFileSystemMount> pfs = spec.parallelFileSystems();
        Map<String, String> storages = new HashMap<>();
        for (int i = 0; i < pfs.size(); i++) {
            String field = "parallelFileSystems[" + i + "]";
            ParallelFileSystemMount m = pfs.get(i);
            if (m == null) {
                error(field, "is empty: give storage and mountPath");
                continue;
            }
            if (isBlank(m.storage())) {
                error(field + ".storage", "is required: a storage named in the pool catalog" + (pool == null ? "" : "; " + storagesOf(pool)));
            } else if (pool != null && pool.storage(m.storage()).isEmpty()) {
                error(field + ".storage", "storage '" + m.storage() + "' is not configured for pool '" + pool.name() + "'; " + storagesOf(pool));
            } else if (storages.putIfAbsent(m.storage(), field) != null) {
                error(field + ".storage", "'" + m.storage() + "' is already mounted by " + storages.get(m.storage())
                        + "; each file system can be mounted once");
            }
            mountPath(field + ".mountPath", m.mountPath(), mountPaths);
        }
    }

    /**
     * {@code host:/path} in one spelling: the host in lower case, repeated and trailing slashes dropped, so that
     * {@code 10.0.0.5:/export/data/} and {@code 10.0.0.5://export/data} are one file system; {@code null} for a
     * path with '.' or '..' segments.
     */
    static String normalizedServerPath(String serverPath) {
        String s = serverPath.strip();
        int colon = s.startsWith("[") ? s.indexOf("]:") + 1 : s.indexOf(':');
        String host = s.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        StringBuilder path = new StringBuilder();
        for (String segment : s.substring(colon + 1).split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
            if (!segment.isEmpty()) {
                path.append('/').append(segment);
            }
        }
        return host + ":" + (path.length() == 0 ? "/" : path);
    }

    private static String storagesOf(Pool p) {
        return p.storages().isEmpty() ? "pool '" + p.name() + "' has no storages"
                : "its storages: " + p.storages().stream().map(PoolStorage::name).collect(Collectors.joining(", "));
    }

    private void mountPath(String field, String path, Map<String, String> used) {
        if (isBlank(path)) {
            error(field, "is required: an absolute path in the container, such as /mnt/data");
            return;
        }
        String problem = ContainerPaths.mountProblem(path);
        if (problem != null) {
            error(field, problem);
            return;
        }
        String normalized = ContainerPaths.normalize(path);
        Algorithm a = spec.algorithm();
        String jobDir = a == null || a.localCodeDir() == null || ContainerPaths.absoluteProblem(a.localCodeDir()) != null
                ? null : ContainerPaths.normalize(a.localCodeDir());
        if (jobDir != null && ContainerPaths.within(normalized, jobDir)) {
            error(field, "must not be algorithm.localCodeDir " + jobDir + " or a folder inside it (the code is downloaded there)");
            return;
        }
        if (jobDir != null && ContainerPaths.within(jobDir, normalized)) {
            error(field, "must not be " + normalized + ": a mount there would hide algorithm.localCodeDir " + jobDir
                    + " (the code is downloaded there)");
            return;
        }
        String other = used.putIfAbsent(normalized, field);
        if (other != null) {
            error(field, normalized + " is already used by " + other + "; mount paths must be unique");
        }
    }

    // ---------------------------------------------------------------- #33 persistent log saving

    private void persistentLogPath() {
        String path = spec.persistentLogPath();
        if (path == null) {
            return;
        }
        String field = "persistentLogPath";
        if (!ObjectPaths.hasObjectScheme(path.strip())) {
            error(field, "must be an obs:// or s3:// path: logs are uploaded to the object store (got " + ProblemText.quote(path) + ")");
        } else {
            String problem = ObjectPaths.problemWith(path);
            if (problem != null) {
                error(field, problem);
            } else {
                ObjectPaths.Location logs = ObjectPaths.parse(path);
                for (int i = 0; i < spec.outputs().size(); i++) {
                    DataChannel out = spec.outputs().get(i);
                    ObjectPaths.Location o = out == null || out.dataPath() == null ? null : ObjectPaths.parse(out.dataPath());
                    if (o != null && logs.overlaps(o)) {
                        warning(field, "overlaps outputs[" + i + "].dataPath (" + out.dataPath()
                                + "): logs and training output would mix; choose an empty folder of its own");
                        break;
                    }
                }
            }
        }
        if (flavor != null && flavor.type() != null && flavor.type() != ResourceType.CPU && flavor.type() != ResourceType.GPU) {
            error(field, "persistent log saving is available for CPU and GPU flavors only; flavor '" + flavor.id() + "' is " + flavor.type());
        }
    }

    // ---------------------------------------------------------------- #27 "Check Input Size"

    private void inputSizes() {
        if (!ctx.checkLocalFiles() || flavor == null || flavor.disk() == null) {
            return;
        }
        Long disk = Quantities.bytes(flavor.disk());
        if (disk == null) {
            return;
        }
        long total = 0;
        boolean warned = false;
        for (int i = 0; i < spec.inputs().size(); i++) {
            DataChannel in = spec.inputs().get(i);
            if (in == null || in.dataPath() == null || !in.isLocal() || StoragePaths.schemeOf(in.dataPath()) != null
                    || in.dataPath().indexOf('\0') >= 0) {
                continue;
            }
            Path local;
            try {
                local = Path.of(in.dataPath());
            } catch (InvalidPathException e) {
                continue;
            }
            if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS) && !Files.exists(local)) {
                continue;
            }
            LocalScan.Result scan = LocalScan.scan(local, disk, Long.MAX_VALUE, Integer.MAX_VALUE);
            if (scan.bytes() > disk) {
                warning("inputs[" + i + "].dataPath", "is larger than the " + flavor.disk() + " disk of flavor '" + flavor.id()
                        + "' (more than " + ProblemText.bytes(scan.bytes()) + "); it may not fit on the node");
                warned = true;
            }
            total = total + scan.bytes() < 0 ? Long.MAX_VALUE : total + scan.bytes();
            if (total > disk) {
                break;
            }
        }
        if (!warned && total > disk) {
            warning("inputs", "together are larger than the " + flavor.disk() + " disk of flavor '" + flavor.id()
                    + "'; they may not fit on the node");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String stripSlashes(String s) {
        String t = s.strip();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    /** The last folder name of a code path, which the code keeps in the container ({@code demo-code}). */
    static String lastDirectoryName(String codeDir) {
        String p = stripSlashes(codeDir.replace('\\', '/'));
        int slash = p.lastIndexOf('/');
        String last = slash < 0 ? p : p.substring(slash + 1);
        return last.isEmpty() ? "code" : last;
    }
}
