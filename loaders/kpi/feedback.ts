import type { Warehouse } from "../warehouse/database.ts";
import { satisfiedFrom } from "./facts.ts";
import { redactContacts } from "../survey/analysis.ts";

/** Grains the customer-care team watches: day, ISO week (starting Monday), month. */
export const grains = { day: "%Y-%m-%d", week: "%G-W%V", month: "%Y-%m" } as const;

/**
 * The post-service satisfaction index (share of ratings ≥ 4, as in monthly.ts) by day,
 * week and month of closing, and by channel, technician and request type per month; the
 * low-rated tickets with their comments (contacts masked). Needs the views from installFacts.
 */
export async function satisfactionIndexData(warehouse: Warehouse, lowRatedLimit = 300) {
  const series = await warehouse.all(
    Object.entries(grains)
      .map(
        ([
          grain,
          format,
        ]) => `SELECT '${grain}' AS grain, strftime(coalesce(closed_at, delivered_at), '${format}') AS period, count(csat) AS rated,
          count(*) FILTER (WHERE csat >= ${satisfiedFrom}) AS satisfied, avg(csat) AS mean
        FROM ticket_facts WHERE csat IS NOT NULL AND coalesce(closed_at, delivered_at) IS NOT NULL
          ${grain === "day" ? "AND coalesce(closed_at, delivered_at) >= (SELECT max(received_at) FROM tickets) - INTERVAL 90 DAY" : ""}
        GROUP BY ALL`,
      )
      .join(" UNION ALL ") + " ORDER BY grain, period",
  );
  const groups = await warehouse.all(
    ["channel", "technician", "request_type"]
      .map(
        (
          by,
        ) => `SELECT '${by}' AS breakdown, closed_month AS month, coalesce(${by}, '(trống)') AS key, count(csat) AS rated,
          count(*) FILTER (WHERE csat >= ${satisfiedFrom}) AS satisfied, avg(csat) AS mean
        FROM ticket_facts WHERE csat IS NOT NULL GROUP BY ALL`,
      )
      .join(" UNION ALL ") + " ORDER BY breakdown, month, rated DESC, key",
  );
  const lowRated = (
    await warehouse.all<
      Record<string, unknown>
    >(`SELECT ticket_id, closed_month AS month, strftime(coalesce(closed_at, delivered_at), '%Y-%m-%d') AS closed_day, csat,
        channel, request_type, technician, customer_id, csat_comment AS comment
      FROM ticket_facts WHERE csat <= 2 ORDER BY coalesce(closed_at, delivered_at) DESC, ticket_id LIMIT ${lowRatedLimit}`)
  ).map((r) => ({ ...r, comment: typeof r.comment === "string" ? redactContacts(r.comment) : null }));
  return { series, groups, lowRated };
}

/**
 * Feedback channels: contacts per channel by day (last 90 days), week and month; response
 * time per channel; the classification mix and complaint rate; and per B2B customer the
 * contacts, complaints, satisfaction and last contact over the last 12 months.
 */
export async function feedbackChannelData(warehouse: Warehouse) {
  const contacts = await warehouse.all(
    Object.entries(grains)
      .map(
        ([
          grain,
          format,
        ]) => `SELECT '${grain}' AS grain, strftime(received_at, '${format}') AS period, channel, count(*) AS contacts
        FROM ticket_facts ${grain === "day" ? "WHERE received_at >= (SELECT max(received_at) FROM tickets) - INTERVAL 90 DAY" : ""} GROUP BY ALL`,
      )
      .join(" UNION ALL ") + " ORDER BY grain, period, channel",
  );
  const responseByChannel =
    await warehouse.all(`SELECT received_month AS month, channel, count(response_working_minutes) AS n,
      median(response_working_minutes) AS median_working, quantile_cont(response_working_minutes, 0.9) AS p90_working
    FROM ticket_facts WHERE response_working_minutes >= 0 GROUP BY ALL ORDER BY month, channel`);
  const mix = await warehouse.all(
    `SELECT received_month AS month, coalesce(request_type, '(trống)') AS request_type, count(*) AS contacts FROM ticket_facts GROUP BY ALL ORDER BY month, request_type`,
  );
  const customers =
    await warehouse.all(`SELECT t.customer_id, any_value(c.customer_segment) AS segment, any_value(c.region) AS region, count(*) AS contacts,
      count(*) FILTER (WHERE t.request_type = 'complaint') AS complaints, count(t.csat) AS rated,
      count(*) FILTER (WHERE t.csat >= ${satisfiedFrom}) AS satisfied, strftime(max(t.received_at), '%Y-%m-%d') AS last_contact
    FROM tickets t LEFT JOIN customers c USING (customer_id)
    WHERE t.customer_id IS NOT NULL AND t.received_at >= (SELECT max(received_at) FROM tickets) - INTERVAL 12 MONTH
    GROUP BY t.customer_id ORDER BY complaints DESC, contacts DESC, t.customer_id`);
  return { contacts, responseByChannel, mix, customers };
}
