package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnc.compiler.ir.Parameter;
import dev.nnc.compiler.ir.Target;
import dev.nnc.compiler.ir.TrainConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The trainer class: the model's optimizer update written out per parameter (every hyperparameter a constant), the
 * {@code Trainable} the runtime's loop drives, and {@code main}.
 */
final class TrainerEmitter {
    private static final ClassName TRAINABLE = ClassName.get("dev.nnc.runtime.train", "Trainable");
    private static final ClassName SETTINGS = ClassName.get("dev.nnc.runtime.train", "TrainSettings");
    private static final ClassName LOOP = ClassName.get("dev.nnc.runtime.train", "TrainingLoop");
    private static final ClassName OPTIMIZERS = ClassName.get("dev.nnc.runtime.train", "Optimizers");
    private static final ClassName SINK = Kernels.GEMM.nestedClass("GradientSink");

    private final Layout l;
    private final ClassName model;
    private final String className;
    private final TrainConfig config;
    private final String openClTrainer;

    /** {@code openClTrainer}: the qualified name of the OpenCL trainer class, or null when there is none. */
    TrainerEmitter(Layout layout, ClassName model, String className, String openClTrainer) {
        this.l = layout;
        this.model = model;
        this.className = className;
        this.config = layout.graph.train();
        this.openClTrainer = openClTrainer;
    }

    TypeSpec emit() {
        boolean classes = l.graph.target() instanceof Target.Classes;
        TypeSpec.Builder t = TypeSpec.classBuilder(className).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(TRAINABLE)
                .addJavadoc("Trains {@link $T} with $L, as the train block of {@code $L} says; flags override it.\n",
                        model, optimizerText(), l.graph.sourceFile())
                .addField(FieldSpec.builder(SETTINGS, "SETTINGS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The train block.\n").initializer(settings()).build())
                .addField(FieldSpec.builder(model, "model", Modifier.PUBLIC, Modifier.FINAL).build())
                .addField(FieldSpec.builder(long.class, "steps", Modifier.PRIVATE).build());
        for (Parameter p : l.graph.parameters()) {
            for (String state : optimizerStates(config.optimizer())) {
                t.addField(FieldSpec.builder(float[].class, l.param(p) + state, Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new float[$L]", p.size()).build());
            }
        }
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).addParameter(int.class, "maxBatch")
                .addStatement("this.model = new $T(maxBatch)", model).build());
        t.addMethod(MethodSpec.methodBuilder("main").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(String[].class, "args")
                .addStatement("$T.exit($T.main(args, SETTINGS, $L::new, $S))", System.class, LOOP, className, openClTrainer).build());
        describeModel(t, l, model);
        MethodSpec.Builder initialize = override("initialize", void.class).addParameter(long.class, "seed")
                .addStatement("model.initialize(seed)");
        t.addMethod(clearOptimizerState(initialize, l, "").build());
        String target = classes ? "labels" : "targets";
        t.addMethod(override("trainStep", double.class).addParameters(batchParameters())
                .addParameter(float.class, "learningRate")
                .addStatement("model.forward(inputs, n, true)")
                .addStatement("final double loss = model.loss($L, n, true)", target)
                .beginControlFlow("if ($T.isFinite(loss))", Double.class)
                .addStatement(FusedUpdate.leavesAnything(l) ? "model.backward(n, true)" : "model.backward(n)")
                .addStatement("update(learningRate)")
                .endControlFlow()
                .addStatement("return loss").build());
        MethodSpec.Builder evaluate = override("evaluate", double.class).addParameters(batchParameters())
                .addParameter(int[].class, "correct")
                .addStatement("model.forward(inputs, n, false)")
                .addStatement("final double loss = model.loss($L, n, false)", target);
        if (classes) {
            evaluate.addStatement("final float[] out = model.output()")
                    .beginControlFlow("for (int r = 0; r < n; r++)")
                    .addStatement("int best = 0")
                    .beginControlFlow("for (int j = 1; j < $T.OUTPUT_SIZE; j++)", model)
                    .beginControlFlow("if (out[r * $T.OUTPUT_SIZE + j] > out[r * $T.OUTPUT_SIZE + best])", model, model)
                    .addStatement("best = j")
                    .endControlFlow()
                    .endControlFlow()
                    .beginControlFlow("if (best == labels[r])")
                    .addStatement("correct[0]++")
                    .endControlFlow()
                    .endControlFlow();
        }
        t.addMethod(evaluate.addStatement("return loss").build());
        TypeName map = ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class), ModelEmitter.TENSOR);
        t.addMethod(override("state", map).addStatement("return model.state()").build());
        t.addMethod(override("load", void.class).addParameter(map, "state").addStatement("model.load(state)").build());
        t.addMethod(override("firstNonFinite", String.class).addStatement("return model.firstNonFinite()").build());
        addUpdate(t);
        return t.build();
    }

    /** The {@code Trainable} methods that describe the model, the same for every backend's trainer. */
    static void describeModel(TypeSpec.Builder t, Layout l, ClassName model) {
        boolean classes = l.graph.target() instanceof Target.Classes;
        t.addMethod(override("modelName", String.class).addStatement("return $S", l.graph.name()).build());
        t.addMethod(override("inputSize", int.class).addStatement("return $T.INPUT_SIZE", model).build());
        t.addMethod(override("classes", int.class)
                .addStatement(classes ? CodeBlock.of("return $T.CLASSES", model) : CodeBlock.of("return 0")).build());
        t.addMethod(override("targetSize", int.class)
                .addStatement(classes ? CodeBlock.of("return 0") : CodeBlock.of("return $T.TARGET_SIZE", model)).build());
        t.addMethod(override("maxBatch", int.class).addStatement("return model.maxBatch").build());
    }

    /** The suffixes of an optimizer's per-parameter state arrays, the same on every backend. */
    static List<String> optimizerStates(TrainConfig.Optimizer o) {
        return o instanceof TrainConfig.Optimizer.Momentum ? List.of("Velocity")
                : o instanceof TrainConfig.Optimizer.Adagrad ? List.of("SquareSum")
                : o instanceof TrainConfig.Optimizer.Adam ? List.of("Mean", "Variance") : List.of();
    }

    /** Adds to {@code m} what restarts the optimizer: its step count to 0, its state arrays ({@code owner} + name) zeroed. */
    static MethodSpec.Builder clearOptimizerState(MethodSpec.Builder m, Layout l, String owner) {
        m.addStatement("steps = 0");
        for (Parameter p : l.graph.parameters()) {
            for (String state : optimizerStates(l.graph.train().optimizer())) {
                m.addStatement("$T.fill($L$L, 0f)", Arrays.class, owner, l.param(p) + state);
            }
        }
        return m;
    }

    static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
    }

    static MethodSpec.Builder override(String name, Class<?> returns) {
        return override(name, TypeName.get(returns));
    }

    static Iterable<com.palantir.javapoet.ParameterSpec> batchParameters() {
        return java.util.List.of(
                com.palantir.javapoet.ParameterSpec.builder(float[].class, "inputs").build(),
                com.palantir.javapoet.ParameterSpec.builder(int[].class, "labels").build(),
                com.palantir.javapoet.ParameterSpec.builder(float[].class, "targets").build(),
                com.palantir.javapoet.ParameterSpec.builder(int.class, "n").build());
    }

    private String optimizerText() {
        TrainConfig.Optimizer o = config.optimizer();
        return o.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The update, as PyTorch's optimizers define it, one call of the runtime's loop ({@link #OPTIMIZERS}) per parameter,
     * each in a method over a range of its elements: the large parameters ({@link Kernels#worthSplitting}) are updated by
     * all of the runtime's threads. A dense layer's weight takes its gradient block by block from the model's product
     * ({@link FusedUpdate}), on the product's threads.
     */
    private void addUpdate(TypeSpec.Builder t) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("update").addModifiers(Modifier.PRIVATE)
                .addJavadoc("One $L step on every parameter.\n", optimizerText())
                .addParameter(float.class, "lr")
                .addStatement("steps++")
                .addStatement("this.lr = lr");
        t.addField(FieldSpec.builder(float.class, "lr", Modifier.PRIVATE).addJavadoc("This step's learning rate.\n").build());
        TrainConfig.Optimizer o = config.optimizer();
        if (o instanceof TrainConfig.Optimizer.Adam a) {
            t.addField(FieldSpec.builder(float.class, "stepSize", Modifier.PRIVATE).build())
                    .addField(FieldSpec.builder(float.class, "correction", Modifier.PRIVATE).build());
            m.addStatement("stepSize = (float) (lr / (1 - $T.pow($L, steps)))", Math.class, a.beta1())
                    .addStatement("correction = (float) (1 / $T.sqrt(1 - $T.pow($L, steps)))", Math.class, Math.class, a.beta2());
        }
        Kernels kernels = new Kernels(Precision.FLOAT);
        boolean parallel = false;
        List<Parameter> decayed = LossEmitter.decayed(l);
        for (Parameter p : l.graph.parameters()) {
            // backward(n, true) left the l2 term's share of a decayed parameter's gradient to the update
            String decay = decayed.contains(p) ? "(float) model." + l.param(p) + "Decay" : "0f";
            String name = l.param(p);
            if (FusedUpdate.layerOf(l, p).isPresent()) {
                t.addField(FieldSpec.builder(SINK, name + "Sink", Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("this::$LUpdate", name).build());
                t.addMethod(MethodSpec.methodBuilder(name + "Update").addModifiers(Modifier.PRIVATE)
                        .addJavadoc("$L, elements [at, at + length), their gradient from {@code grad[from]} on.\n", p.name())
                        .addParameter(float[].class, "grad").addParameter(int.class, "from").addParameter(int.class, "at")
                        .addParameter(int.class, "length")
                        .addStatement("$T.$L", OPTIMIZERS, step(o, name, decay, "grad", "from", "at", "at + length")).build());
                m.addStatement("model.$L($LSink)", FusedUpdate.method(l, p), name);
                continue;
            }
            CodeBlock body = CodeBlock.builder()
                    .addStatement("$T.$L", OPTIMIZERS, step(o, name, decay, "model." + name + "Grad", "from", "from", "to")).build();
            boolean split = Kernels.worthSplitting(p.size());
            parallel |= split;
            m.addCode(kernels.perRange(name + "Update", p.name() + ", elements [from, to).", "model." + name + ".length", split,
                    body));
        }
        kernels.addTo(t);
        if (parallel) {
            t.addField(FieldSpec.builder(Kernels.GEMM, "GEMM", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.get()", Kernels.GEMM).build());
        }
        t.addMethod(m.build());
    }

    /**
     * The call of {@link #OPTIMIZERS}' update for elements [from, to) of parameter {@code name}, its gradient from
     * {@code grad[gradFrom]} on, its l2 decay {@code decay}.
     */
    private static CodeBlock step(TrainConfig.Optimizer o, String name, String decay, String grad, String gradFrom, String from,
                                  String to) {
        String w = "model." + name;
        CodeBlock head = CodeBlock.of("$L,$W$L,$W$L", w, grad, gradFrom), range = CodeBlock.of("$L,$W$L", from, to);
        if (o instanceof TrainConfig.Optimizer.Momentum mo) {
            return CodeBlock.of("momentum($L,$W$LVelocity,$W$L,$W$L,$W$Lf,$Wlr)", head, name, range, decay, (float) mo.beta());
        } else if (o instanceof TrainConfig.Optimizer.Adagrad ad) {
            return CodeBlock.of("adagrad($L,$W$LSquareSum,$W$L,$W$L,$Wlr,$W$Lf)", head, name, range, decay, (float) ad.eps());
        } else if (o instanceof TrainConfig.Optimizer.Adam a) {
            return CodeBlock.of("adam($L,$W$LMean,$W$LVariance,$W$L,$W$L,$W$Lf,$W$Lf,$W$Lf,$W$Lf,$WstepSize,$Wcorrection,$W$Lf)",
                    head, name, name, range, decay, (float) a.beta1(), (float) (1 - a.beta1()), (float) a.beta2(), (float) (1 - a.beta2()),
                    (float) a.eps());
        }
        return CodeBlock.of("sgd($L,$W$L,$W$L,$Wlr)", head, range, decay);
    }

    private CodeBlock settings() {
        String data = config.data().map(d -> d instanceof TrainConfig.Data.Mnist ? "mnist"
                : d instanceof TrainConfig.Data.Idx i ? "idx:" + i.directory()
                : "csv:" + ((TrainConfig.Data.Csv) d).file() + ":" + ((TrainConfig.Data.Csv) d).targetColumn()).orElse(null);
        String decay = "none";
        double to = 0;
        int over = 0;
        int every = 1;
        double factor = 1;
        if (config.lrDecay().isPresent()) {
            TrainConfig.LrDecay d = config.lrDecay().get();
            if (d instanceof TrainConfig.LrDecay.Exponential e) {
                decay = "exponential";
                to = e.to();
                over = e.over().orElse(0);
            } else {
                TrainConfig.LrDecay.Step s = (TrainConfig.LrDecay.Step) d;
                decay = "step";
                every = s.every();
                factor = s.factor();
            }
        }
        return CodeBlock.of("new $T($S, $S, $L, $L, $L, $LL, $L, $L, $L, $S, $L, $L, $L, $L)", SETTINGS, data, optimizerText(),
                config.optimizer().lr(), config.batch(), config.epochs(), config.seed(), config.shuffle(), config.validation(),
                config.patience().orElse(0), decay, to, over, every, factor);
    }
}
