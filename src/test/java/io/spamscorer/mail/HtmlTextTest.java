package io.spamscorer.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** HTML parts to visible text and links; the thread's kept parser reads every part as a new parser would. */
class HtmlTextTest {

    private static final String PAGE = "<html><head><title>t</title><style>p{}</style></head><body>"
            + "<p>Hello <b>there</b></p><script>var x;</script><a href=' http://a.example '>a</a>"
            + "<area href=http://b.example><img src=http://c.example/i.png><iframe src=http://d.example></iframe>"
            + "<frame src=http://e.example><form action=http://f.example></form><img src='data:image/png;base64,AA'>"
            + "<a>no href</a><a href=''>empty</a></body></html>";

    /** What {@link HtmlText#render} computed with a new parser per part (commit 629b3ee). */
    private static List<Object> before(final String html) {
        final Links links = new Links(1000, 2048);
        final Document document = Jsoup.parse(html);
        for (final Element element : document.getAllElements()) {
            final String attribute = switch (element.normalName()) {
                case "a", "area" -> "href";
                case "img", "iframe", "frame" -> "src";
                case "form" -> "action";
                default -> null;
            };
            if (attribute != null && element.hasAttr(attribute)) {
                links.add(element.attr(attribute));
            }
        }
        final Element body = document.body();
        return List.of(body == null ? "" : body.text(), links.toList());
    }

    private static List<Object> render(final String html) {
        final Links links = new Links(1000, 2048);
        final String text = HtmlText.render(html, links);
        return List.of(text, links.toList());
    }

    @Test
    void shouldRenderVisibleBodyTextAndTheTargetsOfLinksImagesFramesAndForms() {
        // A <frame> outside a <frameset> is dropped by the HTML5 tree builder, so http://e.example is not a link here.
        assertEquals(List.of("Hello there a no hrefempty", List.of("http://a.example", "http://b.example",
                "http://c.example/i.png", "http://d.example", "http://f.example")), render(PAGE));
    }

    @Test
    void shouldRenderEmptyAndTextOnlyParts() {
        assertEquals(List.of("", List.of()), render(""));
        assertEquals(List.of("just text", List.of()), render("  just\n text "));
    }

    @Test
    void shouldRenderEachPartAsJsoupWouldWhateverTheThreadParsedBefore() {
        final List<String> parts = new ArrayList<>(List.of(PAGE, "<custom/>x<custom>y</custom>z", "<custom>a</custom>b",
                "<p>unclosed <b>bold <i>both</p> after", "<table><tr><td>cell<td>cell2</table>tail",
                "<svg><foo/></svg><math><mi>x</mi></math>", "<br/>a<br>b<hr/>c", "<body><p>x<p>y</body>",
                "<FONT SIZE=2>upper</FONT><Custom-Tag>mixed</Custom-Tag>", "<select><option>o<option>p</select>",
                "<template>in</template>out", "<frameset><frame src=http://x.example></frameset>"));
        final StringBuilder big = new StringBuilder();
        while (big.length() <= 20_000) {
            big.append("<div class=x><a href=http://big.example/").append(big.length()).append(">w</a> words</div>");
        }
        parts.add(big.toString());
        final StringBuilder invented = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            invented.append("<made-up-").append(i).append("/>t").append(i).append(' ');
        }
        parts.add(invented.toString());
        final Random random = new Random(1024);
        for (int round = 0; round < 400; round++) {
            final String part = parts.get(random.nextInt(parts.size()));
            assertEquals(before(part), render(part), part.length() > 200 ? part.substring(0, 200) : part);
        }
    }
}
