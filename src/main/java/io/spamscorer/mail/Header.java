package io.spamscorer.mail;

import java.util.Objects;

/** One top-level header field: the name as written, the value unfolded and RFC 2047-decoded. */
public record Header(String name, String value) {

    public Header {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(value, "value == null");
    }
}
