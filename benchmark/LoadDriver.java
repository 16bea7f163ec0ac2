import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Places orders over HTTP for a fixed time and prints one JSON line with what it saw. Closed loop (N workers, each
 * placing its next order when the last one was answered), closed loop end to end (each worker also follows its order's
 * updates stream until the order is final, so at most N orders are in flight), or open loop (a fixed rate, whatever
 * the answers do).
 *
 * java LoadDriver.java --url http://localhost:8080 --duration 60 --concurrency 16 --customers 200 --products 50
 * java LoadDriver.java --url http://localhost:8080 --duration 60 --concurrency 16 --end-to-end ...
 * java LoadDriver.java --url http://localhost:8080 --duration 60 --rate 100 ...
 *
 * Customers are named bench-c-0..N-1 and products bench-p-0..M-1; the benchmark script seeds them. Each order has
 * two lines of different products. It logs in with HTTP Basic as the user and password in the environment variables
 * EVENTSHOP_USER and EVENTSHOP_PASSWORD (an operator, who may order for every customer).
 */
public class LoadDriver {

    public static void main(String[] args) throws Exception {
        String url = option(args, "--url", "http://localhost:8080");
        String login = "Basic " + Base64.getEncoder().encodeToString((System.getenv().getOrDefault("EVENTSHOP_USER", "")
                + ":" + System.getenv().getOrDefault("EVENTSHOP_PASSWORD", "")).getBytes(StandardCharsets.UTF_8));
        int duration = Integer.parseInt(option(args, "--duration", "60"));
        int concurrency = Integer.parseInt(option(args, "--concurrency", "0"));
        int rate = Integer.parseInt(option(args, "--rate", "0"));
        int customers = Integer.parseInt(option(args, "--customers", "200"));
        int products = Integer.parseInt(option(args, "--products", "50"));
        boolean endToEnd = Arrays.asList(args).contains("--end-to-end");
        if ((concurrency > 0) == (rate > 0)) {
            throw new IllegalArgumentException("give either --concurrency or --rate");
        }

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(4, concurrency)))
                .build();
        ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> endToEndMicros = new ConcurrentLinkedQueue<>();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong followsFailed = new AtomicLong();
        long startNanos = System.nanoTime();
        long endNanos = startNanos + TimeUnit.SECONDS.toNanos(duration);

        Runnable placeOne = () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int first = random.nextInt(products);
            int second = (first + 1 + random.nextInt(products - 1)) % products;
            String body = "{\"customerId\":\"bench-c-" + random.nextInt(customers) + "\",\"items\":["
                    + "{\"productId\":\"bench-p-" + first + "\",\"quantity\":" + (1 + random.nextInt(2)) + "},"
                    + "{\"productId\":\"bench-p-" + second + "\",\"quantity\":1}]}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/orders"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", login)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                latenciesMicros.add((System.nanoTime() - sent) / 1_000);
                if (response.statusCode() == 202) {
                    accepted.incrementAndGet();
                    if (endToEnd) {
                        String location = response.headers().firstValue("Location").orElseThrow();
                        HttpRequest follow = HttpRequest.newBuilder(URI.create(url).resolve(location + "/updates"))
                                .timeout(Duration.ofSeconds(120))
                                .header("Accept", "text/event-stream")
                                .header("Authorization", login)
                                .build();
                        try {
                            client.send(follow, HttpResponse.BodyHandlers.discarding());
                            endToEndMicros.add((System.nanoTime() - sent) / 1_000);
                        } catch (IOException e) {
                            followsFailed.incrementAndGet();
                        }
                    }
                } else {
                    failed.incrementAndGet();
                    if (failed.get() <= 5) {
                        System.err.println("HTTP " + response.statusCode() + ": " + response.body());
                    }
                }
            } catch (IOException | InterruptedException e) {
                failed.incrementAndGet();
                if (failed.get() <= 5) {
                    System.err.println("request failed: " + e);
                }
            }
        };

        if (concurrency > 0) {
            ExecutorService workers = Executors.newFixedThreadPool(concurrency);
            for (int i = 0; i < concurrency; i++) {
                workers.submit(() -> {
                    while (System.nanoTime() < endNanos) {
                        placeOne.run();
                    }
                });
            }
            workers.shutdown();
            workers.awaitTermination(duration + 60L, TimeUnit.SECONDS);
        } else {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            ExecutorService senders = Executors.newFixedThreadPool(Math.max(8, rate / 5));
            long periodNanos = 1_000_000_000L / rate;
            ticker.scheduleAtFixedRate(() -> {
                if (System.nanoTime() < endNanos) {
                    senders.submit(placeOne);
                }
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            ticker.awaitTermination(duration, TimeUnit.SECONDS);
            ticker.shutdownNow();
            senders.shutdown();
            senders.awaitTermination(60, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;

        long[] sorted = latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] endToEndSorted = endToEndMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT,
                "{\"accepted\":%d,\"failed\":%d,\"followsFailed\":%d,\"seconds\":%.2f,\"offeredPerSecond\":%.1f,"
                        + "\"httpP50Ms\":%.2f,\"httpP99Ms\":%.2f,\"httpMaxMs\":%.2f,"
                        + "\"endToEndP50Ms\":%.2f,\"endToEndP99Ms\":%.2f}%n",
                accepted.get(), failed.get(), followsFailed.get(), elapsed, (accepted.get() + failed.get()) / elapsed,
                percentile(sorted, 0.50) / 1000.0, percentile(sorted, 0.99) / 1000.0,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0,
                percentile(endToEndSorted, 0.50) / 1000.0, percentile(endToEndSorted, 0.99) / 1000.0);
        System.exit(0);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String option(String[] args, String name, String fallback) {
        List<String> list = new ArrayList<>(Arrays.asList(args));
        int at = list.indexOf(name);
        return at >= 0 && at + 1 < list.size() ? list.get(at + 1) : fallback;
    }
}
