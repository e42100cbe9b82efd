package io.spamscorer.kafka;

/** JAAS configuration lines of Kafka's login modules, shared by the broker's SASL listener and its clients. */
final class Jaas {

    private Jaas() {
    }

    static String plainLoginModule(final String options) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required " + options + ";";
    }

    static String scramLoginModule(final String username, final String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=" + quote(username)
                + " password=" + quote(password) + ";";
    }

    static String quote(final String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
