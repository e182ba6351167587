const SAMPLE_RATE = 8_000;

/** A valid WAV file (8 kHz, 8-bit mono PCM) of a soft tone: what a sandbox audiobook download serves. */
export function sampleWav(seconds = 1, hz = 440): Buffer {
  const samples = Math.round(SAMPLE_RATE * seconds);
  const file = Buffer.alloc(44 + samples);
  file.write('RIFF', 0, 'ascii');
  file.writeUInt32LE(36 + samples, 4);
  file.write('WAVEfmt ', 8, 'ascii');
  file.writeUInt32LE(16, 16); // format chunk size
  file.writeUInt16LE(1, 20); // PCM
  file.writeUInt16LE(1, 22); // mono
  file.writeUInt32LE(SAMPLE_RATE, 24);
  file.writeUInt32LE(SAMPLE_RATE, 28); // bytes per second
  file.writeUInt16LE(1, 32); // block align
  file.writeUInt16LE(8, 34); // bits per sample
  file.write('data', 36, 'ascii');
  file.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i += 1) file[44 + i] = 128 + Math.round(24 * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE));
  return file;
}
