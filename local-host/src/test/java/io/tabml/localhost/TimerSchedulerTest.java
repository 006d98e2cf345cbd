package io.tabml.localhost;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimerSchedulerTest {
    private final List<FunctionDefinition> timers = FunctionScanner.scan(TestFunctions.class).stream()
            .filter(f -> f.name().equals("recordTimer")).toList();

    @Test
    void firesOnTheScheduleNamedBySetting() throws Exception {
        TestFunctions.timerCalls.clear();
        try (var scheduler = new TimerScheduler(timers, new FunctionInvoker(type -> new TestFunctions()), Map.of("TEST_SCHEDULE", "* * * * * *")::get)) {
            await("two timer calls").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> TestFunctions.timerCalls.size() >= 2);
        }
        assertTrue(TestFunctions.timerCalls.size() >= 2, "fired " + TestFunctions.timerCalls.size() + " times");
        assertTrue(TestFunctions.timerCalls.get(0).contains("\"Expression\":\"* * * * * *\""));
    }

    @Test
    void refusesAFiveFieldScheduleWithAClearMessage() {
        var e = assertThrows(IllegalStateException.class,
                () -> new TimerScheduler(timers, new FunctionInvoker(type -> new TestFunctions()), Map.of("TEST_SCHEDULE", "*/5 * * * *")::get));
        assertTrue(e.getMessage().contains("six-field NCRONTAB"), e.getMessage());
    }

    @Test
    void refusesAMissingScheduleSetting() {
        var e = assertThrows(IllegalStateException.class, () -> new TimerScheduler(timers, new FunctionInvoker(type -> new TestFunctions()), name -> null));
        assertTrue(e.getMessage().contains("TEST_SCHEDULE"), e.getMessage());
    }
}
