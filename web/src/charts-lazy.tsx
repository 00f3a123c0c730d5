/**
 * The charts, loaded when first shown: ECharts is about a third of the front end (≈ 195 kB gzip), and
 * the form, the lists and sign-in do not need it. Same props as charts.tsx; a placeholder of the
 * chart's height holds the place while the code arrives, so the page does not jump.
 */
import { lazy, Suspense, type ComponentProps, type ComponentType } from 'react';
import type * as Charts from './charts.tsx';

const load = () => import('./charts.tsx');

function deferred<K extends 'EChart' | 'Level2Chart' | 'QuarterChart'>(name: K, height: number) {
  type P = ComponentProps<(typeof Charts)[K]>;
  const Lazy = lazy(async () => ({ default: (await load())[name] as ComponentType<P> }));
  return function Deferred(props: P) {
    const h = (props as { height?: number }).height ?? height;
    return (
      <Suspense fallback={<div style={{ height: h }} aria-busy="true" />}>
        <Lazy {...(props as P & React.JSX.IntrinsicAttributes)} />
      </Suspense>
    );
  };
}

export const EChart = deferred('EChart', 300);
export const Level2Chart = deferred('Level2Chart', 300);
export const QuarterChart = deferred('QuarterChart', 300);
