package io.modelarts.train.events;

/** What a training process's exit code may mean, in ModelArts' words where it has some (the same for every backend). */
public final class ExitCodes {

    private ExitCodes() {
    }

    /** A hint for {@code code}: ModelArts' for 137/247 and 139, else the signal for codes above 128; null when none. */
    public static String hint(int code) {
        if (code == 137 || code == 247) {
            return "killed, possibly out of memory";
        }
        if (code == 139) {
            return "segmentation fault, often a package conflict";
        }
        if (code > 128 && code < 128 + 65) {
            return "killed by signal " + (code - 128);
        }
        return null;
    }
}
