/** Recorded inspection streams: bad files are refused with the file, the line and the reason. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readRecording, RecordingError } from '../../inspector/recording.js';

async function refusal(content: string): Promise<RecordingError> {
  const dir = await mkdtemp(join(tmpdir(), 'kopher-recording-'));
  const file = join(dir, 'bad.jsonl');
  try {
    await writeFile(file, content);
    await readRecording(file);
  } catch (e) {
    assert.instance(e, RecordingError);
    return e as RecordingError;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  throw new Error('accepted');
}

const good = JSON.stringify({ type: '@xstate.event', sessionId: 'x:0', rootId: 'x:0', createdAt: '5', id: '0', _version: '0.7.0', event: { type: 'go' } });

test('each kind of bad line is named with its line number', async () => {
  const notJson = await refusal(`${good}\n\n{oops\n`);
  assert.is(notJson.line, 3);
  assert.match(notJson.message, /bad\.jsonl:3: not JSON/);
  assert.match((await refusal('[1]\n')).reason, 'not a JSON object');
  assert.match((await refusal('{"type":"hello","sessionId":"x"}\n')).reason, 'not an inspection event');
  assert.match((await refusal('{"type":"@xstate.event","sessionId":1}\n')).reason, 'sessionId');
  assert.match((await refusal('{"type":"@xstate.event","sessionId":"x:0","createdAt":"soon"}\n')).reason, 'createdAt');
  assert.match((await refusal('{"type":"@xstate.snapshot","sessionId":"x:0","createdAt":"1"}\n')).reason, 'event is not an object');
});

test('a missing file is a RecordingError too', async () => {
  try {
    await readRecording('/nonexistent/kopher.jsonl');
    assert.unreachable('read');
  } catch (e) {
    assert.instance(e, RecordingError);
    assert.match((e as RecordingError).message, 'ENOENT');
  }
});

test.run();
