package io.spamscorer.config;

/**
 * Bad configuration; the message names the key (and where it came from) and the problem. It is always one line,
 * even when it quotes a multi-line message from Kafka or the file system, as the CLI prints it as one.
 */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(final String message) {
        super(oneLine(message));
    }

    public ConfigurationException(final String message, final Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(final String message) {
        return message == null ? null : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
