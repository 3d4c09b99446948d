package io.modelarts.train.rules;

/**
 * The ModelArts naming rule shared by the job name, input and output channels, hyperparameters and the assets file's
 * algorithms and datasets: 1-64 characters of ASCII letters, digits, '-' and '_'.
 */
public final class Names {

    public static final int MAX_LENGTH = 64;

    /** The rule as a message tail: {@code must be 1-64 characters of ...}. */
    public static final String RULE = "must be 1-" + MAX_LENGTH + " characters of letters, digits, '-' and '_'";

    private Names() {
    }

    /** {@code null} when {@code name} follows the rule; the message, naming the first bad character, otherwise. */
    public static String problemWith(String name) {
        int length = ProblemText.length(name);
        if (length == 0) {
            return RULE + " (got an empty name)";
        }
        if (length > MAX_LENGTH) {
            return RULE + " (got " + ProblemText.count(length) + " characters)";
        }
        int position = 1;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!(cp < 0x80 && (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_'))) {
                return RULE + " (found " + ProblemText.describeChar(cp) + " at position " + position + ")";
            }
            i += Character.charCount(cp);
            position++;
        }
        return null;
    }
}
