-- Reference only: Kinesis Data Analytics for SQL no longer exists (see README.md). Corrected from the original.
-- Input: SOURCE_SQL_STREAM_001, the order lines of website-orders (columns as the agent's CSVTOJSON names them).
-- ROWTIME is the record's arrival time, the event time of every stage below.
-- Reference data: DETECTOR_CONFIG, one row loaded from S3, e.g. {"threshold": 30}.

-- Stage 1: the exact trailing count, one row per order line. RANGE bounds are inclusive: the window of a row is
-- [ROWTIME - 15 s, ROWTIME].
CREATE OR REPLACE STREAM "ORDER_COUNT_STREAM" (order_count INTEGER);
CREATE OR REPLACE PUMP "ORDER_COUNT_PUMP" AS
    INSERT INTO "ORDER_COUNT_STREAM"
    SELECT STREAM COUNT(*) OVER FIFTEEN_SECOND_SLIDING_WINDOW AS order_count
    FROM "SOURCE_SQL_STREAM_001"
    WHERE "InvoiceNo" NOT LIKE 'C%'
    WINDOW FIFTEEN_SECOND_SLIDING_WINDOW AS (RANGE INTERVAL '15' SECOND PRECEDING);

-- Stage 2: the rows at or above the threshold (the original's sub-select, without its stray ';').
CREATE OR REPLACE STREAM "ALARM_STREAM" (order_count INTEGER, threshold INTEGER);
CREATE OR REPLACE PUMP "ALARM_PUMP" AS
    INSERT INTO "ALARM_STREAM"
    SELECT STREAM c.order_count, d.threshold
    FROM "ORDER_COUNT_STREAM" AS c
    JOIN "DETECTOR_CONFIG" AS d ON c.order_count >= d.threshold;

-- Stage 3: the throttle. At most one row per minute, carrying the highest count of that minute. (The original's
-- COUNT(*) OVER 1 MINUTE ... WHERE trigger_count >= 1 was true for every row and throttled nothing.)
CREATE OR REPLACE STREAM "TRIGGER_STREAM" (minute_start TIMESTAMP, order_count INTEGER, threshold INTEGER);
CREATE OR REPLACE PUMP "TRIGGER_PUMP" AS
    INSERT INTO "TRIGGER_STREAM"
    SELECT STREAM STEP("ALARM_STREAM".ROWTIME BY INTERVAL '1' MINUTE) AS minute_start,
                  MAX(order_count) AS order_count,
                  MAX(threshold) AS threshold
    FROM "ALARM_STREAM"
    GROUP BY STEP("ALARM_STREAM".ROWTIME BY INTERVAL '1' MINUTE);
