package net.sf.json;

import java.io.IOException;
import java.io.Writer;

/**
 * Stand-in for json-lib's {@code AbstractJSON}.
 */
abstract class AbstractJSON implements JSON {
    private static final long serialVersionUID = 1L;

    @Override
    public String toString(int indentFactor) {
        return toString(indentFactor, 0);
    }

    @Override
    public String toString(int indentFactor, int indent) {
        StringBuilder sb = new StringBuilder();
        JsonText.write(this, sb, indentFactor, indent);
        return sb.toString();
    }

    @Override
    public final Writer write(Writer writer) throws IOException {
        writer.write(toString());
        return writer;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        JsonText.write(this, sb, 0, 0);
        return sb.toString();
    }
}
