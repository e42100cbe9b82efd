package io.spamscorer.feedback;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary forms of the join's internal records: {@link JoinEvent}s on the two repartition topics, {@link JoinEntry}
 * values and the quality store's counters (arrays of longs) in the stores and their changelogs. Internal topics only,
 * so compact and versioned by a leading byte rather than JSON; a version this code does not know fails loudly.
 */
final class JoinCodec {

    private static final byte VERSION = 1;
    private static final byte SCORE = 'S';
    private static final byte LABEL = 'L';
    private static final byte ENTRY = 'E';

    private JoinCodec() {
    }

    static Serde<JoinEvent> events() {
        return Serdes.serdeFrom((Serializer<JoinEvent>) (topic, e) -> e == null ? null : write(e),
                (Deserializer<JoinEvent>) (topic, b) -> b == null ? null : readEvent(b));
    }

    static Serde<JoinEntry> entries() {
        return Serdes.serdeFrom((Serializer<JoinEntry>) (topic, e) -> e == null ? null : write(e),
                (Deserializer<JoinEntry>) (topic, b) -> b == null ? null : readEntry(b));
    }

    static Serde<long[]> counters() {
        return Serdes.serdeFrom((Serializer<long[]>) (topic, a) -> a == null ? null : writeLongs(a),
                (Deserializer<long[]>) (topic, b) -> b == null ? null : readLongs(b));
    }

    static byte[] write(final JoinEvent e) {
        return bytes(out -> {
            out.writeByte(VERSION);
            if (e instanceof ScoreEvent s) {
                out.writeByte(SCORE);
                writeScore(out, s);
            } else {
                out.writeByte(LABEL);
                writeLabel(out, (LabelEvent) e);
            }
        });
    }

    static JoinEvent readEvent(final byte[] b) {
        return read(b, in -> {
            final byte tag = in.readByte();
            return switch (tag) {
                case SCORE -> readScore(in);
                case LABEL -> readLabel(in);
                default -> throw new SerializationException("unknown join event tag " + tag);
            };
        });
    }

    static byte[] write(final JoinEntry e) {
        return bytes(out -> {
            out.writeByte(VERSION);
            out.writeByte(ENTRY);
            out.writeBoolean(e.score() != null);
            if (e.score() != null) {
                writeScore(out, e.score());
                out.writeLong(e.scoreTs());
            }
            out.writeBoolean(e.label() != null);
            if (e.label() != null) {
                writeLabel(out, e.label());
            }
            out.writeLong(e.deadline());
        });
    }

    static JoinEntry readEntry(final byte[] b) {
        return read(b, in -> {
            if (in.readByte() != ENTRY) {
                throw new SerializationException("not a join entry");
            }
            ScoreEvent score = null;
            long scoreTs = 0;
            if (in.readBoolean()) {
                score = readScore(in);
                scoreTs = in.readLong();
            }
            final LabelEvent label = in.readBoolean() ? readLabel(in) : null;
            return new JoinEntry(score, scoreTs, label, in.readLong());
        });
    }

    static byte[] writeLongs(final long[] a) {
        return bytes(out -> {
            out.writeByte(VERSION);
            out.writeByte(a.length);
            for (final long v : a) {
                out.writeLong(v);
            }
        });
    }

    static long[] readLongs(final byte[] b) {
        return read(b, in -> {
            final long[] a = new long[in.readUnsignedByte()];
            for (int i = 0; i < a.length; i++) {
                a[i] = in.readLong();
            }
            return a;
        });
    }

    private static void writeScore(final DataOutputStream out, final ScoreEvent s) throws IOException {
        writeString(out, s.id());
        writeModel(out, s.model());
        out.writeDouble(s.spamProbability());
        out.writeBoolean(s.predicted().isSpam());
        out.writeBoolean(s.shadow() != null);
        if (s.shadow() != null) {
            writeModel(out, s.shadow().model());
            out.writeDouble(s.shadow().spamProbability());
            out.writeBoolean(s.shadow().predicted().isSpam());
        }
        out.writeLong(s.scoredAt());
        out.writeInt(s.features().size());
        for (final Map.Entry<String, Double> f : s.features().entrySet()) {
            writeString(out, f.getKey());
            out.writeDouble(f.getValue());
        }
    }

    private static ScoreEvent readScore(final DataInputStream in) throws IOException {
        final String id = readString(in);
        final ModelRef model = readModel(in);
        final double p = in.readDouble();
        final Example.Label predicted = Example.Label.of(in.readBoolean());
        Example.Shadow shadow = null;
        if (in.readBoolean()) {
            shadow = new Example.Shadow(readModel(in), in.readDouble(), Example.Label.of(in.readBoolean()));
        }
        final long scoredAt = in.readLong();
        final int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new SerializationException("feature count " + n + " out of range");
        }
        final Map<String, Double> features = new LinkedHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            features.put(readString(in), in.readDouble());
        }
        return new ScoreEvent(id, model, p, predicted, shadow, scoredAt, features);
    }

    private static void writeLabel(final DataOutputStream out, final LabelEvent l) throws IOException {
        writeString(out, l.id());
        out.writeBoolean(l.label().isSpam());
        out.writeBoolean(l.source() != null);
        if (l.source() != null) {
            writeString(out, l.source());
        }
        out.writeLong(l.labelAt());
    }

    private static LabelEvent readLabel(final DataInputStream in) throws IOException {
        final String id = readString(in);
        final Example.Label label = Example.Label.of(in.readBoolean());
        final String source = in.readBoolean() ? readString(in) : null;
        return new LabelEvent(id, label, source, in.readLong());
    }

    private static void writeModel(final DataOutputStream out, final ModelRef m) throws IOException {
        writeString(out, m.name());
        writeString(out, m.version());
    }

    private static ModelRef readModel(final DataInputStream in) throws IOException {
        return new ModelRef(readString(in), readString(in));
    }

    /** Length-prefixed UTF-8: {@link DataOutputStream#writeUTF} stops at 64 KiB, which an id may exceed. */
    private static void writeString(final DataOutputStream out, final String s) throws IOException {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(final DataInputStream in) throws IOException {
        final int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new SerializationException("string length " + n + " out of range");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] bytes(final Writer w) {
        final ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(buf)) {
            w.write(out);
        } catch (final IOException e) {
            // in-memory stream: only the checked signature
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    private static <T> T read(final byte[] b, final Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            final byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("join state version " + version + " is not " + VERSION
                        + " (written by a newer scorer?)");
            }
            return r.read(in);
        } catch (final IOException e) {
            throw new SerializationException("truncated join state record", e);
        }
    }
}
