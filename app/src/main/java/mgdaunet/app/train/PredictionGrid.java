package mgdaunet.app.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mgdaunet.app.data.SceneSet;
import mgdaunet.app.data.Task;
import mgdaunet.app.render.GridCell;
import mgdaunet.app.render.SceneGrid;

/**
 * The picture of test predictions: for each of the first test scenes the image, its true mask and
 * the predicted one, and a caption with the true and predicted digits ("true 3 7 / pred 3 1").
 */
public final class PredictionGrid {
    /** Scenes shown. */
    public static final int SCENES = 16;

    private PredictionGrid() {}

    public static List<GridCell> cells(SceneSet test, List<String> tasks, Evaluator.Predictions p) {
        int px = test.height() * test.width();
        List<GridCell> cells = new ArrayList<>();
        for (int i = 0; i < p.count(); i++) {
            float[] image = new float[px];
            System.arraycopy(test.images(), i * px, image, 0, px);
            GridCell c = GridCell.of(image, test.height(), test.width());
            if (p.masks() != null) {
                int[] truth = new int[px];
                for (int k = 0; k < px; k++) truth[k] = test.masks()[i * px + k];
                c = c.withTrueMask(truth).withPredictedMask(p.masks(), i);
            }
            StringBuilder truth = new StringBuilder("true"), pred = new StringBuilder("pred");
            for (Map.Entry<String, int[]> e : p.classes().entrySet()) {
                truth.append(' ').append(test.labels(Task.parse(e.getKey()))[i]);
                pred.append(' ').append(e.getValue()[i]);
            }
            if (!p.classes().isEmpty()) c = c.withCaption(truth + "\n" + pred);
            cells.add(c);
        }
        return cells;
    }

    /** The grid's title: which digits the captions list. */
    public static SceneGrid.Style style(SceneSet test, List<String> tasks, int epoch) {
        List<String> digits = tasks.stream().filter(t -> !t.equals(Task.SEG.id())).toList();
        String panels = tasks.contains(Task.SEG.id()) ? "image | true mask | predicted mask" : "image";
        String title = "epoch " + epoch + ": " + panels + (digits.isEmpty() ? "" : "; digits: " + String.join(", ", digits));
        return SceneGrid.Style.of(test.width() > 40 ? 4 : 8).withTitle(title);
    }
}
