// Voice in the dashboard against the real host and its real speech engines.
// Chromium's fake microphone plays VB_FAKE_AUDIO (run.sh has Flite speak
// VB_VOICE_SENTENCE into it), so "recording" captures real synthetic speech.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN, ANALYST, BASE, launch, login, newPage, shot } from './helpers.mjs';

const FAKE_AUDIO = process.env.VB_FAKE_AUDIO;
const skip = FAKE_AUDIO ? false : 'no VB_FAKE_AUDIO (run.sh needs flite or espeak-ng)';
const FAKE_MIC = ['--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${FAKE_AUDIO}%noloop`];

const agentName = `Voice agent ${Date.now()}`;
// Phrases of the billing domain, as an admin would type them (not the test sentence itself).
const HINTS = ['balance', 'invoice', 'one zero zero one', 'due date', 'what is the balance', 'overdue'];

// The real engines (pocketsphinx, flite) when the host loaded them, else the mocks;
// only real STT is held to recognising the spoken words.
let engines = { stt: 'pocketsphinx', tts: 'flite', real: true };
let browser; // fake microphone, permission prompts accepted
let admin; // one admin page across the ordered tests
let sessionPath;
let billedMicros;

before(async () => {
  if (skip) return;
  const res = await fetch(`${BASE}/v1/plugins`, { headers: { Authorization: `Bearer ${ADMIN}` } });
  const loaded = new Set((await res.json()).items.filter((p) => p.status === 'loaded').map((p) => `${p.kind}:${p.name}`));
  if (!loaded.has('stt:pocketsphinx') || !loaded.has('tts:flite')) {
    engines = { stt: loaded.has('stt:pocketsphinx') ? 'pocketsphinx' : 'mockStt', tts: loaded.has('tts:flite') ? 'flite' : 'mockTts', real: false };
  }
  engines.real = engines.stt === 'pocketsphinx';
  browser = await launch(['--use-fake-ui-for-media-stream', ...FAKE_MIC]);
  admin = await newPage(browser);
  await login(admin, ADMIN);
  await admin.getByRole('heading', { name: 'Agents' }).waitFor();
});

after(async () => {
  await browser?.close();
});

/** Waits until the recording clock shows at least `seconds` (polls the page, no fixed sleep). */
async function recordingFor(page, seconds) {
  await page.waitForFunction(
    (s) => {
      const text = document.querySelector('[data-testid="recording-clock"]')?.textContent ?? '';
      const m = /([\d.]+) s/.exec(text);
      return m !== null && Number(m[1]) >= s;
    },
    seconds,
    { timeout: (seconds + 10) * 1000 },
  );
}

/** The duration of a loaded <audio>, after its metadata arrived. */
async function audioDuration(audio) {
  return audio.evaluate(
    (el) =>
      new Promise((resolve, reject) => {
        if (el.readyState >= 1) return resolve(el.duration);
        el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true });
        el.addEventListener('error', () => reject(new Error(`audio error ${el.error?.code}`)), { once: true });
      }),
  );
}

test('the agent form checks speech hints before sending, then saves hints and engines', { skip }, async () => {
  await admin.goto(`${BASE}/agents/new`);
  await admin.getByLabel('Name').fill(agentName);
  await admin.getByLabel('Primary provider').locator('option[value="vendorA"]').waitFor({ state: 'attached' });
  await admin.getByLabel('Primary provider').selectOption('vendorA');
  await admin.getByLabel('System prompt').fill('You are a helpful billing assistant.');

  const hints = admin.getByLabel('Speech hints');
  await hints.fill([...HINTS, 'x'.repeat(101)].join('\n'));
  await admin.getByRole('button', { name: 'Create agent' }).click();
  await admin.getByText(`Hint ${HINTS.length + 1} is 101 characters; the limit is 100.`).waitFor();
  assert.equal(await hints.getAttribute('aria-invalid'), 'true');

  await hints.fill(HINTS.join('\n'));
  // The engine selects list the loaded plugins of their kind (GET /v1/plugins).
  const stt = admin.getByLabel('STT engine');
  const tts = admin.getByLabel('TTS engine');
  await stt.locator(`option[value="${engines.stt}"]`).waitFor({ state: 'attached' });
  await tts.locator(`option[value="${engines.tts}"]`).waitFor({ state: 'attached' });
  await stt.selectOption(engines.stt);
  await tts.selectOption(engines.tts);
  await shot(admin, 'voice-agent-form');
  await admin.getByRole('button', { name: 'Create agent' }).click();
  await admin.getByRole('heading', { name: 'Agents' }).waitFor();
  await admin.getByRole('cell', { name: agentName, exact: true }).waitFor();

  // What the host stored comes back into the form.
  await admin.getByRole('link', { name: `Edit ${agentName}` }).click();
  await admin.getByLabel('Name').and(admin.locator(`[value="${agentName}"]`)).waitFor();
  assert.equal(await hints.inputValue(), HINTS.join('\n'));
  assert.equal(await stt.inputValue(), engines.stt);
  assert.equal(await tts.inputValue(), engines.tts);
});

test('an engine the host does not have is refused with 422 and shown on its field', { skip }, async () => {
  // The form only offers loaded engines; a stale choice (a plugin unloaded while the
  // form was open) reaches the host like this request, rewritten on its way out.
  await admin.route('**/v1/agents/*', async (route) => {
    if (route.request().method() !== 'PATCH') return route.continue();
    const body = { ...route.request().postDataJSON(), sttEngine: 'no-such-engine' };
    await route.continue({ postData: JSON.stringify(body) });
  });
  try {
    const [response] = await Promise.all([
      admin.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/v1/agents/')),
      admin.getByRole('button', { name: 'Save changes' }).click(),
    ]);
    assert.equal(response.status(), 422);
    const problem = await response.json();
    assert.equal(problem.field, 'sttEngine');
    const fieldError = admin.locator('#agent-stt-error');
    await fieldError.waitFor();
    assert.equal(await fieldError.innerText(), problem.detail);
    assert.equal(await admin.getByLabel('STT engine').getAttribute('aria-invalid'), 'true');
    await shot(admin, 'voice-agent-422');
  } finally {
    await admin.unroute('**/v1/agents/*');
  }
});

test('hold to talk: the question is transcribed, answered with chat metadata and stage latencies, and spoken', { skip }, async (t) => {
  await admin.goto(`${BASE}/voice`);
  const agent = admin.getByLabel('Agent');
  await agent.locator('option', { hasText: agentName }).waitFor({ state: 'attached' });
  await agent.selectOption({ label: agentName });
  await admin.getByLabel('Customer id').fill('cust-voice');
  await admin.getByRole('button', { name: 'Start voice session' }).click();
  await admin.getByTestId('session-id').waitFor();
  sessionPath = await admin.getByTestId('session-id').getByRole('link').getAttribute('href');

  const hold = admin.getByRole('button', { name: 'Hold to talk' });
  await hold.hover();
  await admin.mouse.down();
  await admin.getByRole('button', { name: 'Release to send' }).waitFor();
  await recordingFor(admin, 4); // the sentence is about 3 s
  const peak = Number(await admin.getByTestId('level-meter').getAttribute('data-peak'));
  assert.ok(peak > 0.2, `the level meter moved while recording (peak ${peak})`);
  await admin.mouse.up();

  const turn = admin.getByTestId('voice-turn').first();
  await turn.waitFor({ timeout: 30_000 });
  const transcript = (await turn.getByTestId('transcript').innerText()).toLowerCase();
  t.diagnostic(`${engines.stt} heard: "${transcript}"`);
  if (engines.real) {
    for (const word of ['balance', 'invoice']) assert.ok(transcript.includes(word), `"${transcript}" contains "${word}"`);
  } else {
    t.diagnostic('pocketsphinx is not loaded: the spoken words are not checked (mockStt transcribes the duration)');
    assert.match(transcript, /^audio of \d+ ms$/);
  }
  assert.ok((await turn.getByTestId('reply').innerText()).trim().length > 0);
  for (const id of ['stt-ms', 'llm-ms', 'tts-ms', 'turn-latency']) assert.match(await turn.getByTestId(id).innerText(), /^\d+ ms$/, id);
  assert.match(await turn.getByTestId('turn-provider').innerText(), /^vendor[AB]$/);
  assert.match(await turn.getByTestId('turn-tokens').innerText(), /^\d+ \/ \d+$/);
  assert.match(await turn.getByTestId('engines').innerText(), new RegExp(`^${engines.stt}.* → ${engines.tts}`));
  billedMicros = BigInt(await turn.getAttribute('data-micros'));
  assert.ok(billedMicros > 0n, 'a voice turn is billed');

  const reply = turn.getByTestId('reply-audio');
  await reply.waitFor();
  assert.match(await reply.getAttribute('src'), /^blob:/);
  const seconds = await audioDuration(reply);
  assert.ok(seconds > 0.3, `the reply audio has a duration (${seconds} s)`);
  await shot(admin, 'voice-turn');
});

test('resending the recording with the same key returns the stored turn, not billed again', { skip }, async () => {
  await admin.getByRole('button', { name: 'Resend the last recording with the same key' }).click();
  const replay = admin.getByTestId('voice-turn').nth(1);
  await replay.waitFor({ timeout: 20_000 });
  assert.equal(await replay.getAttribute('data-replayed'), 'true');
  await replay.getByTestId('replayed').waitFor();
  assert.equal(BigInt(await replay.getAttribute('data-micros')), billedMicros);
  const first = admin.getByTestId('voice-turn').first();
  assert.equal(await replay.getByTestId('transcript').innerText(), await first.getByTestId('transcript').innerText());
});

test('click to record, click to stop: a second billed turn', { skip }, async () => {
  await admin.getByRole('button', { name: 'Record', exact: true }).click();
  await recordingFor(admin, 4);
  await admin.getByRole('button', { name: 'Stop and send' }).click();
  const turn = admin.getByTestId('voice-turn').nth(2);
  await turn.waitFor({ timeout: 30_000 });
  assert.equal(await turn.getAttribute('data-replayed'), 'false');
  if (engines.real) assert.ok((await turn.getByTestId('transcript').innerText()).toLowerCase().includes('balance'));
  billedMicros += BigInt(await turn.getAttribute('data-micros'));
});

test('the transcript plays both sides of every voice turn; totals are the billed turns', { skip }, async () => {
  await admin.goto(`${BASE}${sessionPath}`);
  await admin.getByRole('heading', { name: 'Transcript' }).waitFor();
  const totals = admin.getByTestId('session-totals');
  await totals.waitFor();
  assert.equal(BigInt(await totals.locator('[data-micros]').getAttribute('data-micros')), billedMicros);
  const voiced = admin.getByTestId('message-voice');
  assert.equal(await voiced.count(), 4, 'two turns, each with the recording and the reply');
  for (const side of ['input-audio', 'reply-audio']) {
    await admin.getByTestId(`${side}-play`).first().click();
    const audio = admin.getByTestId(side).first();
    await audio.waitFor();
    const seconds = await audioDuration(audio);
    assert.ok(seconds > 0.3, `${side} has a duration (${seconds} s)`);
  }
  await shot(admin, 'voice-transcript');
});

test('the Voice page works 390 px wide', { skip }, async () => {
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.goto(`${BASE}/voice`);
  await admin.getByRole('button', { name: 'Start voice session' }).click();
  await admin.getByRole('button', { name: 'Hold to talk' }).waitFor();
  const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow} px too wide)`);
  await shot(admin, 'voice-narrow');
  await admin.setViewportSize({ width: 1280, height: 800 });
});

/** A WAV of digital silence (16 kHz mono PCM16), written for the fake microphone. */
function silentWav(seconds) {
  const data = 16000 * 2 * seconds;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0); b.writeUInt32LE(36 + data, 4); b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16); b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22);
  b.writeUInt32LE(16000, 24); b.writeUInt32LE(32000, 28); b.writeUInt16LE(2, 32); b.writeUInt16LE(16, 34);
  b.write('data', 36); b.writeUInt32LE(data, 40);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vb-silence-')), 'silence.wav');
  fs.writeFileSync(file, b);
  return file;
}

test('a silent recording is refused with the host\'s detail and nothing is billed', { skip }, async () => {
  const file = silentWav(5);
  const quiet = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${file}`]);
  try {
    const page = await newPage(quiet);
    await login(page, ADMIN);
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    await page.goto(`${BASE}/voice`);
    await page.getByLabel('Agent').locator('option', { hasText: agentName }).waitFor({ state: 'attached' });
    await page.getByLabel('Agent').selectOption({ label: agentName });
    await page.getByRole('button', { name: 'Start voice session' }).click();
    const sessionId = (await page.getByTestId('session-id').getByRole('link').innerText()).trim();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/v1/sessions/${sessionId}/voice`), { timeout: 30_000 }),
      (async () => {
        await page.getByRole('button', { name: 'Record', exact: true }).click();
        await recordingFor(page, 1.5);
        await page.getByRole('button', { name: 'Stop and send' }).click();
      })(),
    ]);
    assert.equal(response.status(), 422);
    const problem = await response.json();
    const error = page.getByTestId('send-error');
    await error.waitFor();
    assert.ok((await error.innerText()).includes(problem.detail), `the page shows "${problem.detail}"`);
    assert.equal(await page.getByTestId('voice-turn').count(), 0);
    const session = await (await fetch(`${BASE}/v1/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${ADMIN}` } })).json();
    assert.equal(session.totals.cost.micros, 0, 'nothing billed');
    assert.equal(session.messages.length, 0, 'nothing stored');
    await shot(page, 'voice-silence-422');
  } finally {
    await quiet.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

test('an analyst is not offered recording: no Voice page', { skip }, async () => {
  const page = await newPage(browser);
  await login(page, ANALYST);
  await page.getByRole('heading', { name: 'Agents' }).waitFor();
  // Recording is not offered at all: no Voice entry in the menu, and /voice sends an analyst back.
  assert.equal(await page.getByRole('link', { name: 'Voice' }).count(), 0);
  await page.goto(`${BASE}/voice`);
  await page.getByRole('heading', { name: 'Agents' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/agents');
  assert.equal(await page.getByRole('button', { name: /Record|Hold to talk|Start voice session/ }).count(), 0);
  await shot(page, 'voice-analyst');
  await page.context().close();
});

test('a denied microphone gets a clear message, not a blank page', { skip }, async () => {
  // Without --use-fake-ui-for-media-stream headless Chromium denies the permission prompt.
  const denying = await launch(FAKE_MIC);
  try {
    const page = await newPage(denying);
    await login(page, ADMIN);
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    await page.goto(`${BASE}/voice`);
    await page.getByRole('button', { name: 'Start voice session' }).click();
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    const problem = page.getByTestId('mic-problem');
    await problem.waitFor();
    assert.equal(await problem.getAttribute('data-kind'), 'denied');
    assert.match(await problem.innerText(), /Microphone access is blocked/);
    await page.getByRole('button', { name: 'Record', exact: true }).waitFor(); // still usable after fixing it
    await shot(page, 'voice-denied');
  } finally {
    await denying.close();
  }
});

test('no microphone at all is said before the user tries', { skip }, async (t) => {
  const bare = await launch(); // no fake device
  try {
    const page = await newPage(bare);
    await login(page, ADMIN);
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    const inputs = await page.evaluate(async () =>
      (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput').length);
    if (inputs > 0) return t.skip('this machine has a real audio input');
    await page.goto(`${BASE}/voice`);
    const problem = page.getByTestId('mic-problem');
    await problem.waitFor();
    assert.equal(await problem.getAttribute('data-kind'), 'no-device');
    assert.match(await problem.innerText(), /No microphone was found/);
  } finally {
    await bare.close();
  }
});
