package app.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The front page of Swagger UI: what eventshop is, the story to try, and the tags in the order of that story, each
 * tag holding the reads beside the writes of the same thing. The operations' examples are that story: executed top
 * to bottom they open an account, add a product and place an order that completes.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    /** In the order a newcomer needs them: an order needs an account and a product first. */
    static final List<Tag> STORY = List.of(
            tag("Accounts", "Customer accounts in the shop's currency: open one, read the balance, deposit, withdraw."),
            tag("Products", "The catalogue: add products, read prices and the units that can still be ordered,"
                    + " restock."),
            tag("Orders", "Place an order (the saga then pays, reserves the stock and completes it, or cancels it"
                    + " and gives everything back), read it, follow it live, read the shop's figures."),
            tag("Customers", "What each customer ordered and spent."),
            tag("Audit", "The stored events themselves, as the event store holds them."),
            tag("Operations", "Event processors, projection rebuilds, dead letters, and the relays to Kafka and Redis"
                    + " Streams."));

    @Bean
    OpenAPI eventshopApi(@Value("${eventshop.version:unknown}") String version,
                         @Value("${eventshop.currency:THB}") String currency) {
        return new OpenAPI().info(new Info()
                .title("eventshop")
                .version(version)
                .description(description(currency)));
    }

    /** Within each tag, the paths in the order the story uses them; paths not named here follow in their tag. */
    static final List<String> STORY_PATHS = List.of(
            "/api/accounts", "/api/accounts/{customerId}", "/api/accounts/{customerId}/deposits",
            "/api/accounts/{customerId}/withdrawals",
            "/api/products", "/api/products/{productId}", "/api/products/{productId}/restock",
            "/api/orders", "/api/orders/{orderId}", "/api/orders/{orderId}/updates", "/api/orders/stats",
            "/api/customers/{customerId}/stats",
            "/api/events",
            "/api/admin/processors", "/api/admin/processors/{name}", "/api/admin/processors/{name}/replay",
            "/api/admin/dead-letters", "/api/admin/dead-letters/{group}/retry",
            "/api/admin/dead-letters/{group}/{sequenceId}");

    /** Springdoc lists tags and paths in the order it found the controllers; the story decides it here. */
    @Bean
    OpenApiCustomizer storyOrder() {
        return openApi -> {
            List<Tag> tags = new ArrayList<>(STORY);
            if (openApi.getTags() != null) {
                openApi.getTags().stream()
                        .filter(tag -> STORY.stream().noneMatch(known -> known.getName().equals(tag.getName())))
                        .forEach(tags::add);
            }
            openApi.setTags(tags);
            Comparator<String> byStory = Comparator.comparingInt(path -> {
                int index = STORY_PATHS.indexOf(path);
                return index < 0 ? STORY_PATHS.size() : index;
            });
            Paths ordered = new Paths();
            for (Tag tag : STORY) {
                openApi.getPaths().keySet().stream()
                        .filter(path -> firstTag(openApi.getPaths().get(path)).equals(tag.getName()))
                        .sorted(byStory)
                        .forEach(path -> ordered.addPathItem(path, openApi.getPaths().get(path)));
            }
            openApi.getPaths().forEach(ordered::putIfAbsent);
            openApi.setPaths(ordered);
        };
    }

    /**
     * Free-form maps would show in Swagger UI as {@code additionalProp1}, and the stream endpoint as the fields of
     * Spring's emitter class: both are replaced by what the client really gets.
     */
    @Bean
    OpenApiCustomizer realisticSchemas() {
        return openApi -> {
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            Schema<?> problem = schemas.get("ProblemDetail");
            if (problem != null && problem.getProperties() != null) {
                // Spring writes a problem's extra properties (such as errors) beside the standard ones.
                problem.getProperties().remove("properties");
            }
            Schema<?> event = schemas.get("StoredEvent");
            if (event != null && event.getProperties() != null) {
                event.getProperties().get("data").example(Map.of("customerId", "alice", "currency", "THB"));
                event.getProperties().get("metadata").example(Map.of(
                        "correlationId", "9b2f6a4e-1c3d-4e5f-8a7b-6c5d4e3f2a1b",
                        "causationId", "9b2f6a4e-1c3d-4e5f-8a7b-6c5d4e3f2a1b",
                        "userId", "anonymous", "source", "payments"));
            }
            openApi.getPaths().values().stream()
                    .flatMap(item -> item.readOperations().stream())
                    .flatMap(operation -> operation.getResponses().values().stream())
                    .filter(response -> response.getContent() != null)
                    .map(response -> response.getContent().get("text/event-stream"))
                    .filter(media -> media != null)
                    .forEach(media -> media.schema(new StringSchema().example(
                            "event:order\nid:2\ndata:{\"orderId\":\"…\",\"status\":\"COMPLETED\",…}\n\n")));
            schemas.remove("SseEmitter");
        };
    }

    private static String firstTag(PathItem item) {
        return item.readOperations().stream()
                .map(Operation::getTags)
                .filter(tags -> tags != null && !tags.isEmpty())
                .map(tags -> tags.get(0))
                .findFirst()
                .orElse("");
    }

    private static Tag tag(String name, String description) {
        return new Tag().name(name).description(description);
    }

    private static String description(String currency) {
        return """
                An order-processing back end built the event-driven way: event sourcing, CQRS and an orchestrating \
                saga. Placing an order starts the saga, which charges the customer's account, reserves the stock \
                and completes the order, or cancels it and gives the money and the stock back.

                **Try the story** by running each group's examples from top to bottom (*Try it out*, *Execute*): \
                open an account for `alice`, add the product `keyboard-01`, place the example order and follow it \
                until it is `COMPLETED`, then see alice's balance, the product's stock and the stored events. The \
                order id the placement answers is what the order reads ask for.

                **Money** is in %s (Thai baht): an amount is a JSON number in baht, with at most two decimals \
                (`1000.50` is one thousand baht and fifty satang). Prices come from the catalogue, never from the \
                client.

                **Reads are eventually consistent**: a read follows the write a moment behind, so something just \
                created may answer 404 for a moment; retry, or send `Prefer: wait=2` when reading an order.

                **Errors** are `application/problem+json` (RFC 9457) with `type`, `title`, `status` and `detail`; \
                invalid fields are listed under `errors`.

                Links: [OpenAPI document](/v3/api-docs) · [health](/actuator/health) · \
                [metrics](/actuator/prometheus)
                """.formatted(currency);
    }
}
