package io.modelarts.train.validation;

import io.modelarts.train.pool.Engine;
import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolType;
import io.modelarts.train.rules.ImageReferences;
import io.modelarts.train.rules.ProblemText;
import io.modelarts.train.spec.Algorithm;
import io.modelarts.train.spec.BootMode;
import io.modelarts.train.spec.DataChannel;
import io.modelarts.train.spec.ObtainedFrom;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The algorithm section (feature inventory #5, #9, #10, #13, #14, #16): the boot mode with its image and boot
 * command (customImage) or engine and boot file (presetImage), and the user id the container runs as. The code
 * directory's own rules are {@link CodeDirectoryChecks}.
 */
final class AlgorithmChecks extends SectionChecks {

    static final int MIN_PUBLIC_USER_ID = 1000;
    static final int MIN_DEDICATED_USER_ID = 0;
    static final int MAX_USER_ID = 65535;

    /** The code directory's rules, which the boot mode's checks call in the page's order. */
    private final CodeDirectoryChecks code;

    AlgorithmChecks(ValidationRun run) {
        super(run);
        this.code = new CodeDirectoryChecks(run);
    }

    void algorithm() {
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
        code.codeDir(a);
        userId(a);
        code.localCodeDir(a);
        code.workDir(a);
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
        code.bootFile(a);
    }

    private static String enginesOf(Pool p) {
        return p.engines().isEmpty() ? "pool '" + p.name() + "' has no engines"
                : "its engines: " + p.engines().stream().map(Engine::name).collect(Collectors.joining(", "));
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
}
