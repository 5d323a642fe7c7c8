/** The report as data: sections of prose, charts (Vega-Lite specs) and tables. */
import type { TopLevelSpec } from 'vega-lite';

/** A table of plain cells. */
export interface Table {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** A chart: rendered to inline SVG in report.html, listed by caption in report.md. */
export interface Chart {
  readonly id: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

/** A pre-rendered SVG figure (e.g. the computation graph from Graphviz). */
export interface Figure {
  readonly id: string;
  readonly caption: string;
  readonly svg: string;
}

/** One part of the report (the findings summary, or an experiment's). */
export interface Section {
  readonly id: string;
  readonly title: string;
  /** Paragraphs of plain text (`code` in backticks is kept as code). */
  readonly paragraphs: readonly string[];
  readonly charts?: readonly Chart[];
  readonly figures?: readonly Figure[];
  readonly tables?: readonly Table[];
}

/** The whole report. */
export interface Report {
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly Section[];
}
