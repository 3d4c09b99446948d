package io.modelarts.train.validation;

import io.modelarts.train.rules.Names;
import io.modelarts.train.rules.ProblemText;

/**
 * The page's basic information (feature inventory #1, #2): the job name, 1-64 characters of letters, digits, '-' and
 * '_', and a description of at most 256 characters.
 */
final class BasicInfoChecks extends SectionChecks {

    static final int MAX_DESCRIPTION_LENGTH = 256;

    BasicInfoChecks(ValidationRun run) {
        super(run);
    }

    void name() {
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

    void description() {
        String d = spec.description();
        if (d != null && ProblemText.length(d) > MAX_DESCRIPTION_LENGTH) {
            error("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters (got "
                    + ProblemText.count(ProblemText.length(d)) + ")");
        }
    }
}
