import type { DdsDownload } from '../../src/domain';
import { pollDownload, type DownloadStart } from '../../src/vendors/boknett/poll-download';

const processing: DdsDownload = { status: 'PROCESSING', url: null, message: null, missingParameters: [] };
const ready: DdsDownload = { status: 'READY', url: 'https://files.example/1', message: null, missingParameters: [] };

function steps(answers: (DdsDownload | undefined)[], start: DownloadStart = { statusUrl: 'https://dds.example/download/1/status' }) {
  const calls = { start: 0, status: 0 };
  return {
    calls,
    steps: {
      start: async () => {
        calls.start += 1;
        return start;
      },
      status: async () => {
        calls.status += 1;
        return answers.length > 1 ? answers.shift() : answers[0];
      },
    },
  };
}

describe('pollDownload', () => {
  it('returns an answer DDS gave at once without polling', async () => {
    const failed: DdsDownload = { status: 'FAILED', url: null, message: 'needs bitrate', missingParameters: ['bitrate'] };
    const { steps: s, calls } = steps([ready], { download: failed });
    expect(await pollDownload(s, { intervalMs: 10, timeoutMs: 1_000 })).toBe(failed);
    expect(calls.status).toBe(0);
  });

  it('polls at the interval until READY', async () => {
    const { steps: s, calls } = steps([processing, processing, ready]);
    const started = performance.now();
    expect(await pollDownload(s, { intervalMs: 30, timeoutMs: 1_000 })).toBe(ready);
    expect(calls.status).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('answers PROCESSING when the total bound would pass before the next look', async () => {
    const { steps: s, calls } = steps([processing]);
    const started = performance.now();
    const result = await pollDownload(s, { intervalMs: 40, timeoutMs: 200 });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ status: 'PROCESSING', url: null, message: expect.stringMatching(/ask again/) });
    expect(elapsed).toBeLessThanOrEqual(200 + 30);
    expect(calls.status).toBeGreaterThanOrEqual(4);
    expect(calls.status).toBeLessThanOrEqual(6);
  });

  it('starts again at step 1 when the status page has expired', async () => {
    const { steps: s, calls } = steps([undefined, ready]);
    expect(await pollDownload(s, { intervalMs: 5, timeoutMs: 1_000 })).toBe(ready);
    expect(calls.start).toBe(2);
  });

  it('lets a vendor fault through', async () => {
    const s = { start: async (): Promise<DownloadStart> => ({ statusUrl: 'x' }), status: async () => Promise.reject(new Error('upstream')) };
    await expect(pollDownload(s, { intervalMs: 5, timeoutMs: 100 })).rejects.toThrow('upstream');
  });
});
