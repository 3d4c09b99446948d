package io.modelarts.train.fingerprint;

import io.modelarts.train.metrics.Json;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run trained with, as hashes: the job definition as it affects training, the code tree, and each input. Two
 * runs with equal fingerprints train the same thing, so the second may be skipped ({@code skipIfUnchanged}).
 * Written to {@code fingerprint.json} on every run.
 *
 * @param job    {@code sha256:<hex>} of the job's training-relevant fields (not its name, paths, gate or metrics)
 * @param code   the code directory's tree, or null when the job has none
 * @param inputs each input by name
 */
public record Fingerprint(String job, Part code, Map<String, Part> inputs) {

    public static final String FILE_NAME = "fingerprint.json";
    static final int VERSION = 1;

    /**
     * One tree of files or objects.
     *
     * @param source where it was read (a local folder or an object-store path); not compared
     * @param hash   {@code sha256:<hex>} over every file's relative path, size and content hash (local), or every
     *               object's relative key, size and ETag (object store)
     * @param files  files or objects
     * @param bytes  their total size
     */
    public record Part(String source, String hash, long files, long bytes) {
    }

    public Fingerprint {
        Objects.requireNonNull(job, "job");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** What differs from {@code other} ({@code "code"}, {@code "input data_url"}...), empty when nothing does. */
    public List<String> differencesFrom(Fingerprint other) {
        List<String> d = new ArrayList<>();
        if (!job.equals(other.job)) {
            d.add("job definition");
        }
        if (!Objects.equals(hash(code), hash(other.code))) {
            d.add("code");
        }
        for (String name : inputs.keySet()) {
            if (!other.inputs.containsKey(name) || !Objects.equals(hash(inputs.get(name)), hash(other.inputs.get(name)))) {
                d.add("input " + name);
            }
        }
        for (String name : other.inputs.keySet()) {
            if (!inputs.containsKey(name)) {
                d.add("input " + name);
            }
        }
        return d;
    }

    /** Same job, code and inputs. */
    public boolean sameTrainingAs(Fingerprint other) {
        return other != null && differencesFrom(other).isEmpty();
    }

    private static String hash(Part p) {
        return p == null ? null : p.hash();
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n  \"version\": ").append(VERSION).append(",\n  \"job\": ");
        Json.string(sb, job).append(",\n  \"code\": ");
        part(sb, code);
        sb.append(",\n  \"inputs\": {");
        boolean first = true;
        for (Map.Entry<String, Part> e : inputs.entrySet()) {
            sb.append(first ? "\n    " : ",\n    ");
            first = false;
            Json.string(sb, e.getKey()).append(": ");
            part(sb, e.getValue());
        }
        return sb.append(first ? "}\n}\n" : "\n  }\n}\n").toString();
    }

    private static void part(StringBuilder sb, Part p) {
        if (p == null) {
            sb.append("null");
            return;
        }
        sb.append("{\"source\": ");
        Json.string(sb, p.source() == null ? "" : p.source()).append(", \"hash\": ");
        Json.string(sb, p.hash()).append(", \"files\": ").append(p.files()).append(", \"bytes\": ").append(p.bytes()).append('}');
    }

    /**
     * Reads a {@code fingerprint.json} text.
     *
     * @throws IllegalArgumentException naming what is wrong when the text is not in that shape
     */
    public static Fingerprint fromJson(String json) {
        Object tree;
        try {
            tree = new Load(LoadSettings.builder().setLabel(FILE_NAME).build()).loadFromString(json);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(FILE_NAME + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(tree instanceof Map<?, ?> top) || !(top.get("job") instanceof String job)) {
            throw new IllegalArgumentException(FILE_NAME + " must be an object with a job hash");
        }
        Map<String, Part> inputs = new LinkedHashMap<>();
        if (top.get("inputs") instanceof Map<?, ?> in) {
            for (Map.Entry<?, ?> e : in.entrySet()) {
                inputs.put(String.valueOf(e.getKey()), readPart(e.getValue(), "inputs." + e.getKey()));
            }
        }
        return new Fingerprint(job, top.get("code") == null ? null : readPart(top.get("code"), "code"), inputs);
    }

    private static Part readPart(Object o, String field) {
        if (!(o instanceof Map<?, ?> m) || !(m.get("hash") instanceof String hash)) {
            throw new IllegalArgumentException(FILE_NAME + ": " + field + " must be an object with a hash");
        }
        return new Part(m.get("source") == null ? null : String.valueOf(m.get("source")), hash, number(m.get("files")),
                number(m.get("bytes")));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
