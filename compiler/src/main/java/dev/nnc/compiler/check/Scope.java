package dev.nnc.compiler.check;

import dev.nnc.compiler.ast.Identifier;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.diagnostics.Span;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The names of one model as statements are read in order: which tensors exist so far (and their
 * nodes), which names are declared later, and which refer to things already reported broken.
 */
final class Scope {
    /** A tensor whose definition failed: uses of it are not reported again. */
    static final int POISONED = -1;

    private final Reporter reporter;
    private final Functions functions;
    private final Set<String> unparsed;
    private final Map<String, Span> declared;
    private final Map<String, Integer> tensors = new LinkedHashMap<>();
    private String targetName;

    Scope(Reporter reporter, Functions functions, Set<String> unparsed, Map<String, Span> declared) {
        this.reporter = reporter;
        this.functions = functions;
        this.unparsed = unparsed;
        this.declared = declared;
    }

    void define(String name, int node) {
        tensors.put(name, node);
    }

    void defineTarget(String name) {
        targetName = name;
    }

    boolean isTarget(String name) {
        return name.equals(targetName);
    }

    Map<String, Integer> tensors() {
        return tensors;
    }

    /** The node a name refers to, or {@link #POISONED} after reporting why it cannot be used. */
    int tensor(Identifier id) {
        String name = id.text();
        Integer node = tensors.get(name);
        if (node != null) {
            return node;
        }
        if (isTarget(name)) {
            reporter.error(id.span(), "`%s` is the target; it can only be used in the loss".formatted(name));
        } else if (declared.containsKey(name)) {
            reporter.error(id.span(), "`%s` is used before its definition on line %d".formatted(name, declared.get(name).line()));
        } else if (Activations.isActivation(name) || functions.has(name) || Layers.isLayer(name)) {
            reporter.error(id.span(), "`%s` is %s, not a tensor; apply it with `->`, e.g. `x -> %s`"
                    .formatted(name, Activations.isActivation(name) || functions.has(name) ? "an activation" : "a layer", name));
        } else if (!unparsed.contains(name) && !functions.isBroken(name)) {
            Set<String> candidates = new HashSet<>(tensors.keySet());
            reporter.error(id.span(), "unknown tensor `%s`%s".formatted(name, Suggestions.didYouMean(name, candidates)));
        }
        return POISONED;
    }
}
