package io.spamscorer.mail;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** An HTML part as a reader sees it: jsoup's visible body text, and the targets of links, images, frames and forms. */
final class HtmlText {

    private HtmlText() {
    }

    /** The body's visible text with whitespace collapsed (script, style and head left out); links go to {@code links}. */
    static String render(final String html, final Links links) {
        final Document document = Jsoup.parse(html);
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
}
