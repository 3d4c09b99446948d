package io.modelarts.train.spec;

import io.modelarts.train.validation.Problem;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses YAML 1.2 (so JSON too) into plain maps, lists and scalars. YAML 1.2 keeps {@code yes},
 * {@code 1h} or {@code 010} as text, so values arrive as written. Syntax errors become a problem with
 * the line and column instead of an exception.
 */
public final class YamlTrees {

    private YamlTrees() {
    }

    /** The parsed document, or {@code null} with a problem added when the text is not valid YAML. */
    public static Object parse(String text, String source, List<Problem> problems) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(50) // no "billion laughs"
                .setCodePointLimit(16 * 1024 * 1024)
                .build();
        try {
            Object tree = new Load(settings).loadFromString(text);
            if (tree == null) {
                problems.add(Problem.error("", source + " is empty"));
            }
            return tree;
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
            String what = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.add(Problem.error("", source + " is not valid YAML" + where + ": " + what + context));
            return null;
        } catch (YamlEngineException e) {
            problems.add(Problem.error("", source + " is not valid YAML: " + firstLine(e.getMessage())));
            return null;
        } catch (RuntimeException e) {
            // the parser must never take the caller down, whatever the input
            problems.add(Problem.error("", source + " could not be read: " + firstLine(String.valueOf(e.getMessage()))));
            return null;
        }
    }

    /**
     * Deep-merges {@code overrides} over {@code base}: nested mappings merge key by key, anything
     * else (lists, scalars) replaces. Used for Jenkins step parameters over a job file.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            Object old = out.get(e.getKey());
            Object neu = e.getValue();
            if (old instanceof Map<?, ?> o && neu instanceof Map<?, ?> n) {
                out.put(e.getKey(), merge((Map<String, Object>) o, (Map<String, Object>) n));
            } else {
                out.put(e.getKey(), neu);
            }
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
