package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Parameter;
import dev.nnc.compiler.ir.Target;
import dev.nnc.compiler.ir.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The model's OpenCL kernel: one top-level Aparapi {@code Kernel} whose {@code run()} dispatches on
 * {@code pass}. It shares the Java model's arrays, so weights are initialised, saved and loaded on
 * the host side, and in explicit buffer mode they stay on the device between those moments.
 */
final class KernelEmitter {
    static final ClassName KERNEL = ClassName.get("com.aparapi", "Kernel");
    private static final ClassName LOCAL = KERNEL.nestedClass("Local");

    private final Layout l;
    private final KernelPlan plan;
    private final ClassName model;
    private final String className;

    KernelEmitter(Layout layout, KernelPlan plan, ClassName model, String className) {
        this.l = layout;
        this.plan = plan;
        this.model = model;
        this.className = className;
    }

    List<Pass> passes() {
        List<Pass> all = new ArrayList<>();
        all.addAll(plan.forward);
        all.addAll(plan.lossRows);
        all.addAll(plan.seeds);
        all.addAll(plan.backward);
        all.addAll(plan.update);
        all.add(plan.argmax);
        return all;
    }

    /** The arrays the host writes a batch into: the inputs and the labels or targets. */
    List<String> batchArrays() {
        return List.of("input", l.graph.target() instanceof Target.Classes ? "labels" : "targets");
    }

    /** The names of the arrays that stay on the device: weights, activations, gradients, optimizer state. */
    List<String> arrays() {
        List<String> names = new ArrayList<>(batchArrays());
        names.addAll(List.of("rowLoss", "l2Partial", "predicted"));
        for (Parameter p : l.graph.parameters()) {
            names.add(l.param(p));
            names.add(l.paramGrad(p));
            for (String state : optimizerStates()) {
                names.add(l.param(p) + state);
            }
        }
        for (Node n : l.graph.nodes()) {
            if (l.ownsActivations(n.id())) {
                names.add(l.act(n.id()));
            }
            if (l.live(n.id()) && l.needsGradient(n.id())) {
                names.add(l.grad(n.id()));
            }
            if (l.live(n.id()) && n.op() instanceof Op.Dropout) {
                names.add(l.field(n.id(), "Mask"));
            }
            if (l.live(n.id()) && ModelEmitter.hasArgmax(n)) {
                names.add(l.field(n.id(), "Argmax"));
            }
        }
        return names;
    }

    List<String> optimizerStates() {
        return TrainerEmitter.optimizerStates(l.graph.train().optimizer());
    }


    TypeSpec emit() {
        List<Pass> passes = passes();
        boolean tiled = passes.stream().anyMatch(p -> p.localSize() > 0);
        TypeSpec.Builder t = TypeSpec.classBuilder(className).superclass(KERNEL).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The OpenCL kernel of {@link $T}: every pass of a training step, one work item per element$L.\n", model,
                        tiled ? ", matrix products in tiles of " + TiledProduct.T + "×" + TiledProduct.T + " shared in local memory" : "")
                .addJavadoc("Aparapi translates {@link #run} and the methods it calls to OpenCL C: flat arrays, float literals only.\n");
        if (tiled) {
            for (String tile : List.of(TiledProduct.TILE_A, TiledProduct.TILE_B)) {
                t.addField(FieldSpec.builder(float[].class, tile, Modifier.FINAL).addAnnotation(LOCAL)
                        .initializer("new float[$L]", TiledProduct.LOCAL_SIZE).build());
            }
        }
        for (int i = 0; i < passes.size(); i++) {
            t.addField(FieldSpec.builder(int.class, passes.get(i).constant(), Modifier.STATIC, Modifier.FINAL)
                    .initializer("$L", i).build());
        }
        t.addField(FieldSpec.builder(int.class, "INPUT_SIZE", Modifier.STATIC, Modifier.FINAL).initializer("$T.INPUT_SIZE", model).build());
        for (Node n : l.graph.nodes()) {
            if (n.id() > 0 && l.live(n.id())) {
                t.addField(FieldSpec.builder(int.class, l.size(n.id()), Modifier.STATIC, Modifier.FINAL)
                        .initializer("$T.$L", model, l.size(n.id())).build());
            }
        }
        for (String scalar : List.of("pass", "n", "maxBatch", "training", "dropoutSeed", "dropoutStep")) {
            t.addField(int.class, scalar);
        }
        for (String scalar : List.of("lr", "stepSize", "correction")) {
            t.addField(float.class, scalar);
        }
        for (int i = 0; i < l.gradients.terms().size(); i++) {
            t.addField(float.class, "c" + i);
        }
        for (Parameter p : plan.l2Weights) {
            t.addField(float.class, l.param(p) + "Decay");
        }
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addParameter(model, "model")
                .addStatement("this.maxBatch = model.maxBatch");
        int l2Chunks = plan.l2Weights.stream().mapToInt(KernelPlan::chunks).sum();
        for (String name : arrays()) {
            boolean ints = name.equals("labels") || name.equals("predicted") || name.endsWith("Argmax");
            t.addField(FieldSpec.builder(ints ? int[].class : float[].class, name, Modifier.FINAL).build());
            constructor.addStatement(switch (name) {
                case "input" -> CodeBlock.of("this.input = new float[maxBatch * INPUT_SIZE]");
                case "labels" -> CodeBlock.of("this.labels = new int[maxBatch]");
                case "targets" -> CodeBlock.of("this.targets = new float[maxBatch * $T.TARGET_SIZE]", model);
                case "rowLoss" -> CodeBlock.of("this.rowLoss = new float[maxBatch * $L]", Math.max(1, plan.rowTerms.size()));
                case "l2Partial" -> CodeBlock.of("this.l2Partial = new float[$L]", Math.max(1, l2Chunks));
                case "predicted" -> CodeBlock.of("this.predicted = new int[maxBatch]");
                default -> stateOwner(name) != null ? CodeBlock.of("this.$L = new float[model.$L.length]", name, stateOwner(name))
                        : CodeBlock.of("this.$L = model.$L", name, name);
            });
        }
        t.addMethod(constructor.build());
        MethodSpec.Builder run = MethodSpec.methodBuilder("run").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addStatement("final int gid = getGlobalId()");
        for (int i = 0; i < passes.size(); i++) {
            Pass p = passes.get(i);
            run.addCode(i == 0 ? "if (pass == $L) {\n" : "} else if (pass == $L) {\n", p.constant())
                    .addCode("$>$L(gid);\n$<", p.method());
        }
        t.addMethod(run.addCode("}\n").build());
        for (Pass p : passes) {
            t.addMethod(MethodSpec.methodBuilder(p.method()).addModifiers(Modifier.PRIVATE).addParameter(int.class, "gid")
                    .addJavadoc("$L.\n", p.doc()).addCode(p.body()).build());
        }
        helpers(t);
        return t.build();
    }

    /** The parameter whose optimizer state {@code name} is, or null when it is not a state array. */
    private String stateOwner(String name) {
        for (Parameter p : l.graph.parameters()) {
            for (String s : optimizerStates()) {
                if (name.equals(l.param(p) + s)) {
                    return l.param(p);
                }
            }
        }
        return null;
    }

    /** Math the Kernel base class lacks; the same definitions as the runtime's {@code Scalar}. */
    private static void helpers(TypeSpec.Builder t) {
        t.addMethod(MethodSpec.methodBuilder("sigmoid").addModifiers(Modifier.PRIVATE).returns(float.class)
                .addParameter(float.class, "x")
                .addStatement("return x >= 0f ? 1f / (1f + exp(-x)) : exp(x) / (1f + exp(x))").build());
        t.addMethod(MethodSpec.methodBuilder("relu").addModifiers(Modifier.PRIVATE).returns(float.class)
                .addParameter(float.class, "x").addStatement("return x > 0f ? x : 0f").build());
        t.addMethod(MethodSpec.methodBuilder("step").addModifiers(Modifier.PRIVATE).returns(float.class)
                .addParameter(float.class, "x").addStatement("return x > 0f ? 1f : 0f").build());
        t.addMethod(MethodSpec.methodBuilder("sign").addModifiers(Modifier.PRIVATE).returns(float.class)
                .addParameter(float.class, "x").addStatement("return x > 0f ? 1f : x < 0f ? -1f : 0f").build());
        t.addMethod(MethodSpec.methodBuilder("uniform").addModifiers(Modifier.PRIVATE).returns(float.class)
                .addJavadoc("The runtime's {@code Scalar.uniform}: the lowbias32 hash of the coordinates, in [0, 1).\n")
                .addParameter(int.class, "seed").addParameter(int.class, "stream").addParameter(int.class, "index")
                .addStatement("int h = index * 0x9E3779B1 + stream * 0x85EBCA77 + seed * 0xC2B2AE3D")
                .addStatement("h ^= h >>> 16")
                .addStatement("h *= 0x7FEB352D")
                .addStatement("h ^= h >>> 15")
                .addStatement("h *= 0x846CA68B")
                .addStatement("h ^= h >>> 16")
                .addStatement("return (h >>> 8) * 5.9604645E-8f").build());
    }
}
