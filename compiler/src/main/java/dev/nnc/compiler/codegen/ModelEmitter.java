package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnc.compiler.autodiff.GradientGraph;
import dev.nnc.compiler.ir.Init;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Parameter;
import dev.nnc.compiler.ir.Target;
import dev.nnc.compiler.ir.Window;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The model class: parameters and their gradients, one activation and gradient buffer per live
 * node, {@code forward}, {@code loss}, {@code backward}, inference entry points, and the weights
 * under PyTorch's names.
 */
final class ModelEmitter {
    static final ClassName TENSOR = ClassName.get("dev.nnc.runtime.io", "Tensor");
    private static final ClassName INITIALIZERS = ClassName.get("dev.nnc.runtime.cpu", "Initializers");

    private final Layout l;
    private final Kernels kernels;
    private final String className;
    private final int output;

    ModelEmitter(Layout layout, String className) {
        this.l = layout;
        this.kernels = new Kernels(layout.precision);
        this.className = className;
        this.output = layout.gradients.terms().stream().map(GradientGraph::lossNode).flatMap(java.util.Optional::stream)
                .findFirst().orElseThrow();
    }

    int outputNode() {
        return output;
    }

    TypeSpec emit() {
        TypeSpec.Builder t = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Model {@code $L} of {@code $L} (line $L), compiled by nnc.\n\n", l.graph.name(),
                        l.graph.sourceFile(), l.graph.span().line())
                .addJavadoc("<p>Batches are flat arrays of {@code n ≤ maxBatch} examples of {@link #INPUT_SIZE} values.\n")
                .addJavadoc("Call {@link #forward}, then {@link #loss} with {@code gradient} true, then {@link #backward} to\n")
                .addJavadoc("fill the {@code ...Grad} arrays. Not thread-safe: one instance per thread.\n");
        constants(t);
        fields(t);
        t.addMethod(constructor());
        t.addMethod(initialize());
        t.addMethod(MethodSpec.methodBuilder("reseed").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Restarts the sequence of dropout masks (a function of the seed, the step and the element).\n")
                .addParameter(long.class, "seed")
                .addStatement("this.dropoutSeed = (int) (seed ^ (seed >>> 32))")
                .addStatement("this.dropoutStep = 0").build());
        t.addMethod(MethodSpec.methodBuilder("forward")
                .addJavadoc("Computes every layer for the first {@code n} examples of {@code input}; dropout only when {@code training}.\n")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(l.precision.array(), "input").addParameter(int.class, "n").addParameter(boolean.class, "training")
                .addStatement("checkBatch(n)")
                .addCode(new ForwardEmitter(l, kernels).body())
                .build());
        t.addMethod(MethodSpec.methodBuilder("loss")
                .addJavadoc("The mean loss of the last forward batch; with {@code gradient}, also seeds {@link #backward}.\n")
                .addModifiers(Modifier.PUBLIC).returns(double.class)
                .addParameter(l.graph.target() instanceof Target.Classes ? ArrayTypeName.of(int.class) : l.precision.array(),
                        l.graph.target() instanceof Target.Classes ? "labels" : "targets")
                .addParameter(int.class, "n").addParameter(boolean.class, "gradient")
                .addCode(new LossEmitter(l, kernels).body())
                .build());
        BackwardEmitter backward = new BackwardEmitter(l, kernels);
        MethodSpec.Builder fill = MethodSpec.methodBuilder("backward")
                .addJavadoc("Fills every parameter's gradient for the batch that {@link #loss} seeded.\n")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(int.class, "n");
        boolean leaves = FusedUpdate.leavesAnything(l);
        if (leaves) {
            t.addMethod(fill.addStatement("backward(n, false)").build());
            fill = MethodSpec.methodBuilder("backward")
                    .addJavadoc("""
                            {@link #backward(int)}; with {@code forUpdate}, leaves out what a trainer computes inside its update,
                            on its one pass over the weights: the l2 terms' share of the weights' gradients ({@code decay · w})
                            and the dense layers' weight gradients (their {@code ...Gradient(sink)} methods).
                            """)
                    .addModifiers(Modifier.PUBLIC)
                    .addParameter(int.class, "n").addParameter(boolean.class, "forUpdate");
        }
        fill.beginControlFlow("if (n != batch)")
                .addStatement("throw new $T(\"backward over \" + n + \" examples after a forward batch of \" + batch)",
                        IllegalArgumentException.class)
                .endControlFlow()
                .addCode(backward.body());
        if (!LossEmitter.decayed(l).isEmpty()) {
            fill.beginControlFlow("if (!forUpdate)").addCode(backward.decay()).endControlFlow();
        }
        t.addMethod(fill.build());
        for (Node layer : FusedUpdate.layers(l)) {
            Parameter weight = layer.params().get(0);
            t.addMethod(MethodSpec.methodBuilder(FusedUpdate.method(l, weight)).addModifiers(Modifier.PUBLIC)
                    .addJavadoc("""
                            The gradient of {@code $L} for the batch {@link #backward(int, boolean)} left it out of, handed to
                            {@code sink} a block at a time and not stored (the l2 term's share not added).
                            """, weight.name())
                    .addParameter(Kernels.GEMM.nestedClass("GradientSink"), "sink")
                    .addCode(backward.weightGradientInto(layer)).build());
        }
        kernels.addTo(t);
        inference(t);
        registry(t);
        t.addMethod(finiteHelper(l.precision));
        if (l.precision == Precision.FLOAT) {
            weightsIo(t);
        }
        t.addMethod(MethodSpec.methodBuilder("checkBatch").addModifiers(Modifier.PRIVATE)
                .addParameter(int.class, "n")
                .beginControlFlow("if (n < 1 || n > maxBatch)")
                .addStatement("throw new $T(\"batch of \" + n + \" examples; this instance takes 1 to \" + maxBatch)",
                        IllegalArgumentException.class)
                .endControlFlow().build());
        return t.build();
    }

    private void constants(TypeSpec.Builder t) {
        t.addField(constant("INPUT_SIZE", l.node(0).shape().size(), "Values per input example, " + l.node(0).shape() + "."));
        t.addField(constant("OUTPUT_SIZE", l.node(output).shape().size(),
                "Values per example of the output `" + l.node(output).name() + "`, " + l.node(output).shape() + "."));
        if (l.graph.target() instanceof Target.Classes k) {
            t.addField(constant("CLASSES", k.classes(), "Classes of the target `" + k.name() + "`."));
        } else {
            t.addField(constant("TARGET_SIZE", ((Target.Values) l.graph.target()).shape().size(), "Values per target example."));
        }
        for (Node n : l.graph.nodes()) {
            if (n.id() > 0 && l.live(n.id())) {
                t.addField(constant(l.size(n.id()), n.shape().size(), "`" + n.name() + "` " + n.shape() + ", per example."));
            }
        }
        for (Node n : l.graph.nodes()) {
            if (l.live(n.id()) && n.op() instanceof Op.Conv2d) {
                Geometry g = Geometry.of(l, n);
                Window w = g.win();
                t.addField(FieldSpec.builder(Kernels.WINDOWS, ConvEmitter.windows(n), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The windows $L slides over its input: channels, height, width, kernel, strides, padding, output.\n",
                                n.name())
                        .initializer("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", Kernels.WINDOWS, g.c(), g.h(), g.w(), w.kernelH(),
                                w.kernelW(), w.strideH(), w.strideW(), w.padTop(), w.padLeft(), g.oh(), g.ow())
                        .build());
            }
        }
        if (l.precision == Precision.FLOAT) {
            t.addField(FieldSpec.builder(Kernels.GEMM, "GEMM", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.get()", Kernels.GEMM).build());
        }
    }

    private static FieldSpec constant(String name, int value, String doc) {
        return FieldSpec.builder(int.class, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(doc.replace("`", "") + "\n").initializer("$L", value).build();
    }

    private void fields(TypeSpec.Builder t) {
        TypeName array = l.precision.array();
        t.addField(FieldSpec.builder(int.class, "maxBatch", Modifier.PUBLIC, Modifier.FINAL).build());
        t.addField(FieldSpec.builder(int.class, "dropoutSeed", Modifier.PRIVATE).build());
        t.addField(FieldSpec.builder(int.class, "dropoutStep", Modifier.PRIVATE).build());
        t.addField(FieldSpec.builder(array, "input", Modifier.PRIVATE).build());
        t.addField(FieldSpec.builder(int.class, "batch", Modifier.PRIVATE).build());
        for (Parameter p : l.graph.parameters()) {
            t.addField(FieldSpec.builder(array, l.param(p), Modifier.PUBLIC, Modifier.FINAL)
                    .addJavadoc("$L $L.\n", p.name(), p.shape()).initializer("new $T[$L]", l.precision.type(), p.size()).build());
            t.addField(FieldSpec.builder(array, l.paramGrad(p), Modifier.PUBLIC, Modifier.FINAL)
                    .addJavadoc("∂loss/∂$L.\n", p.name()).initializer("new $T[$L]", l.precision.type(), p.size()).build());
        }
        for (Parameter p : LossEmitter.decayed(l)) {
            t.addField(FieldSpec.builder(double.class, l.param(p) + "Decay")
                    .addJavadoc("The l2 term's coefficient on $L in the gradient {@link #loss} seeded.\n", p.name()).build());
        }
        for (Node n : l.graph.nodes()) {
            if (l.ownsActivations(n.id())) {
                t.addField(FieldSpec.builder(array, l.act(n.id()), Modifier.FINAL).build());
            }
            if (l.live(n.id()) && l.needsGradient(n.id())) {
                t.addField(FieldSpec.builder(array, l.grad(n.id()), Modifier.FINAL).build());
            }
            if (l.live(n.id()) && n.op() instanceof Op.Dropout) {
                t.addField(FieldSpec.builder(array, l.field(n.id(), "Mask"), Modifier.FINAL).build());
            }
            if (l.live(n.id()) && hasArgmax(n)) {
                t.addField(FieldSpec.builder(int[].class, l.field(n.id(), "Argmax"), Modifier.FINAL).build());
            }
        }
    }

    /** Max pooling and maxout remember which input won. */
    static boolean hasArgmax(Node n) {
        return n.op() instanceof Op.Maxout || n.op() instanceof Op.Pool p && p.pool() == Op.PoolKind.MAX;
    }

    private MethodSpec constructor() {
        MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Buffers for batches of up to {@code maxBatch} examples; weights start at zero until {@link #initialize}.\n")
                .addParameter(int.class, "maxBatch")
                .beginControlFlow("if (maxBatch < 1)")
                .addStatement("throw new $T(\"maxBatch must be positive, got \" + maxBatch)", IllegalArgumentException.class)
                .endControlFlow()
                .addStatement("this.maxBatch = maxBatch");
        for (Node n : l.graph.nodes()) {
            String alloc = "new $T[maxBatch * $L]";
            if (l.ownsActivations(n.id())) {
                m.addStatement("this.$L = " + alloc, l.act(n.id()), l.precision.type(), l.size(n.id()));
            }
            if (l.live(n.id()) && l.needsGradient(n.id())) {
                m.addStatement("this.$L = " + alloc, l.grad(n.id()), l.precision.type(), l.size(n.id()));
            }
            if (l.live(n.id()) && n.op() instanceof Op.Dropout) {
                m.addStatement("this.$L = " + alloc, l.field(n.id(), "Mask"), l.precision.type(), l.size(n.id()));
            }
            if (l.live(n.id()) && hasArgmax(n)) {
                m.addStatement("this.$L = " + alloc, l.field(n.id(), "Argmax"), int.class, l.size(n.id()));
            }
        }
        return m.build();
    }

    private MethodSpec initialize() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("initialize").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Draws the initial weights from {@code seed}, and restarts dropout's masks from it; the same\n")
                .addJavadoc("seed gives the same weights and masks on every JVM and backend.\n")
                .addParameter(long.class, "seed")
                .addStatement("final $T random = new $T(seed)", SplittableRandom.class, SplittableRandom.class)
                .addStatement("reseed(seed)");
        for (Node n : l.graph.nodes()) {
            for (Parameter p : n.params()) {
                m.addStatement(init(n, p));
            }
        }
        return m.build();
    }

    private CodeBlock init(Node n, Parameter p) {
        int fanIn = p.shape().rank() > 1 ? p.size() / p.shape().dim(0) : p.size();
        int fanOut = p.shape().rank() > 1 ? p.size() / p.shape().dim(1) : p.size();
        String w = l.param(p);
        Init init = p.init();
        if (init instanceof Init.Zeros) {
            return CodeBlock.of("$T.constant($L, 0)", INITIALIZERS, w);
        }
        if (init instanceof Init.Constant c) {
            return CodeBlock.of("$T.constant($L, $L)", INITIALIZERS, w, c.value());
        }
        if (init instanceof Init.Uniform u) {
            return CodeBlock.of("$T.uniform($L, $L, $L, random)", INITIALIZERS, w, u.low(), u.high());
        }
        if (init instanceof Init.Normal g) {
            return CodeBlock.of("$T.normal($L, $L, $L, random)", INITIALIZERS, w, g.mean(), g.std());
        }
        if (init instanceof Init.TruncatedNormal g) {
            return CodeBlock.of("$T.truncatedNormal($L, $L, random)", INITIALIZERS, w, g.std());
        }
        if (init instanceof Init.He) {
            return CodeBlock.of("$T.he($L, $L, random)", INITIALIZERS, w, fanIn);
        }
        return CodeBlock.of("$T.xavier($L, $L, $L, random)", INITIALIZERS, w, fanIn, fanOut);
    }

    private void inference(TypeSpec.Builder t) {
        t.addMethod(MethodSpec.methodBuilder("output").addModifiers(Modifier.PUBLIC).returns(l.precision.array())
                .addJavadoc("The output `$L` of the last forward batch: {@code n × OUTPUT_SIZE} values (the rest is stale).\n",
                        l.node(output).name())
                .addStatement("return $L", l.act(output)).build());
        if (l.graph.target() instanceof Target.Classes) {
            t.addMethod(MethodSpec.methodBuilder("predict").addModifiers(Modifier.PUBLIC).returns(int[].class)
                    .addJavadoc("The most likely class of each of the first {@code n} examples of {@code input}.\n")
                    .addParameter(l.precision.array(), "input").addParameter(int.class, "n")
                    .addStatement("forward(input, n, false)")
                    .addStatement("final int[] classes = new int[n]")
                    .beginControlFlow("for (int r = 0; r < n; r++)")
                    .addStatement("int best = 0")
                    .beginControlFlow("for (int j = 1; j < OUTPUT_SIZE; j++)")
                    .beginControlFlow("if ($L[r * OUTPUT_SIZE + j] > $L[r * OUTPUT_SIZE + best])", l.act(output), l.act(output))
                    .addStatement("best = j")
                    .endControlFlow()
                    .endControlFlow()
                    .addStatement("classes[r] = best")
                    .endControlFlow()
                    .addStatement("return classes").build());
        }
    }

    /** Parameters by their PyTorch names, for optimizers, checkpoints and tests. */
    private void registry(TypeSpec.Builder t) {
        List<Parameter> params = l.graph.parameters();
        t.addField(FieldSpec.builder(ParameterizedTypeName.get(List.class, String.class), "PARAMETERS",
                        Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Every parameter's name, as in a PyTorch state dict.\n")
                .initializer("$T.of($L)", List.class, params.stream().map(p -> "\"" + p.name() + "\"").collect(Collectors.joining(", ")))
                .build());
        t.addMethod(lookup("parameter", "The values of parameter {@code name}, in place.", params, this::paramName));
        t.addMethod(lookup("gradient", "The gradient of parameter {@code name} after {@link #backward}, in place.", params,
                p -> l.paramGrad(p)));
        MethodSpec.Builder shape = MethodSpec.methodBuilder("shape").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(int[].class).addParameter(String.class, "name")
                .addJavadoc("The shape of parameter {@code name}, PyTorch's layout.\n")
                .beginControlFlow("switch (name)");
        for (Parameter p : params) {
            shape.addStatement("case $S: return new int[] {$L}", p.name(),
                    p.shape().dims().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        t.addMethod(shape.addStatement("default: throw new $T(\"no parameter \" + name)", IllegalArgumentException.class)
                .endControlFlow().build());
        t.addMethod(firstNonFinite());
    }

    private String paramName(Parameter p) {
        return l.param(p);
    }

    private MethodSpec lookup(String name, String doc, List<Parameter> params, java.util.function.Function<Parameter, String> field) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(l.precision.array())
                .addJavadoc(doc + "\n").addParameter(String.class, "name")
                .beginControlFlow("switch (name)");
        for (Parameter p : params) {
            m.addStatement("case $S: return $L", p.name(), field.apply(p));
        }
        return m.addStatement("default: throw new $T(\"no parameter \" + name)", IllegalArgumentException.class)
                .endControlFlow().build();
    }

    private MethodSpec firstNonFinite() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("firstNonFinite").addModifiers(Modifier.PUBLIC).returns(String.class)
                .addJavadoc("The first tensor holding a NaN or an infinity — activations in layer order, then gradients, then\n")
                .addJavadoc("weights — or null. Reads the examples of the last forward batch.\n")
                .addStatement("final int n = batch");
        for (Node n : l.graph.nodes()) {
            if (l.ownsActivations(n.id()) && !ReluPool.fused(l, n)) {
                m.addStatement("if (!finite($L, n * $L)) return $S", l.act(n.id()), l.size(n.id()), "the output of " + n.name());
            }
        }
        for (Node n : l.graph.nodes()) {
            if (n.id() > 0 && l.live(n.id()) && l.needsGradient(n.id()) && !ReluPool.fused(l, n) && !PooledGradient.applies(l, n)) {
                m.addStatement("if (!finite($L, n * $L)) return $S", l.grad(n.id()), l.size(n.id()), "the gradient of " + n.name());
            }
        }
        for (Parameter p : l.graph.parameters()) {
            m.addStatement("if (!finite($L, $L.length)) return $S", l.paramGrad(p), l.paramGrad(p), "the gradient of " + p.name());
        }
        for (Parameter p : l.graph.parameters()) {
            m.addStatement("if (!finite($L, $L.length)) return $S", l.param(p), l.param(p), p.name());
        }
        return m.addStatement("return null").build();
    }

    private static final ClassName SAFETENSORS = ClassName.get("dev.nnc.runtime.io", "Safetensors");

    /** state/load as safetensors-ready maps, PyTorch names and layouts, so weights move to and from PyTorch unchanged. */
    private void weightsIo(TypeSpec.Builder t) {
        TypeName map = ParameterizedTypeName.get(ClassName.get(java.util.Map.class), ClassName.get(String.class), TENSOR);
        t.addMethod(MethodSpec.methodBuilder("state").addModifiers(Modifier.PUBLIC).returns(map)
                .addJavadoc("A copy of the weights, by PyTorch name.\n")
                .addStatement("final $T state = new $T<>()", map, java.util.LinkedHashMap.class)
                .beginControlFlow("for (String name : PARAMETERS)")
                .addStatement("state.put(name, new $T(shape(name), parameter(name).clone()))", TENSOR)
                .endControlFlow()
                .addStatement("return state").build());
        t.addMethod(MethodSpec.methodBuilder("load").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Copies in every parameter; fails naming the first missing or misshapen one.\n")
                .addParameter(map, "state")
                .beginControlFlow("for (String name : PARAMETERS)")
                .addStatement("final $T t = state.get(name)", TENSOR)
                .beginControlFlow("if (t == null)")
                .addStatement("throw new $T(\"the weights have no tensor `\" + name + \"`\")", IllegalArgumentException.class)
                .endControlFlow()
                .beginControlFlow("if (!$T.equals(t.shape(), shape(name)))", java.util.Arrays.class)
                .addStatement("throw new $T(\"`\" + name + \"` is \" + $T.toString(t.shape()) + \" in the weights but \" + $T.toString(shape(name)) + \" in the model\")",
                        IllegalArgumentException.class, java.util.Arrays.class, java.util.Arrays.class)
                .endControlFlow()
                .addStatement("$T.arraycopy(t.data(), 0, parameter(name), 0, t.data().length)", System.class)
                .endControlFlow().build());
        t.addMethod(MethodSpec.methodBuilder("load").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Loads weights saved by nnc or PyTorch ({@code safetensors.torch.save_file(model.state_dict(), ...)}).\n")
                .addParameter(java.nio.file.Path.class, "safetensors").addException(java.io.IOException.class)
                .addStatement("load($T.read(safetensors).tensors())", SAFETENSORS).build());
        t.addMethod(MethodSpec.methodBuilder("save").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Writes the weights as safetensors, atomically.\n")
                .addParameter(java.nio.file.Path.class, "safetensors").addException(java.io.IOException.class)
                .addStatement("$T.write(safetensors, state())", SAFETENSORS).build());
    }

    static MethodSpec finiteHelper(Precision precision) {
        return MethodSpec.methodBuilder("finite").addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(boolean.class)
                .addParameter(precision.array(), "values").addParameter(int.class, "count")
                .beginControlFlow("for (int i = 0; i < count; i++)")
                .beginControlFlow("if (!$T.isFinite(values[i]))", precision == Precision.FLOAT ? Float.class : Double.class)
                .addStatement("return false")
                .endControlFlow()
                .endControlFlow()
                .addStatement("return true").build();
    }
}
