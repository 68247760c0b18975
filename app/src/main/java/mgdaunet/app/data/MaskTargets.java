package mgdaunet.app.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Derives the per-image targets from an 11-class mask when a data set gives only the mask (the
 * Kaggle M2NIST files): {@code left} is the class whose ink starts leftmost, {@code right} the class
 * whose ink ends rightmost, {@code count} the number of digits, from connected components.
 *
 * <p>Counting by components needs two corrections. Where two digits cross, the brighter one's label
 * can cut the other into pieces; and a few handwritten digits are drawn in two strokes. So the
 * 8-connected components of one class are merged when their bounding boxes overlap or touch, and
 * pieces under {@link #MIN_PIXELS} pixels are not counted as digits of their own. Two digits of the
 * same class side by side usually stay apart, as M2NIST places digits about 28 pixels apart.
 */
public final class MaskTargets {
    /**
     * Components of one class whose bounding boxes are at most this far apart in pixel coordinates
     * (1: overlapping or touching) are one digit. Tuned with {@link #MIN_PIXELS} on generated scenes,
     * where the true count is known: over 40,000 scenes (4 seeds, train and test digits) 43 counts
     * are wrong, 0.11%; gaps of 0, 2, 3 and 4 did worse.
     */
    static final int MERGE_GAP = 1;
    /** Components smaller than this are fragments, not digits, unless their class has nothing else. */
    static final int MIN_PIXELS = 40;

    private MaskTargets() {}

    /** Targets of all images; {@code file} names the mask file in errors. */
    public record Derived(int[] left, int[] right, int[] count) {}

    /**
     * Derives the targets of {@code n} masks of {@code h x w} (classes 0-10). An image without any
     * digit pixel has no left or right digit: that is a {@link DataFileException} naming {@code file}.
     */
    public static Derived derive(byte[] masks, int n, int h, int w, String file) {
        int[] left = new int[n], right = new int[n], count = new int[n];
        int[] stack = new int[h * w];
        boolean[] seen = new boolean[h * w];
        for (int k = 0; k < n; k++) {
            int base = k * h * w;
            int[] minCol = new int[10], maxCol = new int[10];
            java.util.Arrays.fill(minCol, Integer.MAX_VALUE);
            java.util.Arrays.fill(maxCol, -1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int c = masks[base + y * w + x];
                    if (c == SceneSet.BACKGROUND) continue;
                    minCol[c] = Math.min(minCol[c], x);
                    maxCol[c] = Math.max(maxCol[c], x);
                }
            }
            int l = -1, r = -1;
            for (int c = 0; c < 10; c++) {
                if (maxCol[c] < 0) continue;
                if (l < 0 || minCol[c] < minCol[l]) l = c;
                if (r < 0 || maxCol[c] > maxCol[r]) r = c;
            }
            if (l < 0) throw new DataFileException(file, "image " + k + " has no digit pixels in its mask, so it has no left or right digit");
            left[k] = l;
            right[k] = r;
            count[k] = countDigits(masks, base, h, w, stack, seen);
        }
        return new Derived(left, right, count);
    }

    /** Number of digits in one mask (see the class comment). */
    static int countDigits(byte[] masks, int base, int h, int w, int[] stack, boolean[] seen) {
        java.util.Arrays.fill(seen, false);
        List<List<int[]>> boxesByClass = new ArrayList<>();
        for (int c = 0; c < 10; c++) boxesByClass.add(new ArrayList<>());
        for (int start = 0; start < h * w; start++) {
            int c = masks[base + start];
            if (c == SceneSet.BACKGROUND || seen[start]) continue;
            // flood fill one 8-connected component of class c; box = {minX, minY, maxX, maxY, pixels}
            int[] box = {w, h, -1, -1, 0};
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                int py = p / w, px = p % w;
                box[0] = Math.min(box[0], px);
                box[1] = Math.min(box[1], py);
                box[2] = Math.max(box[2], px);
                box[3] = Math.max(box[3], py);
                box[4]++;
                for (int dy = -1; dy <= 1; dy++) {
                    int y = py + dy;
                    if (y < 0 || y >= h) continue;
                    for (int dx = -1; dx <= 1; dx++) {
                        int x = px + dx;
                        if (x < 0 || x >= w) continue;
                        int q = y * w + x;
                        if (!seen[q] && masks[base + q] == c) {
                            seen[q] = true;
                            stack[top++] = q;
                        }
                    }
                }
            }
            boxesByClass.get(c).add(box);
        }
        int digits = 0;
        for (List<int[]> boxes : boxesByClass) {
            if (boxes.isEmpty()) continue;
            List<int[]> groups = mergeNearby(boxes);
            int big = 0;
            for (int[] g : groups) if (g[4] >= MIN_PIXELS) big++;
            digits += Math.max(big, 1);
        }
        return digits;
    }

    /** Unites boxes at most {@link #MERGE_GAP} apart, repeatedly, until no two groups are that close. */
    private static List<int[]> mergeNearby(List<int[]> boxes) {
        List<int[]> groups = new ArrayList<>();
        for (int[] b : boxes) groups.add(b.clone());
        boolean merged = true;
        while (merged) {
            merged = false;
            outer:
            for (int i = 0; i < groups.size(); i++) {
                for (int j = i + 1; j < groups.size(); j++) {
                    int[] a = groups.get(i), b = groups.get(j);
                    boolean near = a[0] - MERGE_GAP <= b[2] && b[0] - MERGE_GAP <= a[2] && a[1] - MERGE_GAP <= b[3] && b[1] - MERGE_GAP <= a[3];
                    if (near) {
                        a[0] = Math.min(a[0], b[0]);
                        a[1] = Math.min(a[1], b[1]);
                        a[2] = Math.max(a[2], b[2]);
                        a[3] = Math.max(a[3], b[3]);
                        a[4] += b[4];
                        groups.remove(j);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
        return groups;
    }
}
