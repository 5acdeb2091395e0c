package dev.sitewatch.alarm;

/**
 * What the notifier tells people about one alarm or one flood's end: the message, and what the ledger and the
 * history need to know of it.
 *
 * @param resolvedFlood the flood whose end this notice reports; null for an alarm
 */
record Notice(String alarmId, String type, String key, String resolvedFlood, AlarmMessage.Message message) {

    static Notice of(Alarm alarm, String severity) {
        return new Notice(alarm.alarmId(), alarm.type(), alarm.key(), null, AlarmMessage.of(alarm, severity));
    }

    static Notice of(Resolved resolved) {
        return new Notice(resolved.alarmId(), resolved.type(), resolved.key(), resolved.floodId(),
                AlarmMessage.of(resolved));
    }
}
