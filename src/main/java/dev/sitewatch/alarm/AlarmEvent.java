package dev.sitewatch.alarm;

/**
 * What a record on {@code website-alarms} carries: an {@link Alarm} from a detector, or a {@link Notification} that
 * the notifier put back to say what became of one.
 */
public sealed interface AlarmEvent permits Alarm, Notification {

    String alarmId();
}
