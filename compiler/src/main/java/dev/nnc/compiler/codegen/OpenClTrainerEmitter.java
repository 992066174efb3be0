package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnc.compiler.autodiff.GradientGraph;
import dev.nnc.compiler.ir.Loss;
import dev.nnc.compiler.ir.Parameter;
import dev.nnc.compiler.ir.Target;
import dev.nnc.compiler.ir.TrainConfig;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The host side of the OpenCL backend: a {@code Trainable} that puts the weights on the device once,
 * then per step sends only the batch in and gets only the per-row losses (and, when evaluating, the
 * predicted classes) back. Weights come back to the host only for {@code state()}.
 */
final class OpenClTrainerEmitter {
    private static final ClassName TRAINABLE = ClassName.get("dev.nnc.runtime.train", "Trainable");
    private static final ClassName OPENCL = ClassName.get("dev.nnc.runtime.opencl", "OpenCl");
    private static final ClassName DEVICE = ClassName.get("com.aparapi.device", "Device");
    private static final ClassName PROFILE_LISTENER = ClassName.get("dev.nnc.runtime.opencl", "ProfileListener");
    private static final ClassName PROFILE_INFO = ClassName.get("com.aparapi", "ProfileInfo");
    private static final ClassName COLLECTOR_WATCH = ClassName.get("dev.nnc.runtime.opencl", "CollectorWatch");

    private final Layout l;
    private final KernelPlan plan;
    private final KernelEmitter kernel;
    private final ClassName model;
    private final ClassName kernelClass;
    private final String className;

    OpenClTrainerEmitter(Layout layout, KernelPlan plan, KernelEmitter kernel, ClassName model, ClassName kernelClass, String className) {
        this.l = layout;
        this.plan = plan;
        this.kernel = kernel;
        this.model = model;
        this.kernelClass = kernelClass;
        this.className = className;
    }

    TypeSpec emit() {
        boolean classes = l.graph.target() instanceof Target.Classes;
        String target = classes ? "labels" : "targets";
        TypeSpec.Builder t = TypeSpec.classBuilder(className).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(TRAINABLE)
                .addSuperinterface(PROFILE_LISTENER.nestedClass("Source"))
                .addJavadoc("Trains {@link $T} on an OpenCL device through {@link $T}, weights resident on the device.\n", model, kernelClass)
                .addField(FieldSpec.builder(model, "model", Modifier.PUBLIC, Modifier.FINAL).build())
                .addField(FieldSpec.builder(kernelClass, "kernel", Modifier.PUBLIC, Modifier.FINAL).build())
                .addField(FieldSpec.builder(DEVICE, "device", Modifier.PRIVATE, Modifier.FINAL).build())
                .addField(FieldSpec.builder(int.class, "maxGroup", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("The largest work group the kernel runs in on this device.\n").build())
                .addField(FieldSpec.builder(long.class, "steps", Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(boolean.class, "onDevice", Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(COLLECTOR_WATCH, "collector", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("When the collector has moved the arrays: whether to read them from the device.\n").build())
                .addField(FieldSpec.builder(PROFILE_LISTENER, "profile", Modifier.PRIVATE).build());
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("{@code device}: {@code gpu} or {@code opencl-cpu}.\n")
                .addParameter(int.class, "maxBatch").addParameter(String.class, "device")
                .addStatement("this.model = new $T(maxBatch)", model)
                .addStatement("this.device = $T.device(device)", OPENCL)
                .addStatement("this.kernel = new $T(model)", kernelClass)
                .addStatement("kernel.setExplicit(true)")
                .addStatement("this.maxGroup = $T.maxGroupSize(kernel, this.device)", OPENCL)
                .addStatement("this.collector = new $T(this.device)", COLLECTOR_WATCH).build());
        TrainerEmitter.describeModel(t, l, model);
        MethodSpec.Builder putAll = MethodSpec.methodBuilder("putAll").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Copies every array to the device: after initialisation or loading, never per step.\n")
                .addStatement("collector.puttingAll()");
        for (String array : kernel.arrays()) {
            putAll.addStatement("kernel.put(kernel.$L)", array);
        }
        t.addMethod(putAll.build());
        MethodSpec.Builder readBack = MethodSpec.methodBuilder("readBack").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Copies back every array the device writes (not the batch, which the host writes), when the device's\n"
                        + "copies are the current ones.\n")
                .beginControlFlow("if (!collector.readFromDevice())").addStatement("return").endControlFlow();
        for (String array : kernel.arrays()) {
            if (!kernel.batchArrays().contains(array)) {
                readBack.addStatement("kernel.get(kernel.$L)", array);
            }
        }
        t.addMethod(readBack.build());
        MethodSpec.Builder initialize = TrainerEmitter.override("initialize", TypeName.VOID).addParameter(long.class, "seed")
                .addStatement("model.initialize(seed)")
                .addStatement("kernel.dropoutSeed = (int) (seed ^ (seed >>> 32))")
                .addStatement("kernel.dropoutStep = 0");
        t.addMethod(TrainerEmitter.clearOptimizerState(initialize, l, "kernel.").addStatement("putAll()").build());
        t.addField(passNames());
        t.addMethod(TrainerEmitter.override("onProfile", TypeName.VOID)
                .addJavadoc("Aparapi's profile needs {@code -Dcom.aparapi.enableProfiling=true}, set before Aparapi loads.\n")
                .addParameter(PROFILE_LISTENER, "listener")
                .addStatement("this.profile = listener").build());
        t.addMethod(MethodSpec.methodBuilder("run").addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "pass").addParameter(int.class, "size")
                .addStatement("run(pass, size, 0)").build());
        t.addMethod(MethodSpec.methodBuilder("run").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Runs one pass over {@code size} work items, in groups of {@code local} when it is positive.\n")
                .addParameter(int.class, "pass").addParameter(int.class, "size").addParameter(int.class, "local")
                .beginControlFlow("if (collector.readBackBeforeExecute())")
                .addComment("the collector may have moved the arrays: Aparapi would rebuild their buffers from the host's copies")
                .addStatement("readBack()")
                .endControlFlow()
                .addStatement("kernel.pass = pass")
                .addStatement("$T.execute(kernel, $T.range(device, size, local, maxGroup), device)", OPENCL, OPENCL)
                .addStatement("collector.executed()")
                .beginControlFlow("if (!onDevice)")
                .addComment("Aparapi runs a kernel it cannot translate in Java instead, saying little: refuse that")
                .addStatement("onDevice = $T.requireOnDevice(kernel, device)", OPENCL)
                .endControlFlow()
                .beginControlFlow("if (profile != null)")
                .addStatement("profile.ran(PASSES[pass], profileInfo())")
                .endControlFlow().build());
        t.addMethod(MethodSpec.methodBuilder("fetch").addModifiers(Modifier.PRIVATE)
                .addJavadoc("{@code kernel.get(array)} when the device's copy is the current one, reporting that copy to the\n"
                        + "profile listener.\n")
                .addParameter(String.class, "name").addParameter(float[].class, "array")
                .beginControlFlow("if (!collector.readFromDevice())").addStatement("return").endControlFlow()
                .addStatement("kernel.get(array)")
                .beginControlFlow("if (profile != null)")
                .addStatement("profile.fetched(name, 4L * array.length, profileInfo())")
                .endControlFlow().build());
        t.addMethod(MethodSpec.methodBuilder("profileInfo").addModifiers(Modifier.PRIVATE)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), PROFILE_INFO))
                .addJavadoc("Aparapi's profile since the last execute: that run, the copies it made and the copies back since.\n")
                .addStatement("$T<$T> info = kernel.getProfileInfo()", List.class, PROFILE_INFO)
                .addStatement("return info == null ? $T.of() : info", List.class).build());
        t.addMethod(batchIn(classes));
        MethodSpec.Builder step = TrainerEmitter.override("trainStep", TypeName.DOUBLE).addParameters(TrainerEmitter.batchParameters())
                .addParameter(float.class, "learningRate")
                .addStatement("batchIn(inputs, $L, n)", target)
                .addStatement("kernel.training = 1")
                .addStatement("kernel.dropoutStep++");
        runAll(step, plan.forward);
        step.addStatement("final double loss = loss(n, true)")
                .beginControlFlow("if (!$T.isFinite(loss))", Double.class).addStatement("return loss").endControlFlow();
        runAll(step, plan.backward);
        step.addStatement("steps++").addStatement("kernel.lr = learningRate");
        if (l.graph.train().optimizer() instanceof TrainConfig.Optimizer.Adam a) {
            step.addStatement("kernel.stepSize = (float) (learningRate / (1 - $T.pow($L, steps)))", Math.class, a.beta1())
                    .addStatement("kernel.correction = (float) (1 / $T.sqrt(1 - $T.pow($L, steps)))", Math.class, Math.class, a.beta2());
        }
        runAll(step, plan.update);
        t.addMethod(step.addStatement("return loss").build());
        MethodSpec.Builder evaluate = TrainerEmitter.override("evaluate", TypeName.DOUBLE).addParameters(TrainerEmitter.batchParameters())
                .addParameter(int[].class, "correct")
                .addStatement("batchIn(inputs, $L, n)", target)
                .addStatement("kernel.training = 0");
        runAll(evaluate, plan.forward);
        evaluate.addStatement("final double loss = loss(n, false)");
        if (classes) {
            evaluate.addStatement("run($T.$L, n)", kernelClass, plan.argmax.constant())
                    .beginControlFlow("if (collector.readFromDevice())").addStatement("kernel.get(kernel.predicted)").endControlFlow()
                    .beginControlFlow("for (int r = 0; r < n; r++)")
                    .beginControlFlow("if (kernel.predicted[r] == labels[r])").addStatement("correct[0]++").endControlFlow()
                    .endControlFlow();
        }
        t.addMethod(evaluate.addStatement("return loss").build());
        t.addMethod(loss());
        TypeName map = ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class), ModelEmitter.TENSOR);
        MethodSpec.Builder state = TrainerEmitter.override("state", map);
        for (Parameter p : l.graph.parameters()) {
            state.addStatement("fetch($S, kernel.$L)", l.param(p), l.param(p));
        }
        t.addMethod(state.addStatement("return model.state()").build());
        t.addMethod(TrainerEmitter.override("load", TypeName.VOID).addParameter(map, "state").addStatement("model.load(state)")
                .addStatement("putAll()").build());
        t.addMethod(TrainerEmitter.override("firstNonFinite", TypeName.get(String.class)).addStatement("readBack()")
                .addStatement("return model.firstNonFinite()").build());
        return t.build();
    }

    /** The passes' names by the kernel's pass constants, for the profile. */
    private FieldSpec passNames() {
        CodeBlock.Builder names = CodeBlock.builder().add("{");
        List<Pass> passes = kernel.passes();
        for (int i = 0; i < passes.size(); i++) {
            names.add(i == 0 ? "$S" : ",$W$S", passes.get(i).method());
        }
        return FieldSpec.builder(String[].class, "PASSES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(names.add("}").build()).build();
    }

    private void runAll(MethodSpec.Builder m, List<Pass> passes) {
        for (Pass p : passes) {
            if (p.localSize() > 0) {
                m.addStatement("run($T.$L, $L, $L)", kernelClass, p.constant(), p.globalSize(), p.localSize());
            } else {
                m.addStatement("run($T.$L, $L)", kernelClass, p.constant(), p.globalSize());
            }
        }
    }

    /** Only the batch goes in. */
    private MethodSpec batchIn(boolean classes) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("batchIn").addModifiers(Modifier.PRIVATE)
                .addParameter(float[].class, "inputs")
                .addParameter(classes ? int[].class : float[].class, classes ? "labels" : "targets")
                .addParameter(int.class, "n")
                .addStatement("$T.arraycopy(inputs, 0, kernel.input, 0, n * $T.INPUT_SIZE)", System.class, model)
                .addStatement("kernel.put(kernel.input)");
        if (classes) {
            m.addStatement("$T.arraycopy(labels, 0, kernel.labels, 0, n)", System.class).addStatement("kernel.put(kernel.labels)");
        } else {
            m.addStatement("$T.arraycopy(targets, 0, kernel.targets, 0, n * $T.TARGET_SIZE)", System.class, model)
                    .addStatement("kernel.put(kernel.targets)");
        }
        String target = classes ? "labels" : "targets";
        return m.beginControlFlow("if (profile != null)")
                .addStatement("profile.put($S, 4L * kernel.input.length)", "input")
                .addStatement("profile.put($S, 4L * kernel.$L.length)", target, target)
                .endControlFlow()
                .addStatement("kernel.n = n").build();
    }

    /** The loss from the per-row sums the device computed; with {@code gradient}, sets the seeds' scales and runs them. */
    private MethodSpec loss() {
        List<Loss> terms = l.gradients.terms();
        MethodSpec.Builder m = MethodSpec.methodBuilder("loss").addModifiers(Modifier.PRIVATE).returns(double.class)
                .addParameter(int.class, "n").addParameter(boolean.class, "gradient");
        runAll(m, plan.lossRows);
        m.addStatement("fetch($S, kernel.rowLoss)", "rowLoss");
        if (!plan.l2Weights.isEmpty()) {
            m.addStatement("fetch($S, kernel.l2Partial)", "l2Partial");
        }
        int offset = 0;
        for (Parameter p : plan.l2Weights) {
            m.addStatement("double $LSquares = 0", l.param(p))
                    .beginControlFlow("for (int i = $L; i < $L; i++)", offset, offset + KernelPlan.chunks(p))
                    .addStatement("$LSquares += kernel.l2Partial[i]", l.param(p))
                    .endControlFlow();
            offset += KernelPlan.chunks(p);
        }
        for (int i = 0; i < terms.size(); i++) {
            Loss term = terms.get(i);
            if (term instanceof Loss.L2 l2) {
                CodeBlock.Builder sum = CodeBlock.builder().add("0");
                for (Parameter p : plan.l2Weights) {
                    if (l2.parameters().contains(p.name())) {
                        sum.add(" + $LSquares", l.param(p));
                    }
                }
                m.addStatement("final double t$L = 0.5 * ($L)", i, sum.build());
            } else {
                int row = plan.rowTerms.indexOf(term);
                m.addStatement("double t$L = 0", i)
                        .beginControlFlow("for (int r = 0; r < n; r++)")
                        .addStatement("t$L += kernel.rowLoss[$L * model.maxBatch + r]", i, row)
                        .endControlFlow()
                        .addStatement("t$L /= $L", i, divisor(term));
            }
        }
        m.addStatement("final double loss = $L", LossEmitter.expression(l.graph.loss(), terms));
        m.beginControlFlow("if (gradient && $T.isFinite(loss))", Double.class);
        for (int i = 0; i < terms.size(); i++) {
            m.addStatement("final double c$L = $L", i, LossEmitter.expression(l.gradients.partials().get(terms.get(i)), terms));
            if (!(terms.get(i) instanceof Loss.L2)) {
                m.addStatement("kernel.c$L = (float) (c$L / ($L))", i, i, divisor(terms.get(i)));
            }
        }
        for (Parameter p : plan.l2Weights) {
            CodeBlock.Builder sum = CodeBlock.builder().add("0");
            for (int i = 0; i < terms.size(); i++) {
                if (terms.get(i) instanceof Loss.L2 l2 && l2.parameters().contains(p.name())) {
                    sum.add(" + c$L", i);
                }
            }
            m.addStatement("kernel.$LDecay = (float) ($L)", l.param(p), sum.build());
        }
        runAll(m, plan.seeds);
        return m.endControlFlow().addStatement("return loss").build();
    }

    /** What a term's row sums are divided by to make its mean. */
    private CodeBlock divisor(Loss term) {
        if (term instanceof Loss.SoftmaxCrossEntropy) {
            return CodeBlock.of("(double) n");
        }
        int node = GradientGraph.lossNode(term).orElseThrow();
        return CodeBlock.of("(double) n * $T.$L", model, l.size(node));
    }
}
