package io.modelarts.train.report;

/**
 * {@code report.html} as a web page serves it from another address than the artifacts folder (the Jenkins build
 * page's "Training report"): with its own Content-Security-Policy, which lets the page's inline CSS apply but still
 * forbids every script, connection and external load, and with a {@code <base>} so that the report's relative links
 * to the outputs and logs still reach the archived files.
 */
public final class ServedReport {

    /**
     * The policy to send with the report: a sandbox (an opaque origin, no scripts, no forms), nothing loaded from
     * anywhere, inline styles allowed (the report's layout), images only as data URLs.
     */
    public static final String CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private ServedReport() {
    }

    /**
     * The report with {@code <base href="baseHref">} as the first element of its head; {@code html} unchanged when it
     * has no {@code <head>} (not a report this project wrote).
     */
    public static String withBase(String html, String baseHref) {
        int head = html.indexOf("<head>");
        if (head < 0) {
            return html;
        }
        int at = head + "<head>".length();
        return html.substring(0, at) + "<base href=\"" + Html.esc(baseHref) + "\">" + html.substring(at);
    }
}
