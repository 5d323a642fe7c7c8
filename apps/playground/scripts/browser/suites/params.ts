/**
 * Activation parameters (issue 17: "any activation of the catalogue"), checked in the browser:
 *
 *  1. with leakyRelu chosen the network panel shows its `alpha` box at the default 0.01; typing
 *     0.3 (keyboard) puts `ap.leakyRelu.alpha=0.3` in the URL, and the gradient-flow numbers at
 *     initialisation equal, bit for bit, Node's for the same state (the parameter reaches the
 *     engine in the worker);
 *  2. reloading that URL restores the box's value;
 *  3. a value the activation refuses (softplus's beta = −1) shows softplus's own message, and the
 *     state (URL, numbers) stays as it was;
 *  4. the activation panel plots f with the parameter (its heading names it).
 */
import { knownNames } from '../../../src/state/names.js';
import { DEFAULT_STATE, type PlaygroundState } from '../../../src/state/state.js';
import { stateFromQuery, stateToQuery } from '../../../src/state/url.js';
import { build } from '../../../src/worker/host.js';
import type { Harness } from '../harness.js';

export async function params(h: Harness): Promise<void> {
  const { page } = h;
  const start: PlaygroundState = {
    ...DEFAULT_STATE,
    seed: 4,
    network: { ...DEFAULT_STATE.network, depth: 3, width: 8, activation: 'leakyRelu' },
  };
  await h.open(page, stateToQuery(start));
  const box = '#param-leakyRelu-alpha';
  await page.waitForSelector(box);
  const shownDefault = await page.$eval(box, (e) => (e as HTMLInputElement).value);

  // --- 1. Type 0.3 with the keyboard.
  const before = (await h.flowOf(page)).initial;
  await page.focus(box);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0.3');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.search.includes('ap.leakyRelu.alpha=0.3'));
  await page.waitForFunction(
    (b) => (document.querySelector('#flow-table') as HTMLElement | null)?.dataset.initial !== b,
    before,
  );
  const query = await page.evaluate(() => location.search.slice(1));
  const parsed = stateFromQuery(query, knownNames());
  const want = h.exact(0, build(parsed.state).initialFlow);
  const got = (await h.flowOf(page)).initial;
  h.check(
    'params: leakyRelu alpha typed as 0.3 goes to the URL and to the engine (numbers at initialisation equal Node’s bit for bit)',
    shownDefault === '0.01' &&
      parsed.problems.length === 0 &&
      parsed.state.network.activationParams.leakyRelu?.alpha === 0.3 &&
      got === want &&
      got !== before,
    got === want ? query : `page ${got}\nnode ${want}`,
  );

  // --- 2. Reload.
  await h.open(page, query);
  const restored = await page.$eval(box, (e) => (e as HTMLInputElement).value);
  const heading = await page.$eval('#activation-heading', (e) => e.textContent ?? '');
  h.check(
    'params: reloading the URL restores the value; the activation panel names it',
    restored === '0.3' && heading.includes('alpha = 0.3'),
    `${restored}; "${heading}"`,
  );
  await h.shot(page, 'params', '#view-activation');

  // --- 3. A value the activation refuses.
  await page.selectOption('#activation', 'softplus');
  await page.waitForFunction(() => location.search.includes('act=softplus'));
  const beta = '#param-softplus-beta';
  await page.waitForSelector(beta);
  const search = await page.evaluate(() => location.search);
  const initial = (await h.flowOf(page)).initial;
  await page.fill(beta, '-1');
  await page.press(beta, 'Enter');
  await page.waitForSelector('#param-message');
  const message = await page.$eval('#param-message', (e) => e.textContent ?? '');
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => ({
    search: location.search,
    value: (document.querySelector('#param-softplus-beta') as HTMLInputElement).value,
  }));
  h.check(
    'params: softplus beta = -1 shows softplus’s own message; URL, value and numbers stay',
    message.startsWith('softplus: beta must be > 0, got -1') &&
      after.search === search &&
      after.value === '1' &&
      (await h.flowOf(page)).initial === initial,
    message,
  );
  await h.shot(page, 'params-error', '.activation-params');
}
