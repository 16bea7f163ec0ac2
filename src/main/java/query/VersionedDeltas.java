package query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The amounts one batch adds to a running total per row (a balance, a stock level), each with the version of the
 * aggregate event it comes from. Written one event at a time, each amount is guarded by {@code version < ?}, so an
 * event seen twice changes nothing. A row's amounts are written here as one update: their sum, guarded by the first
 * of their versions. It applies when the row has seen none of them, which is the case but for a replay that overlaps
 * what was already projected; then it changes nothing, and that row's amounts are written one by one, each with its
 * own guard, exactly as the events would have been.
 *
 * @param <N> the type of the amounts
 */
final class VersionedDeltas<N> {

    private record Delta<N>(N amount, long version) {
    }

    private final JdbcTemplate jdbc;
    private final String update;
    private final BinaryOperator<N> plus;
    private final Map<String, List<Delta<N>>> byRow = new LinkedHashMap<>();

    /**
     * @param update the guarded update of one row, with parameters amount, version, row key and version again:
     *               {@code ... set total = total + ?, version = ? where key = ? and version < ?}
     */
    VersionedDeltas(JdbcTemplate jdbc, String update, BinaryOperator<N> plus) {
        this.jdbc = jdbc;
        this.update = update;
        this.plus = plus;
    }

    void add(String key, N amount, long version) {
        byRow.computeIfAbsent(key, row -> new ArrayList<>()).add(new Delta<>(amount, version));
    }

    void write() {
        if (byRow.isEmpty()) {
            return;
        }
        Map<String, List<Delta<N>>> rows = new LinkedHashMap<>(byRow);
        byRow.clear();
        List<String> keys = new ArrayList<>(rows.keySet());
        List<Object[]> sums = new ArrayList<>(keys.size());
        for (String key : keys) {
            List<Delta<N>> deltas = rows.get(key);
            N sum = deltas.stream().map(Delta::amount).reduce(plus).orElseThrow();
            sums.add(new Object[] {sum, deltas.get(deltas.size() - 1).version(), key, deltas.get(0).version()});
        }
        int[] updated = jdbc.batchUpdate(update, sums);
        List<Object[]> oneByOne = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            List<Delta<N>> deltas = rows.get(key);
            if (updated[i] == 0 && deltas.size() > 1) {
                deltas.forEach(delta -> oneByOne.add(new Object[] {delta.amount(), delta.version(), key,
                        delta.version()}));
            }
        }
        if (!oneByOne.isEmpty()) {
            jdbc.batchUpdate(update, oneByOne);
        }
    }
}
