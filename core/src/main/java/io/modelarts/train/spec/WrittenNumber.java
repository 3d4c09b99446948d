package io.modelarts.train.spec;

import java.util.Objects;

/**
 * A number read from a job file that keeps the text it was written as. YAML would turn {@code 0.010}
 * into {@code 0.01}, {@code 1e3} into {@code 1000.0} and {@code .inf} into {@code Infinity}; a training
 * script must receive {@code --lr=0.010}, so {@link #toString()} is the source text and the parsed value
 * is kept beside it for the rare reader that needs the number.
 */
public final class WrittenNumber extends Number {

    private static final long serialVersionUID = 1L;

    private final String text;
    private final Number value;

    public WrittenNumber(String text, Number value) {
        this.text = Objects.requireNonNull(text, "text");
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The scalar exactly as written in the file. */
    public String text() {
        return text;
    }

    /** What YAML made of it: an Integer, Long, BigInteger or Double. */
    public Number value() {
        return value;
    }

    @Override
    public int intValue() {
        return value.intValue();
    }

    @Override
    public long longValue() {
        return value.longValue();
    }

    @Override
    public float floatValue() {
        return value.floatValue();
    }

    @Override
    public double doubleValue() {
        return value.doubleValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrittenNumber w && w.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
