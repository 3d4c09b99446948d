package io.modelarts.train.spec;

import io.modelarts.train.rules.Problem;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses YAML 1.2 (so JSON too) into plain maps, lists and scalars. YAML 1.2 keeps {@code yes},
 * {@code 1h} or {@code 010} as text, so values arrive as written. Syntax errors, duplicate keys,
 * recursive aliases and absurd nesting become a problem with the line and column instead of an
 * exception.
 */
public final class YamlTrees {

    /** Deeper than any job file or pool catalog needs; guards the recursive walks over the tree. */
    public static final int MAX_DEPTH = 64;

    /** A parsed document with the line of every field. */
    public record Parsed(Object tree, FieldLines lines) {
    }

    private YamlTrees() {
    }

    /** The parsed document, or {@code null} with a problem added when the text is not valid YAML. */
    public static Object parse(String text, String source, List<Problem> problems) {
        return parseWithLines(text, source, problems).tree();
    }

    /** Like {@link #parse} and also records where each field is written; the tree is null on failure. */
    public static Parsed parseWithLines(String text, String source, List<Problem> problems) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(50) // no "billion laughs"
                .setCodePointLimit(16 * 1024 * 1024)
                .build();
        try {
            Optional<Node> node = new Compose(settings).composeString(text);
            if (node.isEmpty()) {
                problems.add(Problem.error("", source + " is empty"));
                return new Parsed(null, FieldLines.NONE);
            }
            String shape = shapeProblem(node.get(), 0, Collections.newSetFromMap(new IdentityHashMap<>()),
                    Collections.newSetFromMap(new IdentityHashMap<>()));
            if (shape != null) {
                problems.add(Problem.error("", source + " " + shape));
                return new Parsed(null, FieldLines.NONE);
            }
            Object tree = new SourceTextConstructor(settings).constructSingleDocument(node);
            if (tree == null) {
                problems.add(Problem.error("", source + " is empty"));
                return new Parsed(null, FieldLines.NONE);
            }
            Map<String, Integer> lines = new HashMap<>();
            Map<String, Integer> lastLines = new HashMap<>();
            recordLines(node.get(), "", lines, lastLines, 0);
            return new Parsed(tree, new FieldLines(lines, lastLines));
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
            String what = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.add(Problem.error("", source + " is not valid YAML" + where + ": " + what + context));
        } catch (YamlEngineException e) {
            problems.add(Problem.error("", source + " is not valid YAML: " + firstLine(e.getMessage())));
        } catch (StackOverflowError e) {
            problems.add(Problem.error("", source + " is nested too deeply to read (more than " + MAX_DEPTH + " levels)"));
        } catch (RuntimeException e) {
            // the parser must never take the caller down, whatever the input
            problems.add(Problem.error("", source + " could not be read: " + firstLine(String.valueOf(e.getMessage()))));
        }
        return new Parsed(null, FieldLines.NONE);
    }

    /** Rejects aliases that contain themselves and nesting deeper than {@link #MAX_DEPTH}; shared (DAG) aliases are fine. */
    private static String shapeProblem(Node node, int depth, Set<Node> onPath, Set<Node> done) {
        if (depth > MAX_DEPTH) {
            String line = node.getStartMark().map(m -> " (line " + (m.getLine() + 1) + ")").orElse("");
            return "is nested more than " + MAX_DEPTH + " levels deep" + line;
        }
        if (done.contains(node)) {
            return null;
        }
        if (!onPath.add(node)) {
            String line = node.getStartMark().map(m -> " at line " + (m.getLine() + 1)).orElse("");
            return "uses an alias inside its own anchor" + line + " (a recursive structure)";
        }
        String problem = null;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                problem = shapeProblem(t.getKeyNode(), depth + 1, onPath, done);
                if (problem == null) {
                    problem = shapeProblem(t.getValueNode(), depth + 1, onPath, done);
                }
                if (problem != null) {
                    break;
                }
            }
        } else if (node instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                problem = shapeProblem(item, depth + 1, onPath, done);
                if (problem != null) {
                    break;
                }
            }
        }
        onPath.remove(node);
        done.add(node);
        return problem;
    }

    /** Records the first line of every field and the last line of every mapping or list. */
    private static void recordLines(Node node, String path, Map<String, Integer> lines, Map<String, Integer> lastLines, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (node instanceof MappingNode || node instanceof SequenceNode) {
            node.getEndMark().ifPresent(mark -> lastLines.putIfAbsent(path,
                    // a block ends where the next token starts: column 0 of the following line
                    mark.getColumn() == 0 ? Math.max(1, mark.getLine()) : mark.getLine() + 1));
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    String child = TreeReader.childPath(path, key.getValue());
                    key.getStartMark().ifPresent(mark -> lines.putIfAbsent(child, mark.getLine() + 1));
                    recordLines(t.getValueNode(), child, lines, lastLines, depth + 1);
                }
            }
        } else if (node instanceof SequenceNode s) {
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) {
                String child = path + "[" + i + "]";
                Node item = items.get(i);
                item.getStartMark().ifPresent(mark -> lines.putIfAbsent(child, mark.getLine() + 1));
                recordLines(item, child, lines, lastLines, depth + 1);
            }
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

    /**
     * The standard constructor, except that a float, or an int whose canonical form differs from what is
     * written, becomes a {@link WrittenNumber} that remembers its source text.
     */
    private static final class SourceTextConstructor extends StandardConstructor {
        SourceTextConstructor(LoadSettings settings) {
            super(settings);
            keepText(Tag.FLOAT);
            keepText(Tag.INT);
        }

        private void keepText(Tag tag) {
            ConstructNode standard = tagConstructors.get(tag);
            if (standard == null) {
                return;
            }
            tagConstructors.put(tag, node -> {
                Object value = standard.construct(node);
                if (node instanceof ScalarNode scalar && value instanceof Number n && !scalar.getValue().equals(String.valueOf(n))) {
                    return new WrittenNumber(scalar.getValue(), n);
                }
                return value;
            });
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
