package io.spamscorer.features;

import io.spamscorer.mail.Email;
import io.spamscorer.mail.Header;
import java.util.List;

/** Hand-built parsed messages for featurizer tests. */
final class Emails {

    private Emails() {
    }

    static Email of(final List<Header> headers, final String subject, final String from, final String text,
                    final String html, final List<String> links, final List<String> attachments) {
        return new Email(headers, "<id@example.com>", subject, from, text, html, links, attachments, false);
    }

    static Email body(final String subject, final String text, final String html) {
        return of(List.of(), subject, "", text, html, List.of(), List.of());
    }
}
