package io.spamscorer.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;

/**
 * One start of a launched broker, bounded by the startup timeout: waits until the broker serves requests and stores
 * its SCRAM users. A child that dies or misses the deadline fails the start with the tail of its log.
 */
final class BrokerStartup {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration SCRAM_CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int SCRAM_ITERATIONS = 4096;

    private final BrokerProcess process;
    private final BrokerDataDir dataDir;
    private final Duration startupTimeout;
    private final long deadlineNanos;

    BrokerStartup(final BrokerProcess process, final BrokerDataDir dataDir, final Duration startupTimeout,
                  final long startedAtNanos) {
        this.process = process;
        this.dataDir = dataDir;
        this.startupTimeout = startupTimeout;
        this.deadlineNanos = startedAtNanos + startupTimeout.toNanos();
    }

    void awaitReady(final int port, final int nodeId) {
        awaitPortOpen(port);
        try (Admin admin = Admin.create(ClientProperties.admin(LoopbackPorts.address(port)))) {
            while (!brokerRegistered(admin, nodeId)) {
                checkStillStarting();
                sleep(POLL_INTERVAL);
            }
        }
    }

    private void awaitPortOpen(final int port) {
        while (!LoopbackPorts.accepts(port, POLL_INTERVAL)) {
            checkStillStarting();
            sleep(POLL_INTERVAL);
        }
    }

    /** Fenced brokers are not listed by describeCluster, so being listed means this node is ready. */
    private static boolean brokerRegistered(final Admin admin, final int nodeId) {
        try {
            return admin.describeCluster().nodes()
                    .get(ClientProperties.ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .anyMatch(node -> node.id() == nodeId);
        } catch (final ExecutionException | TimeoutException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    /**
     * Stores the SCRAM credentials of the {@link EmbeddedKafka.Builder#scramUser} users in the cluster metadata
     * (again after a restart, which only renews the salt), then waits until the broker serves them, so a client may
     * log in at once.
     */
    void upsertScramUsers(final int port, final Map<String, String> scramUsers) {
        if (scramUsers.isEmpty()) {
            return;
        }
        final ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS);
        final List<UserScramCredentialAlteration> upserts = scramUsers.entrySet().stream()
                .<UserScramCredentialAlteration>map(e -> new UserScramCredentialUpsertion(e.getKey(), info, e.getValue()))
                .collect(Collectors.toList());
        try (Admin admin = Admin.create(ClientProperties.admin(LoopbackPorts.address(port)))) {
            admin.alterUserScramCredentials(upserts).all().get(SCRAM_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            while (!admin.describeUserScramCredentials(List.copyOf(scramUsers.keySet())).all()
                    .get(SCRAM_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values().stream()
                    .map(UserScramCredentialsDescription::credentialInfos)
                    .allMatch(infos -> infos.stream().anyMatch(i -> i.mechanism() == ScramMechanism.SCRAM_SHA_512))) {
                checkStillStarting();
                sleep(POLL_INTERVAL);
            }
        } catch (final ExecutionException | TimeoutException e) {
            process.stop();
            throw failure("cannot store the SCRAM users " + scramUsers.keySet() + ": " + e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing SCRAM users", e);
        }
    }

    private void checkStillStarting() {
        final Process child = process.current();
        if (!child.isAlive()) {
            process.closeParentPipe();
            throw failure("Kafka broker exited with status " + child.exitValue() + " during startup");
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            process.stop();
            throw failure("Kafka broker not ready within " + startupTimeout);
        }
    }

    private IllegalStateException failure(final String reason) {
        return new IllegalStateException(reason + "; last lines of " + dataDir.logFile() + ":\n" + dataDir.logTail());
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
