package io.spamscorer.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.feedback.ModelQuality;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.QualityCounts;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /quality}: per model the figures of {@link QualityMeters} and {@link ScoreDrift}, with its
 * role on this instance ({@code live}, {@code shadow}, or {@code retired} for a model that only the quality figures
 * still know). The live model comes first, then the shadow, then the others in the reader's order. Ratios with
 * nothing to divide by, and figures this instance does not have, are null.
 */
final class QualityReport {

    static final String EMPTY = "{\"models\":[]}\n";

    private QualityReport() {
    }

    static String json(final List<ModelQuality> quality, final ModelHolder.Models models, final ScoreDrift drift) {
        final Map<ModelRef, String> roles = new LinkedHashMap<>();
        if (models != null) {
            roles.put(ModelRef.of(models.live().model()), "live");
            final LoadedModel shadow = models.shadow();
            if (shadow != null) {
                roles.putIfAbsent(ModelRef.of(shadow.model()), "shadow");
            }
        }
        final Map<ModelRef, ModelQuality> byModel = new LinkedHashMap<>();
        for (final ModelQuality q : quality) {
            byModel.put(q.model(), q);
            roles.putIfAbsent(q.model(), "retired");
        }
        final ObjectNode root = Json.mapper().createObjectNode();
        final ArrayNode list = root.putArray("models");
        for (final Map.Entry<ModelRef, String> e : roles.entrySet()) {
            final ObjectNode m = list.addObject();
            m.put("name", e.getKey().name());
            m.put("version", e.getKey().version());
            m.put("role", e.getValue());
            final ModelQuality q = byModel.get(e.getKey());
            counts(m, "total", q == null ? null : q.total());
            counts(m, "lastHour", q == null ? null : q.lastHour());
            counts(m, "lastDay", q == null ? null : q.lastDay());
            if (q == null) {
                m.putNull("awaitingLabel");
            } else {
                m.put("awaitingLabel", q.awaitingLabel());
            }
            drift(m.putObject("drift"), "retired".equals(e.getValue()) ? null : drift.figure(e.getKey()));
        }
        try {
            return Json.mapper().writeValueAsString(root) + "\n";
        } catch (final JsonProcessingException ex) {
            throw new IllegalStateException("cannot write the quality figures as JSON", ex);
        }
    }

    private static void counts(final ObjectNode parent, final String field, final QualityCounts c) {
        if (c == null) {
            parent.putNull(field);
            return;
        }
        final ObjectNode n = parent.putObject(field);
        n.put("tp", c.tp());
        n.put("fp", c.fp());
        n.put("tn", c.tn());
        n.put("fn", c.fn());
        n.put("labelled", c.labelled());
        ratio(n, "precision", c.precision());
        ratio(n, "recall", c.recall());
        ratio(n, "falsePositiveRate", c.falsePositiveRate());
        ratio(n, "accuracy", c.accuracy());
    }

    private static void drift(final ObjectNode n, final ScoreDrift.Figure f) {
        n.put("window", "24h");
        if (f == null) {
            n.putNull("psi");
            n.putNull("level");
            n.put("scores", 0);
            n.putNull("since");
            n.put("reason", "not scoring on this instance (neither the live nor the shadow model)");
            return;
        }
        ratio(n, "psi", f.psi());
        n.put("level", f.level());
        n.put("scores", f.scores());
        n.put("since", Instant.ofEpochMilli(f.sinceMillis()).toString());
        n.put("reason", f.reason());
    }

    private static void ratio(final ObjectNode n, final String field, final double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }
}
