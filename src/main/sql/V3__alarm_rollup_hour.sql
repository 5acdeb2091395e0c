-- Alarms per UTC hour and type, kept by a second trigger next to the 15-minute slots of V2: a year is 8,760 hours
-- instead of 35,040 slots. A local hour, day or month starts on a UTC hour wherever the zone's offsets are whole
-- hours (the API checks that for each range; half-hour zones such as Asia/Kolkata keep reading the slots).
-- By hand: mysql -h HOST -u USER -p logs < V3__alarm_rollup_hour.sql (each trigger is one statement: no DELIMITER).
-- The same caveats as V2: the history is append-only; after deleting or changing alarms by hand, rebuild with the
-- two statements at the end of this file (and those of V2); creating a trigger needs the TRIGGER privilege.
CREATE TABLE IF NOT EXISTS alarm_rollup_hour (
    hour_start DATETIME    NOT NULL COMMENT 'UTC; start of the hour of alarm_creation_time',
    alarm_type VARCHAR(32) NOT NULL,
    alarms     INT         NOT NULL,
    orders     BIGINT      NOT NULL COMMENT 'sum of Number_of_orders',
    max_orders INT         NOT NULL COMMENT 'largest Number_of_orders',
    PRIMARY KEY (hour_start, alarm_type)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TRIGGER logs_history_rollup_hour AFTER INSERT ON logs_history FOR EACH ROW
    INSERT INTO alarm_rollup_hour (hour_start, alarm_type, alarms, orders, max_orders)
    VALUES (DATE_SUB(NEW.alarm_creation_time,
                     INTERVAL MINUTE(NEW.alarm_creation_time) * 60 + SECOND(NEW.alarm_creation_time) SECOND),
            NEW.alarm_type, 1, NEW.Number_of_orders, NEW.Number_of_orders)
    ON DUPLICATE KEY UPDATE alarms     = alarms + 1,
                            orders     = orders + NEW.Number_of_orders,
                            max_orders = GREATEST(max_orders, NEW.Number_of_orders);

-- Hours of alarms stored before this migration (and the rebuild after changes by hand).
DELETE FROM alarm_rollup_hour;
INSERT INTO alarm_rollup_hour (hour_start, alarm_type, alarms, orders, max_orders)
SELECT DATE_SUB(alarm_creation_time, INTERVAL MINUTE(alarm_creation_time) * 60 + SECOND(alarm_creation_time) SECOND),
       alarm_type, COUNT(*), SUM(Number_of_orders), MAX(Number_of_orders)
FROM logs_history
GROUP BY 1, 2;
