package mgdaunet.app.report;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The resolved configuration of a run ({@code config.json}): every setting after defaults were
 * applied, so that {@code --resume} and a later reader see exactly what ran. The configuration
 * is a record (nested records allowed) owned by the command; this class writes it atomically and
 * reads it back strictly: a missing or unknown key is an error naming the file and the key, not
 * a silent default.
 */
public final class ConfigFile {
    private ConfigFile() {}

    public static void write(Path file, Record config) throws ReportFileException {
        Json.write(file, config);
    }

    public static <T extends Record> T read(Path file, Class<T> type) throws ReportFileException {
        JsonElement tree = Json.readTree(file);
        checkKeys(file, tree, type, "");
        return Json.fromTree(file, tree, type);
    }

    /**
     * Reads a configuration from JSON text held somewhere else than in its own file (a checkpoint's
     * metadata), as strictly as {@link #read}; {@code source} names where the text came from.
     */
    public static <T extends Record> T parse(Path source, String json, Class<T> type) throws ReportFileException {
        JsonElement tree;
        try {
            tree = com.google.gson.JsonParser.parseString(json);
        } catch (com.google.gson.JsonParseException e) {
            throw new ReportFileException(source, "its configuration is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        checkKeys(source, tree, type, "");
        return Json.fromTree(source, tree, type);
    }

    private static void checkKeys(Path file, JsonElement tree, Class<?> type, String prefix) throws ReportFileException {
        if (!tree.isJsonObject()) {
            throw new ReportFileException(file, (prefix.isEmpty() ? "the document" : "key '" + prefix + "'") + " is not a JSON object");
        }
        JsonObject object = tree.getAsJsonObject();
        Set<String> expected = new LinkedHashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            String key = jsonName(type, c);
            expected.add(key);
            JsonElement value = object.get(key);
            if (value == null) throw new ReportFileException(file, "missing key '" + prefix + key + "'");
            if (c.getType().isRecord() && !value.isJsonNull()) checkKeys(file, value, c.getType(), prefix + key + ".");
        }
        for (String key : object.keySet()) {
            if (!expected.contains(key)) {
                throw new ReportFileException(file, "unknown key '" + prefix + key + "' (expected " + String.join(", ", expected) + ")");
            }
        }
    }

    private static String jsonName(Class<?> type, RecordComponent c) {
        try {
            var field = type.getDeclaredField(c.getName());
            SerializedName name = field.getAnnotation(SerializedName.class);
            return name != null ? name.value() : FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES.translateName(field);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("record " + type.getName() + " has no field for component " + c.getName(), e);
        }
    }
}
