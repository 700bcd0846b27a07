/** The live view's status line: redrawn in place on a terminal under the state lines; plain lines, paced, elsewhere. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatChargingSample, LiveView, type ViewOutput } from '../../cli/live-status.js';

function output(isTTY: boolean): ViewOutput & { text: string } {
  return {
    isTTY,
    text: '',
    write(text: string) {
      this.text += text;
    },
  };
}

test('the sample: SoC where known, volts, amperes, kilowatts, kilowatt-hours', () => {
  assert.is(formatChargingSample({ soc: 62.34, voltage: 401.2, current: 250, powerW: 100_300, energyWh: 8950 }), 'SoC  62.3 %   401 V  250.0 A  100.3 kW    8.95 kWh');
  assert.is(formatChargingSample({ voltage: 230, current: 16, powerW: 11_040, energyWh: 120 }), ' 230 V   16.0 A   11.0 kW    0.12 kWh');
});

test('on a terminal: the status line is redrawn in place, kept under each state line, and cleared at the end', () => {
  const out = output(true);
  let sample: string | undefined;
  const view = new LiveView(out, () => sample);
  try {
    view.line('state A\n');
    view.refresh();
    assert.is(out.text, 'state A\n', 'no status while no energy flows');
    sample = 'SoC 50 %';
    view.refresh();
    view.refresh();
    assert.is(out.text, 'state A\n\r\x1b[2KSoC 50 %', 'drawn once while unchanged');
    view.line('state B\n');
    assert.ok(out.text.endsWith('\r\x1b[2Kstate B\nSoC 50 %'), JSON.stringify(out.text));
  } finally {
    view.close();
  }
  assert.ok(out.text.endsWith('SoC 50 %\r\x1b[2K'), 'cleared');
});

test('into a file or a pipe: no control characters, a plain status line at most every 10 s', () => {
  const out = output(false);
  let now = 0;
  const view = new LiveView(out, () => `SoC ${now / 1000} s`, () => now);
  try {
    view.line('state A\n');
    for (now = 0; now <= 25_000; now += 2_500) view.refresh();
  } finally {
    view.close();
  }
  assert.is(out.text, 'state A\nSoC 0 s\nSoC 10 s\nSoC 20 s\n');
});

test.run();
