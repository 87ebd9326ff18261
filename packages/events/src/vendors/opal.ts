import type { components, OpalClient } from "@eventkit/opal";
import { fieldsOf, Reading, withWarnings } from "../adapt.js";
import type { Actor, OpalEvent } from "../event.js";
import { toIso } from "../time.js";
import type { EventSource, PageSizes } from "../source.js";

export type OpalRawEvent = components["schemas"]["Event"];

/** Opal audit events: who did what; Opal has no outcome field, so every event is `info`. */
export function adaptOpal(raw: OpalRawEvent): OpalEvent {
  const r = new Reading();
  const e = fieldsOf(raw, r);
  const type = r.required(e.event_type, "event_type") ?? "unknown";
  const id = r.id(e.event_id, "event_id", raw);
  void (r.time(e.created_at, "iso", "created_at") || r.noTime("created_at"));
  const actor = actorOf(r.required(e.actor_user_id, "actor_user_id"), r.required(e.actor_name, "actor_name"), r.text(e.actor_email), r.text(e.actor_ip_address));
  const event: OpalEvent = { vendor: "opal", id, type, occurredAt: r.occurredAt, timestamp: r.timestamp, status: r.settle("info"), ...(actor ? { actor } : {}), title: type, tags: [], raw };
  const subTypes = Array.isArray(e.sub_events) ? e.sub_events.map((s) => r.text(s?.sub_event_type)).filter((t) => t !== undefined) : [];
  if (subTypes.length) (event as { message?: string }).message = subTypes.join(", ");
  const token = r.text(e.api_token_name);
  if (token) (event as { tags: readonly string[] }).tags = [`api_token:${token}`];
  return withWarnings(event, r);
}

function actorOf(id: string | undefined, name: string | undefined, email: string | undefined, ip: string | undefined): Actor | undefined {
  if (id === undefined && name === undefined && email === undefined && ip === undefined) return undefined;
  const actor: { id?: string; name?: string; email?: string; ip?: string } = {};
  if (id !== undefined) actor.id = id;
  if (name !== undefined) actor.name = name;
  if (email !== undefined) actor.email = email;
  if (ip !== undefined) actor.ip = ip;
  return actor;
}

/** Opal filters by time (start_date_filter, end_date_filter) and pages by cursor, in no documented order. */
export function opalSource(client: OpalClient, sizes: PageSizes = {}): EventSource {
  return {
    vendor: "opal",
    name: "opal",
    order: "none",
    filtersByTime: true,
    async *pages(window, { signal }) {
      const query = {
        ...(window.since !== undefined ? { start_date_filter: toIso(window.since) } : {}),
        ...(window.until !== undefined ? { end_date_filter: toIso(window.until) } : {}),
      };
      const pages = client.pages.events({ params: { query } }, { pageSize: sizes.pageSize ?? 1000, signal });
      for await (const page of pages) yield page.items.map(adaptOpal);
    },
  };
}
