package io.spamscorer.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * One pass over mime4j's token stream, collecting the {@link Email} view. Single use: it holds the state of one parse.
 * Every loop is bounded by the input or by an {@link EmailLimits} bound; what a bound cuts sets {@code truncated}.
 */
final class MessageWalker {

    /**
     * Lenient, and without mime4j's own limits, which fail the whole message: the input is already bounded by
     * {@link EmailLimits#maxBytes()}, field length is capped by {@link CappedFieldBuilder} and the rest by this class.
     * Malformed header lines are skipped rather than taken as the start of the body, so that one odd line (an mbox
     * "From " line, 8-bit junk) does not lose the Subject and From below it.
     */
    private static final MimeConfig CONFIG = MimeConfig.custom()
            .setStrictParsing(false)
            .setMaxLineLen(-1)
            .setMaxHeaderCount(-1)
            .setMaxHeaderLen(-1)
            .setMaxContentLen(-1)
            .setMalformedHeaderStartsBody(false)
            .build();

    /** An open multipart: how many parts it had, and its preamble in case it has none (a broken boundary). */
    private static final class Multipart {
        int parts;
        byte[] preamble;
    }

    private final EmailLimits limits;
    private final CappedFieldBuilder fields;
    private final Links links;
    /** Top-level headers; a value is "" until the end when its raw 8-bit bytes wait for the message's charset. */
    private final List<Header> headers = new ArrayList<>();
    private final List<byte[]> eightBitValues = new ArrayList<>();
    private final List<String> texts = new ArrayList<>(2);
    private final List<String> htmls = new ArrayList<>(2);
    private final List<String> attachments = new ArrayList<>(2);
    private final Deque<Multipart> multiparts = new ArrayDeque<>();
    private final PartReader reader;
    private int depth;
    private int entities;
    private boolean truncated;
    private String disposition = "";
    private Charset messageCharset;

    MessageWalker(final EmailLimits limits) {
        this.limits = limits;
        this.fields = new CappedFieldBuilder(limits.maxHeaderBytes());
        this.links = new Links(limits.maxLinks(), limits.maxLinkChars());
        this.reader = new PartReader(limits.maxTextChars());
    }

    /** Walks {@code raw[start..]}; throws {@code not_email} when no header field precedes the body. */
    Email walk(final byte[] raw, final int start) throws IOException, MimeException {
        // A null body descriptor builder is mime4j's fallback one: type, charset, transfer encoding, boundary.
        final MimeTokenStream stream = new MimeTokenStream(CONFIG, DecodeMonitor.SILENT, fields, null);
        stream.setRecursionMode(RecursionMode.M_RECURSE);
        stream.parse(new ByteArrayInputStream(raw, start, raw.length - start));
        RecursionMode mode = RecursionMode.M_RECURSE;
        for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
            switch (state) {
                case T_START_MESSAGE, T_START_BODYPART -> startEntity(state);
                case T_END_MESSAGE, T_END_BODYPART -> depth--;
                case T_FIELD -> field(stream.getField());
                case T_START_MULTIPART -> {
                    multiparts.push(new Multipart());
                    countEntity(stream);
                }
                case T_PREAMBLE -> preamble(stream);
                case T_END_MULTIPART -> endMultipart(multiparts.pollFirst());
                case T_BODY -> body(stream);
                default -> { }
            }
            // Past the depth bound mime4j hands over the entity's body unparsed (M_FLAT), which body() skips.
            final RecursionMode wanted = depth >= limits.maxDepth() ? RecursionMode.M_FLAT : RecursionMode.M_RECURSE;
            if (wanted != mode) {
                mode = wanted;
                stream.setRecursionMode(mode);
            }
        }
        if (headers.isEmpty()) {
            throw new InvalidEmailException(InvalidEmailException.NOT_EMAIL,
                    "no header field before the body: not an RFC 5322 message");
        }
        for (int i = 0; i < headers.size(); i++) {
            if (eightBitValues.get(i) != null) {
                headers.set(i, new Header(headers.get(i).name(), HeaderValues.decode(eightBitValues.get(i), messageCharset)));
            }
        }
        return new Email(headers, messageId(), first("Subject"), first("From"), join(texts), join(htmls),
                links.toList(), attachments, truncated || fields.anyCut() || links.truncated() || reader.truncated());
    }

    private void startEntity(final EntityState state) {
        depth++;
        disposition = "";
        if (state == EntityState.T_START_BODYPART && !multiparts.isEmpty()) {
            multiparts.element().parts++;
        }
    }

    private void field(final Field field) {
        if (!(field instanceof RawField raw)) {
            return;
        }
        if (depth == 1) {
            if (headers.size() < limits.maxHeaders()) {
                final byte[] value = HeaderValues.valueBytes(raw);
                final String decoded = HeaderValues.decodeUnlessEightBit(value);
                headers.add(new Header(raw.getName(), decoded == null ? "" : decoded));
                eightBitValues.add(decoded == null ? value : null);
            } else {
                truncated = true;
            }
        }
        if ("content-disposition".equals(raw.getNameLowerCase())) {
            disposition = HeaderValues.token(raw.getBody());
        }
    }

    private void body(final MimeTokenStream stream) throws IOException {
        if (!countEntity(stream)) {
            return;
        }
        final BodyDescriptor descriptor = stream.getBodyDescriptor();
        final String type = descriptor.getMimeType().toLowerCase(Locale.ROOT);
        if (MimeUtil.isMultipart(type) || MimeUtil.isMessage(type)) {
            truncated = true; // only reached past the depth bound
            return;
        }
        final boolean plain = "text/plain".equals(type);
        final boolean html = "text/html".equals(type);
        if (!(plain || html) || "attachment".equals(disposition)) {
            attachments.add(type);
            return;
        }
        final Charset charset = MailCharsets.resolve(descriptor.getCharset());
        if (messageCharset == null) {
            messageCharset = charset;
        }
        final byte[] bytes = reader.read(stream.getInputStream(), descriptor.getTransferEncoding());
        final String decoded = charset != null ? new String(bytes, charset) : MailCharsets.guess(bytes, 0, bytes.length);
        if (plain) {
            addText(decoded);
        } else {
            final String visible = HtmlText.render(decoded, links);
            links.scan(visible);
            add(htmls, visible);
        }
    }

    private void preamble(final MimeTokenStream stream) throws IOException {
        final Multipart open = multiparts.peekFirst();
        if (open != null) {
            open.preamble = reader.peek(stream.getInputStream());
        }
    }

    private void endMultipart(final Multipart multipart) {
        if (multipart != null && multipart.parts == 0 && multipart.preamble != null && multipart.preamble.length > 0) {
            final int length = reader.take(multipart.preamble);
            addText(MailCharsets.guess(multipart.preamble, 0, length));
        }
    }

    private void addText(final String text) {
        links.scan(text);
        add(texts, text);
    }

    /** Counts one entity against {@link EmailLimits#maxParts()}; past it, stops the parse and returns false. */
    private boolean countEntity(final MimeTokenStream stream) {
        entities++;
        if (entities > limits.maxParts()) {
            truncated = true;
            stream.stop();
            return false;
        }
        return true;
    }

    private String messageId() {
        final String id = first("Message-ID");
        final int open = id.indexOf('<');
        final int close = id.indexOf('>', open + 1);
        if (open >= 0 && close > open) {
            return id.substring(open + 1, close).strip();
        }
        return id;
    }

    private String first(final String name) {
        for (final Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                return header.value();
            }
        }
        return "";
    }

    private static void add(final List<String> parts, final String part) {
        if (!part.isBlank()) {
            parts.add(part);
        }
    }

    private static String join(final List<String> parts) {
        return parts.size() == 1 ? parts.get(0) : String.join("\n", parts);
    }
}
