package app.axon;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

import org.axonframework.common.IdentifierFactory;

/**
 * Random (version 4) UUIDs, as Axon's default gives every message, but each thread draws from a secure generator of
 * its own. {@link UUID#randomUUID()} draws every id of the process from one {@code SecureRandom}, which on Linux holds
 * one lock for the whole JVM: with a dozen ids per order drawn on the request, saga and projection threads, a request
 * thread waited up to 92 ms on that lock whenever its holder was preempted on two busy cores (benchmark/NOTES.md,
 * ninth round). Each thread's generator is a DRBG seeded from the system's entropy, so the ids are as unpredictable
 * as before; an order's id is one of them.
 * <p>
 * Axon finds this factory through {@code META-INF/services}; the ids of orders, products and requests come from
 * {@link IdentifierFactory#getInstance()} too.
 */
public final class PerThreadRandomIdentifiers extends IdentifierFactory {

    private static final ThreadLocal<SecureRandom> GENERATORS =
            ThreadLocal.withInitial(PerThreadRandomIdentifiers::generator);

    @Override
    public String generateIdentifier() {
        byte[] bytes = new byte[16];
        GENERATORS.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        return new UUID(bigEndian(bytes, 0), bigEndian(bytes, 8)).toString();
    }

    private static long bigEndian(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK has no DRBG SecureRandom", e);
        }
    }
}
