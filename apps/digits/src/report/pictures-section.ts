/**
 * The report's pictures: the misclassified test images (grey, with true and predicted class)
 * and the first convolution's filters (blue–white–red), as inline PNG data URIs.
 */
import type { Tensor } from '@gradscope/core';
import type { Mistake } from '../analysis.js';
import { enlarge, filterGrid, greyImage, pngDataUri } from '../pictures.js';
import { escapeHtml } from './escape.js';

/** Screen pixels per image pixel in the mistakes grid. */
export const MISTAKE_SCALE = 3;

/** Screen pixels per weight in the filter picture. */
export const FILTER_SCALE = 16;

/** Grey pixels between two filters in the filter picture. */
export const FILTER_GAP = 6;

/** What the mistakes grid draws from. */
export interface MistakeImages {
  /** The test images `[N, 1, 28, 28]` (standardised or not). */
  readonly x: Tensor;
  /** Value shown black (the background) and white (a full-intensity pixel). */
  readonly black: number;
  readonly white: number;
  readonly classNames: readonly string[];
}

/** The grid of misclassified images, each with its true and predicted class and the confidence. */
export function mistakesHtml(
  shown: readonly Mistake[],
  total: number,
  images: MistakeImages,
): string {
  if (shown.length === 0) return '<p>No test image was misclassified.</p>';
  const name = (k: number) => escapeHtml(images.classNames[k] ?? String(k));
  const cells = shown.map((m) => {
    const png = pngDataUri(
      enlarge(greyImage(images.x, m.index, images.black, images.white), MISTAKE_SCALE),
    );
    const alt = `test image ${m.index}: true ${images.classNames[m.label]}, predicted ${images.classNames[m.predicted]}`;
    return `<figure class="mistake" data-index="${m.index}" data-true="${m.label}" data-predicted="${m.predicted}"><img src="${png}" width="${28 * MISTAKE_SCALE}" height="${28 * MISTAKE_SCALE}" alt="${escapeHtml(alt)}"><figcaption><span class="true">${name(m.label)}</span> → <span class="pred">${name(m.predicted)}</span><br>${(100 * m.confidence).toFixed(1)} %</figcaption></figure>`;
  });
  const lead = `<p>${shown.length === total ? `All ${total}` : `The ${shown.length} most confident of the ${total}`} misclassified test images: under each, the true class → the predicted class and the probability the network gave its answer.</p>`;
  return `${lead}\n<div class="mistakes">\n${cells.join('\n')}\n</div>`;
}

/** The first layer's filters as one picture, with a caption on how to read it. */
export function filtersHtml(weight: Tensor): string {
  const grid = filterGrid(weight, {
    scale: FILTER_SCALE,
    gap: FILTER_GAP,
    columns: Math.min(weight.shape[0] as number, 8),
  });
  const { width, height } = grid.picture;
  const [c, , kh, kw] = weight.shape as [number, number, number, number];
  return `<figure class="filters" data-filters="${c}" data-width="${width}" data-height="${height}"><img src="${pngDataUri(grid.picture)}" width="${width}" height="${height}" alt="the ${c} learned ${kh} x ${kw} filters of the first convolution"><figcaption>The ${c} learned ${kh} × ${kw} filters of the first convolution, each ${FILTER_SCALE}× enlarged and on its own scale: red weights are positive, blue negative, white near zero (each filter's largest |weight| is full colour). A filter responds most to an image patch that looks like its red part on a background like its blue part; trained first layers typically hold edge and stroke detectors at various orientations.</figcaption></figure>`;
}
