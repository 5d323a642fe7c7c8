/**
 * The page: controls on the left (data, network, training), the views on the right (output
 * heatmap, loss, gradient flow, activation, graph inspector). Further phase-2 views (compare
 * mode, exports) are further entries of `VIEWS`.
 */
import type { ComponentType } from 'preact';
import { DataPanel } from './panels/DataPanel.js';
import { NetworkPanel } from './panels/NetworkPanel.js';
import { TrainingPanel } from './panels/TrainingPanel.js';
import { ActivationPanel } from './views/ActivationPanel.js';
import { CompareView, EditSwitch } from './views/CompareView.js';
import { ExportPanel } from './views/ExportPanel.js';
import { FlowPanel } from './views/FlowPanel.js';
import { GraphInspector } from './views/GraphInspector.js';
import { HeatmapView } from './views/HeatmapView.js';
import { LossChart } from './views/LossChart.js';
import { NetworkDiagram } from './views/NetworkDiagram.js';
import { Toolbar } from './views/Toolbar.js';

/** The views, in page order; each is a self-contained panel reading the store. */
export const VIEWS: ReadonlyArray<{ readonly id: string; readonly component: ComponentType }> = [
  { id: 'output', component: HeatmapView },
  { id: 'network', component: NetworkDiagram },
  { id: 'loss', component: LossChart },
  { id: 'gradient-flow', component: FlowPanel },
  { id: 'compare', component: CompareView },
  { id: 'activation', component: ActivationPanel },
  { id: 'graph', component: GraphInspector },
  { id: 'export', component: ExportPanel },
];

export function App() {
  return (
    <>
      <Toolbar />
      <main class="layout">
        <div class="controls">
          <DataPanel />
          <EditSwitch />
          <NetworkPanel />
          <TrainingPanel />
        </div>
        <div class="views">
          {VIEWS.map(({ id, component: View }) => (
            <div class="view" id={`view-${id}`} key={id}>
              <View />
            </div>
          ))}
        </div>
      </main>
      <footer>
        Built on <code>@gradscope/core</code>, <code>@gradscope/activations</code> and{' '}
        <code>@gradscope/trainer</code>; training runs in a Web Worker. The whole configuration is
        in the URL.
      </footer>
    </>
  );
}
