package io.spamscorer.mail;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutations of the real test messages (byte flips, cuts, damaged boundaries and headers, huge lines, repeated chunks)
 * either parse or fail with {@link InvalidEmailException}: never another exception, never unbounded work. The seed
 * is fixed, so a failure names a reproducible case.
 */
class EmailParserFuzzTest {

    private static final long SEED = 20261130L;
    private static final int ROUNDS_PER_MESSAGE = 250;

    /** Small bounds make the cut paths run often. */
    private final EmailParser parser = new EmailParser(new EmailLimits(256 * 1024, 4096, 40, 512, 20, 4, 20, 200));

    @Test
    void shouldParseOrRejectEveryMutationOfRealMessages() {
        final Random random = new Random(SEED);
        for (final String name : RealMail.ALL) {
            final byte[] original = RealMail.bytes(name);
            for (int round = 0; round < ROUNDS_PER_MESSAGE; round++) {
                final int kind = random.nextInt(MUTATIONS);
                final byte[] mutated = mutate(original, kind, random);
                try {
                    assertNotNull(parser.parse(mutated));
                } catch (final InvalidEmailException expected) {
                    assertNotNull(expected.reasonClass());
                } catch (final RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    fail("seed " + SEED + ", " + name + ", round " + round + ", mutation " + kind + ": " + e, e);
                }
            }
        }
    }

    private static final int MUTATIONS = 9;

    static byte[] mutate(final byte[] original, final int kind, final Random random) {
        final byte[] raw = original.clone();
        switch (kind) {
            case 0 -> { // flip bytes anywhere
                for (int i = 0, n = 1 + random.nextInt(20); i < n; i++) {
                    raw[random.nextInt(raw.length)] = (byte) random.nextInt(256);
                }
                return raw;
            }
            case 1 -> { // cut anywhere
                return Arrays.copyOf(raw, random.nextInt(raw.length));
            }
            case 2 -> { // damage every boundary line
                return replaceAll(raw, "\n--", random.nextBoolean() ? "\n-" : "\n--=?x?");
            }
            case 3 -> { // a huge line somewhere
                return insert(raw, random.nextInt(raw.length), "A".repeat(100_000 + random.nextInt(100_000)));
            }
            case 4 -> { // break the charset and encoding labels
                return replaceAll(replaceAll(raw, "charset=", "charset=x-" + random.nextInt(9)), "base64", "base65");
            }
            case 5 -> { // unclosed or broken encoded-words and quoted-printable escapes
                return insert(raw, random.nextInt(raw.length), random.nextBoolean() ? "=?utf-8?B?////" : "=\n=Z=");
            }
            case 6 -> { // repeat a chunk many times (parts, headers)
                final int from = random.nextInt(raw.length);
                final int to = Math.min(raw.length, from + 1 + random.nextInt(400));
                final String chunk = new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
                return insert(raw, from, chunk.repeat(1 + random.nextInt(200)));
            }
            case 7 -> { // a nested multipart bomb in the middle
                final StringBuilder bomb = new StringBuilder("\nContent-Type: multipart/mixed; boundary=z\n\n");
                for (int i = 0; i < 300; i++) {
                    bomb.append("--z\nContent-Type: multipart/mixed; boundary=z").append(i).append("\n\n");
                }
                return insert(raw, random.nextInt(raw.length), bomb.toString());
            }
            default -> { // strip line breaks (a single enormous line) from a region
                final int from = random.nextInt(raw.length);
                for (int i = from; i < raw.length && i < from + 5_000; i++) {
                    if (raw[i] == '\n' || raw[i] == '\r') {
                        raw[i] = ' ';
                    }
                }
                return raw;
            }
        }
    }

    private static byte[] insert(final byte[] raw, final int at, final String text) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + text.length());
        out.write(raw, 0, at);
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        out.write(raw, at, raw.length - at);
        return out.toByteArray();
    }

    private static byte[] replaceAll(final byte[] raw, final String target, final String replacement) {
        return new String(raw, StandardCharsets.ISO_8859_1).replace(target, replacement).getBytes(StandardCharsets.ISO_8859_1);
    }
}
