import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { AnnotationQueryBuilder, AnnotationTargetBuilder } from '@grafana/grafana-foundation-sdk/dashboard';

export interface TagAnnotationOptions {
  readonly name: string;
  /** Annotations carrying every one of these tags are shown (matchAny false). */
  readonly tags: readonly string[];
  readonly iconColor: string;
  /** @default 100 */
  readonly limit?: number;
}

/**
 * An annotation query over Grafana's own annotation store, filtered by tags: how events posted to /api/annotations
 * show on every panel. Hides an SDK 0.0.21 typing gap: `target()` wants a Dataquery builder, but Grafana's built-in
 * annotation target is an AnnotationTarget (works at runtime; see reference/dependencies.md section 1).
 */
export function tagAnnotation(options: TagAnnotationOptions): AnnotationQueryBuilder {
  const target = new AnnotationTargetBuilder()
    .type('tags')
    .tags([...options.tags])
    .matchAny(false)
    .limit(options.limit ?? 100);
  return new AnnotationQueryBuilder()
    .name(options.name)
    .datasource({ type: 'grafana', uid: '-- Grafana --' })
    .enable(true)
    .iconColor(options.iconColor)
    .target(target as unknown as cog.Builder<cog.Dataquery>);
}
