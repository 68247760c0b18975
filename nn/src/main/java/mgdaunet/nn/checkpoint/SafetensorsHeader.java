package mgdaunet.nn.checkpoint;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mgdaunet.tensor.Shape;

/**
 * The JSON header of a safetensors file: one entry per tensor (dtype, shape, byte range in the data
 * section) and an optional {@code __metadata__} map of strings.
 *
 * <p>Parsing validates what the Python/Rust reference does: the JSON is one object, each entry's
 * byte range matches its dtype and shape, and the ranges tile the data section exactly, in order,
 * without gaps or overlaps. Encoding writes what the reference writes, byte for byte: compact JSON,
 * {@code __metadata__} first, tensors in data order, spaces up to a multiple of 8 bytes.
 */
final class SafetensorsHeader {
    static final String METADATA_KEY = "__metadata__";
    /** The reference reader's limit; a larger length means a corrupt or hostile file. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The header (and so the data section) starts at a multiple of 8 bytes. */
    static final int ALIGNMENT = 8;

    /** One tensor's entry: its element type and shape, and its bytes [begin, end) of the data section. */
    record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

    /** Entries in data order. */
    final List<Entry> entries;
    final Map<String, String> metadata;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Tensor names in the order the reference writer lays them out (it sorts by name, byte-wise on UTF-8). */
    static final Comparator<String> WRITE_ORDER = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    // ------------------------------------------------------------------ encoding

    /**
     * The padded header for tensors of the given shapes, laid out in the map's order, each F32 unless
     * {@code dtypes} names another type for it.
     * Metadata keys are written sorted (the reference writes them in hash order, so no order is more faithful).
     */
    static byte[] encode(Map<String, int[]> shapes, Map<String, DType> dtypes, Map<String, String> metadata) {
        StringWriter text = new StringWriter();
        try (JsonWriter w = new JsonWriter(text)) {
            w.setHtmlSafe(false);
            w.beginObject();
            if (!metadata.isEmpty()) {
                w.name(METADATA_KEY).beginObject();
                for (String k : metadata.keySet().stream().sorted(WRITE_ORDER).toList()) w.name(k).value(metadata.get(k));
                w.endObject();
            }
            long offset = 0;
            for (var e : shapes.entrySet()) {
                DType type = dtypes.getOrDefault(e.getKey(), DType.F32);
                long bytes = (long) Shape.numel(e.getValue()) * type.size;
                w.name(e.getKey()).beginObject();
                w.name("dtype").value(type.name());
                w.name("shape").beginArray();
                for (int d : e.getValue()) w.value(d);
                w.endArray();
                w.name("data_offsets").beginArray().value(offset).value(offset + bytes).endArray();
                w.endObject();
                offset += bytes;
            }
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        byte[] json = text.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    // ------------------------------------------------------------------ parsing

    /**
     * Parses and validates a header against a data section of {@code dataLength} bytes.
     *
     * @throws CheckpointException naming {@code file} and the first problem found
     */
    static SafetensorsHeader parse(Path file, byte[] headerBytes, long dataLength) throws CheckpointException {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(headerBytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, "corrupt header: not valid UTF-8");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            r.setStrictness(Strictness.STRICT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) throw new CheckpointException(file, "corrupt header: not a JSON object");
            r.beginObject();
            Set<String> seen = new HashSet<>();
            while (r.hasNext()) {
                String name = r.nextName();
                if (!seen.add(name)) throw new CheckpointException(file, "corrupt header: '" + name + "' appears twice");
                if (name.equals(METADATA_KEY)) readMetadata(file, r, metadata);
                else entries.add(readEntry(file, r, name));
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) throw new CheckpointException(file, "corrupt header: text after the JSON object");
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new CheckpointException(file, "corrupt header: not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        checkLayout(file, entries, dataLength);
        return new SafetensorsHeader(List.copyOf(entries), metadata);
    }

    private static void readMetadata(Path file, JsonReader r, Map<String, String> metadata) throws IOException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) throw new CheckpointException(file, "corrupt header: " + METADATA_KEY + " is not an object");
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (r.peek() != JsonToken.STRING) throw new CheckpointException(file, "corrupt header: metadata '" + key + "' is not a string");
            metadata.put(key, r.nextString());
        }
        r.endObject();
    }

    private static Entry readEntry(Path file, JsonReader r, String name) throws IOException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) throw new CheckpointException(file, "corrupt header: entry '" + name + "' is not an object");
        String dtype = null;
        long[] shape = null, offsets = null;
        r.beginObject();
        while (r.hasNext()) {
            switch (r.nextName()) {
                case "dtype" -> {
                    if (r.peek() != JsonToken.STRING) throw new CheckpointException(file, "corrupt header: dtype of '" + name + "' is not a string");
                    dtype = r.nextString();
                }
                case "shape" -> shape = readLongs(file, r, name, "shape");
                case "data_offsets" -> offsets = readLongs(file, r, name, "data_offsets");
                default -> r.skipValue(); // tolerated, as future writers may add fields
            }
        }
        r.endObject();
        if (dtype == null || shape == null || offsets == null) {
            String lacks = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
            throw new CheckpointException(file, "corrupt header: entry '" + name + "' has no " + lacks);
        }
        DType type = DType.byName(dtype);
        if (type == null) {
            throw new CheckpointException(file, "tensor '" + name + "' has dtype " + dtype + ", which cannot be read (only " + DType.readable() + " are)");
        }
        if (offsets.length != 2) {
            throw new CheckpointException(file, "corrupt header: data_offsets of '" + name + "' has " + offsets.length + " numbers, not 2");
        }
        int[] dims = new int[shape.length];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > Integer.MAX_VALUE) throw tooLarge(file, name, shape);
            dims[i] = (int) shape[i];
            numel *= shape[i];
            if (numel > Integer.MAX_VALUE / type.size) throw tooLarge(file, name, shape);
        }
        long begin = offsets[0], end = offsets[1];
        if (end < begin) {
            throw new CheckpointException(file, "corrupt header: data_offsets [" + begin + ", " + end + "] of '" + name + "' run backwards");
        }
        if (end - begin != numel * type.size) {
            throw new CheckpointException(file, "corrupt header: '" + name + "' (" + dtype + " " + Shape.str(dims) + ") needs "
                    + numel * type.size + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        return new Entry(name, type, dims, begin, end);
    }

    private static long[] readLongs(Path file, JsonReader r, String name, String field) throws IOException {
        if (r.peek() != JsonToken.BEGIN_ARRAY) throw new CheckpointException(file, "corrupt header: " + field + " of '" + name + "' is not an array");
        List<Long> values = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            long v = r.nextLong(); // throws NumberFormatException for fractions and non-numbers
            if (v < 0) throw new CheckpointException(file, "corrupt header: " + field + " of '" + name + "' holds negative " + v);
            values.add(v);
        }
        r.endArray();
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** The byte ranges, sorted, must tile [0, dataLength) exactly. */
    private static void checkLayout(Path file, List<Entry> entries, long dataLength) throws CheckpointException {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.end > dataLength) {
                throw new CheckpointException(file, "truncated or corrupt: '" + e.name + "' data_offsets [" + e.begin + ", " + e.end
                        + "] reach past the " + dataLength + " bytes of data in the file");
            }
            if (e.begin < expected) {
                throw new CheckpointException(file, "corrupt header: '" + e.name + "' [" + e.begin + ", " + e.end + ") overlaps '"
                        + previous.name + "' [" + previous.begin + ", " + previous.end + ")");
            }
            if (e.begin > expected) {
                throw new CheckpointException(file, "corrupt header: data bytes [" + expected + ", " + e.begin + ") belong to no tensor");
            }
            expected = e.end;
            if (e.end > e.begin || previous == null) previous = e;
        }
        if (expected != dataLength) {
            throw new CheckpointException(file, "corrupt header: tensors cover " + expected + " bytes but the file holds "
                    + dataLength + " bytes of data");
        }
    }

    private static CheckpointException tooLarge(Path file, String name, long[] shape) {
        return new CheckpointException(file, "tensor '" + name + "' of shape " + Arrays.toString(shape) + " is too large for one float array");
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
