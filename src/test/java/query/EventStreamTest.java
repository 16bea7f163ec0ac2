package query;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream's contract with the servlet container, on Spring's servlet mocks (the real web server is
 * {@code OrderUpdatesStreamIT}'s): events in the server-sent-event format, and an end that completes the response
 * without dispatching the request again.
 */
class EventStreamTest {

    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders/o-1/updates");
    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private final AtomicInteger ends = new AtomicInteger();

    EventStreamTest() {
        request.setAsyncSupported(true);
    }

    @Test
    void writesEventsAndEndsWithoutAnotherDispatch() throws Exception {
        EventStream stream = EventStream.start(request, response, Duration.ofMinutes(10), new ObjectMapper(),
                ended -> ends.incrementAndGet());

        assertThat(response.isCommitted()).as("committed before the first event").isTrue();
        assertThat(response.getContentType()).startsWith("text/event-stream");
        stream.send("order", "0", Map.of("status", "PENDING"));
        stream.send("order", "2", Map.of("status", "COMPLETED"));
        stream.end();

        assertThat(response.getContentAsString()).isEqualTo(
                "event:order\nid:0\ndata:{\"status\":\"PENDING\"}\n\n"
                        + "event:order\nid:2\ndata:{\"status\":\"COMPLETED\"}\n\n");
        MockAsyncContext async = (MockAsyncContext) request.getAsyncContext();
        assertThat(async.getTimeout()).isEqualTo(600_000);
        assertThat(async.getDispatchedPath()).as("dispatched again to end").isNull();
        assertThat(request.isAsyncStarted()).as("still open").isFalse();
        assertThat(ends).hasValue(1);
    }

    @Test
    void endsOnceWhateverEndsItAndSendsNothingAfter() throws Exception {
        EventStream stream = EventStream.start(request, response, Duration.ofSeconds(1), new ObjectMapper(),
                ended -> ends.incrementAndGet());
        MockAsyncContext async = (MockAsyncContext) request.getAsyncContext();
        List<AsyncListener> listeners = async.getListeners();

        for (AsyncListener listener : listeners) {
            listener.onTimeout(new AsyncEvent(async));
        }
        stream.end();
        stream.send("order", "1", Map.of("status", "CONFIRMED"));

        assertThat(ends).as("end actions run").hasValue(1);
        assertThat(response.getContentAsString()).isEmpty();
        assertThat(request.isAsyncStarted()).isFalse();
    }

    @Test
    void aClientThatLeftEndsTheStreamOnTheNextEvent() throws Exception {
        MockHttpServletResponse gone = new MockHttpServletResponse() {
            private final ServletOutputStream failing = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("Broken pipe");
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };

            @Override
            public ServletOutputStream getOutputStream() {
                return failing;
            }
        };
        EventStream stream = EventStream.start(request, gone, Duration.ofMinutes(10), new ObjectMapper(),
                ended -> ends.incrementAndGet());

        stream.send("order", "1", Map.of("status", "CONFIRMED"));

        assertThat(stream.hasEnded()).isTrue();
        assertThat(ends).hasValue(1);
        assertThat(request.isAsyncStarted()).isFalse();
    }
}
