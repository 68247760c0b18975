package mgdaunet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("train", "evaluate", "predict", "data", "summary", "completion")) {
            Cli.Run r = Cli.run(command, "--help").assertOk();
            assertTrue(r.out().startsWith("Usage: mgda-unet " + command), r.out());
        }
        Cli.Run train = Cli.run("train", "--help");
        for (String flag : List.of("--data", "--layout", "--train-size", "--test-size", "--tasks", "--strategy", "--normalization", "--head-update", "--optimizer", "--lr",
                "--weight-decay", "--schedule", "--epochs", "--batch-size", "--augment", "--upsampling", "--widths", "--threads", "--seed", "--out", "--resume",
                "--no-progress", "--verbose")) {
            assertTrue(train.out().contains(flag), flag);
        }
        assertFalse(train.out().contains("--stop-after-steps"), "the test hook stays hidden");
        assertTrue(train.out().contains("130") && train.out().contains("Exit codes"), train.out());
        assertTrue(Cli.run().out().contains("Commands:"), "no command prints the usage");
    }

    @Test
    void versionAndCompletion() {
        assertEquals("mgda-unet 0.1.0", Cli.run("--version").assertOk().out().strip());
        String script = Cli.run("completion").assertOk().out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.substring(0, 40));
        for (String word : List.of("train", "evaluate", "predict", "--strategy", "--checkpoint", "--resume", "complete -F")) {
            assertTrue(script.contains(word), word);
        }
    }

    @Test
    void aBugIsAnInternalErrorWithExitCodeOne() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = new UserInputErrors().handleExecutionException(new IllegalStateException("broken invariant"), cl, null);
        assertEquals(1, code);
        assertEquals("mgda-unet: internal error: java.lang.IllegalStateException: broken invariant (run with --verbose for the stack trace)", err.toString().strip());
    }

    @Test
    void anIoExceptionIsBadInput() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = new UserInputErrors().handleExecutionException(new java.io.IOException("runs/a/metrics.csv: cannot append: no space left on device"), cl, null);
        assertEquals(2, code);
        assertEquals("mgda-unet: runs/a/metrics.csv: cannot append: no space left on device", err.toString().strip());
    }

    @Test
    void aMistypedFlagGetsASuggestion() {
        Cli.Run r = Cli.run("train", "--epoch", "3");
        assertEquals(2, r.code());
        assertEquals("mgda-unet: Unknown options: '--epoch', '3'; did you mean --epochs? (see 'mgda-unet train --help')", r.err().strip());
    }
}
