package io.spamscorer.feedback;

/**
 * What flows into the labels join, keyed by email id (UTF-8) on both repartition topics: a {@link ScoreEvent} from
 * the scorer or a {@link LabelEvent} from the labels topic. One type, so the two co-partitioned streams merge into
 * one processor.
 */
public sealed interface JoinEvent permits ScoreEvent, LabelEvent {

    String id();
}
