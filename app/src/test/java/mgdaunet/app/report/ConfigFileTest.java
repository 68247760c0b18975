package mgdaunet.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    record Optimizer(String name, double lr, double weightDecay) {}

    record Config(String layout, List<String> tasks, int batchSize, long seed, Optimizer optimizer, String data, double clip) {}

    @TempDir
    Path dir;

    private static final Config CONFIG = new Config("m2nist", List.of("seg", "left", "right"), 25, 1L << 40,
            new Optimizer("adam", 1e-3, 0), null, Double.NaN);

    @Test
    void roundTripsWithSnakeCaseKeys() throws IOException {
        Path f = dir.resolve("config.json");
        ConfigFile.write(f, CONFIG);
        String text = Files.readString(f);
        assertTrue(text.contains("\"batch_size\": 25") && text.contains("\"weight_decay\": 0.0"), text);
        assertTrue(text.contains("\"data\": null") && text.contains("\"clip\": null"), "null and NaN are written as null: " + text);
        Config back = ConfigFile.read(f, Config.class);
        assertEquals(CONFIG.layout(), back.layout());
        assertEquals(CONFIG.tasks(), back.tasks());
        assertEquals(CONFIG.seed(), back.seed());
        assertEquals(CONFIG.optimizer(), back.optimizer());
        assertTrue(Double.isNaN(back.clip()));
        assertEquals(null, back.data());
    }

    @Test
    void missingAndUnknownKeysAreNamed() throws IOException {
        Path f = dir.resolve("config.json");
        ConfigFile.write(f, CONFIG);
        String text = Files.readString(f);
        Files.writeString(f, text.replace("\"batch_size\"", "\"batch_sise\""));
        var e = assertThrows(ReportFileException.class, () -> ConfigFile.read(f, Config.class));
        assertEquals(f + ": missing key 'batch_size'", e.getMessage());
        Files.writeString(f, text.replace("\"weight_decay\": 0.0", "\"weight_decay\": 0.0, \"momentum\": 0.9"));
        e = assertThrows(ReportFileException.class, () -> ConfigFile.read(f, Config.class));
        assertTrue(e.getMessage().startsWith(f + ": unknown key 'optimizer.momentum'"), e.getMessage());
    }

    @Test
    void badValuesAndBadJsonAreOneLineErrors() throws IOException {
        Path f = dir.resolve("config.json");
        ConfigFile.write(f, CONFIG);
        String text = Files.readString(f);
        Files.writeString(f, text.replace("\"batch_size\": 25", "\"batch_size\": \"many\""));
        var e = assertThrows(ReportFileException.class, () -> ConfigFile.read(f, Config.class));
        assertTrue(e.getMessage().startsWith(f + ": not a valid Config: ") && !e.getMessage().contains("\n"), e.getMessage());
        Files.writeString(f, text.substring(0, text.length() / 2));
        e = assertThrows(ReportFileException.class, () -> ConfigFile.read(f, Config.class));
        assertTrue(e.getMessage().startsWith(f + ": not valid JSON"), e.getMessage());
    }
}
