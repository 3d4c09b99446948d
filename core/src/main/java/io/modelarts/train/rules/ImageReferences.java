package io.modelarts.train.rules;

import java.util.regex.Pattern;

/**
 * Container image references, as a custom-image job, a pool catalog's engine and the transfer image give them:
 * {@code [registry[:port]/]path[:tag][@digest]}, at most 255 characters.
 */
public final class ImageReferences {

    public static final int MAX_LENGTH = 255;

    /** An OCI image reference: [registry[:port]/]path[:tag][@digest]. */
    private static final Pattern IMAGE = Pattern.compile(
            "(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9A-Fa-f:]+])(?::[0-9]+)?/)?"
                    + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");

    private ImageReferences() {
    }

    /** {@code null} when {@code image} is a well-formed image reference; the message otherwise. */
    public static String problemWith(String image) {
        int length = ProblemText.length(image);
        if (length > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters (got " + ProblemText.count(length) + ")";
        }
        if (!IMAGE.matcher(image).matches()) {
            return "must be an image reference [registry/]repository[:tag][@digest] with a lowercase repository,"
                    + " such as registry.example.com/team/pytorch:2.3 (got " + ProblemText.quote(image) + ")";
        }
        return null;
    }
}
