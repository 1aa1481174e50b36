import type { GrafanaClient } from '../grafana/index.js';
import type { AnnotationApi, NewAnnotation, StoredAnnotation } from './types.js';

/** Most annotations one event tag can match; more than one already means a duplicate (reported by the emitter). */
const lookupLimit = 100;

/**
 * AnnotationApi over the Grafana client (grafana-http-api.md section 8). POST is sent with retry safety `never`:
 * the client must not resend it, because the emitter looks the event up by its tag before any re-post.
 */
export function grafanaAnnotationApi(client: GrafanaClient): AnnotationApi {
  return {
    async findByTags(tags) {
      const found = await client.get<StoredAnnotation[]>('/api/annotations', {
        query: { tags: [...tags], limit: lookupLimit, type: 'annotation' },
        subject: `annotation ${tags.join(' ')}`,
      });
      return Array.isArray(found) ? found : [];
    },
    async create(annotation: NewAnnotation) {
      const response = await client.post<{ id: number }>('/api/annotations', annotation, {
        retrySafety: 'never',
        subject: `annotation "${annotation.text}"`,
      });
      return { id: response.id };
    },
    async patch(id, change) {
      await client.patch(`/api/annotations/${id}`, change, { subject: `annotation ${id}` });
    },
  };
}
