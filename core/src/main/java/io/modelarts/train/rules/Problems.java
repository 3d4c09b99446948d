package io.modelarts.train.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An ordered, immutable list of problems with helpers to tell errors from warnings. */
public final class Problems {

    private final List<Problem> all;

    public Problems(List<Problem> all) {
        this.all = List.copyOf(all);
    }

    public static Problems none() {
        return new Problems(List.of());
    }

    public List<Problem> all() {
        return all;
    }

    public List<Problem> errors() {
        return all.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return all.stream().filter(p -> !p.isError()).toList();
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Problem::isError);
    }

    public Problems plus(List<Problem> more) {
        List<Problem> joined = new ArrayList<>(all);
        joined.addAll(more);
        return new Problems(joined);
    }

    /** One line per problem, in the {@code field: message} format. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Problem p : all) {
            out.append(p).append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return all.isEmpty() ? "no problems" : String.join("; ", all.stream().map(Problem::toString).toList());
    }

    public List<Problem> asList() {
        return Collections.unmodifiableList(all);
    }
}
