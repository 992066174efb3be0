package dev.nnc.compiler.codegen;

import dev.nnc.compiler.Sources;
import dev.nnc.compiler.build.InMemoryJavac;
import dev.nnc.compiler.ir.Graph;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/** A generated model compiled in memory and driven by reflection, as tests need it. */
final class GeneratedModel {
    final Graph graph;
    final Object instance;
    final Class<?> type;
    final Precision precision;

    private GeneratedModel(Graph graph, Object instance, Precision precision) {
        this.graph = graph;
        this.instance = instance;
        this.type = instance.getClass();
        this.precision = precision;
    }

    static GeneratedModel compile(String source, Precision precision, int maxBatch) {
        Graph g = Sources.model(source);
        try {
            ClassLoader loader = InMemoryJavac.compile(CodeGenerator.generate(g, "gen", precision));
            String name = "gen." + JavaNames.type(g.name()) + (precision == Precision.DOUBLE ? "Double" : "");
            Object model = loader.loadClass(name).getConstructor(int.class).newInstance(maxBatch);
            return new GeneratedModel(g, model, precision);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    Object call(String method, Object... args) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length && accepts(m, args)) {
                try {
                    return m.invoke(instance, args);
                } catch (InvocationTargetException e) {
                    throw new AssertionError(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("no method " + method);
    }

    private static boolean accepts(Method m, Object[] args) {
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            Class<?> t = types[i].isPrimitive() ? box(types[i]) : types[i];
            if (args[i] != null && !t.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> box(Class<?> c) {
        return c == int.class ? Integer.class : c == long.class ? Long.class : c == boolean.class ? Boolean.class
                : c == float.class ? Float.class : Double.class;
    }

    @SuppressWarnings("unchecked")
    List<String> parameters() {
        try {
            return (List<String>) type.getField("PARAMETERS").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    Object parameter(String name) {
        return call("parameter", name);
    }

    Object gradient(String name) {
        return call("gradient", name);
    }
}
