package mgdaunet.nn.layers;

import java.util.ArrayList;
import java.util.List;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;

/**
 * A list of modules that the owner calls itself, PyTorch's {@code nn.ModuleList}: children named
 * "0", "1", ... (the U-Net's encoder blocks: {@code enc.0.0.weight}); it has no forward of its own.
 */
public final class ModuleList<M extends Module> extends Module {
    private final List<M> modules = new ArrayList<>();

    public ModuleList(List<? extends M> modules) {
        for (M m : modules) add(m);
    }

    public ModuleList() {}

    public M add(M module) {
        modules.add(registerModule(String.valueOf(modules.size()), module));
        return module;
    }

    public M get(int index) {
        return modules.get(index);
    }

    public int size() {
        return modules.size();
    }

    @Override
    protected Variable compute(Variable x) {
        throw new UnsupportedOperationException("ModuleList has no forward: call its modules");
    }
}
