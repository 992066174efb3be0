package dev.nnc.compiler.build;

import com.palantir.javapoet.JavaFile;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated sources in memory and loads them: for {@code nnc train} and for tests. */
public final class InMemoryJavac {
    private InMemoryJavac() {}

    /** A failure of javac on generated code: a bug in nnc, reported with javac's messages. */
    public static final class CompileError extends RuntimeException {
        CompileError(String message) {
            super(message);
        }
    }

    /** Compiles {@code files} against this JVM's class path; returns a loader that defines the classes. */
    public static ClassLoader compile(List<JavaFile> files) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new CompileError("no Java compiler in this JVM: run nnc on a JDK, not a JRE");
        }
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
        ForwardingJavaFileManager<StandardJavaFileManager> manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> sources = new ArrayList<>();
        for (JavaFile f : files) {
            sources.add(f.toJavaFileObject());
        }
        List<String> options = List.of("-g", "-classpath", System.getProperty("java.class.path"), "--release", "17",
                "--add-modules", "jdk.incubator.vector", "-Xlint:-options", "-nowarn");
        boolean ok = javac.getTask(null, manager, diagnostics, options, null, sources).call();
        if (!ok) {
            StringBuilder message = new StringBuilder("javac rejected the generated code (a bug in nnc):\n");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                message.append(d.getSource() == null ? "" : d.getSource().getName()).append(':').append(d.getLineNumber())
                        .append(": ").append(d.getMessage(null)).append('\n');
            }
            throw new CompileError(message.toString());
        }
        return new ClassLoader(InMemoryJavac.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }

            /** Class files as resources too: Aparapi reads a kernel's bytecode to translate it to OpenCL. */
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                ByteArrayOutputStream bytes = name.endsWith(".class")
                        ? classes.get(name.substring(0, name.length() - ".class".length()).replace('/', '.')) : null;
                return bytes != null ? new java.io.ByteArrayInputStream(bytes.toByteArray()) : super.getResourceAsStream(name);
            }
        };
    }
}
