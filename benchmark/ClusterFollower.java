import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows orders on the instance that does not project them: places an order through the first instance, finds out
 * from both instances' admin endpoints which one holds the order-summary segment of that order, follows the order's
 * updates stream on the other one, and notes for every status sent while following how long after the status's own
 * time (the event's timestamp, so projection lag included) it arrived. Prints one JSON line.
 *
 * java ClusterFollower.java --urls http://127.0.0.1:18140,http://127.0.0.1:18141 --orders 20 --interval-ms 500
 *     [--user drill:drill-secret]
 */
public class ClusterFollower {

    private static final Pattern SEGMENT = Pattern.compile("\"segment\":(\\d+),\"mask\":(\\d+)");
    private static final Pattern STATUS_AT = Pattern.compile(
            "\"status\":\"([A-Z]+)\",\"at\":\"([^\"]+)\"");

    private static String authorization;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String[] urls = option(args, "--urls", "http://127.0.0.1:18140,http://127.0.0.1:18141").split(",");
        int orders = Integer.parseInt(option(args, "--orders", "20"));
        long interval = Long.parseLong(option(args, "--interval-ms", "500"));
        authorization = "Basic " + Base64.getEncoder().encodeToString(
                option(args, "--user", "drill:drill-secret").getBytes(StandardCharsets.UTF_8));

        ConcurrentLinkedQueue<Long> lagsMillis = new ConcurrentLinkedQueue<>();
        AtomicInteger finalSeen = new AtomicInteger();
        AtomicInteger onNonProjecting = new AtomicInteger();
        AtomicInteger unknownOwner = new AtomicInteger();
        AtomicInteger broken = new AtomicInteger();
        List<CompletableFuture<Void>> follows = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String body = "{\"customerId\":\"bench-c-" + (i % 200) + "\",\"items\":[{\"productId\":\"bench-p-"
                    + (i % 50) + "\",\"quantity\":1}]}";
            HttpResponse<String> placed = send(post(urls[0] + "/api/orders", body));
            Matcher id = Pattern.compile("\"orderId\":\"([^\"]+)\"").matcher(placed.body());
            if (placed.statusCode() != 202 || !id.find()) {
                System.err.println("placing failed: " + placed.statusCode() + " " + placed.body());
                continue;
            }
            String orderId = id.group(1);
            int projecting = projectingInstance(urls, orderId);
            int follower = projecting < 0 ? urls.length - 1 : (projecting + 1) % urls.length;
            if (projecting < 0) {
                unknownOwner.incrementAndGet();
            } else {
                onNonProjecting.incrementAndGet();
            }
            Instant since = Instant.now();
            HttpRequest follow = authorized(HttpRequest.newBuilder(
                    URI.create(urls[follower] + "/api/orders/" + orderId + "/updates")))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).build();
            follows.add(CLIENT.sendAsync(follow, HttpResponse.BodyHandlers.ofLines()).thenAccept(response ->
                    response.body().filter(line -> line.startsWith("data:")).forEach(line -> {
                        Instant received = Instant.now();
                        Matcher change = STATUS_AT.matcher(line);
                        String last = null;
                        Instant lastAt = null;
                        while (change.find()) {
                            last = change.group(1);
                            lastAt = Instant.parse(change.group(2));
                        }
                        // a status that happened before following started came with the first view, not as an update
                        if (lastAt != null && lastAt.isAfter(since)) {
                            lagsMillis.add(Duration.between(lastAt, received).toMillis());
                        }
                        if ("COMPLETED".equals(last) || "CANCELLED".equals(last)) {
                            finalSeen.incrementAndGet();
                        }
                    })).exceptionally(brokenStream -> {
                        // the instance followed on went away (the drill kills one)
                        broken.incrementAndGet();
                        return null;
                    }));
            Thread.sleep(interval);
        }
        CompletableFuture.allOf(follows.toArray(CompletableFuture[]::new)).get();
        List<Long> sorted = lagsMillis.stream().sorted().toList();
        System.out.printf("{\"followed\":%d,\"followedOnNonProjectingInstance\":%d,\"ownerUnknown\":%d,"
                        + "\"endedWithFinalStatus\":%d,\"updatesReceived\":%d,\"updateLagP50Ms\":%d,"
                        + "\"updateLagMaxMs\":%d,\"updatesLaterThan1s\":%d,\"streamsBroken\":%d}%n",
                follows.size(), onNonProjecting.get(), unknownOwner.get(), finalSeen.get(), sorted.size(),
                percentile(sorted, 0.5), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                sorted.stream().filter(lag -> lag > 1000).count(), broken.get());
    }

    /** The index of the instance holding the order-summary segment the order's id falls in, or -1. */
    private static int projectingInstance(String[] urls, String orderId) throws Exception {
        for (int i = 0; i < urls.length; i++) {
            HttpResponse<String> status = send(authorized(HttpRequest.newBuilder(
                    URI.create(urls[i] + "/api/admin/processors/order-summary"))).GET().build());
            Matcher segment = SEGMENT.matcher(status.body());
            while (segment.find()) {
                int id = Integer.parseInt(segment.group(1));
                int mask = Integer.parseInt(segment.group(2));
                if ((orderId.hashCode() & mask) == id) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static HttpRequest post(String url, String json) {
        return authorized(HttpRequest.newBuilder(URI.create(url)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** Every request goes through here, so that the credentials are set in one place. */
    private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.header("Authorization", authorization);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
