package mgdaunet.mgda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;

/** INTERIM stand-in for the strategies branch (deleted at the merge). */
public final class MultiTaskModel extends Module {
    private final Module trunk;
    private final List<Task> tasks;

    public MultiTaskModel(Module trunk, List<Task> tasks) {
        this.trunk = registerModule("trunk", trunk);
        Heads heads = registerModule("heads", new Heads());
        for (Task t : tasks) heads.add(t.name(), t.head());
        this.tasks = List.copyOf(tasks);
    }

    public Module trunk() {
        return trunk;
    }

    public List<Task> tasks() {
        return tasks;
    }

    public List<String> taskNames() {
        List<String> n = new ArrayList<>();
        for (Task t : tasks) n.add(t.name());
        return n;
    }

    public Task task(String name) {
        for (Task t : tasks) if (t.name().equals(name)) return t;
        throw new IllegalArgumentException("unknown task " + name);
    }

    public Map<String, Variable> forwardAll(Variable input) {
        Variable z = trunk.forward(input);
        Map<String, Variable> out = new LinkedHashMap<>();
        for (Task t : tasks) out.put(t.name(), t.head().forward(z));
        return out;
    }

    @Override
    protected Variable compute(Variable input) {
        Variable z = trunk.forward(input);
        for (Task t : tasks) t.head().forward(z);
        return z;
    }

    private static final class Heads extends Module {
        void add(String name, Module head) {
            registerModule(name, head);
        }

        @Override
        protected Variable compute(Variable x) {
            throw new UnsupportedOperationException();
        }
    }
}
