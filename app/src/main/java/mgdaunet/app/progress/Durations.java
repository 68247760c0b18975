package mgdaunet.app.progress;

/** Durations as a clock shows them: "0:07", "12:34", "1:02:03". */
public final class Durations {
    private Durations() {}

    /** {@code seconds} rounded to the second; "--:--" when unknown (NaN, infinite, negative). */
    public static String format(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "--:--";
        long s = Math.round(seconds);
        long h = s / 3600, m = s / 60 % 60, sec = s % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, sec) : String.format("%d:%02d", m, sec);
    }
}
