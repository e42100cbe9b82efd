package io.spamscorer.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The real messages under src/test/resources/mail (see the README there). */
final class RealMail {

    static final String NESTED_REPORT = "ham/01542.ed72bf2cd81ccd4c076533fb0af004e5";
    static final String ALTERNATIVE = "spam/00124.db848e36f1b4c2705cbc16ef33a302d4";
    static final String ATTACHMENT = "ham/00775.0e012f373467846510d9db297e99a008";
    static final String LATIN1 = "ham/01280.08e69f637d901fab10aec6c9492d068e";
    static final String HTML_ONLY = "spam/00139.b2a205ac25d7d907cdfb3f865dbae1ae";
    static final String KOI8_R = "spam/00089.7e7baae6ef4a8fb945d7b3fe551329fe";
    static final String GB2312_ENGLISH = "spam/00040.949a3d300eadb91d8745f1c1dab51133";
    static final String GB2312 = "spam/00397.1a99f98a5b996f99f3661e9609782932";
    static final String EUC_KR = "spam/00035.7ce3307b56dd90453027a6630179282e";
    static final String BIG5_BASE64 = "spam/00311.9797029f3ee441b00f3b7521e573cb96";
    static final String UNKNOWN_CHARSET = "spam/00217.43b4ef3d9c56cf42be9c37b546a19e78";
    static final String ISO_2022_JP = "spam/00325.58d1a52f435030dc38568bc12a3d76a2";

    static final List<String> ALL = List.of(NESTED_REPORT, ALTERNATIVE, ATTACHMENT, LATIN1, HTML_ONLY, KOI8_R,
            GB2312_ENGLISH, GB2312, EUC_KR, BIG5_BASE64, UNKNOWN_CHARSET, ISO_2022_JP);

    private RealMail() {
    }

    static byte[] bytes(final String name) {
        try (InputStream in = RealMail.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource mail/" + name);
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
