package dev.sitewatch.alarm;

/**
 * What a record on {@code website-alarms} carries: an {@link Alarm} from a detector, the {@link Resolved} end of its
 * flood, or a {@link Notification} that the notifier put back to say what became of either.
 */
public sealed interface AlarmEvent permits Alarm, Resolved, Notification {

    String alarmId();
}
