package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VersionTest {

    /** The project's own version: the first version after its artifactId (the parent-less pom has no other before it). */
    private static String pomVersion() throws IOException {
        final Matcher m = Pattern.compile("<artifactId>spam-scorer</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8));
        assertTrue(m.find(), "no project version in pom.xml");
        return m.group(1).trim();
    }

    @Test
    void shouldPrintThePomVersionForDashV() throws IOException {
        final StringWriter out = new StringWriter();
        final CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        assertEquals(0, cmd.execute("-V"));
        assertEquals("spam-scorer " + pomVersion(), out.toString().strip());
    }
}
