-- Floods as episodes: one row per flood, from its first alarm to the detector's resolved event. The alarms of a
-- flood name it in logs_history.flood_id (the first alarm's alarm_id). Alarms stored before V5, or put by a detector
-- that does not send floodId, belong to no flood.
CREATE TABLE IF NOT EXISTS floods (
    id                   BIGINT       NOT NULL AUTO_INCREMENT,
    flood_id             VARCHAR(64)  NOT NULL COMMENT 'the alarm_id of the flood''s first alarm',
    alarm_type           VARCHAR(32)  NOT NULL,
    alarm_key            VARCHAR(128) NULL     COMMENT 'the customer for per-key types',
    started_at           DATETIME(3)  NOT NULL COMMENT 'UTC; the first alarm''s window end',
    ended_at             DATETIME(3)  NULL     COMMENT 'UTC; a whole window after the count went under the threshold; NULL while it lasts',
    peak_count           INT          NOT NULL COMMENT 'highest count: of its alarms while it lasts, the detector''s once it ended',
    peak_at              DATETIME(3)  NOT NULL COMMENT 'UTC',
    alarms               INT          NOT NULL COMMENT 'alarms it raised, the first included',
    threshold            INT          NOT NULL,
    window_seconds       INT          NOT NULL,
    resolved_notified_at DATETIME(3)  NULL     COMMENT 'UTC; when SNS accepted the flood-over notice',
    PRIMARY KEY (id),
    UNIQUE KEY uk_floods_flood_id (flood_id),
    KEY ix_floods_started_at (started_at, id),
    KEY ix_floods_type_started_at (alarm_type, started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE logs_history
    ADD COLUMN flood_id   VARCHAR(64) NULL COMMENT 'floods.flood_id of the flood the alarm belongs to',
    ADD COLUMN silence_id VARCHAR(64) NULL COMMENT 'the silence that muted it; notified_at stays NULL',
    ADD KEY ix_logs_history_flood_id (flood_id);
