package io.modelarts.train.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServedReportTest {

    @Test
    void theBaseComesFirstInTheHeadSoEveryRelativeLinkUsesIt() {
        String html = ServedReport.withBase("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><a href=\"logs/worker-0.log\">log</a></body></html>",
                "../artifact/modelarts/a&b/");

        assertThat(html).startsWith("<!DOCTYPE html><html><head><base href=\"../artifact/modelarts/a&amp;b/\"><meta charset=\"utf-8\">");
    }

    @Test
    void aPageWithoutHeadIsLeftAlone() {
        assertThat(ServedReport.withBase("<p>not a report</p>", "x/")).isEqualTo("<p>not a report</p>");
    }

    @Test
    void thePolicyForbidsScriptsAndLoadsButAllowsInlineStyles() {
        assertThat(ServedReport.CONTENT_SECURITY_POLICY).startsWith("sandbox;").contains("default-src 'none'", "style-src 'unsafe-inline'")
                .doesNotContain("script-src", "unsafe-eval");
    }
}
