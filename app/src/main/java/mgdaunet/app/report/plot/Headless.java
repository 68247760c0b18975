package mgdaunet.app.report.plot;

/**
 * Puts AWT in headless mode before any plotting class touches it: drawing into an image needs no
 * display, and AWT decides once, at its first use, whether to look for one (with DISPLAY set but
 * no X server reachable, it would fail or stall). Commands may set {@code -Djava.awt.headless}
 * themselves; an explicit setting is kept.
 */
final class Headless {
    private Headless() {}

    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }
}
