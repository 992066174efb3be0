package dev.nnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.device.Device;
import com.palantir.javapoet.JavaFile;
import dev.nnc.compiler.Sources;
import dev.nnc.runtime.opencl.OpenCl;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel Aparapi cannot translate would run in Java instead, with only a log line; the generated trainer refuses it
 * when it is constructed (it compiles the kernel then, to learn the largest work group the kernel runs in), with a
 * message that says what to do. A kernel class compiled without {@code javac -g} is such a kernel: Aparapi needs its
 * local variables' names.
 */
class KernelFallbackTest {
    @TempDir
    Path dir;

    @Test
    void aKernelThatCannotBeTranslatedIsAClearError() throws Exception {
        assumeTrue(!OpenCl.devices(Device.TYPE.CPU).isEmpty(), "no OpenCL CPU device");
        List<JavaFile> files = CodeGenerator.generate(Sources.model("""
                model NoDebug {
                    input x: [20]
                    target y: class(3)
                    out = x -> fc1: dense(16) -> relu -> fc2: dense(3)
                    loss = softmax_cross_entropy(out, y)
                    train { optimizer = adam(lr=0.01) }
                }
                """), "nodebug", Precision.FLOAT, true);
        List<String> arguments = new ArrayList<>(List.of("-g:none", "-nowarn", "-d", dir.toString(),
                "-classpath", System.getProperty("java.class.path"), "--add-modules", "jdk.incubator.vector"));
        for (JavaFile f : files) {
            f.writeTo(dir.resolve("src"));
        }
        try (var sources = Files.walk(dir.resolve("src"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> arguments.add(p.toString()));
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new)));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            var constructor = loader.loadClass("nodebug.NoDebugOpenClTrainer").getConstructor(int.class, String.class);
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> constructor.newInstance(4, "opencl-cpu"));
            OpenCl.DeviceFailure e = assertInstanceOf(OpenCl.DeviceFailure.class, thrown.getCause());
            assertTrue(e.getMessage().contains("could not be compiled for") && e.getMessage().contains("javac -g"), e.getMessage());
        }
    }
}
