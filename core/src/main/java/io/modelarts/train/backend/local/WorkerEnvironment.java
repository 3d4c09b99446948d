package io.modelarts.train.backend.local;

import io.modelarts.train.plan.JobPlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The environment of a local worker's process. */
final class WorkerEnvironment {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private WorkerEnvironment() {
    }

    /**
     * The variables a worker's process gets: what a container's platform sets (worker index and hosts, the master's
     * address, the job's name) and the plan's variables, with {@code ${NAME}} in path variables expanded.
     */
    static Map<String, String> of(JobPlan plan, JobDirectoryMapper mapper, int index, String worker, int nodes, String jobId,
                                  Map<String, String> inherited) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            hosts.add("localhost");
        }
        env.put("VC_TASK_INDEX", String.valueOf(index));
        env.put("RANK", String.valueOf(index));
        env.put("VC_WORKER_HOSTS", String.join(",", hosts));
        env.put("MA_CURRENT_IP", "127.0.0.1");
        env.put("MASTER_ADDR", "127.0.0.1");
        env.put("MA_VJ_NAME", jobId);
        env.put("MA_CURRENT_INSTANCE_NAME", jobId + "-" + worker);
        Map<String, String> planned = plan.environment(mapper);
        for (Map.Entry<String, String> e : planned.entrySet()) {
            String value = e.getValue();
            if (plan.pathVariables().contains(e.getKey())) {
                Map<String, String> visible = new HashMap<>(inherited);
                visible.putAll(env);
                value = expand(value, visible);
            }
            env.put(e.getKey(), value);
        }
        return env;
    }

    /** {@code ${NAME}} in a planned path value (e.g. {@code PYTHONPATH}) from the environment; empty elements dropped. */
    static String expand(String value, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(out);
        String s = out.toString();
        if (!s.equals(value) && s.contains(":")) {
            s = String.join(":", Arrays.stream(s.split(":")).filter(p -> !p.isEmpty()).toList());
        }
        return s;
    }
}
