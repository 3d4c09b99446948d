package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Action;
import hudson.model.Run;
import io.modelarts.train.metrics.RunMetrics;
import io.modelarts.train.report.ServedReport;
import io.modelarts.train.report.TrainingReport;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import jenkins.tasks.SimpleBuildStep;
import jenkins.util.VirtualFile;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * "Training report" on a build page, one per training job of the build: the archived
 * {@code modelarts/<job>/report.html}, served by this action with a policy of its own. Jenkins serves archived files
 * under a Content-Security-Policy that also refuses inline styles, which costs the report its layout; this action
 * sends {@link ServedReport#CONTENT_SECURITY_POLICY} instead (a sandbox: still no script, no connection, nothing
 * loaded) and a {@code <base>} pointing at the archived folder, so the report's links to outputs and logs still work.
 *
 * <p>Through {@link SimpleBuildStep.LastBuildAction} the job page gets the metrics' trend across builds
 * ({@link MetricsTrendAction}), as junit's trend reaches Pipeline jobs; no other plugin is needed.
 */
public final class TrainingReportAction implements RunAction2, SimpleBuildStep.LastBuildAction {

    private static final Logger LOGGER = Logger.getLogger(TrainingReportAction.class.getName());

    private final String jobName;
    private transient Run<?, ?> run;
    /** The archived metrics.json's run values, read once when a trend first needs them. */
    private transient volatile Map<String, Double> values;

    TrainingReportAction(Run<?, ?> run, String jobName) {
        this.run = run;
        this.jobName = jobName;
    }

    /** Adds the action for {@code jobName} to {@code run} when its report was archived (once per training job). */
    static void attachIfArchived(Run<?, ?> run, String jobName) throws IOException {
        for (TrainingReportAction a : run.getActions(TrainingReportAction.class)) {
            if (a.jobName.equals(jobName)) {
                return;
            }
        }
        if (artifacts(run, jobName).child(TrainingReport.FILE_NAME).isFile()) {
            run.addAction(new TrainingReportAction(run, jobName));
        }
    }

    private static VirtualFile artifacts(Run<?, ?> run, String jobName) {
        return run.getArtifactManager().root().child(JobSetup.WORKSPACE_DIR + "/" + jobName);
    }

    public String getJobName() {
        return jobName;
    }

    @Override
    public String getIconFileName() {
        return "clipboard.png";
    }

    @Override
    public String getDisplayName() {
        Run<?, ?> r = run;
        boolean several = r != null && r.getActions(TrainingReportAction.class).size() > 1;
        return several ? Messages.TrainingReportAction_DisplayNameOf(jobName) : Messages.TrainingReportAction_DisplayName();
    }

    /** Relative to the build's page; {@link #doIndex} answers there. */
    @Override
    public String getUrlName() {
        return URL_PREFIX + jobName;
    }

    static final String URL_PREFIX = "modelarts-report-";

    /**
     * The archived report with the action's own policy. Whoever may see the build sees it, and where Jenkins restricts
     * archived files ({@code hudson.security.ArtifactsPermission}), only who holds {@link Run#ARTIFACTS}, as for the
     * file itself.
     */
    public void doIndex(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Run<?, ?> r = run;
        if (r == null) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (hudson.Functions.isArtifactsPermissionEnabled()) {
            r.checkPermission(Run.ARTIFACTS);
        }
        VirtualFile file = artifacts(r, jobName).child(TrainingReport.FILE_NAME);
        if (!file.isFile()) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String html;
        try (InputStream in = file.open()) {
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String base = req.getContextPath() + "/" + r.getUrl() + "artifact/" + JobSetup.WORKSPACE_DIR + "/" + jobName + "/";
        byte[] body = ServedReport.withBase(html, base).getBytes(StandardCharsets.UTF_8);
        rsp.setContentType("text/html;charset=UTF-8");
        rsp.setHeader("Content-Security-Policy", ServedReport.CONTENT_SECURITY_POLICY);
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.setContentLength(body.length);
        rsp.getOutputStream().write(body);
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    /** The trend on the job page, contributed once per build (by its first report action). */
    @Override
    public Collection<? extends Action> getProjectActions() {
        Run<?, ?> r = run;
        if (r == null || r.getActions(TrainingReportAction.class).indexOf(this) > 0) {
            return List.of();
        }
        return List.of(new MetricsTrendAction(r.getParent()));
    }

    /** Each metric's run value in this build, from its archived {@code metrics.json}; empty when it cannot be read. */
    Map<String, Double> metricValues() {
        Map<String, Double> v = values;
        if (v != null) {
            return v;
        }
        v = new LinkedHashMap<>();
        Run<?, ?> r = run;
        if (r != null) {
            VirtualFile f = artifacts(r, jobName).child(RunMetrics.FILE_NAME);
            try {
                if (f.isFile()) {
                    try (InputStream in = f.open()) {
                        v.putAll(RunMetrics.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)).values());
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                LOGGER.log(Level.FINE, "cannot read the metrics of " + jobName + " in " + r, e);
            }
        }
        values = v;
        return v;
    }

    @CheckForNull
    Run<?, ?> run() {
        return run;
    }
}
