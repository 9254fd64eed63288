import * as assert from 'node:assert/strict';
import { logitProbabilityTicks, markerLabel, niceTicks, rangeWithStrip, thinTicks, type DensitySeries, type LineSeries, type PointSeries } from '../../src/webview/charts/chartSpec';
import { epochOrder, epochSpec } from '../../src/webview/charts/epochSpec';
import { LOGIT_AXIS_MIN, lossCurveSpec, percentLabel, samplePoints } from '../../src/webview/charts/lossCurveSpec';
import { axisMapper, chartToSvg } from '../../src/webview/charts/svgChart';
import { reliabilitySpec } from '../../src/webview/charts/reliabilitySpec';
import { densityAlpha, FALLBACKS, LIGHT_EXPORT } from '../../src/webview/charts/theme';
import * as l10n from '@vscode/l10n';
import { ENGLISH_BUNDLE, bigInput, keras, viewOf } from './webviewFixtures';

const theme = FALLBACKS.dark;


// The words go through the committed English bundle, as the panel's do in a translated VS Code.
before(() => l10n.config({ contents: ENGLISH_BUNDLE }));

describe('webview: reliability diagram spec', () => {
  it('plots each bin against the diagonal, with its table and summary', () => {
    const bins = [
      { meanPredicted: 0.1, fractionPositive: 0.2, weight: 3 },
      { meanPredicted: 0.8, fractionPositive: 0.6, weight: 1 },
    ];
    const spec = reliabilitySpec(bins, 'uniform', theme);
    const lines = spec.series.filter((s): s is LineSeries => s.kind === 'line');
    assert.deepEqual(lines[0].y, [0, 1], 'the diagonal');
    assert.deepEqual(lines[1].x, [0.1, 0.8]);
    assert.deepEqual(lines[1].y, [0.2, 0.6]);
    // ECE: 3/4 · 0.1 + 1/4 · 0.2 = 0.125.
    assert.match(spec.summary, /expected calibration error 0\.125, largest gap 0\.2/);
    assert.equal(spec.table.rows.length, 2);
    assert.match(chartToSvg(spec, LIGHT_EXPORT, { width: 640, height: 360 }), /Reliability diagram/);
  });
});

describe('webview: loss curve spec', () => {
  it('small input: curves for y = 1 and y = 0, every element as a point, the clip marked', () => {
    const v = viewOf({ yTrue: [[0, 1], [0, 0]], yPred: [[0.6, 0.4], [0.4, 0.6]] });
    const spec = lossCurveSpec(v, 'logit', theme);
    assert.equal(spec.x.scale, 'logit');
    assert.equal(spec.x.min, LOGIT_AXIS_MIN);
    const lines = spec.series.filter((s): s is LineSeries => s.kind === 'line');
    assert.deepEqual(lines.map((l) => l.label), ['y = 1', 'y = 0']);
    const points = spec.series.filter((s): s is PointSeries => s.kind === 'points');
    assert.equal(points.reduce((a, p) => a + p.x.length, 0), 4, 'every element');
    assert.ok(spec.markers.some((m) => m.label === 'clip 1e-7'));
    assert.ok(spec.markers.some((m) => m.axis === 'y' && m.label === 'max 16.12'));
    assert.ok(spec.y.max >= 16.12, 'the plateau is in view');
    assert.equal(spec.table.columns.length, 3);
    assert.ok(spec.table.rows.some((r) => r[0] === '1e-7' && r[1] === '16.1181'));
  });

  it('points sit on the curves: element loss at the prediction', () => {
    const v = viewOf({ yTrue: [1, 0, 1], yPred: [0.25, 0.6, 0.9] });
    const pts = samplePoints(v);
    assert.deepEqual(pts.positive.x, [0.25, 0.9]);
    assert.ok(Math.abs(pts.positive.y[0] + Math.log(0.25)) < 1e-12);
    assert.ok(Math.abs(pts.negative.y[0] + Math.log(0.4)) < 1e-12);
  });

  it('linear ŷ axis: no clip markers, a y range fitted to the body of the curve', () => {
    const v = viewOf({ yTrue: [1, 0], yPred: [0.3, 0.2] });
    const spec = lossCurveSpec(v, 'linear', theme);
    assert.equal(spec.x.scale, 'linear');
    assert.deepEqual([spec.x.min, spec.x.max], [0, 1]);
    assert.ok(!spec.markers.some((m) => m.label.startsWith('clip')));
    assert.ok(spec.y.max < 8, `y max ${spec.y.max}`);
  });

  it('logits: a linear logit axis wide enough for the data', () => {
    const v = viewOf({ yTrue: [0, 1, 0, 0], yPred: [-18.6, 0.51, 2.94, -12.8] });
    const spec = lossCurveSpec(v, 'logit', theme);
    assert.equal(spec.x.label, 'logit x');
    assert.ok(spec.x.min <= -18.6 && spec.x.max >= 18.6);
    assert.match(spec.summary, /stable form/);
  });

  it('label smoothing: the targets marked, the plain curves dashed', () => {
    const spec = lossCurveSpec(viewOf({ yTrue: [1, 0], yPred: [0.8, 0.3] }, { ...keras, labelSmoothing: 0.2 }), 'logit', theme);
    assert.ok(spec.markers.some((m) => m.label === 'target 0.9' && m.place === 'top'));
    assert.ok(spec.series.some((s) => s.kind === 'line' && s.dash && s.label === 'y = 1 without smoothing'));
  });

  it('large input: the densities on a strip of their own (share of samples), plus the worst samples', () => {
    const v = viewOf(bigInput(8000), keras, { line: true });
    assert.equal(v.samples.kind, 'worst');
    const spec = lossCurveSpec(v, 'logit', theme);
    const density = spec.series.filter((s): s is DensitySeries => s.kind === 'density');
    assert.equal(density.length, 2);
    const total = density.reduce((a, d) => a + d.bins.reduce((b, x) => b + x.count, 0), 0);
    assert.equal(total, 8000);
    const bins = density.flatMap((d) => d.bins);
    for (const b of bins) assert.equal(b.share, b.count / 8000);
    assert.ok(Math.abs(bins.reduce((a, b) => a + b.share, 0) - 1) < 1e-12, 'the shares add up to all samples');
    const strip = spec.strip;
    assert.ok(strip, 'a strip for the densities');
    assert.equal(strip.label, 'share of samples');
    assert.equal(strip.max, Math.max(...bins.map((b) => b.share)));
    assert.deepEqual(strip.ticks.map((t) => t.label), ['0%', percentLabel(strip.max)]);
    // The strip lies below the loss axis' 0: no density is read as a loss.
    const [low, high] = rangeWithStrip(spec.y, strip);
    assert.equal(high, spec.y.max);
    assert.ok(Math.abs((spec.y.min - low) / (high - low) - strip.fraction) < 1e-12, 'the strip takes its fraction of the plot, under 0');
    assert.ok(spec.y.ticks.every((t) => t.value >= 0), 'the loss axis has no ticks in the strip');
    assert.match(spec.summary, /50 worst samples/);
    assert.equal(lossCurveSpec(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }), 'logit', theme).strip, undefined, 'small inputs show their points, no strip');
  });

  it('percent labels and density bars visible in high-contrast themes', () => {
    assert.deepEqual([0.123, 0.034, 0.00052, 1].map(percentLabel), ['12%', '3.4%', '0.052%', '100%']);
    assert.ok(densityAlpha(FALLBACKS['high-contrast']) > densityAlpha(FALLBACKS.dark));
    const svg = chartToSvg(lossCurveSpec(viewOf(bigInput(8000), keras, { line: true }), 'logit', FALLBACKS['high-contrast']), FALLBACKS['high-contrast']);
    assert.match(svg, /share of samples/);
    assert.match(svg, new RegExp(`fill="${FALLBACKS['high-contrast'].positive}" fill-opacity="0.6" stroke="${FALLBACKS['high-contrast'].positive}"`), 'outlined in the full colour');
  });
});

describe('webview: ticks, epochs, SVG', () => {
  it('nice ticks and the log-odds probability ticks', () => {
    assert.deepEqual(niceTicks(0, 1, 5).map((t) => t.value), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(0, 17, 6).map((t) => t.value), [0, 5, 10, 15]);
    const p = logitProbabilityTicks(1e-8, 1 - 1e-8);
    assert.ok(p.some((t) => t.label === '1e-7') && p.some((t) => t.label === '1−1e-7') && p.some((t) => t.label === '0.5'));
  });

  it('thins crowded ticks by priority', () => {
    const ticks = [
      { value: 0, label: 'a', priority: 2 },
      { value: 1, label: 'b', priority: 0 },
      { value: 2, label: 'c', priority: 1 },
    ];
    assert.deepEqual(thinTicks(ticks, (v) => v * 10, 15).map((t) => t.label), ['b']);
    assert.deepEqual(thinTicks(ticks, (v) => v * 10, 10).map((t) => t.label), ['a', 'b', 'c']);
  });

  it('places marker labels clear of each other', () => {
    const box = { left: 0, width: 100, top: 0, bottom: 100 };
    assert.equal(markerLabel({ axis: 'x', value: 0, label: '', color: '', dash: [], place: 'bottom' }, 10, box, 12, 1).align, 'left');
    assert.equal(markerLabel({ axis: 'x', value: 0, label: '', color: '', dash: [], place: 'bottom' }, 90, box, 12, 1).align, 'right');
    assert.equal(markerLabel({ axis: 'x', value: 0, label: '', color: '', dash: [], place: 'top' }, 45, box, 12, 1).align, 'right');
  });

  it('orders epochs numerically and draws one line per split', () => {
    const points = [
      { epoch: '10', split: 'train', loss: 0.2, n: 5 },
      { epoch: '2', split: 'train', loss: 0.5, n: 5 },
      { epoch: '2', split: 'val', loss: 0.6, n: 5 },
      { epoch: '10', split: 'val', loss: 0.3, n: 5 },
    ];
    assert.deepEqual(epochOrder(points), ['2', '10']);
    const spec = epochSpec(points, theme);
    const lines = spec.series as LineSeries[];
    assert.deepEqual(lines.map((l) => [l.label, l.y]), [['train', [0.5, 0.2]], ['val', [0.6, 0.3]]]);
    assert.equal(lines[0].color, theme.train);
    assert.equal(lines[1].color, theme.validation);
    assert.deepEqual(spec.table.rows[0], ['2', '0.5 (n = 5)', '0.6 (n = 5)']);
  });

  it('writes a standalone SVG with the title, the axes, the series and the light palette', () => {
    const spec = lossCurveSpec(viewOf({ yTrue: [1, 0], yPred: [0.7, 0.2] }), 'logit', LIGHT_EXPORT);
    const svg = chartToSvg(spec, LIGHT_EXPORT, { width: 800, height: 500 });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="800" height="500"/);
    assert.match(svg, /<rect width="100%" height="100%" fill="#ffffff"\/>/);
    assert.match(svg, /<title>Loss curve · Keras 3<\/title>/);
    assert.equal((svg.match(/<path /g) ?? []).length, 2);
    assert.equal((svg.match(/<circle /g) ?? []).length, 2 + 2, 'two points and two legend dots');
    assert.match(svg, />clip 1e-7</);
    assert.ok(svg.trim().endsWith('</svg>'));
    assert.doesNotMatch(svg, /NaN|Infinity|undefined/);
  });

  it('maps axis values to pixels, in log-odds on a logit axis', () => {
    const X = axisMapper({ label: '', min: 1e-8, max: 1 - 1e-8, scale: 'logit', ticks: [] }, 0, 100);
    assert.ok(Math.abs(X(0.5) - 50) < 1e-6);
    assert.equal(X(0), 0, 'values beyond the axis clamp to its edge');
    const L = axisMapper({ label: '', min: 0, max: 10, scale: 'linear', ticks: [] }, 100, 0);
    assert.equal(L(5), 50);
  });
});
