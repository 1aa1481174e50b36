/** Tag that identifies one event's annotation; the emitter looks it up before any (re-)post. */
export function eventTag(eventId: string): string {
  return `event:${eventId}`;
}

/** Event ids become part of a Grafana tag (`key:value`, trimmed, length-limited), so keep them plain. */
const eventIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,90}$/;

export function isValidEventId(eventId: string): boolean {
  return eventIdPattern.test(eventId);
}

/** Tags in a stable order without duplicates: base tags first, then the event's own, then the event tag. */
export function annotationTags(base: readonly string[], extra: readonly string[], eventId: string): string[] {
  const tags: string[] = [];
  for (const tag of [...base, ...extra, eventTag(eventId)]) {
    const trimmed = tag.trim();
    if (trimmed !== '' && !tags.includes(trimmed)) tags.push(trimmed);
  }
  return tags;
}
