package io.spamscorer.ops;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * The request line of an HTTP/1.x request head: method and decoded path. The header fields are not needed (every
 * endpoint is a GET without parameters, and every response closes the connection), so they are skipped unparsed;
 * their size is bounded by the reader.
 */
record RequestHead(String method, String path) {

    /**
     * Where the head {@code buf[0, length)} ends (the index after its empty line), or -1 while incomplete. A bare LF
     * ends a line as well as CRLF does (RFC 9112 section 2.2).
     */
    static int end(final byte[] buf, final int from, final int length) {
        for (int i = Math.max(from, 1); i < length; i++) {
            if (buf[i] == '\n' && (buf[i - 1] == '\n' || (i >= 2 && buf[i - 1] == '\r' && buf[i - 2] == '\n'))) {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Parses the request line of a complete head.
     *
     * @throws Malformed with the status to answer, 400 or 505
     */
    static RequestHead parse(final byte[] buf, final int length) throws Malformed {
        int eol = 0;
        while (eol < length && buf[eol] != '\n') {
            eol++;
        }
        final String line = new String(buf, 0, eol > 0 && buf[eol - 1] == '\r' ? eol - 1 : eol, StandardCharsets.ISO_8859_1);
        final String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !parts[0].matches("[A-Z]{1,16}")) {
            throw new Malformed(400);
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new Malformed(parts[2].startsWith("HTTP/") ? 505 : 400);
        }
        try {
            // Decoded as the JDK server's getRequestURI().getPath() did: origin form "/a?b" or absolute form.
            final String path = new URI(parts[1]).getPath();
            if (path == null || !path.startsWith("/")) {
                throw new Malformed(400);
            }
            return new RequestHead(parts[0], path);
        } catch (final URISyntaxException e) {
            throw new Malformed(400);
        }
    }

    /** A request line that cannot be served; {@link #status} is the answer. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Malformed(final int status) {
            super("malformed request line (" + status + ")", null, false, false);
            this.status = status;
        }
    }
}
