package dev.nnc.compiler.cli;

import dev.nnc.compiler.Compilation;
import dev.nnc.compiler.build.InMemoryJavac;
import dev.nnc.compiler.codegen.CodeGenerator;
import dev.nnc.compiler.codegen.Precision;
import dev.nnc.compiler.ir.Graph;
import dev.nnc.runtime.opencl.OpenCl;
import dev.nnc.runtime.train.Trainable;
import dev.nnc.runtime.train.TrainSettings;
import dev.nnc.runtime.train.TrainingLoop;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nnc train FILE.nn [flags]}: compiles the model in memory and runs its trainer's main. */
@Command(name = "train", description = {
        "Compiles a model in memory and trains it. Flags after FILE go to the trainer:",
        "  --data PATH --epochs N --batch N --lr X --seed N --device D --init FILE --save FILE",
        "  --no-shuffle --metrics FILE.csv --limit N (see the generated trainer's --help)"})
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .nn file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "which model of FILE to train (default: the only one)")
    String model;

    @CommandLine.Unmatched
    List<String> trainerArgs = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Data paths in a .nn file are relative to the file, wherever nnc runs from. */
    private TrainSettings relativeToModel(TrainSettings s) {
        String data = s.data();
        if (data == null || !(data.startsWith("csv:") || data.startsWith("idx:"))) {
            return s;
        }
        String kind = data.substring(0, 4);
        String rest = data.substring(4);
        String path = kind.equals("csv:") ? rest.substring(0, rest.lastIndexOf(':')) : rest;
        Path base = file.toAbsolutePath().getParent();
        if (Path.of(path).isAbsolute() || base == null) {
            return s;
        }
        String resolved = kind + base.resolve(path) + (kind.equals("csv:") ? rest.substring(rest.lastIndexOf(':')) : "");
        return new TrainSettings(resolved, s.optimizer(), s.learningRate(), s.batch(), s.epochs(), s.seed(), s.shuffle(),
                s.validation(), s.patience(), s.decay(), s.decayTo(), s.decayOver(), s.decayEvery(), s.decayFactor());
    }

    /** Whether the run will train on a GPU (asked for, or the default where one is present): then tile the kernels. */
    private boolean onGpu() {
        String device = null;
        for (int i = 0; i < trainerArgs.size(); i++) {
            String arg = trainerArgs.get(i);
            if (arg.equals("--device") && i + 1 < trainerArgs.size()) {
                device = trainerArgs.get(i + 1);
            } else if (arg.startsWith("--device=")) {
                device = arg.substring("--device=".length());
            }
        }
        return (device == null || device.equals("gpu")) && OpenCl.gpuPresent();
    }

    @Override
    public Integer call() throws ReflectiveOperationException {
        var err = spec.commandLine().getErr();
        Optional<Compilation> c = Inputs.compile(file, err);
        if (c.isEmpty() || c.get().hasErrors()) {
            return 1;
        }
        List<Graph> models = c.get().models();
        Optional<Graph> chosen = model == null && models.size() == 1 ? Optional.of(models.get(0))
                : models.stream().filter(g -> g.name().equals(model)).findFirst();
        if (chosen.isEmpty()) {
            err.printf("nnc: error: %s; %s defines %s%n", model == null ? "choose a model with --model NAME" : "no model `" + model + "`",
                    file, String.join(", ", models.stream().map(Graph::name).toList()));
            return 1;
        }
        Graph g = chosen.get();
        if (!Generation.supported(g, err)) {
            return 1;
        }
        err.flush();
        ClassLoader loader = InMemoryJavac.compile(CodeGenerator.generate(g, "nnc.generated", Precision.FLOAT, true, onGpu()));
        Class<?> trainer = loader.loadClass("nnc.generated." + CodeGenerator.className(g) + "Trainer");
        TrainSettings settings = relativeToModel((TrainSettings) trainer.getField("SETTINGS").get(null));
        Constructor<?> constructor = trainer.getConstructor(int.class);
        String openClTrainer = "nnc.generated." + CodeGenerator.className(g) + "OpenClTrainer";
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return TrainingLoop.main(trainerArgs.toArray(String[]::new), settings, new TrainerFactory(constructor), openClTrainer);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
