package io.spamscorer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spamscorer.json.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files have a size limit of their own (64 MiB), separate from the 1 MiB input-record limit. */
class ModelSizeLimitTest {

    @TempDir
    Path dir;

    private static Model wide(final int n, final String prefix) {
        final List<String> names = new ArrayList<>(n);
        final double[] w = new double[n];
        final double[] mean = new double[n];
        final double[] std = new double[n];
        for (int i = 0; i < n; i++) {
            names.add(prefix + i);
            w[i] = 0.001 * (i % 97) - 0.05;
            mean[i] = 0.25 + i * 1e-6;
            std[i] = 1.5;
        }
        return Model.builder().name("words").version("1").features(names).weights(w).bias(-0.1).threshold(0.5)
                .preprocessing(Transform.LOG1P, mean, std).build();
    }

    @Test
    void shouldLoadAWrittenModelFarLargerThanTheRecordLimit() throws IOException {
        final Model m = wide(30_000, "word_");
        final byte[] json = ModelLoader.toJson(m);
        assertTrue(json.length > Json.MAX_DOCUMENT_BYTES, "the model must exceed the record limit: " + json.length);
        final Path file = dir.resolve("wide.json");
        Files.write(file, json);
        assertEquals(m, ModelLoader.load(file));
        assertEquals(m, ModelLoader.parse(json));
    }

    @Test
    void shouldRefuseAFileOverTheLimitAsTooLargeWithoutReadingIt() throws IOException {
        final Path file = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(ModelLoader.MAX_MODEL_BYTES + 1L);
        }
        final ModelException e = assertThrows(ModelException.class, () -> ModelLoader.load(file));
        assertEquals("model file " + file + " is too large: " + (ModelLoader.MAX_MODEL_BYTES + 1L)
                + " bytes; the model file limit is 67108864 bytes (64 MiB)", e.getMessage());
    }

    @Test
    void shouldStopReadingAnEndlessDeviceAtTheLimit() {
        final Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "needs /dev/zero");
        final ModelException e = assertThrows(ModelException.class, () -> ModelLoader.load(zero));
        assertEquals("model file /dev/zero is too large: more than 67108864 bytes; the model file limit is 67108864 bytes (64 MiB)",
                e.getMessage());
    }

    @Test
    void shouldRefuseBytesOverTheLimitAsTooLargeRatherThanInvalidJson() {
        final byte[] json = new byte[ModelLoader.MAX_MODEL_BYTES + 1];
        Arrays.fill(json, (byte) ' ');
        final ModelException e = assertThrows(ModelException.class, () -> ModelLoader.parse(json));
        assertTrue(e.getMessage().startsWith("model is too large: 67108865 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void shouldRefuseToWriteAModelThatNoLoaderCouldRead() {
        // 1,025 names of 65,536 characters (the longest a string may be) come to just over 64 MiB.
        final List<String> names = new ArrayList<>();
        final char[] pad = new char[Json.MAX_STRING_LENGTH - 6];
        Arrays.fill(pad, 'x');
        for (int i = 0; i < 1_025; i++) {
            names.add(String.format("%06d", i) + new String(pad));
        }
        final Model m = Model.builder().name("huge").version("1").features(names).weights(new double[names.size()])
                .bias(0).threshold(0.5).build();
        final ModelException e = assertThrows(ModelException.class, () -> ModelLoader.toJson(m));
        assertTrue(e.getMessage().startsWith("model huge@1 (1025 features, threshold 0.5) is too large to write: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("the model file limit is 67108864 bytes (64 MiB), so no command could load it (use fewer features)"),
                e.getMessage());
    }
}
