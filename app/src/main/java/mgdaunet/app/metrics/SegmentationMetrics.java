package mgdaunet.app.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of a semantic segmentation with one background class (M2NIST: classes 0-9 are digits,
 * 10 is background). Background covers most pixels, so pixel accuracy alone says little; the
 * main metric is the mean IoU over the digit classes.
 *
 * <p>Per class c, with TP, FP, FN counted over every pixel of the set:
 * IoU = TP / (TP + FP + FN) and Dice = 2 TP / (2 TP + FP + FN). A class absent from both the
 * truth and the prediction has 0 / 0: its IoU and Dice are NaN and it is left out of the means,
 * as torchmetrics and the usual mIoU code do (a class that never occurs was neither found nor
 * missed). When no digit class is present at all (say, all-background images predicted as all
 * background) the means are NaN.
 */
public final class SegmentationMetrics implements TaskMetrics {
    public static final String PIXEL_ACCURACY = "pixel_accuracy";
    public static final String MEAN_IOU = "miou";
    public static final String BACKGROUND_IOU = "background_iou";
    public static final String MEAN_DICE = "mean_dice";
    public static final String DIGIT_PIXEL_ACCURACY = "digit_pixel_accuracy";
    /** The scalar names, in {@link #scalars()} order. */
    public static final List<String> NAMES = List.of(MEAN_IOU, PIXEL_ACCURACY, BACKGROUND_IOU, MEAN_DICE, DIGIT_PIXEL_ACCURACY);

    private final ConfusionMatrix confusion;
    private final int background;
    private final double pixelAccuracy;
    private final double[] iou;
    private final double[] dice;
    private final double meanIou;
    private final double meanDice;
    private final double digitPixelAccuracy;

    private SegmentationMetrics(ConfusionMatrix confusion, int background) {
        int k = confusion.classes();
        if (background < 0 || background >= k) {
            throw new IllegalArgumentException("segmentation metrics: background class " + background + " out of range 0.." + (k - 1));
        }
        this.confusion = confusion.copy();
        this.background = background;
        this.pixelAccuracy = Ratios.of(confusion.correct(), confusion.total());
        this.iou = new double[k];
        this.dice = new double[k];
        long digitCorrect = 0;
        long digitPixels = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion.count(c, c);
            long truth = confusion.truthCount(c);        // TP + FN
            long predicted = confusion.predictedCount(c); // TP + FP
            iou[c] = Ratios.of(tp, truth + predicted - tp);
            dice[c] = Ratios.of(2 * tp, truth + predicted);
            if (c != background) {
                digitCorrect += tp;
                digitPixels += truth;
            }
        }
        this.meanIou = Ratios.meanDefined(iou, background);
        this.meanDice = Ratios.meanDefined(dice, background);
        this.digitPixelAccuracy = Ratios.of(digitCorrect, digitPixels);
    }

    /** Metrics of {@code confusion}, whose class {@code background} is the background. */
    public static SegmentationMetrics of(ConfusionMatrix confusion, int background) {
        return new SegmentationMetrics(confusion, background);
    }

    public int background() {
        return background;
    }

    /** Fraction of all pixels (background included) predicted right. */
    public double pixelAccuracy() {
        return pixelAccuracy;
    }

    /** IoU per class (a copy), NaN for a class absent from truth and prediction. */
    public double[] iou() {
        return iou.clone();
    }

    /** Dice (F1) per class (a copy), NaN for a class absent from truth and prediction. */
    public double[] dice() {
        return dice.clone();
    }

    /** Mean IoU over the non-background classes that occur in the truth or the prediction. */
    public double meanIou() {
        return meanIou;
    }

    public double backgroundIou() {
        return iou[background];
    }

    /** Mean Dice over the non-background classes that occur in the truth or the prediction. */
    public double meanDice() {
        return meanDice;
    }

    /** Fraction of the pixels whose true class is a digit that are predicted as that digit. */
    public double digitPixelAccuracy() {
        return digitPixelAccuracy;
    }

    @Override
    public String mainName() {
        return MEAN_IOU;
    }

    @Override
    public double main() {
        return meanIou;
    }

    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MEAN_IOU, meanIou);
        m.put(PIXEL_ACCURACY, pixelAccuracy);
        m.put(BACKGROUND_IOU, backgroundIou());
        m.put(MEAN_DICE, meanDice);
        m.put(DIGIT_PIXEL_ACCURACY, digitPixelAccuracy);
        return m;
    }

    @Override
    public Map<String, double[]> perClass() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("iou", iou.clone());
        m.put("dice", dice.clone());
        return m;
    }

    @Override
    public ConfusionMatrix confusion() {
        return confusion.copy();
    }

    @Override
    public long count() {
        return confusion.total();
    }

    @Override
    public String toString() {
        return "mIoU " + meanIou + ", pixel accuracy " + pixelAccuracy + ", background IoU " + backgroundIou() + " over " + count() + " pixels";
    }
}
