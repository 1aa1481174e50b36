import type { AnnotationApi, NewAnnotation, StoredAnnotation } from '../../src/annotations/index.js';

/** An in-memory AnnotationApi with switchable faults, for emitter unit tests (the emulator covers HTTP). */
export class FakeAnnotationApi implements AnnotationApi {
  readonly annotations: StoredAnnotation[] = [];
  readonly calls: string[] = [];
  /** Every call fails like a stopped server. */
  down = false;
  /** Creates and patches are applied, then the response is lost. */
  loseResponses = false;
  /** Creates fail with 400. */
  rejectCreates = false;
  private nextId = 1;

  private check(call: string): void {
    this.calls.push(call);
    if (this.down) throw Object.assign(new Error(`${call}: connect ECONNREFUSED`), { code: 'unreachable' });
  }

  async findByTags(tags: readonly string[]): Promise<StoredAnnotation[]> {
    this.check(`GET ${tags.join(',')}`);
    return this.annotations.filter((a) => tags.every((t) => a.tags.includes(t))).map((a) => ({ ...a }));
  }

  async create(annotation: NewAnnotation): Promise<{ id: number }> {
    this.check('POST');
    if (this.rejectCreates) throw Object.assign(new Error('POST /api/annotations -> 400: Failed to save annotation'), { status: 400 });
    const id = this.nextId++;
    const timeEnd = annotation.timeEnd && annotation.timeEnd > 0 ? annotation.timeEnd : annotation.time;
    this.annotations.push({ id, ...annotation, timeEnd, tags: [...annotation.tags] });
    if (this.loseResponses) throw Object.assign(new Error('POST /api/annotations: socket hang up'), { code: 'unreachable' });
    return { id };
  }

  async patch(id: number, change: { timeEnd?: number; text?: string }): Promise<void> {
    this.check(`PATCH ${id}`);
    const index = this.annotations.findIndex((a) => a.id === id);
    if (index < 0) throw Object.assign(new Error('Annotation not found'), { status: 404 });
    const current = this.annotations[index]!;
    this.annotations[index] = { ...current, ...(change.timeEnd ? { timeEnd: change.timeEnd } : {}), ...(change.text ? { text: change.text } : {}) };
    if (this.loseResponses) throw Object.assign(new Error('PATCH: socket hang up'), { code: 'unreachable' });
  }

  byEvent(eventId: string): StoredAnnotation[] {
    return this.annotations.filter((a) => a.tags.includes(`event:${eventId}`));
  }
}
