// The naive way, for comparison: read the whole file, split it into lines, parseFloat each field,
// and the same math as BCE Lens' default (Keras 3: clip to [1e-7, 1 − 1e-7], mean over samples),
// summed with Neumaier's compensation so the result is also the float64 reference for the check.
'use strict';
const fs = require('node:fs');

const text = fs.readFileSync(process.argv[2], 'utf8');
const lines = text.split('\n');
const lo = 1e-7;
const hi = 1 - 1e-7;
let sum = 0;
let compensation = 0;
let n = 0;
for (let i = 1; i < lines.length; i++) {
  const line = lines[i];
  if (line === '') continue;
  const comma = line.indexOf(',');
  const y = parseFloat(line.slice(0, comma));
  const p = parseFloat(line.slice(comma + 1));
  const pc = p < lo ? lo : p > hi ? hi : p;
  const loss = -(y * Math.log(pc) + (1 - y) * Math.log(1 - pc));
  const t = sum + loss;
  if (Math.abs(sum) >= Math.abs(loss)) compensation += sum - t + loss;
  else compensation += loss - t + sum;
  sum = t;
  n++;
}
process.stdout.write(JSON.stringify({ loss: (sum + compensation) / n, n, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
