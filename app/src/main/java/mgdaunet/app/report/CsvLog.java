package mgdaunet.app.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only CSV file whose first column is the epoch, written so that a crash never costs
 * more than the rows being appended: rows are only ever appended (one write, then forced to
 * disk), never rewritten in place. A crash mid-append leaves at most a torn last line; reading
 * skips it, and {@link #resume} removes it together with the rows of epochs after the resume
 * point (by an atomic rewrite), so that a resumed run continues the same file.
 *
 * <p>Fields are quoted as RFC 4180 says when they hold a comma, a quote or a line break.
 */
public final class CsvLog {
    /** The name the first column must have. */
    public static final String EPOCH = "epoch";

    /** A header and the complete rows of a CSV file. */
    public record Table(List<String> header, List<List<String>> rows) {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    private final Path file;
    private final List<String> header;

    private CsvLog(Path file, List<String> header) {
        this.file = file;
        this.header = List.copyOf(header);
    }

    /** Starts {@code file} with just the header, replacing any file of that name. */
    public static CsvLog create(Path file, List<String> header) throws ReportFileException {
        checkHeader(header);
        ReportFiles.write(file, line(header));
        return new CsvLog(file, header);
    }

    /**
     * Continues {@code file} after epoch {@code lastEpoch}: its header must equal {@code header};
     * rows of later epochs and a torn last line are removed.
     */
    public static CsvLog resume(Path file, List<String> header, int lastEpoch) throws ReportFileException {
        checkHeader(header);
        Parsed parsed = parse(file);
        if (!parsed.table.header().equals(header)) {
            throw new ReportFileException(file, "cannot resume: its columns " + parsed.table.header() + " differ from this run's " + header);
        }
        List<List<String>> kept = new ArrayList<>();
        for (int i = 0; i < parsed.table.rows().size(); i++) {
            List<String> row = parsed.table.rows().get(i);
            int epoch;
            try {
                epoch = Integer.parseInt(row.getFirst());
            } catch (NumberFormatException e) {
                throw new ReportFileException(file, "row " + (i + 1) + ": epoch '" + row.getFirst() + "' is not an integer");
            }
            if (epoch <= lastEpoch) kept.add(row);
        }
        if (parsed.torn || kept.size() != parsed.table.rows().size()) {
            StringBuilder sb = new StringBuilder(line(header));
            for (List<String> row : kept) sb.append(line(row));
            ReportFiles.write(file, sb.toString());
        }
        return new CsvLog(file, header);
    }

    /** The header and complete rows of {@code file}; a torn last line (a crash mid-append) is skipped. */
    public static Table read(Path file) throws ReportFileException {
        return parse(file).table;
    }

    public Path file() {
        return file;
    }

    public List<String> header() {
        return header;
    }

    /** Appends rows (each as long as the header) in one write, forced to disk before returning. */
    public void append(List<List<String>> rows) throws ReportFileException {
        StringBuilder sb = new StringBuilder();
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(file + ": a row of " + row.size() + " fields for " + header.size() + " columns " + header);
            }
            sb.append(line(row));
        }
        ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        // No CREATE: appending to a file that vanished would silently start a headerless one.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (bytes.hasRemaining()) ch.write(bytes);
            ch.force(true); // the size is metadata: force it too, or the rows may vanish in a crash
        } catch (IOException e) {
            throw ReportFileException.of(file, "cannot append", e);
        }
    }

    private static void checkHeader(List<String> header) {
        if (header.isEmpty() || !header.getFirst().equals(EPOCH)) {
            throw new IllegalArgumentException("a CSV log's first column must be '" + EPOCH + "', got " + header);
        }
    }

    static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) sb.append(',');
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        return sb.append('\n').toString();
    }

    private record Parsed(Table table, boolean torn) {}

    private static Parsed parse(Path file) throws ReportFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ReportFileException.of(file, "cannot read", e);
        }
        boolean torn = false;
        // After a crash some file systems show the unwritten tail of an append as NUL bytes.
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            text = text.substring(0, nul);
            torn = true;
        }
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean complete = true; // the text so far ends at a record boundary
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            complete = false;
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
                complete = true;
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (!complete) torn = true; // a last line without its newline is a torn append
        if (records.isEmpty()) throw new ReportFileException(file, "no header line: the file is empty or truncated");
        List<String> header = records.getFirst();
        List<List<String>> rows = new ArrayList<>(records.subList(1, records.size()));
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != header.size()) {
                throw new ReportFileException(file, "line " + (i + 2) + " has " + rows.get(i).size() + " fields, the header " + header.size());
            }
        }
        return new Parsed(new Table(header, rows), torn);
    }
}
