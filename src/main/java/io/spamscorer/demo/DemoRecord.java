package io.spamscorer.demo;

/**
 * One record the demo sends: key and value bytes, and what it expects back: the true label (1 spam, 0 ham) for a
 * Spambase row, or -1 for a record that is malformed on purpose and must reach the dead-letter topic.
 */
public record DemoRecord(String id, byte[] value, int label) {

    public boolean malformed() {
        return label < 0;
    }
}
