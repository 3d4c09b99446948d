package io.modelarts.train.backend.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a process's output as UTF-8 (bad bytes become U+FFFD) and hands it on line by line, without
 * the line break. {@code \n}, {@code \r\n} and a lone {@code \r} (progress bars) end a line. A line
 * longer than {@link #MAX_LINE} characters is handed on in pieces, so a process that never prints a
 * line break cannot exhaust memory.
 */
final class OutputPump implements Runnable {

    static final int MAX_LINE = 16 * 1024;

    private final InputStream in;
    private final Consumer<String> lines;

    OutputPump(InputStream in, Consumer<String> lines) {
        this.in = in;
        this.lines = lines;
    }

    @Override
    public void run() {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        StringBuilder line = new StringBuilder();
        char[] buf = new char[8192];
        boolean lastWasCr = false;
        try (Reader r = new InputStreamReader(in, decoder)) {
            int n;
            while ((n = r.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (c == '\n') {
                        if (!lastWasCr) {
                            emit(line);
                        }
                        lastWasCr = false;
                    } else if (c == '\r') {
                        emit(line);
                        lastWasCr = true;
                    } else {
                        lastWasCr = false;
                        line.append(c);
                        if (line.length() >= MAX_LINE) {
                            emit(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the stream closes when the process tree is killed; what was read is delivered below
        } finally {
            if (line.length() > 0) {
                emit(line);
            }
        }
    }

    private void emit(StringBuilder line) {
        String text = line.toString();
        line.setLength(0);
        lines.accept(text);
    }
}
