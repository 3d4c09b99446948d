package io.modelarts.train.plan;

/**
 * The directory layout inside a ModelArts training container. Backends that do not run in a container
 * (the local backend) map these absolute paths under a job directory of their own.
 */
public final class ContainerLayout {

    public static final String MA_HOME = "/home/ma-user";
    public static final String MA_MOUNT_PATH = MA_HOME + "/modelarts";
    public static final String MA_LOG_DIR = MA_MOUNT_PATH + "/log";
    public static final String INPUTS_DIR = MA_MOUNT_PATH + "/inputs";
    public static final String OUTPUTS_DIR = MA_MOUNT_PATH + "/outputs";
    public static final String CACHE_DIR = "/cache";
    /** MASTER_PORT for PyTorch; ModelArts' examples use 6666 for the init method. */
    public static final int MASTER_PORT = 6666;

    private ContainerLayout() {
    }

    /** {@code /home/ma-user/modelarts/inputs/<name>_0}; {@code _0} is the channel's first (only) source. */
    public static String inputDir(String channelName) {
        return INPUTS_DIR + "/" + channelName + "_0";
    }

    public static String outputDir(String channelName) {
        return OUTPUTS_DIR + "/" + channelName + "_0";
    }

    /** The last directory name of a code path: {@code obs://b/training-test/demo-code/} gives {@code demo-code}. */
    public static String lastDirectoryName(String codeDir) {
        String p = codeDir.replace('\\', '/');
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        String last = slash < 0 ? p : p.substring(slash + 1);
        return last.isEmpty() ? "code" : last;
    }
}
