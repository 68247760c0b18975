package mgdaunet.mgda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.mgda.solver.GramMatrix;

/** INTERIM stand-in for the strategies branch (deleted at the merge). */
public record Diagnostics(Map<String, Double> gradNormAtZ, double[][] cosines, double minNorm) {
    public static Diagnostics of(List<String> names, GramMatrix g, double minNorm) {
        int t = names.size();
        Map<String, Double> norms = new LinkedHashMap<>();
        double[][] cos = new double[t][t];
        for (int i = 0; i < t; i++) {
            norms.put(names.get(i), g.norm(i));
            for (int j = 0; j < t; j++) cos[i][j] = g.cosine(i, j);
        }
        return new Diagnostics(norms, cos, minNorm);
    }
}
