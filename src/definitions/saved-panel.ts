import type * as cog from '@grafana/grafana-foundation-sdk/cog';

/**
 * A panel as Grafana saves it. The SDK's panel builders start every panel with `transparent: false` and
 * `repeatDirection: 'h'`; Grafana's save model leaves out a property equal to its default (`transparent: false`,
 * PanelModel `defaults` and `getSaveModel`) and keeps `repeatDirection` only on a repeated panel (PanelModel
 * `setProperty('repeat')`), both in public/app/features/dashboard/state/PanelModel.ts. Imported dashboards saved by
 * Grafana use it, so their panels need no escape hatch for the two.
 */
export function savedPanel<T extends { transparent?: boolean; repeat?: string; repeatDirection?: string }>(builder: cog.Builder<T>): cog.Builder<T> {
  return {
    build(): T {
      const panel = builder.build();
      if (panel.transparent === false) delete panel.transparent;
      if (panel.repeat === undefined || panel.repeat === '') delete panel.repeatDirection;
      return panel;
    },
  };
}
