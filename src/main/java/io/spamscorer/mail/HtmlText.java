package io.spamscorer.mail;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/** An HTML part as a reader sees it: jsoup's visible body text, and the targets of links, images, frames and forms. */
final class HtmlText {

    /**
     * Parts up to this many chars are parsed by the thread's kept parser; longer ones by a new one, as before. A kept
     * parser holds on to the document it parsed last (jsoup's tree builder keeps it) until the thread's next HTML part,
     * so this bounds what a thread keeps alive; on such parts the allocations saved are a rounding error anyway. No
     * part is longer than {@link EmailLimits#maxTextChars()} (1 Mi by default): {@link PartReader} reads no more.
     */
    static final int MAX_KEPT_CHARS = 16 * 1024;

    private static final ThreadLocal<KeptParser> PARSERS = ThreadLocal.withInitial(KeptParser::new);

    private HtmlText() {
    }

    /** The body's visible text with whitespace collapsed (script, style and head left out); links go to {@code links}. */
    static String render(final String html, final Links links) {
        final Document document = html.length() <= MAX_KEPT_CHARS ? PARSERS.get().parse(html) : Jsoup.parse(html);
        for (final Element element : document.getAllElements()) {
            switch (element.normalName()) {
                case "a", "area" -> addAttribute(element, "href", links);
                case "img", "iframe", "frame" -> addAttribute(element, "src", links);
                case "form" -> addAttribute(element, "action", links);
                default -> { }
            }
        }
        final Element body = document.body();
        return body == null ? "" : body.text();
    }

    private static void addAttribute(final Element element, final String attribute, final Links links) {
        if (element.hasAttr(attribute)) {
            links.add(element.attr(attribute));
        }
    }

    /**
     * One thread's jsoup parser, kept between parts. What that saves is mostly the tag set: a new parser copies every
     * HTML tag it meets from jsoup's defaults into a set of its own, a kept one has them. A parse resets everything
     * else (tree builder state, settings, no error tracking), and the one thing a parse writes into a kept tag
     * ("seen self-closing") is only read to write XML, so the text and the attributes read here are those of
     * {@code Jsoup.parse}. Tags the part invents are added to the set too, so the parser is replaced once its set has
     * grown by {@value #MAX_TAGS} tags: hostile parts of made-up tag names must not grow it without bound.
     */
    private static final class KeptParser {

        static final int MAX_TAGS = 1000;

        private Parser parser;
        private int tags;

        Document parse(final String html) {
            if (parser == null || tags > MAX_TAGS) {
                tags = 0;
                parser = Parser.htmlParser();
                parser.tagSet().onNewTag(tag -> tags++);
            }
            return parser.parseInput(html, "");
        }
    }
}
