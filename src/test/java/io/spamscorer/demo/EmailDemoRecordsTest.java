package io.spamscorer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.mail.InvalidEmailException;
import io.spamscorer.train.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmailDemoRecordsTest {

    private static final Path DEMO = Path.of("data/mail/demo");
    private static final long LIMIT = 256 * 1024;

    @Test
    void shouldSendEveryHeldOutMessageKeyedByFileWithItsLabelInASeededOrder() {
        final List<DemoRecord> a = EmailDemoRecords.build(DEMO, null, 42, LIMIT);
        final List<DemoRecord> messages = a.stream().filter(d -> !d.malformed()).toList();
        assertEquals(319, messages.size());
        assertEquals(55, messages.stream().filter(d -> d.label() == 1).count());
        for (final DemoRecord d : messages) {
            assertTrue(d.id().startsWith(d.label() == 1 ? "spam/" : "ham/"), d.id());
            assertTrue(Files.exists(DEMO.resolve(d.id())), d.id());
        }
        assertEquals(a.stream().map(DemoRecord::id).toList(),
                EmailDemoRecords.build(DEMO, null, 42, LIMIT).stream().map(DemoRecord::id).toList());
        assertNotEquals(a.stream().map(DemoRecord::id).toList(),
                EmailDemoRecords.build(DEMO, null, 43, LIMIT).stream().map(DemoRecord::id).toList());
        assertEquals(10 + 5, EmailDemoRecords.build(DEMO, 10, 42, LIMIT).size());
    }

    @Test
    void shouldMixInRecordsTheParserRejectsForEachReason() {
        final List<DemoRecord> malformed = EmailDemoRecords.build(DEMO, null, 42, LIMIT).stream()
                .filter(DemoRecord::malformed).toList();
        assertEquals(EmailDemoRecords.MALFORMED_KEYS, malformed.stream().map(DemoRecord::id).toList());
        final EmailParser parser = new EmailParser(EmailLimits.defaults().withMaxBytes(LIMIT));
        final List<String> reasons = malformed.stream().filter(d -> d.value() != null)
                .map(d -> assertThrows(InvalidEmailException.class, () -> parser.parse(d.value())).reasonClass()).toList();
        assertEquals(List.of("not_email", "not_email", "empty", "too_large"), reasons);
        assertNull(malformed.get(3).value());
    }

    @Test
    void shouldNameADirectoryWithoutHamOrSpam(@TempDir final Path dir) {
        final DatasetException e = assertThrows(DatasetException.class, () -> EmailDemoRecords.build(dir, null, 1, LIMIT));
        assertEquals(dir + ": has no ham/ folder; the email demo needs ham/ and spam/", e.getMessage());
    }
}
