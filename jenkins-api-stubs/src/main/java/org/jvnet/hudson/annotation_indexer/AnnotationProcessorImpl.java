package org.jvnet.hudson.annotation_indexer;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Compile-time writer of the annotation-indexer index for annotations meta-annotated with {@link Indexed}
 * (stand-in for the real library's processor, which is not on Maven Central). Registered through
 * {@code META-INF/services/javax.annotation.processing.Processor}, so javac runs it for any module that has this
 * jar on its compile class path. Output: {@code META-INF/services/annotations/<annotation binary name>}, one
 * binary class name per line, sorted; entries already in the output folder are kept (incremental builds).
 */
@SupportedAnnotationTypes("*")
public class AnnotationProcessorImpl extends AbstractProcessor {
    private static final String PREFIX = "META-INF/services/annotations/";

    /** annotation binary name -> annotated class binary names, written when processing is over */
    private final Map<String, Set<String>> index = new TreeMap<>();
    private final Map<String, List<Element>> origins = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
        if (roundEnv.processingOver()) {
            if (!roundEnv.errorRaised()) {
                for (Map.Entry<String, Set<String>> e : index.entrySet()) {
                    write(e.getKey(), e.getValue(), origins.get(e.getKey()));
                }
            }
            return false;
        }
        for (TypeElement annotation : annotations) {
            if (annotation.getAnnotation(Indexed.class) == null) {
                continue;
            }
            String annotationName = processingEnv.getElementUtils().getBinaryName(annotation).toString();
            Set<String> names = index.computeIfAbsent(annotationName, this::loadExisting);
            List<Element> from = origins.computeIfAbsent(annotationName, k -> new ArrayList<>());
            for (Element e : roundEnv.getElementsAnnotatedWith(annotation)) {
                TypeElement type = enclosingType(e);
                if (type != null) {
                    names.add(processingEnv.getElementUtils().getBinaryName(type).toString());
                    from.add(e);
                }
            }
        }
        return false;
    }

    private static TypeElement enclosingType(Element e) {
        Element cur = e;
        while (cur != null && !(cur instanceof TypeElement)) {
            cur = cur.getEnclosingElement();
        }
        return (TypeElement) cur;
    }

    private Set<String> loadExisting(String annotationName) {
        Set<String> names = new TreeSet<>();
        try {
            FileObject in = processingEnv.getFiler().getResource(StandardLocation.CLASS_OUTPUT, "", PREFIX + annotationName);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in.openInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        names.add(line.trim());
                    }
                }
            }
        } catch (FileNotFoundException | NoSuchFileException e) {
            // first compilation: no index yet
        } catch (IOException e) {
            // unreadable or absent in this file manager: start afresh
        }
        return names;
    }

    private void write(String annotationName, Set<String> names, List<Element> from) {
        try {
            FileObject out = processingEnv.getFiler().createResource(
                    StandardLocation.CLASS_OUTPUT, "", PREFIX + annotationName, from.toArray(new Element[0]));
            try (PrintWriter w = new PrintWriter(new OutputStreamWriter(out.openOutputStream(), StandardCharsets.UTF_8))) {
                for (String n : names) {
                    w.println(n);
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "Failed to write " + PREFIX + annotationName + ": " + e);
        }
    }
}
