package dev.sitewatch.kda.model;

/** What an alarm is about; per-key types carry the key (the customer id) in {@link Alarm#key()}. */
public enum AlarmType {
    ORDER_FLOOD(false),
    CUSTOMER_FLOOD(true);

    private final boolean perKey;

    AlarmType(boolean perKey) {
        this.perKey = perKey;
    }

    public boolean perKey() {
        return perKey;
    }
}
