package io.spamscorer.ops;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection of {@link HttpListener}: the request head read so far, the response being written, and the
 * deadline of whichever step it is in. Only the selector thread touches it, except {@link #out}, which a worker sets
 * before handing the connection back.
 */
final class HttpConnection {

    final SocketChannel channel;
    final SelectionKey key;
    private final byte[] head = new byte[HttpListener.MAX_HEAD_BYTES];
    private int length;
    private boolean lingering;
    /** System.nanoTime() by which the current step must be done. */
    long deadline;
    /** Queued for or being run by a worker: no deadline applies. */
    boolean handling;
    volatile ByteBuffer out;

    HttpConnection(final SocketChannel channel, final SelectionKey key, final long deadline) {
        this.channel = channel;
        this.key = key;
        this.deadline = deadline;
    }

    /** Reads what has arrived: the index after the head once it is complete, 0 while not, -1 at end of stream. */
    int readHead() throws IOException {
        final int from = length;
        final int n = channel.read(ByteBuffer.wrap(head, from, head.length - from));
        if (n < 0) {
            return -1;
        }
        length += n;
        return Math.max(0, RequestHead.end(head, from, length));
    }

    /** The head filled its buffer without ending. */
    boolean headTooLarge() {
        return length == head.length;
    }

    RequestHead request(final int end) throws RequestHead.Malformed {
        return RequestHead.parse(head, end);
    }

    /**
     * Writes what the socket takes now. Once the response is out, shuts output and lingers until {@code lingerUntil}:
     * closing with unread input sends a reset, which can destroy the response before the client reads it.
     *
     * @return whether the whole response is written
     */
    boolean write(final long lingerUntil) throws IOException {
        channel.write(out);
        if (out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
            return false;
        }
        channel.shutdownOutput();
        lingering = true;
        deadline = lingerUntil;
        key.interestOps(SelectionKey.OP_READ);
        return true;
    }

    boolean lingering() {
        return lingering;
    }

    /** Reads and drops one buffer of what the client still sends; false at end of stream. */
    boolean drain() throws IOException {
        return channel.read(ByteBuffer.wrap(head)) >= 0;
    }

    static void closeQuietly(final AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (final Exception e) {
            // nothing to do: the connection is gone either way
        }
    }
}
