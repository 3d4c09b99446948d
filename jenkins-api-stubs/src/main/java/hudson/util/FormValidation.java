package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Stand-in for {@code hudson.util.FormValidation}: the answer of a {@code doCheck*} method.
 *
 * <p>Observable as in Jenkins: {@link #kind} and {@link #getMessage()} (the message as HTML: the plain-text
 * factories escape it, the {@code *WithMarkup} ones do not; {@code null} for a bare {@link #ok()}).
 */
public abstract class FormValidation extends IOException implements HttpResponse {
    private static final long serialVersionUID = 1L;

    /** Severity of a validation result. */
    public enum Kind {
        OK,
        WARNING,
        ERROR
    }

    /** The severity. */
    public final Kind kind;

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    private FormValidation(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static FormValidation error(String message) {
        return errorWithMarkup(message == null ? null : Util.escape(message));
    }

    public static FormValidation warning(String message) {
        return warningWithMarkup(message == null ? null : Util.escape(message));
    }

    public static FormValidation ok(String message) {
        return okWithMarkup(message == null ? null : Util.escape(message));
    }

    private static final FormValidation OK = new Plain(Kind.OK, null, "<div/>");

    public static FormValidation ok() {
        return OK;
    }

    public static FormValidation error(String format, Object... args) {
        return error(String.format(format, args));
    }

    public static FormValidation warning(String format, Object... args) {
        return warning(String.format(format, args));
    }

    public static FormValidation ok(String format, Object... args) {
        return ok(String.format(format, args));
    }

    public static FormValidation error(Throwable e, String message) {
        return withCause(Kind.ERROR, e, message);
    }

    public static FormValidation warning(Throwable e, String message) {
        return withCause(Kind.WARNING, e, message);
    }

    public static FormValidation error(Throwable e, String format, Object... args) {
        return error(e, String.format(format, args));
    }

    public static FormValidation warning(Throwable e, String format, Object... args) {
        return warning(e, String.format(format, args));
    }

    private static FormValidation withCause(Kind kind, Throwable e, String message) {
        String html = Util.escape(message == null ? String.valueOf(e) : message);
        return new Plain(kind, html, e, html);
    }

    /** All results in one: the worst kind, the messages as a list (a single non-OK result is returned as is). */
    public static @NonNull FormValidation aggregate(@NonNull Collection<FormValidation> validations) {
        if (validations == null || validations.isEmpty()) {
            return FormValidation.ok();
        }
        List<FormValidation> notOk = new ArrayList<>();
        Kind worst = Kind.OK;
        for (FormValidation v : validations) {
            if (v.kind.ordinal() > worst.ordinal()) {
                worst = v.kind;
            }
            if (v.kind != Kind.OK || v.getMessage() != null) {
                notOk.add(v);
            }
        }
        if (notOk.isEmpty()) {
            return FormValidation.ok();
        }
        if (notOk.size() == 1) {
            return notOk.get(0);
        }
        StringBuilder sb = new StringBuilder("<ul style='list-style-type: none; padding-left: 0; margin: 0'>");
        for (FormValidation v : notOk) {
            sb.append("<li>").append(v.renderHtml()).append("</li>");
        }
        sb.append("</ul>");
        return respond(worst, sb.toString());
    }

    public static FormValidation errorWithMarkup(String message) {
        return new Plain(Kind.ERROR, message, message == null ? "<div/>" : message);
    }

    public static FormValidation warningWithMarkup(String message) {
        return new Plain(Kind.WARNING, message, message == null ? "<div/>" : message);
    }

    public static FormValidation okWithMarkup(String message) {
        return new Plain(Kind.OK, message, message == null ? "<div/>" : message);
    }

    /** A result whose message and rendering are {@code html}. */
    public static FormValidation respond(Kind kind, final String html) {
        return new Plain(kind, html, html);
    }

    public static FormValidation validateNonNegativeInteger(String value) {
        try {
            if (Integer.parseInt(value.trim()) < 0) {
                return error("Not a non-negative number");
            }
            return ok();
        } catch (NumberFormatException | NullPointerException e) {
            return error("Not a number");
        }
    }

    public static FormValidation validateIntegerInRange(String value, int lower, int upper) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < lower || v > upper) {
                return error("The value must be an integer between " + lower + " and " + upper + ".");
            }
            return ok();
        } catch (NumberFormatException | NullPointerException e) {
            return error("Not an integer");
        }
    }

    public static FormValidation validatePositiveInteger(String value) {
        try {
            if (Integer.parseInt(value.trim()) <= 0) {
                return error("Not a positive number");
            }
            return ok();
        } catch (NumberFormatException | NullPointerException e) {
            return error("Not a number");
        }
    }

    public static FormValidation validateRequired(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return error("This field is required.");
        }
        return ok();
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
            throws IOException, ServletException {
        respond(rsp, renderHtml());
    }

    /** The HTML shown under the field. */
    public abstract String renderHtml();

    protected void respond(StaplerResponse2 rsp, String html) throws IOException, ServletException {
        rsp.setContentType("text/html;charset=UTF-8");
        rsp.getWriter().print(html);
    }

    @Override
    public String toString() {
        return kind + (getMessage() == null ? "" : ": " + getMessage());
    }

    private static final class Plain extends FormValidation {
        private static final long serialVersionUID = 1L;
        private final String html;

        Plain(Kind kind, String message, String html) {
            super(kind, message);
            this.html = html;
        }

        Plain(Kind kind, String message, Throwable cause, String html) {
            super(kind, message, cause);
            this.html = html;
        }

        @Override
        public String renderHtml() {
            return kind == Kind.OK && getMessage() == null
                    ? html
                    : "<div class=" + kind.name().toLowerCase(java.util.Locale.ENGLISH) + ">" + html + "</div>";
        }
    }
}
