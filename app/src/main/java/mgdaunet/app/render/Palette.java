package mgdaunet.app.render;

/**
 * Colours of the 11 mask classes: ten clearly distinct bright colours for the digits 0-9 and a dark
 * background (class 10), so that digits stand out as they do in the input images.
 */
public final class Palette {
    /** Class of the background in masks. */
    public static final int BACKGROUND = 10;

    private static final int[] RGB = {
        0xF2405A, // 0 red
        0x3CB44B, // 1 green
        0xFFE119, // 2 yellow
        0x4363D8, // 3 blue
        0xF58231, // 4 orange
        0xB36AE2, // 5 violet
        0x42D4F4, // 6 cyan
        0xF032E6, // 7 magenta
        0xBFEF45, // 8 lime
        0xFABED4, // 9 pink
        0x17171D, // background, near black
    };

    private Palette() {}

    /** Number of classes with a colour. */
    public static int classes() {
        return RGB.length;
    }

    /** 0xRRGGBB of a class; classes outside 0-10 (an invalid prediction) are white. */
    public static int rgb(int cls) {
        return cls >= 0 && cls < RGB.length ? RGB[cls] : 0xFFFFFF;
    }

    /** The label of a class in legends: "0" to "9", "bg". */
    public static String label(int cls) {
        return cls == BACKGROUND ? "bg" : Integer.toString(cls);
    }

    /** 0xRRGGBB of a grey value in [0, 1] (clamped). */
    public static int grey(float v) {
        int g = Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
        return g << 16 | g << 8 | g;
    }
}
