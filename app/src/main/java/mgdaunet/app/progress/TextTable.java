package mgdaunet.app.progress;

import java.util.ArrayList;
import java.util.List;

/** Columns of text aligned under a header, two spaces apart, with no trailing spaces. */
final class TextTable {
    /** Where a column's cells sit: names left, numbers right. */
    enum Align { LEFT, RIGHT }

    private final List<String> header;
    private final List<Align> aligns;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> header, List<Align> aligns) {
        if (header.size() != aligns.size()) throw new IllegalArgumentException("table: " + header.size() + " headers, " + aligns.size() + " alignments");
        this.header = List.copyOf(header);
        this.aligns = List.copyOf(aligns);
    }

    void add(List<String> row) {
        if (row.size() != header.size()) throw new IllegalArgumentException("table: a row of " + row.size() + " cells for " + header.size() + " columns");
        rows.add(List.copyOf(row));
    }

    /** The header line and the rows, each prefixed with {@code indent}. */
    List<String> lines(String indent) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) widths[c] = Math.max(widths[c], row.get(c).length());
        }
        List<String> out = new ArrayList<>();
        out.add(format(header, widths, indent));
        for (List<String> row : rows) out.add(format(row, widths, indent));
        return out;
    }

    private String format(List<String> cells, int[] widths, String indent) {
        StringBuilder sb = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) sb.append("  ");
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            sb.append(aligns.get(c) == Align.RIGHT ? pad + cell : cell + pad);
        }
        return sb.toString().stripTrailing();
    }
}
