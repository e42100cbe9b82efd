package io.spamscorer.ops;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small non-blocking HTTP/1.x listener for the ops endpoint, made to face untrusted clients. One selector thread
 * accepts connections, reads request heads and writes responses; only complete requests reach the worker threads,
 * which run the handler and never touch a socket. So no client can hold a thread: the JDK server this replaces read
 * each head on an executor thread with a blocking read, and a few connections that sent half a request line (or
 * would not read a large response) held every thread while the health probes timed out.
 * <ul>
 *   <li>A connection must deliver its whole request head, at most {@value #MAX_HEAD_BYTES} bytes, within
 *   {@link #REQUEST_DEADLINE} of being accepted (idle, half-open and byte-dribbling clients are closed then), and
 *   take its response within {@link #RESPONSE_DEADLINE}; every response closes the connection.</li>
 *   <li>At most {@value #MAX_CONNECTIONS} connections are open. Beyond that a new connection closes the oldest one,
 *   so a probe's fresh connection always gets in and stalled ones make way.</li>
 *   <li>{@code /health/*} requests have a worker thread of their own, so they never wait behind scrapes.</li>
 * </ul>
 */
final class HttpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    static final int MAX_CONNECTIONS = 64;
    static final int MAX_HEAD_BYTES = 8192;
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(2);
    static final Duration RESPONSE_DEADLINE = Duration.ofSeconds(10);
    /**
     * After its response, a connection reads and drops what the client still sends (a body nobody wanted) for at
     * most this long: closing with unread input sends a reset, which can destroy the response before it is read.
     */
    static final Duration LINGER = Duration.ofSeconds(1);
    private static final long TICK_MILLIS = 100;
    private static final long LIMIT_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Answers one complete request; runs on a worker thread. */
    interface Handler {
        HttpReply handle(RequestHead request);
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Handler handler;
    private final Predicate<RequestHead> probe;
    /**
     * Probes have a worker of their own, so they never queue behind slow requests (a /metrics scrape takes
     * milliseconds, and a client can send up to the connection limit of them at once).
     */
    private final ExecutorService probes = Executors.newSingleThreadExecutor(daemonThreads("spam-scorer-http-probes-"));
    private final ExecutorService others = Executors.newSingleThreadExecutor(daemonThreads("spam-scorer-http-worker-"));
    /** In accept order, so the first evictable one is the oldest. Only the selector thread touches it. */
    private final LinkedHashSet<HttpConnection> open = new LinkedHashSet<>();
    private final Queue<HttpConnection> answered = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private final InetSocketAddress address;
    private volatile boolean running = true;
    private long limitLoggedAt = System.nanoTime() - LIMIT_LOG_INTERVAL_NANOS;

    private HttpListener(final ServerSocketChannel server, final Selector selector, final Handler handler,
                         final Predicate<RequestHead> probe) throws IOException {
        this.server = server;
        this.selector = selector;
        this.handler = handler;
        this.probe = probe;
        this.address = (InetSocketAddress) server.getLocalAddress();
        this.loop = new Thread(this::run, "spam-scorer-http");
        this.loop.setDaemon(true);
    }

    /** Binds and starts serving; requests that {@code probe} accepts are served by their own worker. */
    static HttpListener start(final InetSocketAddress address, final Handler handler, final Predicate<RequestHead> probe)
            throws IOException {
        final ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 128);
            server.configureBlocking(false);
            final Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            final HttpListener listener = new HttpListener(server, selector, handler, probe);
            listener.loop.start();
            return listener;
        } catch (final IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(1));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probes.shutdownNow();
        others.shutdownNow();
    }

    private void run() {
        while (running) {
            try {
                selector.select(TICK_MILLIS);
                final long now = System.nanoTime();
                for (HttpConnection c = answered.poll(); c != null; c = answered.poll()) {
                    startWriting(c, now);
                }
                final Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    final SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isAcceptable()) {
                        accept(now);
                    } else if (key.isValid()) {
                        serve((HttpConnection) key.attachment());
                    }
                }
                expire(now);
            } catch (final IOException | RuntimeException e) {
                // Keep serving the probes whatever one connection or one select did.
                LOG.warn("HTTP endpoint: {}", e.toString());
            }
        }
        for (final HttpConnection c : new ArrayList<>(open)) {
            close(c);
        }
        HttpConnection.closeQuietly(server);
        HttpConnection.closeQuietly(selector);
    }

    private void accept(final long now) {
        // At most a connection limit's worth per round, so a flood of connections cannot keep the loop from serving.
        for (int accepted = 0; accepted < MAX_CONNECTIONS; accepted++) {
            final SocketChannel channel;
            try {
                channel = server.accept();
            } catch (final IOException e) {
                // e.g. out of file descriptors: the listening socket stays ready, so pause a tick instead of spinning
                LOG.warn("HTTP endpoint cannot accept a connection: {}", e.toString());
                pause();
                return;
            }
            if (channel == null) {
                return;
            }
            if (open.size() >= MAX_CONNECTIONS) {
                evictOldest(now);
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                final SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                final HttpConnection c = new HttpConnection(channel, key, now + REQUEST_DEADLINE.toNanos());
                key.attach(c);
                open.add(c);
            } catch (final IOException e) {
                HttpConnection.closeQuietly(channel);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(TICK_MILLIS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes room for a new connection by closing the oldest: a probe connects, sends its request and is answered
     * within milliseconds, so only connections that have been open longer than that (stalled, slow or flooding) go.
     */
    private void evictOldest(final long now) {
        if (now - limitLoggedAt > LIMIT_LOG_INTERVAL_NANOS) {
            limitLoggedAt = now;
            LOG.warn("HTTP endpoint: {} connections open, its limit; each new one closes the oldest "
                    + "(slow, stalled or too many clients; logged at most once a minute)", open.size());
        }
        final Iterator<HttpConnection> oldest = open.iterator();
        if (oldest.hasNext()) {
            close(oldest.next());
        }
    }

    private void serve(final HttpConnection c) {
        try {
            if (c.lingering()) {
                if (!c.drain()) {
                    close(c);
                }
            } else if (c.out != null) {
                c.write(System.nanoTime() + LINGER.toNanos());
            } else {
                read(c);
            }
        } catch (final IOException | RuntimeException e) {
            LOG.debug("HTTP endpoint: connection dropped", e);
            close(c);
        }
    }

    private void read(final HttpConnection c) throws IOException {
        final int end = c.readHead();
        if (end < 0) {
            close(c);
            return;
        }
        if (end == 0) {
            if (c.headTooLarge()) {
                answerNow(c, HttpReply.of(431, OpsServer.TEXT, "request head larger than " + MAX_HEAD_BYTES + " bytes\n"));
            }
            return;
        }
        final RequestHead request;
        try {
            request = c.request(end);
        } catch (final RequestHead.Malformed e) {
            answerNow(c, HttpReply.of(e.status, OpsServer.TEXT, "malformed request\n"));
            return;
        }
        c.key.interestOps(0);
        c.handling = true;
        (probe.test(request) ? probes : others).execute(() -> {
            try {
                if (c.channel.isOpen()) { // else evicted while queued: skip the work
                    c.out = handler.handle(request).encode("HEAD".equals(request.method()));
                }
            } finally {
                answered.add(c);
                selector.wakeup();
            }
        });
    }

    private void answerNow(final HttpConnection c, final HttpReply reply) {
        c.out = reply.encode(false);
        startWriting(c, System.nanoTime());
    }

    private void startWriting(final HttpConnection c, final long now) {
        c.handling = false;
        if (!open.contains(c)) {
            return;
        }
        if (c.out == null) {
            close(c); // the handler failed without an answer
            return;
        }
        c.deadline = now + RESPONSE_DEADLINE.toNanos();
        try {
            c.write(now + LINGER.toNanos());
        } catch (final IOException | RuntimeException e) {
            LOG.debug("HTTP endpoint: client went away", e);
            close(c);
        }
    }

    private void expire(final long now) {
        final Iterator<HttpConnection> it = open.iterator();
        while (it.hasNext()) {
            final HttpConnection c = it.next();
            if (!c.handling && now - c.deadline > 0) {
                it.remove();
                HttpConnection.closeQuietly(c.channel);
            }
        }
    }

    private void close(final HttpConnection c) {
        open.remove(c);
        HttpConnection.closeQuietly(c.channel);
    }

    private static ThreadFactory daemonThreads(final String prefix) {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            final Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
