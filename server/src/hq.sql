-- The head office's roll-up of the regions' change feeds (`server hq-sync`, hq.rs).
-- Run at every start, inside one transaction under an advisory lock: idempotent
-- (CREATE TABLE IF NOT EXISTS, CREATE OR REPLACE VIEW). Every table is keyed by the
-- region first: ids are only unique within a region. Enums are stored as their wire
-- names (snake_case, as the JSON spells them), amounts in integer fen, ids as bigint.

CREATE TABLE IF NOT EXISTS hq_regions (
    region    text PRIMARY KEY,
    base_url  text NOT NULL,
    -- The `next` of the last page applied: read on with `after = cursor`. Written in the
    -- same transaction as the page's items, so it never runs ahead of (or behind) them.
    cursor    bigint NOT NULL DEFAULT 0,
    -- The business day the region judged lateness by on the last page applied.
    today     date,
    synced_at timestamptz
);

CREATE TABLE IF NOT EXISTS hq_campaigns (
    region            text NOT NULL,
    id                bigint NOT NULL,
    version           bigint NOT NULL,
    kind              text NOT NULL,
    title             text NOT NULL,
    stage             text NOT NULL,
    store_count       integer NOT NULL,
    stores            bigint[] NOT NULL,
    requested_on      date NOT NULL,
    starts_on         date,
    ends_on           date,
    stage_due_on      date,
    late_working_days integer NOT NULL,
    at_risk           boolean NOT NULL,
    overdue           boolean NOT NULL,
    closed            boolean NOT NULL,
    budget_fen        bigint NOT NULL,
    committed_fen     bigint NOT NULL,
    spent_fen         bigint NOT NULL,
    ceiling_fen       bigint NOT NULL,
    -- The region's business day when this row was read: lateness is as of that day.
    as_of             date NOT NULL,
    PRIMARY KEY (region, id)
);

CREATE TABLE IF NOT EXISTS hq_kpi_months (
    region              text NOT NULL,
    person              bigint NOT NULL,
    year                integer NOT NULL,
    month               integer NOT NULL,
    rated               integer NOT NULL,
    satisfied           integer NOT NULL,
    bonus_deduction     boolean NOT NULL,
    disciplinary_review boolean NOT NULL,
    PRIMARY KEY (region, person, year, month)
);

CREATE TABLE IF NOT EXISTS hq_stores (
    region   text NOT NULL,
    id       bigint NOT NULL,
    version  bigint NOT NULL,
    code     text NOT NULL,
    name     text NOT NULL,
    province text NOT NULL,
    city     text NOT NULL,
    status   text NOT NULL,
    PRIMARY KEY (region, id)
);

CREATE TABLE IF NOT EXISTS hq_org_units (
    region  text NOT NULL,
    id      bigint NOT NULL,
    version bigint NOT NULL,
    kind    text NOT NULL,
    name    text NOT NULL,
    parent  bigint,
    PRIMARY KEY (region, id)
);

CREATE TABLE IF NOT EXISTS hq_positions (
    region  text NOT NULL,
    id      bigint NOT NULL,
    version bigint NOT NULL,
    title   text NOT NULL,
    unit    bigint NOT NULL,
    PRIMARY KEY (region, id)
);

CREATE TABLE IF NOT EXISTS hq_people (
    region         text NOT NULL,
    id             bigint NOT NULL,
    version        bigint NOT NULL,
    name           text NOT NULL,
    positions      bigint[] NOT NULL,
    stores_covered bigint[] NOT NULL,
    PRIMARY KEY (region, id)
);

-- Where each region's open campaigns stand.
CREATE OR REPLACE VIEW hq_campaigns_by_stage AS
SELECT region,
       stage,
       count(*)                                         AS campaigns,
       count(*) FILTER (WHERE late_working_days > 0)    AS late,
       count(*) FILTER (WHERE at_risk)                  AS at_risk
  FROM hq_campaigns
 WHERE NOT closed
 GROUP BY region, stage;

COMMENT ON VIEW hq_campaigns_by_stage IS
  'Open (not closed) campaigns per region and workflow stage: how many, how many are late (the stage is past its due day by at least one working day) and how many are at risk (not late yet, but the stage no longer fits before its due day). Lateness is as the region judged it on the day each campaign was last read (hq_campaigns.as_of).';

-- Each staff member's monthly satisfaction (R7).
CREATE OR REPLACE VIEW hq_staff_months AS
SELECT k.region,
       k.person,
       p.name                                                        AS person_name,
       k.year::text || '-' || lpad(k.month::text, 2, '0')            AS month,
       k.rated,
       k.satisfied,
       CASE WHEN k.rated > 0
            THEN round(100.0 * k.satisfied / k.rated, 1)::numeric(5,1)
       END                                                           AS satisfaction_percent,
       k.bonus_deduction,
       k.disciplinary_review
  FROM hq_kpi_months k
  LEFT JOIN hq_people p ON p.region = k.region AND p.id = k.person;

COMMENT ON VIEW hq_staff_months IS
  'Each staff member''s store ratings per month (YYYY-MM) and region: ratings received, satisfied ones, the satisfaction rate in percent (empty without ratings), and R7''s flags: bonus_deduction below 50 % (奖金扣罚), disciplinary_review below 50 % for the third rated month in a row (记过或劝退).';

-- Each campaign's money against its budget and ceiling.
CREATE OR REPLACE VIEW hq_campaign_costs AS
SELECT region,
       id                                        AS campaign,
       title,
       stage,
       (budget_fen::numeric / 100)::numeric(14,2)    AS budget_yuan,
       (committed_fen::numeric / 100)::numeric(14,2) AS committed_yuan,
       (spent_fen::numeric / 100)::numeric(14,2)     AS spent_yuan,
       committed_fen > budget_fen                AS over_budget,
       committed_fen > ceiling_fen               AS over_ceiling
  FROM hq_campaigns;

COMMENT ON VIEW hq_campaign_costs IS
  'Every campaign''s money in yuan, closed ones included: the approved (or latest) plan''s budget, what purchase orders committed, what supplier invoices charged; over_budget when the orders exceed the budget, over_ceiling when they exceed the ceiling (the budget plus the center''s tolerance, or the overrun the VP approved).';

-- Each region's money in total.
CREATE OR REPLACE VIEW hq_region_costs AS
SELECT region,
       count(*)                                             AS campaigns,
       (sum(budget_fen)::numeric / 100)::numeric(14,2)      AS budget_yuan,
       (sum(committed_fen)::numeric / 100)::numeric(14,2)   AS committed_yuan,
       (sum(spent_fen)::numeric / 100)::numeric(14,2)       AS spent_yuan
  FROM hq_campaigns
 GROUP BY region;

COMMENT ON VIEW hq_region_costs IS
  'Each region''s campaigns (closed ones included) and their money in yuan: the budgets of their plans, what purchase orders committed and what supplier invoices charged.';
