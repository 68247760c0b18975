package mgdaunet.app.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of {@code metrics.csv}: one task on one split ({@link MetricsCsv#TRAIN} or
 * {@link MetricsCsv#VALIDATION}) at the end of one epoch, with its values by column name (loss,
 * the task's metrics, weight, lr, seconds, ...). A column a row has no value for stays empty.
 */
public record MetricsRow(int epoch, String task, String split, Map<String, Double> values) {
    public MetricsRow {
        if (epoch < 0) throw new IllegalArgumentException("metrics row: negative epoch " + epoch);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of {@code column}, NaN when the row has none. */
    public double get(String column) {
        Double v = values.get(column);
        return v == null ? Double.NaN : v;
    }

    public static Builder builder(int epoch, String task, String split) {
        return new Builder(epoch, task, split);
    }

    /** Collects a row's values in column order. */
    public static final class Builder {
        private final int epoch;
        private final String task;
        private final String split;
        private final Map<String, Double> values = new LinkedHashMap<>();

        private Builder(int epoch, String task, String split) {
            this.epoch = epoch;
            this.task = task;
            this.split = split;
        }

        public Builder put(String column, double value) {
            values.put(column, value);
            return this;
        }

        public Builder putAll(Map<String, Double> more) {
            values.putAll(more);
            return this;
        }

        public MetricsRow build() {
            return new MetricsRow(epoch, task, split, values);
        }
    }
}
