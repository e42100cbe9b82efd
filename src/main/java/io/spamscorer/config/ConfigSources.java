package io.spamscorer.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Merges a Java properties file with environment overrides. Environment variable {@code SPAM_SCORER_X_Y} sets key
 * {@code x.y}: strip the prefix, lower-case, {@code _} becomes {@code .} (so {@code SPAM_SCORER_BOOTSTRAP_SERVERS}
 * sets {@code bootstrap.servers} and {@code SPAM_SCORER_SCORER_INPUT_TOPIC} sets {@code scorer.input.topic}).
 * The environment wins over the file. Each value remembers its origin for error messages.
 */
public final class ConfigSources {

    public static final String ENV_PREFIX = "SPAM_SCORER_";

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
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
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
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (final NoSuchFileException e) {
            throw new ConfigurationException("config file " + file + " does not exist", e);
        } catch (final IOException | IllegalArgumentException e) {
            throw new ConfigurationException("config file " + file + " cannot be read: " + e.getMessage(), e);
        }
        return props;
    }
}
