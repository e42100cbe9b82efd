package io.spamscorer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the properties file (encoding, size) and the environment (what is and is not a setting). */
class ConfigSourcesTest {

    @TempDir
    Path dir;

    private Path write(final byte[] bytes) throws IOException {
        final Path f = dir.resolve("scorer.properties");
        Files.write(f, bytes);
        return f;
    }

    private static byte[] latin1(final String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String rejected(final Path file) {
        final String msg = assertThrows(ConfigurationException.class, () -> ConfigSources.load(file, Map.of())).getMessage();
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.contains(file.toString()), msg);
        return msg;
    }

    @Test
    void shouldNameTheLineAndTheEncodingOfANonUtf8File() throws IOException {
        final Path f = write(latin1("bootstrap.servers=b:9092\n# Empfänger\nscorer.input.topic=in\n"));
        final String msg = rejected(f);
        assertTrue(msg.contains("line 2 is not valid UTF-8"), msg);
        assertTrue(msg.contains("0xE4"), msg);
        assertTrue(msg.contains("read as UTF-8"), msg);
    }

    @Test
    void shouldCountCrLfAndLoneCrAsOneLineEach() throws IOException {
        assertTrue(rejected(write(latin1("a=1\r\nb=2\r\nc=caf\u00e9\r\n"))).contains("line 3 "));
        assertTrue(rejected(write(latin1("a=1\rb=2\rc=3\rd=caf\u00e9\r"))).contains("line 4 "));
    }

    @Test
    void shouldReadUtf8IncludingNonAsciiValues() throws IOException {
        final Path f = write("scorer.model.path=models/caf\u00e9.json\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("models/caf\u00e9.json", ConfigSources.load(f, Map.of()).get("scorer.model.path").value());
    }

    @Test
    void shouldSkipAUtf8ByteOrderMark() throws IOException {
        // Windows editors write one; without skipping it the first key would be "\uFEFFbootstrap.servers".
        final byte[] text = "bootstrap.servers=b:9092\n".getBytes(StandardCharsets.UTF_8);
        final byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        assertEquals("b:9092", ScorerConfig.load(write(withBom), Map.of()).streamsProperties().get("bootstrap.servers"));
    }

    @Test
    void shouldRejectAFileLargerThanOneMebibyteInOneLine() throws IOException {
        final byte[] big = new byte[ConfigSources.MAX_FILE_BYTES + 1];
        Arrays.fill(big, (byte) '#');
        final String msg = rejected(write(big));
        assertTrue(msg.contains("larger than 1048576 bytes"), msg);
    }

    @Test
    void shouldAcceptAFileOfExactlyTheLimit() throws IOException {
        final byte[] limit = new byte[ConfigSources.MAX_FILE_BYTES];
        Arrays.fill(limit, (byte) '#');
        assertTrue(ConfigSources.load(write(limit), Map.of()).isEmpty());
    }

    @Test
    void shouldRejectAnEndlessDeviceInsteadOfRunningOutOfMemory() {
        final Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "no /dev/zero here");
        final String msg = assertThrows(ConfigurationException.class, () -> ConfigSources.load(zero, Map.of())).getMessage();
        assertTrue(msg.contains("/dev/zero") && msg.contains("larger than"), msg);
    }

    @Test
    void shouldKeepTheLogLevelVariablesOutOfTheKafkaSettings() {
        final Map<String, String> env = Map.of("SPAM_SCORER_BOOTSTRAP_SERVERS", "b:9092",
                "SPAM_SCORER_LOG_LEVEL", "DEBUG", "SPAM_SCORER_ROOT_LOG_LEVEL", "INFO");
        assertFalse(ConfigSources.fromEnv(env).containsKey("log.level"));
        assertFalse(ConfigSources.fromEnv(env).containsKey("root.log.level"));
        final ScorerConfig c = ScorerConfig.load(null, env);
        assertFalse(c.streamsProperties().containsKey("log.level"), c.describe());
        assertFalse(c.streamsProperties().containsKey("root.log.level"), c.describe());
        assertFalse(c.describe().contains("log.level"), c.describe());
    }

    @Test
    void shouldMakeEveryConfigurationMessageOneLine() {
        assertEquals("a b c", new ConfigurationException("a\n  b\r\nc\n").getMessage());
    }
}
