package mgdaunet.app.data;

import java.util.Arrays;
import java.util.Locale;
import mgdaunet.app.UserInputException;

/** The two kinds of multi-digit scene: the seed's M2NIST canvas and Sener and Koltun's MultiMNIST. */
public enum Layout {
    /** 64 x 84 canvas, two or three digits side by side, an 11-class mask. */
    M2NIST("m2nist", 64, 84),
    /** Two overlapping digits on a 36 x 36 canvas, resized to 28 x 28; tasks left and right. */
    MULTIMNIST("multimnist", 28, 28);

    private final String id;
    private final int height;
    private final int width;

    Layout(String id, int height, int width) {
        this.id = id;
        this.height = height;
        this.width = width;
    }

    /** The name users type: "m2nist", "multimnist". */
    public String id() {
        return id;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The layout named {@code name} (case-insensitive); an unknown name is a {@link UserInputException} listing the choices. */
    public static Layout parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Layout l : values()) if (l.id.equals(n)) return l;
        throw new UserInputException("unknown layout '" + name + "'; layouts: " + String.join(", ", Arrays.stream(values()).map(Layout::id).toList()));
    }

    @Override
    public String toString() {
        return id;
    }
}
