package app.cluster;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The instances that share the database, as {@code cluster_node} knows them. Times are the database's own, so that
 * the clocks of the instances' machines do not matter.
 */
@Component
class ClusterNodes {

    private final JdbcTemplate jdbc;
    private final ClusterSettings settings;

    ClusterNodes(JdbcTemplate jdbc, ClusterSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    void alive() {
        if (jdbc.update("update cluster_node set last_seen = current_timestamp where node_id = ?",
                settings.nodeId()) == 0) {
            jdbc.update("insert into cluster_node (node_id, last_seen) values (?, current_timestamp)",
                    settings.nodeId());
        }
    }

    /** This instance included: it counts itself even before its first heartbeat is stored. */
    int live() {
        Integer others = jdbc.queryForObject("select count(*) from cluster_node where node_id <> ?"
                + " and last_seen > current_timestamp - interval '" + settings.nodeTimeout().toSeconds() + "' second",
                Integer.class, settings.nodeId());
        return 1 + (others == null ? 0 : others);
    }

    void leave() {
        jdbc.update("delete from cluster_node where node_id = ?", settings.nodeId());
    }

    /** Rows of instances gone for an hour are of no use to anyone. */
    void forgetLongGone() {
        jdbc.update("delete from cluster_node where last_seen < current_timestamp - interval '3600' second");
    }
}
