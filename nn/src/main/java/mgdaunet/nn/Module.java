package mgdaunet.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.checkpoint.LoadReport;
import mgdaunet.nn.checkpoint.SafetensorsReader;
import mgdaunet.nn.checkpoint.SafetensorsWriter;
import mgdaunet.nn.checkpoint.StateDicts;
import mgdaunet.tensor.Tensor;

/**
 * A layer or a network of layers, PyTorch's {@code nn.Module}: it holds parameters (leaf variables
 * that want gradients), buffers (state that is not trained, such as batch-norm's running
 * statistics) and child modules, each under a name, and maps an input to an output in
 * {@link #forward}.
 *
 * <p>Names nest with dots, exactly as PyTorch's state-dict keys do ({@code enc.0.0.weight}): a
 * module's own parameters, then its own buffers, then each child's in registration order. A subclass
 * registers everything in its constructor ({@link #registerParameter}, {@link #registerBuffer},
 * {@link #registerModule}) and implements {@link #compute}.
 *
 * <p>Train and evaluation modes change what some layers do (batch-norm's statistics, dropout);
 * {@link #train()} and {@link #eval()} set the mode of the whole tree.
 */
public abstract class Module {
    private final Map<String, Variable> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> integerBuffers = new LinkedHashSet<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Receives the output of every module forward on this thread while a summary is being taken. */
    private static final ThreadLocal<BiConsumer<Module, Variable>> RECORDER = new ThreadLocal<>();

    // ------------------------------------------------------------------ forward

    /** The output for {@code x}. Records a graph for backward unless a no-grad scope is open. */
    public final Variable forward(Variable x) {
        Variable y = compute(x);
        report(this, y);
        return y;
    }

    /** What this module computes; callers use {@link #forward}, which also reports to an active summary. */
    protected abstract Variable compute(Variable x);

    /**
     * Tells an active summary that {@code m} produced {@code y}: for containers that run two layers as
     * one op (batch-norm followed by ReLU) without calling the second's {@link #forward}.
     */
    protected static void report(Module m, Variable y) {
        BiConsumer<Module, Variable> r = RECORDER.get();
        if (r != null) r.accept(m, y);
    }

    /** True while a summary records module outputs on this thread (containers then run their modules one by one). */
    protected static boolean summarizing() {
        return RECORDER.get() != null;
    }

    /** Runs {@code body} with {@code recorder} receiving every module output on this thread. */
    static void recording(BiConsumer<Module, Variable> recorder, Runnable body) {
        BiConsumer<Module, Variable> previous = RECORDER.get();
        RECORDER.set(recorder);
        try {
            body.run();
        } finally {
            if (previous == null) RECORDER.remove();
            else RECORDER.set(previous);
        }
    }

    // ------------------------------------------------------------------ registration

    /** Adds a trainable parameter (a leaf that wants a gradient) holding {@code value}; returns it. */
    protected final Variable registerParameter(String name, Tensor value) {
        checkName(name);
        Variable p = Variable.parameter(value).named(name);
        parameters.put(name, p);
        return p;
    }

    /** Adds a float buffer: state saved in the state dict but not trained (running statistics). */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /**
     * Adds a buffer that holds whole numbers (a counter such as batch-norm's {@code num_batches_tracked}):
     * stored as float here (exact below 2^24), written as 64-bit integers by {@link #save}, as PyTorch
     * keeps them.
     */
    protected final Tensor registerIntegerBuffer(String name, Tensor value) {
        registerBuffer(name, value);
        integerBuffers.add(name);
        return value;
    }

    /** Adds a child module; its names are prefixed with {@code name + "."}. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": child module '" + name + "' is null");
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name + "' (non-empty, no dots)");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already registered");
        }
    }

    // ------------------------------------------------------------------ the tree

    /** The direct children by name, in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** This module's own parameters by local name (not its children's). */
    public final Map<String, Variable> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Every module of the tree with its dotted name, this one first as "", parents before children. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(this)) return;
        out.put(prefix, this);
        children.forEach((n, c) -> c.collectModules(prefix.isEmpty() ? n : prefix + "." + n, out, seen));
    }

    /** Every parameter of the tree by dotted name, in state-dict order; a shared parameter appears once. */
    public final Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        namedModules().forEach((prefix, m) -> m.parameters.forEach((n, p) -> {
            if (seen.add(p)) out.put(dotted(prefix, n), p);
        }));
        return out;
    }

    /** Every parameter of the tree, in state-dict order: what an optimizer takes. */
    public final List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer of the tree by dotted name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((prefix, m) -> m.buffers.forEach((n, b) -> out.put(dotted(prefix, n), b)));
        return out;
    }

    /** The number of trainable values (every parameter's element count). */
    public final long parameterCount() {
        long n = 0;
        for (Variable p : namedParameters().values()) n += p.value().size();
        return n;
    }

    private static String dotted(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // ------------------------------------------------------------------ modes and gradients

    /** Training mode for the whole tree (batch statistics, active dropout). */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode for the whole tree (running statistics, no dropout). */
    public final Module eval() {
        return train(false);
    }

    public final Module train(boolean on) {
        for (Module m : namedModules().values()) m.training = on;
        return this;
    }

    /** Sets only this module's mode (the summary restores each module's own). */
    final void trainSelf(boolean on) {
        training = on;
    }

    public final boolean isTraining() {
        return training;
    }

    /** Forgets every parameter's gradient. */
    public final void zeroGrad() {
        for (Variable p : namedParameters().values()) p.zeroGrad();
    }

    // ------------------------------------------------------------------ state

    /**
     * Parameters and buffers by dotted name, PyTorch's {@code state_dict()} order and keys. The
     * tensors are the live ones, not copies: loading into them changes the model.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((prefix, m) -> {
            m.parameters.forEach((n, p) -> out.put(dotted(prefix, n), p.value()));
            m.buffers.forEach((n, b) -> out.put(dotted(prefix, n), b));
        });
        return out;
    }

    /** The state-dict names of the integer buffers (written as I64 by {@link #save}). */
    public final Set<String> integerStateNames() {
        Set<String> out = new LinkedHashSet<>();
        namedModules().forEach((prefix, m) -> m.integerBuffers.forEach(n -> out.add(dotted(prefix, n))));
        return out;
    }

    /**
     * Copies {@code state} into the parameters and buffers in place, PyTorch's {@code load_state_dict}:
     * shapes must match; with {@code strict}, names must match both ways. Nothing is copied if
     * anything fails.
     *
     * @throws mgdaunet.nn.checkpoint.StateDictMismatchException naming what does not fit
     */
    public final LoadReport loadStateDict(Map<String, Tensor> state, boolean strict) {
        return StateDicts.copyInto(getClass().getSimpleName() + " state dict", stateDict(), state, strict);
    }

    /** Writes the state dict as a safetensors file (atomically), counters as I64 like PyTorch's. */
    public final void save(Path file) throws IOException {
        SafetensorsWriter.write(file, stateDict(), Map.of(), integerStateNames());
    }

    /** Reads a safetensors file (ours or PyTorch's) into this module; see {@link #loadStateDict}. */
    public final LoadReport load(Path file, boolean strict) throws IOException {
        return SafetensorsReader.read(file).loadInto(stateDict(), strict);
    }

    /** A Keras-style table of the layers, their output shapes and parameter counts for an input shape. */
    public final Summary summary(int... inputShape) {
        return Summary.of(this, inputShape);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
