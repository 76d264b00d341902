package io.consilium.chain.wallet;

import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.LoggerFactory;

/**
 * Watches a wallet test class for secret leaks: every log line (a ListAppender on the root logger at
 * TRACE), every exception message the tests provoke (through {@link #assertThrows} and uncaught ones),
 * and any text the tests {@link #record}, must be free of the test keys, mnemonic word sequences and
 * passwords listed in {@link TestSecrets}. Checked after all tests of the class.
 */
public final class LeakWatch implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {
    private static final List<String> TEXTS = Collections.synchronizedList(new ArrayList<>());
    private ListAppender<ILoggingEvent> appender;
    private Level previous;

    @Override
    public void beforeAll(ExtensionContext context) {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        previous = root.getLevel();
        root.setLevel(Level.TRACE);
        TEXTS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        root.setLevel(previous);
        List<String> all = new ArrayList<>(TEXTS);
        for (ILoggingEvent e : appender.list) {
            all.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                all.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        List<String> leaks = TestSecrets.findLeaks(all);
        if (!leaks.isEmpty()) {
            fail("secret material leaked in " + context.getDisplayName() + ":\n" + String.join("\n", leaks));
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        record(throwable);
        throw throwable;
    }

    /** Adds text that a user could see (a message, a toString, CLI output) to the checked set. */
    public static void record(String text) {
        TEXTS.add(text);
    }

    public static void record(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            TEXTS.add(c.getClass().getName() + ": " + c.getMessage());
        }
    }

    /** Assertions.assertThrows that also records the exception's message chain for the leak check. */
    public static <T extends Throwable> T assertThrows(Class<T> type, Executable e) {
        T t = org.junit.jupiter.api.Assertions.assertThrows(type, e);
        record(t);
        return t;
    }

    public static <T extends Throwable> T assertThrows(Class<T> type, Executable e, String message) {
        T t = org.junit.jupiter.api.Assertions.assertThrows(type, e, message);
        record(t);
        return t;
    }
}
