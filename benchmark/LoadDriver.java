import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
        // Keep a connection per worker open between requests (the JDK keeps 5 idle ones per server by default), and
        // never send an order twice: the JDK sends a POST again by itself when a kept connection turns out closed.
        System.setProperty("http.maxConnections", "64");
        System.setProperty("sun.net.http.retryPost", "false");
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
            long sent = System.nanoTime();
            try {
                Answer response = exchange(url + "/api/orders", login, body, 30_000);
                latenciesMicros.add((System.nanoTime() - sent) / 1_000);
                if (response.status() == 202) {
                    accepted.incrementAndGet();
                    if (endToEnd) {
                        try {
                            // the updates stream ends when the order is final
                            Answer updates = exchange(URI.create(url).resolve(response.location()) + "/updates",
                                    login, null, 120_000);
                            if (updates.status() == 200) {
                                endToEndMicros.add((System.nanoTime() - sent) / 1_000);
                            } else {
                                followsFailed.incrementAndGet();
                            }
                        } catch (IOException e) {
                            followsFailed.incrementAndGet();
                        }
                    }
                } else {
                    failed.incrementAndGet();
                    if (failed.get() <= 5) {
                        System.err.println("HTTP " + response.status() + ": " + response.body());
                    }
                }
            } catch (IOException e) {
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
        // the driver shares the machine with the app: its own CPU per order says how much of it the load took
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();

        long[] sorted = latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] endToEndSorted = endToEndMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT,
                "{\"accepted\":%d,\"failed\":%d,\"followsFailed\":%d,\"seconds\":%.2f,\"offeredPerSecond\":%.1f,"
                        + "\"httpP50Ms\":%.2f,\"httpP99Ms\":%.2f,\"httpMaxMs\":%.2f,"
                        + "\"endToEndP50Ms\":%.2f,\"endToEndP99Ms\":%.2f,\"driverCpuMsPerOrder\":%.2f}%n",
                accepted.get(), failed.get(), followsFailed.get(), elapsed, (accepted.get() + failed.get()) / elapsed,
                percentile(sorted, 0.50) / 1000.0, percentile(sorted, 0.99) / 1000.0,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0,
                percentile(endToEndSorted, 0.50) / 1000.0, percentile(endToEndSorted, 0.99) / 1000.0,
                accepted.get() == 0 ? 0 : cpuNanos / 1e6 / accepted.get());
        System.exit(0);
    }

    private record Answer(int status, String location, String body) {
    }

    /** A POST of the given JSON body, or a GET of an event stream when body is null, read to its end. */
    private static Answer exchange(String target, String login, String body, int timeoutMillis) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(target).toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(timeoutMillis);
        connection.setRequestProperty("Authorization", login);
        if (body != null) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(bytes.length);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
        } else {
            connection.setRequestProperty("Accept", "text/event-stream");
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status, connection.getHeaderField("Location"), text);
        }
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
