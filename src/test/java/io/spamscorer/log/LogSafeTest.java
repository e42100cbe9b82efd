package io.spamscorer.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void shouldLeavePrintableTextAsItIs() {
        final String plain = "msg-1 <é> \"quoted\"";
        assertSame(plain, LogSafe.escape(plain));
    }

    @Test
    void shouldEscapeLineBreaksAndOtherControlCharacters() {
        assertEquals("a\\r\\nb\\tc\\u001b[0m\\u0000\\u007f\\u0085\\u2028", LogSafe.escape("a\r\nb\tc\u001b[0m\u0000\u007f\u0085\u2028"));
    }

    @Test
    void shouldDoubleBackslashesSoThatEscapesCannotBeFaked() {
        assertEquals("a\\\\nb", LogSafe.escape("a\\nb"));
    }

    @Test
    void shouldWriteNullAsNull() {
        assertEquals("null", LogSafe.escape(null));
    }
}
