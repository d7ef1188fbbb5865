/** @qiun/ucharts ships no types: the part of its options this app uses. */
declare module '@qiun/ucharts' {
  export interface UChartsOptions {
    type: 'column' | 'line' | 'area' | 'bar' | 'pie' | 'ring';
    context: CanvasRenderingContext2D;
    canvas2d?: boolean;
    width: number;
    height: number;
    pixelRatio?: number;
    fontSize?: number;
    animation?: boolean;
    background?: string;
    padding?: number[];
    categories: string[];
    series: { name: string; color?: string; data: (number | null)[] }[];
    legend?: Record<string, unknown>;
    dataLabel?: boolean;
    xAxis?: Record<string, unknown>;
    yAxis?: Record<string, unknown>;
    extra?: Record<string, unknown>;
  }
  export default class UCharts {
    constructor(options: UChartsOptions);
  }
}
