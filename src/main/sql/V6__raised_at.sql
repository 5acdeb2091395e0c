-- When the detector raised each alarm, beside when it detected the flood (window_end) and when people were told
-- (notified_at). A flood's first alarm is raised at its window end; a throttled repeat at its throttle slot, carrying
-- the highest count since the previous alarm, reached up to a throttle interval earlier: two repeats 60 s apart may
-- carry window ends 25 s apart. NULL for alarms stored before V6 or put by a detector that does not send raisedAt.
ALTER TABLE logs_history
    ADD COLUMN raised_at DATETIME(3) NULL COMMENT 'UTC; when the detector raised the alarm (a repeat: its throttle slot)'
        AFTER window_seconds;
