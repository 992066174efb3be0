package dev.nnc.compiler.codegen;

import java.util.Locale;

/** Java names for the model's layers and parameters: {@code dense_1} → {@code dense1}, {@code fc1.weight} → {@code fc1Weight}. */
final class JavaNames {
    private JavaNames() {}

    static String camel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_' || c == '.') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        if (out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, 'v');
        }
        return out.toString();
    }

    /** {@code dense_1} → {@code DENSE_1}, {@code fc1} → {@code FC1}. */
    static String constant(String name) {
        return name.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** {@code mnist_mlp} → {@code MnistMlp}: model names become class names as written when already capitalised. */
    static String type(String name) {
        String camel = camel(name);
        return Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
    }
}
