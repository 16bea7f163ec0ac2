package app.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Errors that Tomcat answers before any servlet sees the request (a malformed request line or header, a header over
 * the size limit, a path that does not decode or normalise) are written by the host's error report valve, an HTML
 * page by default. Here that valve writes problem+json instead. What it cannot reach: a request Tomcat cannot parse
 * far enough to answer at all (it closes the connection), and errors after the response was committed.
 */
@Component
class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.setErrorReportValveClass(ProblemReportValve.class.getName());
            host.getPipeline().addValve(new ProblemReportValve());
        });
    }

    /** After Spring Boot's own customizer, which adds an HTML error report valve. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Tomcat's error report valve with a problem+json body; when and whether to write one is decided as Tomcat does. */
    public static class ProblemReportValve extends ErrorReportValve {

        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(JSON.writeValueAsString(body(status, response.getMessage())));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException ignored) {
                // the client is gone or the response cannot be written: nothing more can be said to it
            }
        }

        static Map<String, Object> body(int status, String message) {
            HttpStatus known = HttpStatus.resolve(status);
            String title = known != null ? known.getReasonPhrase() : "Error";
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "/problems/" + (status == 400 ? "malformed-request" : "http-" + status));
            body.put("title", title);
            body.put("status", status);
            body.put("detail", detail(status, message));
            return body;
        }

        private static String detail(int status, String message) {
            String given = message == null || message.isBlank() ? "" : " (" + message.strip() + ")";
            return switch (status) {
                case 400 -> "The HTTP request is malformed: its request line, a header or the encoding of its path"
                        + " cannot be accepted" + given + ".";
                case 413, 431 -> "The request or one of its headers is too large" + given + ".";
                case 414 -> "The request URI is too long" + given + ".";
                default -> "The request cannot be served" + given + ".";
            };
        }
    }
}
