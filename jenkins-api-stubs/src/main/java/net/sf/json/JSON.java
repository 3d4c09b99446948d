package net.sf.json;

import java.io.Serializable;
import java.io.IOException;
import java.io.Writer;

/**
 * Stand-in for json-lib's {@code JSON} (the Jenkins fork bundled by core).
 */
public interface JSON extends Serializable {
    boolean isArray();

    boolean isEmpty();

    int size();

    String toString(int indentFactor);

    String toString(int indentFactor, int indent);

    Writer write(Writer writer) throws IOException;
}
