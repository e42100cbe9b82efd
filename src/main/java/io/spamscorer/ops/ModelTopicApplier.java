package io.spamscorer.ops;

import io.spamscorer.config.InputFormat;
import io.spamscorer.log.LogSafe;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelException;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one model-topic record to the {@link ModelHolder} ({@link ModelTopicProtocol}): a live model swaps the live
 * model, or promotes the shadow when it equals it; the shadow slot sets or (tombstone) removes the shadow. Called by
 * the watcher's one thread only, so reading the snapshot and then writing it is not a race.
 */
final class ModelTopicApplier {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTopicWatcher.class);

    private final ModelHolder holder;
    private final ModelEvents events;
    private final InputFormat format;
    private final Model deployed;
    private final String deployedName;

    ModelTopicApplier(final ModelHolder holder, final ModelEvents events, final InputFormat format, final Model deployed,
                      final String deployedName) {
        this.holder = holder;
        this.events = events;
        this.format = format;
        this.deployed = deployed;
        this.deployedName = deployedName;
    }

    /** Applies {@code r}; {@code replay} during the catch-up, when rejections were already reported by an earlier run. */
    void apply(final ConsumerRecord<byte[], byte[]> r, final boolean replay) {
        final String source = "topic " + r.topic() + "-" + r.partition() + "@" + r.offset();
        if (ModelTopicProtocol.isShadowKey(r.key())) {
            applyShadow(r.value(), source, replay);
            return;
        }
        if (r.value() == null) {
            LOG.info("ignoring tombstone at {}", source);
            return;
        }
        try {
            final LoadedModel loaded = new LoadedModel(check(r.value()), source, Instant.now());
            final LoadedModel shadow = holder.snapshot().shadow();
            if (shadow != null && shadow.model().equals(loaded.model())) {
                // the first record of a promotion: live and shadow change in one write, so no record is scored by
                // the new live model with the same model still beside it as the shadow
                holder.promote(loaded);
                events.promoted(loaded);
                LOG.info("promoted shadow model {} to live from {}; no shadow now", LogSafe.escape(loaded.model()), source);
            } else {
                holder.swap(loaded);
                events.accepted(loaded);
                LOG.info("now scoring with model {} from {}", LogSafe.escape(loaded.model()), source);
            }
        } catch (final ModelException e) {
            if (replay) {
                LOG.info("replayed rejected model at {}: {}", source, LogSafe.escape(e.getMessage()));
            } else {
                events.rejected(source, e.getMessage());
                LOG.warn("rejected model at {}: {}; still scoring with {}", source, LogSafe.escape(e.getMessage()),
                        LogSafe.escape(holder.model()));
            }
        }
    }

    /** A record on the shadow slot: a model to score beside the live one, or a tombstone that removes the shadow. */
    private void applyShadow(final byte[] value, final String source, final boolean replay) {
        final LoadedModel previous = holder.snapshot().shadow();
        if (value == null) {
            holder.swapShadow(null);
            if (previous != null) {
                events.shadowCleared(source);
                LOG.info("shadow model {} removed by the tombstone at {}", LogSafe.escape(previous.model()), source);
            } else {
                LOG.info("no shadow model (tombstone at {})", source);
            }
            return;
        }
        try {
            final LoadedModel loaded = new LoadedModel(check(value), source, Instant.now());
            holder.swapShadow(loaded);
            events.shadowAccepted(loaded);
            LOG.info("now scoring with shadow model {} from {} beside {}", LogSafe.escape(loaded.model()), source,
                    LogSafe.escape(holder.model()));
        } catch (final ModelException e) {
            final String kept = previous == null ? "no shadow" : "shadow " + LogSafe.escape(previous.model());
            if (replay) {
                LOG.info("replayed rejected shadow model at {}: {}", source, LogSafe.escape(e.getMessage()));
            } else {
                events.shadowRejected(source, e.getMessage());
                LOG.warn("rejected shadow model at {}: {}; keeping {}", source, LogSafe.escape(e.getMessage()), kept);
            }
        }
    }

    /** Parses a published model and applies the compatibility rule of the input format; live and shadow alike. */
    private Model check(final byte[] value) {
        final Model candidate = ModelLoader.parse(value);
        if (format == InputFormat.EMAIL) {
            ModelCompatibility.checkEmail(candidate);
        } else {
            ModelCompatibility.check(deployed, deployedName, candidate);
        }
        return candidate;
    }
}
