package io.spamscorer.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One parsed message: the immutable view every featurizer reads, never the raw bytes.
 *
 * <p>What is read: every text/plain and text/html part that is not {@code Content-Disposition: attachment}, in
 * message order, including <em>both</em> alternatives of a multipart/alternative and the parts of attached
 * message/rfc822 messages (as SpamAssassin renders them). Reading both alternatives keeps per-word frequencies
 * (what spambase measures) unchanged for honest mail, where both halves carry the same words, and keeps the evidence
 * when spam hides its pitch in only one of them. Other parts are skipped unread; their MIME types are listed in
 * {@link #attachments()}. Multipart preambles and epilogues are ignored, except that a multipart whose boundary never
 * occurs (no parts at all) is read as text/plain, so that broken mail is still scored on its words.
 *
 * @param headers     top-level header fields in order, names as written, values unfolded and RFC 2047-decoded
 * @param messageId   Message-ID without the angle brackets, trimmed; "" when absent
 * @param subject     decoded Subject; "" when absent
 * @param from        decoded From value; "" when absent
 * @param text        the decoded text/plain parts, joined with "\n" (empty parts left out)
 * @param html        the visible text of the text/html parts (jsoup's {@code body().text()}), joined with "\n"
 * @param links       distinct URLs in order of appearance: {@code <a href>}, {@code <area href>}, {@code <img src>},
 *                    {@code <iframe src>}, {@code <frame src>}, {@code <form action>} (as written, trimmed;
 *                    {@code data:} URIs left out), and http://, https:// and www. URLs found in the text and in the
 *                    visible HTML text
 * @param attachments lower-case MIME types of the parts skipped unread, in order
 * @param truncated   true when an {@link EmailLimits} bound cut something off
 */
public record Email(List<Header> headers, String messageId, String subject, String from, String text, String html,
                    List<String> links, List<String> attachments, boolean truncated) {

    public Email {
        headers = List.copyOf(Objects.requireNonNull(headers, "headers == null"));
        Objects.requireNonNull(messageId, "messageId == null");
        Objects.requireNonNull(subject, "subject == null");
        Objects.requireNonNull(from, "from == null");
        Objects.requireNonNull(text, "text == null");
        Objects.requireNonNull(html, "html == null");
        links = List.copyOf(Objects.requireNonNull(links, "links == null"));
        attachments = List.copyOf(Objects.requireNonNull(attachments, "attachments == null"));
    }

    /**
     * The body as one string: {@code text + "\n" + html} when both are non-empty, otherwise whichever is non-empty
     * ("" when neither). For multipart/alternative mail this holds both alternatives, see the class comment.
     */
    public String bodyText() {
        if (text.isEmpty()) {
            return html;
        }
        if (html.isEmpty()) {
            return text;
        }
        return text + "\n" + html;
    }

    /** The value of the first header with this name, compared ignoring case; "" when there is none. */
    public String header(final String name) {
        Objects.requireNonNull(name, "name == null");
        for (final Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                return header.value();
            }
        }
        return "";
    }

    /** The values of every header with this name, compared ignoring case, in order; empty when there is none. */
    public List<String> headerValues(final String name) {
        Objects.requireNonNull(name, "name == null");
        final List<String> values = new ArrayList<>(2);
        for (final Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                values.add(header.value());
            }
        }
        return List.copyOf(values);
    }
}
