package mgdaunet.app.report;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON dialect of the run folder: snake_case keys, pretty-printed, nulls kept, and NaN or
 * infinite numbers (an undefined metric) written as {@code null} and read back as NaN, since
 * JSON has no NaN and strict readers (jq, JavaScript) reject Python's bare {@code NaN}.
 */
public final class Json {
    private static final TypeAdapter<Double> NON_FINITE_AS_NULL = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value == null || !Double.isFinite(value)) out.nullValue();
            else out.value(value.doubleValue());
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Double.NaN;
            }
            return in.nextDouble();
        }
    };

    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .registerTypeAdapter(double.class, NON_FINITE_AS_NULL)
            .registerTypeAdapter(Double.class, NON_FINITE_AS_NULL)
            .serializeNulls()
            .disableHtmlEscaping()
            .setPrettyPrinting()
            .create();

    private Json() {}

    /** The configured Gson, for callers that build JSON of their own. */
    public static Gson gson() {
        return GSON;
    }

    /** {@code value} as a JSON tree (e.g. a configuration record to embed in a summary). */
    public static JsonElement toTree(Object value) {
        return GSON.toJsonTree(value);
    }

    public static String toJson(Object value) {
        return GSON.toJson(value);
    }

    /** Writes {@code value} to {@code file} atomically, ending with a newline. */
    public static void write(Path file, Object value) throws ReportFileException {
        ReportFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            GSON.toJson(value, w);
            w.write('\n');
            w.flush();
        });
    }

    /** Parses {@code file} as a JSON tree; a syntax error names the file. */
    public static JsonElement readTree(Path file) throws ReportFileException {
        try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return com.google.gson.JsonParser.parseReader(r);
        } catch (IOException e) {
            throw ReportFileException.of(file, "cannot read", e);
        } catch (JsonParseException e) {
            throw new ReportFileException(file, "not valid JSON: " + rootMessage(e), e);
        }
    }

    /** Reads {@code file} as a {@code type}; a malformed file names itself and what is wrong. */
    public static <T> T read(Path file, Class<T> type) throws ReportFileException {
        return fromTree(file, readTree(file), type);
    }

    static <T> T fromTree(Path file, JsonElement tree, Class<T> type) throws ReportFileException {
        try {
            T value = GSON.fromJson(tree, type);
            if (value == null) throw new ReportFileException(file, "empty JSON document");
            return value;
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
            throw new ReportFileException(file, "not a valid " + type.getSimpleName() + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() != null ? t.getMessage() : e.getMessage();
        // Gson appends a troubleshooting URL; the one-line error does without it.
        int see = m == null ? -1 : m.indexOf("\nSee ");
        return m == null ? t.getClass().getSimpleName() : (see >= 0 ? m.substring(0, see) : m).replace('\n', ' ');
    }
}
