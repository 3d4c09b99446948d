package io.modelarts.train.validation;

import java.util.Set;
import java.util.regex.Pattern;

/** Names of environment variables: the rule for a name and those the platform or every process already sets. */
final class EnvironmentVariables {

    /** Preset variables of the training container (ModelArts' list plus the PyTorch ones we set). */
    static final Set<String> PRESET_VARIABLES = Set.of("MA_HOME", "MA_MOUNT_PATH", "MA_JOB_DIR", "MA_LOG_DIR",
            "WORKSPACE", "MA_SCRIPT_INTERPRETER", "MA_CURRENT_IP", "MA_NUM_GPUS", "MA_TASK_NAME", "MA_NUM_HOSTS",
            "VC_WORKER_NUM", "VC_TASK_INDEX", "VC_WORKER_HOSTS", "MA_CURRENT_INSTANCE_NAME", "MA_VJ_NAME",
            "MASTER_ADDR", "MASTER_PORT", "WORLD_SIZE", "RANK");

    /** Variables of every process that a channel delivered as an environment variable must not replace. */
    static final Set<String> PROCESS_VARIABLES = Set.of("PATH", "HOME", "USER", "SHELL", "PWD", "HOSTNAME", "LANG",
            "TMPDIR", "PYTHONPATH", "PYTHONHOME", "PYTHONUNBUFFERED", "LD_LIBRARY_PATH", "LD_PRELOAD", "S3_ENDPOINT");

    /** Letters, digits and '_', not starting with a digit. */
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvironmentVariables() {
    }
}
