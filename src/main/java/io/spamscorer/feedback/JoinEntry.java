package io.spamscorer.feedback;

/**
 * The join's state for one email id: its latest score (with the score record's timestamp), its latest label, or
 * both, and the stream time after which the entry expires ({@code scorer.labels.retention} after the score, or after
 * the label while no score has come).
 */
public record JoinEntry(ScoreEvent score, long scoreTs, LabelEvent label, long deadline) {

    public JoinEntry {
        if (score == null && label == null) {
            throw new IllegalArgumentException("a join entry holds a score, a label or both");
        }
    }

    public boolean labelled() {
        return score != null && label != null;
    }
}
