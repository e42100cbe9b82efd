package io.spamscorer.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges a Java properties file with environment overrides. Environment variable {@code SPAM_SCORER_X_Y} sets key
 * {@code x.y}: strip the prefix, lower-case, {@code _} becomes {@code .} (so {@code SPAM_SCORER_BOOTSTRAP_SERVERS}
 * sets {@code bootstrap.servers} and {@code SPAM_SCORER_SCORER_INPUT_TOPIC} sets {@code scorer.input.topic}).
 * The environment wins over the file. Each value remembers its origin for error messages.
 *
 * <p>The file is read as strict UTF-8 (a leading byte-order mark is skipped) and may be at most
 * {@value #MAX_FILE_BYTES} bytes.
 */
public final class ConfigSources {

    public static final String ENV_PREFIX = "SPAM_SCORER_";

    /** Read by logback (see logback.xml), not Kafka settings: they would reach Kafka as log.level and root.log.level. */
    public static final Set<String> LOGGING_ENV = Set.of(ENV_PREFIX + "LOG_LEVEL", ENV_PREFIX + "ROOT_LOG_LEVEL");

    /** 1 MiB: a real config file is a few KiB; the bound keeps a wrong path (a device, a log file) from exhausting the heap. */
    static final int MAX_FILE_BYTES = 1 << 20;

    private ConfigSources() {
    }

    /** A merged setting: its value and where it came from (a file name or an environment variable). */
    public record Setting(String value, String origin) {
    }

    public static Map<String, Setting> load(final Path file, final Map<String, String> env) {
        final Map<String, Setting> out = new TreeMap<>();
        if (file != null) {
            final Properties props = readFile(file);
            for (final String key : props.stringPropertyNames()) {
                out.put(key, new Setting(props.getProperty(key).trim(), file.toString()));
            }
        }
        out.putAll(fromEnv(env));
        return out;
    }

    public static Map<String, Setting> fromEnv(final Map<String, String> env) {
        final Map<String, Setting> out = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length() && !LOGGING_ENV.contains(name)) {
                out.put(keyForEnv(name), new Setting(value.trim(), "environment variable " + name));
            }
        });
        return out;
    }

    /** {@code SPAM_SCORER_BOOTSTRAP_SERVERS} → {@code bootstrap.servers}. */
    public static String keyForEnv(final String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** {@code bootstrap.servers} → {@code SPAM_SCORER_BOOTSTRAP_SERVERS}. */
    public static String envForKey(final String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Properties readFile(final Path file) {
        final Properties props = new Properties();
        try {
            props.load(new StringReader(decode(file, readBounded(file))));
        } catch (final IOException | IllegalArgumentException e) {
            throw new ConfigurationException("config file " + file + " cannot be read: " + e.getMessage(), e);
        }
        return props;
    }

    private static byte[] readBounded(final Path file) {
        if (Files.isDirectory(file)) {
            throw new ConfigurationException("config file " + file + " is a directory, not a properties file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            final byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ConfigurationException("config file " + file + " is larger than " + MAX_FILE_BYTES
                        + " bytes (1 MiB); is this the right file?");
            }
            return bytes;
        } catch (final NoSuchFileException e) {
            throw new ConfigurationException("config file " + file + " does not exist", e);
        } catch (final IOException e) {
            throw new ConfigurationException("config file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Strict UTF-8: a wrong encoding (e.g. Latin-1 from an old editor) is named with its line, never guessed at. */
    private static String decode(final Path file, final byte[] bytes) {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            final int at = in.position();
            throw new ConfigurationException(String.format(Locale.ROOT,
                    "config file %s line %d is not valid UTF-8 (byte 0x%02X at offset %d); properties files are read"
                            + " as UTF-8: save the file as UTF-8, or write the character as a \\uXXXX escape",
                    file, lineOf(bytes, at), bytes[at] & 0xFF, at));
        }
        out.flip();
        final String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static int lineOf(final byte[] bytes, final int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            // Line terminators as Properties.load reads them: \n, \r\n or a lone \r.
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
    }
}
