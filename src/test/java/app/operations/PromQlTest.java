package app.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricsOfAnExpressionAndNothingElse() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (processor, le) "
                + "(rate(axon_processor_event_handling_seconds_bucket{processor=~\"order-.*\"}[$__rate_interval])))"))
                .containsExactly("axon_processor_event_handling_seconds_bucket");
        assertThat(PromQl.metricNames("max by (processor) (eventshop_processor_lag_events) > 100 and "
                + "max by (processor) (deriv(eventshop_processor_lag_events[5m])) > 0 or vector(0)"))
                .containsExactly("eventshop_processor_lag_events");
        assertThat(PromQl.metricNames("sum(rate(a_total{status=~\"5..\"}[5m])) / sum(rate(b_total[5m])) > 1e-2"))
                .containsExactly("a_total", "b_total");
        assertThat(PromQl.metricNames("up{job=\"eventshop\"} == 0")).containsExactly("up");
    }
}
