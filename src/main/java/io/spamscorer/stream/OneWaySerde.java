package io.spamscorer.stream;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A serde used in one direction only: input values are only read, output values only written. */
final class OneWaySerde<T> implements Serde<T> {

    private final Serializer<T> serializer;
    private final Deserializer<T> deserializer;

    private OneWaySerde(final Serializer<T> serializer, final Deserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    static <T> Serde<T> reading(final Deserializer<T> deserializer) {
        return new OneWaySerde<>(null, deserializer);
    }

    static <T> Serde<T> writing(final Serializer<T> serializer) {
        return new OneWaySerde<>(serializer, null);
    }

    @Override
    public Serializer<T> serializer() {
        if (serializer == null) {
            throw new UnsupportedOperationException("this serde only reads");
        }
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        if (deserializer == null) {
            throw new UnsupportedOperationException("this serde only writes");
        }
        return deserializer;
    }
}
