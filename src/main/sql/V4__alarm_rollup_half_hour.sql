-- Alarms per UTC half hour and type, kept by a third trigger: what local hours, days and months read in zones whose
-- offsets are whole half hours but not whole hours (Asia/Kolkata +05:30, Australia/Adelaide, Newfoundland, ...),
-- where a local hour begins at :30 UTC and the hourly rows of V3 cannot be used: a year is 17,520 half hours
-- instead of 35,040 slots. Zones at :45 (Asia/Kathmandu) keep reading the 15-minute slots of V2.
-- By hand: mysql -h HOST -u USER -p logs < V4__alarm_rollup_half_hour.sql (each trigger is one statement).
-- The same caveats as V2 and V3: the history is append-only; after deleting or changing alarms by hand, rebuild with
-- the two statements at the end of this file (and those of V2 and V3).
CREATE TABLE IF NOT EXISTS alarm_rollup_half_hour (
    half_hour_start DATETIME    NOT NULL COMMENT 'UTC; start of the half hour of alarm_creation_time',
    alarm_type      VARCHAR(32) NOT NULL,
    alarms          INT         NOT NULL,
    orders          BIGINT      NOT NULL COMMENT 'sum of Number_of_orders',
    max_orders      INT         NOT NULL COMMENT 'largest Number_of_orders',
    PRIMARY KEY (half_hour_start, alarm_type)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TRIGGER logs_history_rollup_half_hour AFTER INSERT ON logs_history FOR EACH ROW
    INSERT INTO alarm_rollup_half_hour (half_hour_start, alarm_type, alarms, orders, max_orders)
    VALUES (DATE_SUB(NEW.alarm_creation_time,
                     INTERVAL (MINUTE(NEW.alarm_creation_time) % 30) * 60 + SECOND(NEW.alarm_creation_time) SECOND),
            NEW.alarm_type, 1, NEW.Number_of_orders, NEW.Number_of_orders)
    ON DUPLICATE KEY UPDATE alarms     = alarms + 1,
                            orders     = orders + NEW.Number_of_orders,
                            max_orders = GREATEST(max_orders, NEW.Number_of_orders);

-- Half hours of alarms stored before this migration (and the rebuild after changes by hand).
DELETE FROM alarm_rollup_half_hour;
INSERT INTO alarm_rollup_half_hour (half_hour_start, alarm_type, alarms, orders, max_orders)
SELECT DATE_SUB(alarm_creation_time, INTERVAL (MINUTE(alarm_creation_time) % 30) * 60 + SECOND(alarm_creation_time) SECOND),
       alarm_type, COUNT(*), SUM(Number_of_orders), MAX(Number_of_orders)
FROM logs_history
GROUP BY 1, 2;
