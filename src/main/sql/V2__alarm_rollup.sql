-- Alarms per 15-minute slot and type, kept by a trigger: aggregates over months read a few thousand slots instead of
-- every alarm. Every time zone's offset is a multiple of 15 minutes, so a slot never straddles the start of a local
-- hour, day or month. By hand: mysql -h HOST -u USER -p logs < V2__alarm_rollup.sql
-- The history is append-only (the notifier inserts, and only sets notified_at afterwards). After deleting or
-- changing alarms by hand, rebuild the slots with the two statements at the end of this file.
-- Creating a trigger needs the TRIGGER privilege, and on a server that writes a binary log also
-- log_bin_trust_function_creators=1 (an Aurora cluster parameter).
CREATE TABLE IF NOT EXISTS alarm_rollup (
    slot_start DATETIME    NOT NULL COMMENT 'UTC; start of the 15-minute slot of alarm_creation_time',
    alarm_type VARCHAR(32) NOT NULL,
    alarms     INT         NOT NULL,
    orders     BIGINT      NOT NULL COMMENT 'sum of Number_of_orders',
    max_orders INT         NOT NULL COMMENT 'largest Number_of_orders',
    PRIMARY KEY (slot_start, alarm_type)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TRIGGER logs_history_rollup AFTER INSERT ON logs_history FOR EACH ROW
    INSERT INTO alarm_rollup (slot_start, alarm_type, alarms, orders, max_orders)
    VALUES (DATE_SUB(NEW.alarm_creation_time,
                     INTERVAL (MINUTE(NEW.alarm_creation_time) % 15) * 60 + SECOND(NEW.alarm_creation_time) SECOND),
            NEW.alarm_type, 1, NEW.Number_of_orders, NEW.Number_of_orders)
    ON DUPLICATE KEY UPDATE alarms     = alarms + 1,
                            orders     = orders + NEW.Number_of_orders,
                            max_orders = GREATEST(max_orders, NEW.Number_of_orders);

-- Slots of alarms stored before this migration (and the rebuild after changes by hand).
DELETE FROM alarm_rollup;
INSERT INTO alarm_rollup (slot_start, alarm_type, alarms, orders, max_orders)
SELECT DATE_SUB(alarm_creation_time, INTERVAL (MINUTE(alarm_creation_time) % 15) * 60 + SECOND(alarm_creation_time) SECOND),
       alarm_type, COUNT(*), SUM(Number_of_orders), MAX(Number_of_orders)
FROM logs_history
GROUP BY 1, 2;
