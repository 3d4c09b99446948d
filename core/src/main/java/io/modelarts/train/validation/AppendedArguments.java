package io.modelarts.train.validation;

import io.modelarts.train.rules.ProblemText;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the {@code --name=value} arguments that ModelArts appends to the end of a boot command end up.
 * They are meant for the first program ({@code python train.py}); a command that chains another one
 * ({@code python train.py; echo done}), ends in a {@code # comment}, ends with {@code ;} or {@code &}, or
 * ends with a closing {@code )} sends them elsewhere. Set-up commands before the program ({@code cd},
 * {@code export}, {@code pip install}...) are fine: the arguments still reach the program after them. A small POSIX shell scan: quotes, backslashes,
 * {@code $(...)} and backquotes are honoured, so an operator inside them does not count.
 */
final class AppendedArguments {

    /** What the scan found; {@code null} from {@link #scan} when the arguments reach the first program. */
    record Finding(Kind kind, String first, String last, String operator) {
    }

    enum Kind { COMMENT, TRAILING_OPERATOR, LATER_COMMAND, CLOSING_PARENTHESIS }

    private AppendedArguments() {
    }

    /** Commands that set up the training rather than being it: the arguments are not meant for them. */
    private static final java.util.Set<String> SET_UP = java.util.Set.of("cd", "export", "source", ".", "set", "unset", "ulimit",
            "umask", "mkdir", "pip", "pip3", "conda", "ln", "cp", "chmod", "echo", "printf", "true", ":", "sleep", "nvidia-smi");

    static Finding scan(String command) {
        List<String> commands = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        boolean single = false;
        boolean dbl = false;
        boolean backquote = false;
        int substitution = 0;
        boolean wordStart = true;
        int closeParen = -1;
        int start = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (single) {
                single = c != '\'';
                continue;
            }
            if (c == '\\') {
                i++;
                wordStart = false;
                continue;
            }
            if (dbl) {
                if (c == '"') {
                    dbl = false;
                } else if (c == '$' && i + 1 < command.length() && command.charAt(i + 1) == '(') {
                    substitution++;
                    dbl = false; // the substitution's own quoting; good enough for a warning
                    i++;
                }
                continue;
            }
            if (backquote) {
                backquote = c != '`';
                continue;
            }
            if (substitution > 0) {
                if (c == ')') {
                    substitution--;
                } else if (c == '(') {
                    substitution++;
                } else if (c == '\'') {
                    single = true;
                } else if (c == '"') {
                    dbl = true;
                }
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                single = c == '\'';
                dbl = c == '"';
                backquote = c == '`';
                wordStart = false;
                continue;
            }
            if (c == '$' && i + 1 < command.length() && command.charAt(i + 1) == '(') {
                substitution++;
                i++;
                wordStart = false;
                continue;
            }
            if (c == '#' && wordStart) {
                return new Finding(Kind.COMMENT, command.substring(0, i).strip(), null, "#");
            }
            if (c == ';' || c == '&' || c == '|' || c == '\n') {
                int end = i + 1;
                if ((c == '&' || c == '|') && end < command.length() && command.charAt(end) == c) {
                    end++;
                }
                commands.add(command.substring(start, i).strip());
                operators.add(command.substring(i, end));
                start = end;
                i = end - 1;
                wordStart = true;
                continue;
            }
            if (c == ')') {
                closeParen = i;
            }
            wordStart = Character.isWhitespace(c) || c == '(' || c == ')';
        }
        String tail = command.substring(start).strip();
        if (closeParen >= 0 && command.strip().endsWith(")") && closeParen == command.stripTrailing().length() - 1) {
            return new Finding(Kind.CLOSING_PARENTHESIS, tail, null, ")");
        }
        if (commands.isEmpty()) {
            return null;
        }
        if (tail.isEmpty()) {
            return new Finding(Kind.TRAILING_OPERATOR, commands.get(0), null, operators.get(operators.size() - 1));
        }
        commands.add(tail);
        // the program the arguments are for: the first command that is not set-up (cd, export, pip install...)
        int program = 0;
        while (program < commands.size() - 1 && SET_UP.contains(firstWord(commands.get(program)))) {
            program++;
        }
        if (program == commands.size() - 1) {
            return null;
        }
        return new Finding(Kind.LATER_COMMAND, commands.get(program), tail, operators.get(program));
    }

    private static String firstWord(String command) {
        String c = command.strip();
        while (c.startsWith("(") || c.startsWith("{")) {
            c = c.substring(1).strip();
        }
        int space = 0;
        while (space < c.length() && !Character.isWhitespace(c.charAt(space))) {
            space++;
        }
        return c.substring(0, space);
    }

    /** The warning for {@code finding}, naming the appended arguments ({@code --lr, --data_url}). */
    static String message(Finding finding, String arguments) {
        return switch (finding.kind()) {
            case COMMENT -> "ends in a # comment, which swallows the arguments appended to the command (" + arguments
                    + "): the program gets none of them; remove the comment";
            case TRAILING_OPERATOR -> "ends with '" + finding.operator() + "', so the arguments appended after it (" + arguments
                    + ") would run as a command of their own; remove the trailing '" + finding.operator() + "'";
            case CLOSING_PARENTHESIS -> "ends with ')', so the arguments appended after it (" + arguments
                    + ") make the command a shell syntax error; run the training program last, outside the parentheses";
            case LATER_COMMAND -> "chains commands with '" + finding.operator() + "', and the arguments appended to the end ("
                    + arguments + ") reach the last one (" + ProblemText.quote(finding.last()) + "), not "
                    + ProblemText.quote(finding.first()) + "; run the training program last, or read the values from environment variables";
        };
    }
}
