package io.tabml.localhost;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs timer-triggered functions on their six-field NCRONTAB schedules
 * ({@code second minute hour day month day-of-week}, UTC), parsed by cron-utils. A
 * {@code %NAME%} schedule is read from the settings. A run never overlaps the previous one of the
 * same function: the next run is scheduled when the current one ends.
 */
final class TimerScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TimerScheduler.class.getName());
    private static final CronParser NCRONTAB = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    private final FunctionInvoker invoker;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "timer-trigger");
        t.setDaemon(true);
        return t;
    });

    TimerScheduler(List<FunctionDefinition> functions, FunctionInvoker invoker, UnaryOperator<String> resolveSetting) {
        this.invoker = invoker;
        for (FunctionDefinition function : functions) {
            TimerTrigger trigger = function.trigger(TimerTrigger.class);
            if (trigger == null) continue;
            String schedule = resolve(trigger.schedule(), resolveSetting, function);
            ExecutionTime times;
            try {
                times = ExecutionTime.forCron(NCRONTAB.parse(schedule));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("timer " + function.name() + ": '" + schedule
                        + "' is not a six-field NCRONTAB schedule (second minute hour day month day-of-week): " + e.getMessage());
            }
            scheduleNext(function, schedule, times);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void scheduleNext(FunctionDefinition function, String schedule, ExecutionTime times) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        times.nextExecution(now).ifPresent(next -> scheduler.schedule(() -> {
            try {
                invoker.invoke(function, "{\"Schedule\":{\"Expression\":\"" + schedule + "\"},\"IsPastDue\":false}", java.util.Map.of());
            } catch (Exception e) {
                LOG.log(Level.WARNING, "timer function " + function.name() + " failed", e);
            } finally {
                if (!scheduler.isShutdown()) scheduleNext(function, schedule, times);
            }
        }, Math.max(0, Duration.between(now, next).toMillis()), TimeUnit.MILLISECONDS));
    }

    private static String resolve(String schedule, UnaryOperator<String> resolveSetting, FunctionDefinition function) {
        if (schedule.startsWith("%") && schedule.endsWith("%") && schedule.length() > 2) {
            String name = schedule.substring(1, schedule.length() - 1);
            String value = resolveSetting.apply(name);
            if (value == null) throw new IllegalStateException("timer " + function.name() + " needs the setting " + name);
            return value;
        }
        return schedule;
    }
}
