-- The alarm history (Aurora MySQL, database `logs`). Applied by Flyway when the alarm-notifier or the API starts;
-- by hand: mysql -h HOST -u USER -p logs < V1__logs_history.sql
-- alarm_creation_time and Number_of_orders are the original columns that operators' queries use.
CREATE TABLE IF NOT EXISTS logs_history (
    id                  BIGINT       NOT NULL AUTO_INCREMENT,
    alarm_id            VARCHAR(64)  NOT NULL COMMENT 'stable id from the detector: a redelivered alarm has the same one',
    alarm_type          VARCHAR(32)  NOT NULL COMMENT 'ORDER_FLOOD, CUSTOMER_FLOOD, ...',
    alarm_key           VARCHAR(128) NULL     COMMENT 'the customer for per-key types',
    alarm_creation_time DATETIME     NOT NULL COMMENT 'UTC; when the count reached the threshold (window end)',
    Number_of_orders    INT          NOT NULL COMMENT 'orders in the window',
    threshold           INT          NOT NULL,
    window_start        DATETIME(3)  NOT NULL COMMENT 'UTC',
    window_end          DATETIME(3)  NOT NULL COMMENT 'UTC',
    window_seconds      INT          NOT NULL,
    top_contributors    JSON         NULL     COMMENT '{"customers":[{"key":..,"count":..}],"countries":[..],"stockCodes":[..]}',
    received_at         DATETIME(3)  NOT NULL COMMENT 'UTC; first delivery to the notifier',
    notified_at         DATETIME(3)  NULL     COMMENT 'UTC; when SNS accepted the message; NULL = not yet',
    sns_message_id      VARCHAR(100) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_logs_history_alarm_id (alarm_id),
    KEY ix_logs_history_creation_time (alarm_creation_time),
    KEY ix_logs_history_type_creation_time (alarm_type, alarm_creation_time)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Alarm records that could not be read: kept with their raw text and why, never retried.
CREATE TABLE IF NOT EXISTS alarm_quarantine (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    event_id        VARCHAR(255) NOT NULL COMMENT 'shardId:sequenceNumber',
    stream          VARCHAR(128) NOT NULL,
    sequence_number VARCHAR(128) NOT NULL,
    arrived_at      DATETIME(3)  NULL     COMMENT 'UTC; Kinesis approximate arrival',
    reason          VARCHAR(1000) NOT NULL,
    raw             MEDIUMTEXT   NOT NULL,
    quarantined_at  DATETIME(3)  NOT NULL COMMENT 'UTC',
    PRIMARY KEY (id),
    UNIQUE KEY uk_alarm_quarantine_event_id (event_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
