/**
 * Phase 1 of the playground, checked in the browser:
 *
 *  1. the page loads and draws every view;
 *  2. the preset (spiral, 6 × 16 tanh, Adam) trains: its test loss falls below TEST_LOSS_GOAL;
 *  3. the gradient-flow panel's numbers for a fixed seed, at initialisation and after STEPS
 *     clicks of Step, equal bit for bit what the same configuration gives in Node (this
 *     process, the same engine);
 *  4. the URL round-trips the state: a URL sets the controls, a keyboard change of a control
 *     rewrites the URL, and loading that URL restores it;
 *  5. a bad CSV shows a message naming its row and column and keeps the previous data (both with
 *     a built-in set and after a good CSV);
 *  6. while a 24 × 128 network trains, no animation frame spends 50 ms in the page's script
 *     (Long Animation Frames API; long tasks are printed, see ../frames.ts);
 *  7. a narrow window (400 px) needs no horizontal scrolling.
 */
import { knownNames } from '../../../src/state/names.js';
import { DEFAULT_STATE, type PlaygroundState } from '../../../src/state/state.js';
import { stateFromQuery, stateToQuery } from '../../../src/state/url.js';
import { build } from '../../../src/worker/host.js';
import { describeTasks, readFrames, watchFrames } from '../frames.js';
import type { Harness } from '../harness.js';

const TEST_LOSS_GOAL = 0.1;
const STEPS = 5;

export async function basics(h: Harness): Promise<void> {
  const { page } = h;

  // --- 1. Loads, every view drawn.
  await h.open(page, '');
  const views = await page.$$eval('.view', (vs) =>
    vs.map((v) => ({ id: v.id, h: v.getBoundingClientRect().height })),
  );
  await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length >= 3);
  h.check(
    'the page loads and draws every view',
    views.length >= 4 && views.every((v) => v.h > 50),
    views.map((v) => `${v.id} ${Math.round(v.h)}px`).join(', '),
  );
  await h.shot(page, 'initial');

  // --- 3. Bit-for-bit determinism against Node, at init and after STEPS steps (seed 3).
  const detState: PlaygroundState = { ...DEFAULT_STATE, seed: 3 };
  await h.open(page, stateToQuery(detState));
  const node = build(detState);
  const nodeInitial = h.exact(0, node.initialFlow);
  const pageInitial = (await h.flowOf(page)).initial;
  h.check(
    `gradient-flow numbers at initialisation equal Node's bit for bit (seed 3)`,
    pageInitial === nodeInitial,
    pageInitial === nodeInitial
      ? `${node.initialFlow.rmsGradH.length} layers`
      : `page ${pageInitial}\nnode ${nodeInitial}`,
  );
  for (let i = 1; i <= STEPS; i++) {
    await page.click('#step');
    await page.waitForFunction(
      (n) => document.querySelector('#step-count')?.textContent === String(n),
      i,
    );
  }
  await page.waitForFunction(
    (n) =>
      (document.querySelector('#flow-table') as HTMLElement | null)?.dataset.step === String(n),
    STEPS,
  );
  const nodeFlow = node.run(STEPS);
  const pageFlow = (await h.flowOf(page)).flow;
  const want = nodeFlow === null ? '' : h.exact(STEPS, nodeFlow);
  h.check(
    `gradient-flow numbers after ${STEPS} steps equal Node's bit for bit`,
    pageFlow === want,
    pageFlow === want ? `${want.slice(0, 90)}…` : `page ${pageFlow}\nnode ${want}`,
  );
  await h.shot(page, 'gradient-flow', '#view-gradient-flow');

  // --- 2. The preset trains.
  await h.open(page, '');
  const started = Date.now();
  await page.click('#play');
  let speed6 = 0;
  let reached = Number.POSITIVE_INFINITY;
  let steps = 0;
  for (;;) {
    await page.waitForTimeout(250);
    const v = await page.$eval('#test-loss', (e) => Number((e as HTMLElement).dataset.value));
    const sp = await page.$eval('#speed', (e) => Number(e.textContent)).catch(() => 0);
    speed6 = Math.max(speed6, sp);
    if (v < reached) reached = v;
    steps = await h.stepCount(page);
    if (reached < TEST_LOSS_GOAL || Date.now() - started > 60_000) break;
  }
  await page.click('#play');
  const secs = (Date.now() - started) / 1000;
  h.figure(
    `preset: test loss ${reached.toPrecision(3)} after ${steps} steps in ${secs.toFixed(1)} s; ${Math.round(speed6)} steps/s (6 × 16)`,
  );
  h.check(
    `the preset (spiral, 6 × 16 tanh, Adam) trains to test loss < ${TEST_LOSS_GOAL}`,
    reached < TEST_LOSS_GOAL,
    `${reached.toPrecision(3)} at step ${steps} (${secs.toFixed(1)} s)`,
  );
  await h.shot(page, 'trained');
  await h.shot(page, 'output', '#view-output');
  await h.shot(page, 'loss', '#view-loss');
  await h.shot(page, 'activation', '#view-activation');

  // --- 4. URL round trip.
  const q =
    'seed=11&data=xor&noise=0.2&depth=3&width=12&act=relu&init=heNormal&opt=sgd&lr=0.1&features=x1,x2,x1x2';
  await h.open(page, q);
  const canonical = stateToQuery(stateFromQuery(q, knownNames()).state);
  const shown = await page.evaluate(() => ({
    search: location.search.slice(1),
    dataset: (document.querySelector('#dataset') as HTMLSelectElement).value,
    act: (document.querySelector('#activation') as HTMLSelectElement).value,
    depth: (document.querySelector('#depth') as HTMLInputElement).value,
    product: (document.querySelector('#feature-x1x2') as HTMLInputElement).checked,
  }));
  h.check(
    'a URL sets the controls and stays as it came',
    shown.search === canonical &&
      shown.dataset === 'xor' &&
      shown.act === 'relu' &&
      shown.depth === '3' &&
      shown.product,
    JSON.stringify(shown),
  );
  await page.focus('#depth');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.search.includes('depth=4'));
  await page.focus('#activation');
  await page.selectOption('#activation', 'gelu');
  await page.waitForFunction(() => location.search.includes('act=gelu'));
  const changed = await page.evaluate(() => location.search.slice(1));
  await h.open(page, changed);
  const restored = await page.evaluate(() => ({
    search: location.search.slice(1),
    depth: (document.querySelector('#depth') as HTMLInputElement).value,
    act: (document.querySelector('#activation') as HTMLSelectElement).value,
    layers: (document.querySelectorAll('#flow-table tbody tr') as NodeListOf<Element>).length,
  }));
  const parsed = stateFromQuery(changed, knownNames());
  h.check(
    'keyboard changes rewrite the URL, and loading it restores the state',
    restored.search === changed &&
      restored.depth === '4' &&
      restored.act === 'gelu' &&
      restored.layers === 5 &&
      parsed.problems.length === 0 &&
      parsed.state.network.depth === 4,
    `${changed} → ${JSON.stringify(restored)}`,
  );

  // --- 5. CSV upload: bad files keep the previous data.
  await h.open(page, '');
  const before = (await h.flowOf(page)).initial;
  const badRows = [
    'x,y,label',
    ...Array.from({ length: 20 }, (_, i) => (i === 6 ? '0.5,oops,1' : `${i},${i % 3},${i % 2}`)),
  ];
  await page.setInputFiles('#csv-file', {
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(badRows.join('\n')),
  });
  await page.waitForSelector('#csv-message.error');
  const msg1 = await page.$eval('#csv-message', (e) => e.textContent ?? '');
  await page.waitForTimeout(300);
  const after = (await h.flowOf(page)).initial;
  const ds1 = await page.$eval('#dataset', (e) => (e as HTMLSelectElement).value);
  h.check(
    'a bad CSV names its row and column, and the built-in data stays',
    /row 8, column 2 \('y'\): 'oops' is not a number/.test(msg1) &&
      after === before &&
      ds1 === 'spiral',
    msg1,
  );
  await h.shot(page, 'csv-error', '.controls');
  const goodRows = [
    'a,b,cls',
    ...Array.from(
      { length: 80 },
      (_, i) => `${Math.cos(i)},${Math.sin(1.7 * i)},${Math.cos(i) > 0 ? 'right' : 'left'}`,
    ),
  ];
  await page.setInputFiles('#csv-file', {
    name: 'good.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(goodRows.join('\n')),
  });
  await page.waitForSelector('#csv-message.note');
  await page.waitForFunction(() =>
    document.querySelector('.legend')?.textContent?.includes('right'),
  );
  const csvInitial = (await h.flowOf(page)).initial;
  await page.setInputFiles('#csv-file', {
    name: 'short.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      ['a,b,cls', ...goodRows.slice(1, 30), '1,2', ...goodRows.slice(30)].join('\n'),
    ),
  });
  await page.waitForSelector('#csv-message.error');
  const msg2 = await page.$eval('#csv-message', (e) => e.textContent ?? '');
  await page.waitForTimeout(300);
  const still = await page.evaluate(() => ({
    dataset: (document.querySelector('#dataset') as HTMLSelectElement).value,
    legend: document.querySelector('.legend')?.textContent ?? '',
  }));
  h.check(
    'a bad CSV after a good one keeps the good one',
    /row 31 has 2 columns, expected 3/.test(msg2) &&
      still.dataset === 'csv' &&
      still.legend.includes('right') &&
      (await h.flowOf(page)).initial === csvInitial,
    msg2,
  );

  // --- 6. The page's script per frame while a 24 × 128 network trains (see ../frames.ts).
  await h.open(page, 'depth=24&width=128');
  await watchFrames(page);
  const s0 = await h.stepCount(page);
  const t1 = Date.now();
  await page.click('#play');
  let speed24 = 0;
  for (let i = 0; i < 16; i++) {
    await page.waitForTimeout(500);
    speed24 = Math.max(
      speed24,
      await page.$eval('#speed', (e) => Number(e.textContent)).catch(() => 0),
    );
  }
  await page.click('#play');
  const s1 = await h.stepCount(page);
  const { longTasks, maxScript } = await readFrames(page);
  // A string, so that tsx's helpers (it names inner functions) stay out of the page.
  const frames = (await page.evaluate(`new Promise((done) => {
    let n = 0;
    const t = performance.now();
    const tick = () => {
      n++;
      if (performance.now() - t < 500) requestAnimationFrame(tick);
      else done(n * 2);
    };
    requestAnimationFrame(tick);
  })`)) as number;
  const overall = ((s1 - s0) * 1000) / (Date.now() - t1);
  h.figure(
    `24 × 128: ${Math.round(speed24)} steps/s (worker), ${overall.toFixed(0)} steps/s over 8 s; longest main-thread task ${longTasks.length === 0 ? 'none over 50 ms' : `${Math.max(...longTasks).toFixed(0)} ms`}; ${frames} frames/s after`,
  );
  h.check(
    'no frame spends 50 ms in script while a 24 × 128 network trains',
    maxScript < 50 && s1 - s0 > 50,
    `longest script in a long frame ${maxScript.toFixed(0)} ms; ${describeTasks(longTasks)}; ${s1 - s0} steps in 8 s`,
  );
  await h.shot(page, 'deep-24x128');

  // --- 7. Narrow window.
  await page.setViewportSize({ width: 400, height: 900 });
  await h.open(page, '');
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  h.check(
    'a 400 px window needs no horizontal scrolling',
    overflow <= 401,
    `scrollWidth ${overflow}`,
  );
  await h.shot(page, 'narrow');
  await page.setViewportSize({ width: 1280, height: 1000 });
}
