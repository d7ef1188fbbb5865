import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Canvas, Text, View } from '@tarojs/components';
import uCharts from '@qiun/ucharts';
import './chart.scss';

/**
 * The one chart of the app: uCharts (`@qiun/ucharts`, docs/benchmarks.md "Size") drawn on a
 * `type="2d"` Canvas, the same code in the mini-program and in H5. Columns (counts per month, a
 * rating's 1–5 distribution, this year against last), lines (rates) and horizontal bars (a choice
 * question's options). Drawn once the canvas is laid out and again when the figures change; a
 * drawing failure leaves a plain message, never a blank. Only the manager sub-package bundles it.
 */

export interface ChartSeries {
  name: string;
  /** One value per category; null where there is no figure (a gap in a line). */
  data: (number | null)[];
  color: string;
}

export type ChartType = 'column' | 'line' | 'bar';

/** The drawing surface of a Canvas: a 2d context and its size in CSS pixels. */
interface Surface {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  dpr: number;
}

function pixelRatio(): number {
  try {
    return Taro.getSystemInfoSync().pixelRatio || 1;
  } catch {
    return 1;
  }
}

/**
 * The 2d context of the Canvas `#id`: in the mini-program through the node of a `type="2d"` canvas
 * (sized to its box × the pixel ratio); in H5 the <canvas> inside Taro's <taro-canvas-core>.
 */
function surfaceOf(id: string): Promise<Surface | null> {
  const dpr = pixelRatio();
  if (process.env.TARO_ENV === 'h5') {
    const host = document.getElementById(id);
    const canvas = (host?.tagName.toLowerCase() === 'canvas' ? host : host?.querySelector('canvas')) as HTMLCanvasElement | null;
    if (!canvas) return Promise.resolve(null);
    const box = (host as HTMLElement).getBoundingClientRect();
    canvas.width = Math.round(box.width * dpr);
    canvas.height = Math.round(box.height * dpr);
    canvas.style.width = `${box.width}px`;
    canvas.style.height = `${box.height}px`;
    const ctx = canvas.getContext('2d');
    return Promise.resolve(ctx ? { ctx, width: box.width, height: box.height, dpr } : null);
  }
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res: { node?: { width: number; height: number; getContext(kind: '2d'): CanvasRenderingContext2D }; width?: number; height?: number }[]) => {
        const r = res?.[0];
        if (!r?.node || !r.width || !r.height) return resolve(null);
        r.node.width = Math.round(r.width * dpr);
        r.node.height = Math.round(r.height * dpr);
        resolve({ ctx: r.node.getContext('2d'), width: r.width, height: r.height, dpr });
      });
  });
}

/** The top of a count axis split in 4 whole steps: the largest value rounded up to a multiple of 4 (at least 4). */
export function countAxisMax(series: readonly { data: readonly (number | null)[] }[]): number {
  const top = Math.max(0, ...series.flatMap((x) => x.data.map((v) => v ?? 0)));
  return Math.max(4, Math.ceil(top / 4) * 4);
}

export interface ChartProps {
  /** The canvas id (unique on the page). */
  id: string;
  type: ChartType;
  categories: string[];
  series: ChartSeries[];
  /** Values 0–1 shown as % (0–100 axis). */
  percent?: boolean;
  /** The value axis' top (default: whole counts, `countAxisMax`; 100 for percent). */
  max?: number;
  /** Steps of the value axis (default 4). */
  steps?: number;
  /** Decimals of the axis labels (default 0). */
  decimals?: number;
  /** Canvas height in CSS px (default: the stylesheet's). */
  height?: number;
  /** Show the legend (default: when there is more than one series). */
  legend?: boolean;
  /** Extra class of the wrapper (stable names for tests). */
  className?: string;
}

/** A chart without a frame (put it in a card). The wrapper says `data-drawn="yes"` once drawn. */
export function Chart({ id, type, categories, series, percent = false, max, steps = 4, decimals = 0, height, legend, className }: ChartProps) {
  const [failed, setFailed] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const key = JSON.stringify([type, categories, series, max, steps, height, legend]);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  useEffect(() => {
    let cancelled = false;
    // After layout: the canvas needs its box before it can be sized.
    const timer = setTimeout(async () => {
      try {
        const s = await surfaceOf(id);
        if (cancelled || !alive.current) return;
        if (!s) throw new Error('canvas not found');
        const top = max ?? (percent ? 100 : countAxisMax(series));
        const label = (v: number) => `${Number(v).toFixed(decimals)}${percent ? '%' : ''}`;
        const valueAxis = { min: 0, max: top, formatter: label };
        new uCharts({
          type,
          context: s.ctx,
          canvas2d: true,
          width: s.width * s.dpr,
          height: s.height * s.dpr,
          pixelRatio: s.dpr,
          fontSize: 11,
          animation: false,
          background: '#FFFFFF',
          padding: [12, type === 'bar' ? 24 : 8, 4, 4],
          categories,
          series: series.map((x) => ({ name: x.name, color: x.color, data: x.data.map((v) => (v === null ? null : percent ? Math.round(v * 1000) / 10 : v)) })),
          legend: { show: legend ?? series.length > 1, position: 'top', fontSize: 11 },
          dataLabel: type !== 'line',
          // Bars: categories down the side, values along the bottom (uCharts swaps the axes for 'bar').
          xAxis: type === 'bar' ? { ...valueAxis, splitNumber: steps, fontSize: 11, gridType: 'dash', boundaryGap: 'justify' } : { disableGrid: true, fontSize: 11 },
          yAxis: type === 'bar' ? { fontSize: 11 } : { gridType: 'dash', splitNumber: steps, data: [valueAxis] },
          extra: { column: { width: 10, seriesGap: 2 }, bar: { width: 12, seriesGap: 2 }, line: { type: 'straight', width: 2 } },
        });
        setDrawn(true);
        setFailed(false);
      } catch {
        if (!cancelled && alive.current) setFailed(true);
      }
    }, 50);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // The figures (`key`), not the arrays' identity, decide a redraw.
  }, [id, key, percent, decimals]);

  return (
    <View className={`chart chart--${type}${className ? ` ${className}` : ''}`} data-drawn={drawn ? 'yes' : 'no'}>
      {failed ? <Text className="muted chart__failed">图表暂时无法显示</Text> : null}
      <Canvas type="2d" id={id} canvasId={id} className="chart__canvas" style={height ? { height: `${height}px` } : undefined} />
    </View>
  );
}
