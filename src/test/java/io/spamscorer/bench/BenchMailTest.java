package io.spamscorer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw messages of (e) and (f): every file as stored, in path order, cycled. */
class BenchMailTest {

    @Test
    void shouldReadEveryFileAsStoredInPathOrderAndCycle(@TempDir final Path dir) throws Exception {
        Files.createDirectories(dir.resolve("a/spam"));
        Files.createDirectories(dir.resolve("b"));
        Files.write(dir.resolve("a/spam/2"), bytes("Subject: two\r\n\r\nbody\r\n"));
        Files.write(dir.resolve("a/1"), bytes("Subject: one\n\nbody\n"));
        Files.write(dir.resolve("b/3"), new byte[] {'S', ':', ' ', (byte) 0xe9, '\n', '\n'});

        final BenchMail mail = BenchMail.read(List.of(dir.resolve("a"), dir.resolve("b")));

        assertEquals(3, mail.size());
        assertArrayEquals(bytes("Subject: one\n\nbody\n"), mail.message(0));
        assertArrayEquals(bytes("Subject: two\r\n\r\nbody\r\n"), mail.message(1));
        assertArrayEquals(new byte[] {'S', ':', ' ', (byte) 0xe9, '\n', '\n'}, mail.message(2));
        assertArrayEquals(mail.message(0), mail.message(3));
        assertEquals(19 + 22 + 6, mail.totalBytes());
        assertEquals(22, mail.largest());
    }

    @Test
    void shouldNameAMissingOrEmptyDirectory(@TempDir final Path dir) throws Exception {
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> BenchMail.read(List.of(dir.resolve("nope"))));
        assertTrue(missing.getMessage().contains(dir.resolve("nope").toString()), missing.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        final IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> BenchMail.read(List.of(dir.resolve("empty"))));
        assertTrue(empty.getMessage().contains("holds no message file"), empty.getMessage());
    }

    @Test
    void shouldReadTheRepositoryCorpus() {
        final BenchMail mail = BenchMail.read(List.of(Path.of("data/mail/train"), Path.of("data/mail/demo")));
        assertEquals(3_125, mail.size());
        assertTrue(Preload.maxRequestBytes(mail) > mail.largest(), "topics and producers take the largest message");
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
