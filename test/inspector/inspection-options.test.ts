/** The inspector's command-line options: which origins may be allowed, and that they need a server to apply to. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseOrigin, startInspectionFor } from '../../cli/inspection-options.js';

test('--inspect-allow-origin takes a bare origin (a trailing slash forgiven) and refuses anything else by name', () => {
  assert.is(parseOrigin('https://stately.ai'), 'https://stately.ai');
  assert.is(parseOrigin('https://stately.ai/'), 'https://stately.ai');
  assert.is(parseOrigin('http://localhost:3000'), 'http://localhost:3000');
  for (const bad of ['stately.ai', 'https://stately.ai/inspect', 'ftp://stately.ai', '*']) {
    assert.throws(() => parseOrigin(bad), (e: unknown) => e instanceof RangeError && e.message.startsWith(`--inspect-allow-origin ${bad}:`), bad);
  }
});

test('--inspect-allow-origin and --inspect-max-viewers need --inspect; a viewer cap is a whole number of at least 1', async () => {
  const refused = async (choice: Parameters<typeof startInspectionFor>[0], message: string): Promise<void> => {
    try {
      await startInspectionFor(choice);
      assert.unreachable('started');
    } catch (e) {
      assert.instance(e, RangeError);
      assert.match((e as Error).message, message);
    }
  };
  await refused({ record: '/nonexistent/x', 'inspect-allow-origin': ['https://stately.ai'] }, 'need --inspect');
  await refused({ 'inspect-max-viewers': '4' }, 'need --inspect');
  await refused({ inspect: '0', 'inspect-max-viewers': '0' }, '--inspect-max-viewers 0');
  await refused({ inspect: '0', 'inspect-max-viewers': '2.5' }, '--inspect-max-viewers 2.5');
});

test.run();
