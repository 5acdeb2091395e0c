-- Upgrades, in place, the history table of the original design if this database has one: its write-up created
--     create table logs_history( alarm_creation_time datetime, Number_of_orders int )
-- and the alarms in it are capacity-planning history worth keeping. V1 leaves such a table alone (CREATE TABLE IF
-- NOT EXISTS); this gives it V1's shape, so the API, the rollups (V2, V3: they backfill from it) and the notifier see
-- the old alarms next to the new ones. On a database that V1 created it does nothing.
-- By hand: mysql -h HOST -u USER -p logs < V1_1__upgrade_original_logs_history.sql (after V1).
-- What the old rows get: alarm_id LEGACY-<id>, type ORDER_FLOOD, the original rule (30 orders in 15 s) as threshold
-- and window ending at alarm_creation_time, received and notified at alarm_creation_time (the original Lambda sent
-- the SMS and then inserted), no top contributors. A row without a time cannot be placed in any history: such rows
-- are moved to logs_history_original_unusable (created only when there are some).
-- Each step runs only for the original table: MySQL has no ADD COLUMN IF NOT EXISTS, hence the prepared statements.

SET @original = (SELECT COUNT(*) = 0 FROM information_schema.columns
                 WHERE table_schema = DATABASE() AND table_name = 'logs_history' AND column_name = 'alarm_id');
SET @unusable = @original AND (SELECT COUNT(*) > 0 FROM logs_history WHERE alarm_creation_time IS NULL);

SET @step = IF(@unusable,
    'CREATE TABLE logs_history_original_unusable AS SELECT * FROM logs_history WHERE alarm_creation_time IS NULL',
    'DO 0');
PREPARE step FROM @step;
EXECUTE step;
DEALLOCATE PREPARE step;

SET @step = IF(@unusable, 'DELETE FROM logs_history WHERE alarm_creation_time IS NULL', 'DO 0');
PREPARE step FROM @step;
EXECUTE step;
DEALLOCATE PREPARE step;

-- New columns nullable first; the old rows are filled in; then the columns get V1's constraints.
SET @step = IF(@original,
    'ALTER TABLE logs_history ENGINE = InnoDB,
         ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT FIRST, ADD PRIMARY KEY (id),
         ADD COLUMN alarm_id VARCHAR(64) NULL AFTER id,
         ADD COLUMN alarm_type VARCHAR(32) NULL AFTER alarm_id,
         ADD COLUMN alarm_key VARCHAR(128) NULL AFTER alarm_type,
         ADD COLUMN threshold INT NULL,
         ADD COLUMN window_start DATETIME(3) NULL,
         ADD COLUMN window_end DATETIME(3) NULL,
         ADD COLUMN window_seconds INT NULL,
         ADD COLUMN top_contributors JSON NULL,
         ADD COLUMN received_at DATETIME(3) NULL,
         ADD COLUMN notified_at DATETIME(3) NULL,
         ADD COLUMN sns_message_id VARCHAR(100) NULL',
    'DO 0');
PREPARE step FROM @step;
EXECUTE step;
DEALLOCATE PREPARE step;

SET @step = IF(@original,
    'UPDATE logs_history
     SET alarm_id = CONCAT(''LEGACY-'', id), alarm_type = ''ORDER_FLOOD'',
         Number_of_orders = COALESCE(Number_of_orders, 0), threshold = 30,
         window_start = alarm_creation_time - INTERVAL 15 SECOND, window_end = alarm_creation_time,
         window_seconds = 15, received_at = alarm_creation_time, notified_at = alarm_creation_time',
    'DO 0');
PREPARE step FROM @step;
EXECUTE step;
DEALLOCATE PREPARE step;

SET @step = IF(@original,
    'ALTER TABLE logs_history CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
         MODIFY alarm_id VARCHAR(64) NOT NULL
             COMMENT ''stable id from the detector: a redelivered alarm has the same one'',
         MODIFY alarm_type VARCHAR(32) NOT NULL COMMENT ''ORDER_FLOOD, CUSTOMER_FLOOD, ...'',
         MODIFY alarm_key VARCHAR(128) NULL COMMENT ''the customer for per-key types'',
         MODIFY alarm_creation_time DATETIME NOT NULL COMMENT ''UTC; when the count reached the threshold (window end)'',
         MODIFY Number_of_orders INT NOT NULL COMMENT ''orders in the window'',
         MODIFY threshold INT NOT NULL,
         MODIFY window_start DATETIME(3) NOT NULL COMMENT ''UTC'',
         MODIFY window_end DATETIME(3) NOT NULL COMMENT ''UTC'',
         MODIFY window_seconds INT NOT NULL,
         MODIFY received_at DATETIME(3) NOT NULL COMMENT ''UTC; first delivery to the notifier'',
         MODIFY notified_at DATETIME(3) NULL COMMENT ''UTC; when SNS accepted the message; NULL = not yet'',
         ADD UNIQUE KEY uk_logs_history_alarm_id (alarm_id),
         ADD KEY ix_logs_history_creation_time (alarm_creation_time),
         ADD KEY ix_logs_history_type_creation_time (alarm_type, alarm_creation_time)',
    'DO 0');
PREPARE step FROM @step;
EXECUTE step;
DEALLOCATE PREPARE step;
