package io.spamscorer.ops;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One response of the HTTP endpoint. Every response closes its connection ({@code Connection: close}): probes and
 * scrapers open one per request anyway, and no idle keep-alive connection can then hold a slot.
 *
 * @param allow the {@code Allow} header, or null
 */
record HttpReply(int status, String contentType, String body, String allow) {

    HttpReply {
        Objects.requireNonNull(contentType, "contentType == null");
        Objects.requireNonNull(body, "body == null");
    }

    static HttpReply of(final int status, final String contentType, final String body) {
        return new HttpReply(status, contentType, body, null);
    }

    /** Status line, headers and (unless {@code head}) the body; HEAD reports the Content-Length GET would send. */
    ByteBuffer encode(final boolean head) {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        final StringBuilder h = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(bytes.length).append("\r\n")
                .append("Cache-Control: no-store\r\n")
                .append("X-Content-Type-Options: nosniff\r\n")
                .append("Connection: close\r\n");
        if (allow != null) {
            h.append("Allow: ").append(allow).append("\r\n");
        }
        final byte[] headers = h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer out = ByteBuffer.allocate(headers.length + (head ? 0 : bytes.length));
        out.put(headers);
        if (!head) {
            out.put(bytes);
        }
        return out.flip();
    }

    private static String reason(final int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }
}
