package io.spamscorer.model;

/** The per-feature transform applied before z-scoring, as named in the model file. */
public enum Transform {
    LOG1P("log1p") {
        @Override
        public double apply(final double x) {
            // same bits as Math.log1p without JDK 17's JNI call into fdlibm; short decimals come from a table
            return Log1pCache.log1p(x);
        }
    },
    NONE("none") {
        @Override
        public double apply(final double x) {
            return x;
        }
    };

    private final String wireName;

    Transform(final String wireName) {
        this.wireName = wireName;
    }

    public abstract double apply(double x);

    public String wireName() {
        return wireName;
    }

    /** Returns the transform for a model-file name, or null when the name is unknown. */
    public static Transform fromWireName(final String name) {
        for (final Transform t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
