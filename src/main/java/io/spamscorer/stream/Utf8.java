package io.spamscorer.stream;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 validation of an input value. Jackson rejects most malformed UTF-8 but decodes overlong sequences
 * (e.g. {@code C0 AF} as '/'), which would let a byte-level filter upstream be bypassed. All-ASCII values, the
 * common case, cost one pass over the bytes.
 */
final class Utf8 {

    private Utf8() {
    }

    static void check(final byte[] value) {
        for (final byte b : value) {
            if (b < 0) {
                decodeStrictly(value);
                return;
            }
        }
    }

    private static void decodeStrictly(final byte[] value) {
        final ByteBuffer in = ByteBuffer.wrap(value);
        final CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, CharBuffer.allocate(value.length), true);
        if (result.isError()) {
            throw new InvalidRecordException(Reason.NOT_JSON,
                    "value is not valid UTF-8: malformed byte sequence at byte " + in.position());
        }
    }
}
