package io.spamscorer.config;

import io.spamscorer.config.ConfigSources.Setting;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, checked reads of the scorer's settings, falling back to {@link ScorerConfig#DEFAULTS}. Every failure is a
 * {@link ConfigurationException} naming the key, its value and where it came from.
 */
final class SettingReader {

    /**
     * Kafka Streams takes timeouts in whole milliseconds in a long: {@code KafkaStreams.close(Duration)} throws
     * IllegalArgumentException beyond this, which in the shutdown hook would leave Streams unclosed.
     */
    static final Duration MAX_DURATION = Duration.ofMillis(Long.MAX_VALUE);
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private final Map<String, Setting> settings;

    SettingReader(final Map<String, Setting> settings) {
        this.settings = settings;
    }

    String raw(final String key) {
        final Setting s = settings.get(key);
        if (s == null && emailModelDefault(key)) {
            return ScorerConfig.EMAIL_MODEL_PATH;
        }
        return s == null ? ScorerConfig.DEFAULTS.get(key) : s.value();
    }

    String where(final String key) {
        final Setting s = settings.get(key);
        if (s == null && emailModelDefault(key)) {
            return "default for " + ScorerConfig.INPUT_FORMAT + "=email";
        }
        return s == null ? "default" : s.origin();
    }

    /** Raw email needs a model with a featurizer, so its model file defaults to another path than features input. */
    private boolean emailModelDefault(final String key) {
        return ScorerConfig.MODEL_PATH.equals(key) && InputFormat.EMAIL.name().equalsIgnoreCase(raw(ScorerConfig.INPUT_FORMAT));
    }

    ConfigurationException invalid(final String key, final String problem) {
        return new ConfigurationException(key + " = '" + raw(key) + "' (from " + where(key) + ") is invalid: " + problem);
    }

    String text(final String key) {
        final String v = raw(key);
        if (v == null || v.isBlank()) {
            throw invalid(key, "it must not be blank");
        }
        return v;
    }

    String topic(final String key) {
        final String v = text(key);
        if (!v.matches("[a-zA-Z0-9._-]{1,249}") || ".".equals(v) || "..".equals(v)) {
            throw invalid(key, "a topic name has 1-249 characters from [a-zA-Z0-9._-]");
        }
        return v;
    }

    int integer(final String key, final int min, final int max) {
        final int v;
        try {
            v = Integer.parseInt(text(key));
        } catch (final NumberFormatException e) {
            throw invalid(key, "it must be an integer");
        }
        if (v < min || v > max) {
            throw invalid(key, "it must be between " + min + " and " + max);
        }
        return v;
    }

    long longInteger(final String key, final long min, final long max) {
        final long v;
        try {
            v = Long.parseLong(text(key).trim());
        } catch (final NumberFormatException e) {
            throw invalid(key, "it must be an integer");
        }
        if (v < min || v > max) {
            throw invalid(key, "it must be between " + min + " and " + max);
        }
        return v;
    }

    /** An optional topic: null when empty (off), else a checked topic name. */
    String optionalTopic(final String key) {
        final String v = raw(key);
        return v == null || v.isEmpty() ? null : topic(key);
    }

    /** {@code scorer.features.topic}: null when empty (off); only meaningful for raw email, whose vectors it republishes. */
    String featuresTopic(final InputFormat format) {
        final String v = raw(ScorerConfig.FEATURES_TOPIC);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (format != InputFormat.EMAIL) {
            throw invalid(ScorerConfig.FEATURES_TOPIC, "it is only used with " + ScorerConfig.INPUT_FORMAT
                    + "=email; leave it empty for " + ScorerConfig.INPUT_FORMAT + "=" + raw(ScorerConfig.INPUT_FORMAT));
        }
        return topic(ScorerConfig.FEATURES_TOPIC);
    }

    /**
     * An IP address literal, IPv4 or IPv6 (brackets optional). Host names are refused rather than looked up: a bind
     * address that depends on DNS at startup would be a surprise.
     */
    InetAddress ipAddress(final String key) {
        final String v = text(key).trim();
        final String literal = v.length() > 2 && v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
        final String problem = "it must be an IP address such as 0.0.0.0 (all interfaces), 127.0.0.1 or ::1"
                + " (host names are not looked up)";
        final Matcher v4 = IPV4.matcher(literal);
        try {
            if (v4.matches()) {
                final byte[] octets = new byte[4];
                for (int i = 0; i < 4; i++) {
                    final int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        throw invalid(key, problem);
                    }
                    octets[i] = (byte) octet;
                }
                return InetAddress.getByAddress(octets);
            }
            // Only hex digits, colons and dots: InetAddress parses it as an IPv6 literal and never asks DNS.
            if (literal.indexOf(':') >= 0 && IPV6_CHARS.matcher(literal).matches()) {
                return InetAddress.getByName(literal);
            }
        } catch (final UnknownHostException e) {
            throw invalid(key, problem);
        }
        throw invalid(key, problem);
    }

    short replicationFactor(final String key) {
        final int v = integer(key, -1, Short.MAX_VALUE);
        if (v == 0) {
            throw invalid(key, "it must be -1 (the broker's default) or between 1 and " + Short.MAX_VALUE);
        }
        return (short) v;
    }

    boolean bool(final String key) {
        final String v = text(key).toLowerCase(Locale.ROOT);
        if (!"true".equals(v) && !"false".equals(v)) {
            throw invalid(key, "it must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    <E extends Enum<E>> E choice(final String key, final Class<E> type) {
        final String v = text(key);
        for (final E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        final List<String> names = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw invalid(key, "it must be one of " + String.join(", ", names));
    }

    Duration duration(final String key) {
        final String v = text(key).trim().toLowerCase(Locale.ROOT);
        final Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw invalid(key, "it must be a duration such as 500ms, 30s, 10m, 1h or 7d (a bare number means milliseconds)");
        }
        final String unit = m.group(2) == null ? "ms" : m.group(2);
        final Duration d;
        try {
            final long n = Long.parseLong(m.group(1));
            d = switch (unit) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofMillis(n);
            };
        } catch (final NumberFormatException | ArithmeticException e) {
            throw tooLong(key);
        }
        if (d.compareTo(MAX_DURATION) > 0) {
            throw tooLong(key);
        }
        return d;
    }

    /** A duration of at least {@code min}. */
    Duration duration(final String key, final Duration min) {
        final Duration d = duration(key);
        if (d.compareTo(min) < 0) {
            throw invalid(key, "it must be at least " + min.toSeconds() + "s");
        }
        return d;
    }

    private ConfigurationException tooLong(final String key) {
        return invalid(key, "it must be at most " + MAX_DURATION.toMillis() + "ms (about 292 million years), the longest"
                + " Kafka Streams accepts as a timeout");
    }
}
