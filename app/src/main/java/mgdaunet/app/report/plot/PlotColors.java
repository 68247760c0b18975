package mgdaunet.app.report.plot;

import java.awt.Color;
import mgdaunet.app.io.PngFiles;

/** matplotlib's default colour cycle ("tab10"), so the plots look as users expect. */
public final class PlotColors {
    static {
        PngFiles.headless();
    }

    private static final int[] TAB10 = {
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    };

    private PlotColors() {}

    /** The i-th colour of the cycle (wrapping around). */
    public static Color cycle(int i) {
        return new Color(TAB10[Math.floorMod(i, TAB10.length)]);
    }
}
