// Minimal types for asciichart 1.5 (the package ships none).
declare module 'asciichart' {
  export interface PlotConfig {
    height?: number;
    offset?: number;
    padding?: string;
    colors?: string[];
    format?: (x: number, i: number) => string;
    min?: number;
    max?: number;
  }
  export function plot(series: number[] | number[][], config?: PlotConfig): string;
  export const blue: string;
  export const green: string;
  export const red: string;
  export const yellow: string;
  export const magenta: string;
  export const cyan: string;
  export const lightgray: string;
  export const reset: string;
  const asciichart: {
    plot: typeof plot;
    blue: string;
    green: string;
    red: string;
    yellow: string;
    magenta: string;
    cyan: string;
    lightgray: string;
    reset: string;
  };
  export default asciichart;
}
