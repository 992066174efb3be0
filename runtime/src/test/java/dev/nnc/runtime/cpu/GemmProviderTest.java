package dev.nnc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which implementation the provider picks, with and without the incubator module. */
class GemmProviderTest {

    @Test
    void picksTheVectorImplementationWhenTheModuleIsPresent() {
        assertEquals(true, GemmProvider.vectorModulePresent(), "tests run with --add-modules jdk.incubator.vector");
        assertEquals(VectorGemm.class, Gemm.get().getClass());
        assertEquals(Gemm.defaultThreads(), Gemm.get().threads());
    }

    @Test
    void fallsBackToScalarAndSaysHowToEnableTheFastPathWithoutTheModule()
            throws IOException, InterruptedException, URISyntaxException {
        String classPath = location(Gemm.class) + File.pathSeparator + location(NoVectorModuleMain.class);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", classPath, NoVectorModuleMain.class.getName()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not finish");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("ScalarGemm [1.0, 2.0, 3.0, 4.0]\n"
                        + "vector: the Vector API kernels need the JVM option --add-modules jdk.incubator.vector\n",
                out.replace(System.lineSeparator(), "\n"), "stderr: " + err);
        assertEquals("nnc: using scalar matrix kernels; start java with --add-modules jdk.incubator.vector"
                        + " for the Vector API ones (several times faster)\n",
                err.replace(System.lineSeparator(), "\n"));
        assertEquals(0, process.exitValue());
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
