package io.spamscorer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** config/spam-scorer.properties documents every scorer key with its default, and loads as it is. */
class ShippedConfigTest {

    private static final Path SHIPPED = Path.of("config", "spam-scorer.properties");
    private static final Pattern ENTRY = Pattern.compile("^#?(scorer\\.[a-z.]+)=(.*)$", Pattern.MULTILINE);

    @Test
    void shouldDocumentEveryScorerKeyWithItsDefault() throws IOException {
        final Map<String, String> documented = new TreeMap<>();
        final Matcher m = ENTRY.matcher(Files.readString(SHIPPED, StandardCharsets.UTF_8));
        while (m.find()) {
            documented.put(m.group(1), m.group(2).trim());
        }
        for (final Map.Entry<String, String> e : ScorerConfig.DEFAULTS.entrySet()) {
            assertTrue(documented.containsKey(e.getKey()), () -> SHIPPED + " does not mention " + e.getKey()
                    + " (as '" + e.getKey() + "=...' or '#" + e.getKey() + "=...')");
            assertEquals(e.getValue(), documented.get(e.getKey()), () -> SHIPPED + " gives " + e.getKey()
                    + " a value other than its default");
        }
        assertEquals(ScorerConfig.DEFAULTS.keySet(), documented.keySet(), SHIPPED + " mentions keys the scorer does not know");
    }

    @Test
    void shouldLoadTheShippedFileAsItIs() {
        assertEquals("emails.features", ScorerConfig.load(SHIPPED, Map.of()).inputTopic());
    }
}
