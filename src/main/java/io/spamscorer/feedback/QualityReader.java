package io.spamscorer.feedback;

import java.util.List;

/** Reads the live quality figures of every model this instance's join state knows; safe to call from any thread. */
@FunctionalInterface
public interface QualityReader {

    /** For a scorer without a labels topic: no figures. */
    QualityReader NONE = List::of;

    List<ModelQuality> read();
}
